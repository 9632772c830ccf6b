#include "MetaStore.h"

#include <QSqlDatabase>
#include <QSqlQuery>

namespace {

// The database a cache belongs to.
const QString kInstanceKey = QStringLiteral("instanceId");

} // namespace

QString MetaStore::instanceId() const
{
    return value(kInstanceKey);
}

QString MetaStore::adoptInstance(const QString& instanceId, QString* error)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING"));
    q.addBindValue(kInstanceKey);
    q.addBindValue(instanceId);
    if (!q.exec()) {
        failed(q, error);
        return {};
    }
    return value(kInstanceKey);
}

QString MetaStore::value(const QString& key) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(key);
    return q.exec() && q.next() ? q.value(0).toString() : QString();
}

bool MetaStore::setValue(const QString& key, const QString& value, QString* error)
{
    QSqlQuery q(database());
    q.prepare(
        QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = "
                       "excluded.value"));
    q.addBindValue(key);
    q.addBindValue(value);
    return q.exec() || failed(q, error);
}
