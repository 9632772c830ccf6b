#include "ProviderStore.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>

std::optional<QByteArray> ProviderStore::response(const QString& key) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT response FROM provider_cache WHERE key = ?"));
    q.addBindValue(key);
    if (q.exec() && q.next())
        return q.value(0).toByteArray();
    return std::nullopt;
}

bool ProviderStore::storeResponse(const QString& key, const QString& provider, const QByteArray& response,
                                  QString* error)
{
    QSqlQuery q(database());
    q.prepare(
        QStringLiteral("INSERT INTO provider_cache (key, provider, response, created_ms) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (key) DO UPDATE SET response = excluded.response, created_ms = "
                       "excluded.created_ms"));
    q.addBindValue(key);
    q.addBindValue(provider);
    q.addBindValue(response);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    return q.exec() || failed(q, error);
}

bool ProviderStore::queue(const QString& key, const QString& provider, const QString& operation,
                          const QByteArray& body, QString* error)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral(
        "INSERT INTO provider_queue (key, provider, operation, body, created_ms) VALUES (?, ?, "
        "?, ?, ?)"));
    q.addBindValue(key);
    q.addBindValue(provider);
    q.addBindValue(operation);
    q.addBindValue(body);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    return q.exec() || failed(q, error);
}

QList<ProviderStore::Queued> ProviderStore::queued(QString* error) const
{
    QList<Queued> list;
    QSqlQuery q(database());
    if (!q.exec(
            QStringLiteral("SELECT seq, key, provider, operation, body FROM provider_queue ORDER BY seq"))) {
        failed(q, error);
        return list;
    }
    while (q.next())
        list.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                     q.value(3).toString(), q.value(4).toByteArray()});
    return list;
}

bool ProviderStore::dropQueued(qint64 seq, QString* error)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("DELETE FROM provider_queue WHERE seq = ?"));
    q.addBindValue(seq);
    return q.exec() || failed(q, error);
}
