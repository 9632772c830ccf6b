#include "CacheStore.h"

#include "DbResult.h"

#include <QCborMap>
#include <QCborValue>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

QSqlDatabase CacheStore::database() const
{
    return QSqlDatabase::database(m_connection, false);
}

bool CacheStore::begin(QString* error) const
{
    QSqlQuery q(database());
    return q.exec(QStringLiteral("BEGIN IMMEDIATE")) || failed(q, error);
}

bool CacheStore::commit(QString* error) const
{
    QSqlQuery q(database());
    if (q.exec(QStringLiteral("COMMIT")))
        return true;
    failed(q, error);
    rollback();
    return false;
}

void CacheStore::rollback() const
{
    QSqlQuery q(database());
    q.exec(QStringLiteral("ROLLBACK"));
}

QByteArray CacheStore::toCbor(const QVariantMap& map)
{
    return QCborValue::fromVariant(map).toCbor();
}

QVariantMap CacheStore::fromCbor(const QByteArray& bytes)
{
    return QCborValue::fromCbor(bytes).toMap().toVariantMap();
}

QString CacheStore::toJson(const QVariantMap& map)
{
    return QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(map)).toJson(QJsonDocument::Compact));
}

QVariantMap CacheStore::fromJson(const QString& text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object().toVariantMap();
}

bool CacheStore::failed(const QSqlQuery& q, QString* error)
{
    if (error)
        *error = QStringLiteral("local cache: %1").arg(DbResult::errorText(q.lastError()));
    return false;
}

QString CacheStore::nonNull(const QString& text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

void CacheStore::overlay(QVariantMap* data, const QVariantMap& fields)
{
    for (auto it = fields.cbegin(); it != fields.cend(); ++it)
        data->insert(it.key(), it.value());
}
