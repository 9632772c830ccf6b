#include "RowStore.h"

#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>

bool RowStore::store(const QString& entity, const QString& parent, const QList<CachedRow>& rows,
                     bool replaceParent, QString* error)
{
    if (!begin(error))
        return false;
    QSqlDatabase db = database();
    // Rows with open local changes: their fields are laid over the server's below.
    QSet<QString> dirty;
    {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT id FROM row_cache WHERE entity = ? AND dirty = 1"));
        q.addBindValue(entity);
        if (!q.exec()) {
            rollback();
            return failed(q, error);
        }
        while (q.next())
            dirty.insert(q.value(0).toString());
    }
    if (replaceParent) {
        QSqlQuery drop(db);
        drop.prepare(QStringLiteral("DELETE FROM row_cache WHERE entity = ? AND parent = ? AND dirty = 0"));
        drop.addBindValue(entity);
        drop.addBindValue(nonNull(parent));
        if (!drop.exec()) {
            rollback();
            return failed(drop, error);
        }
    }
    QSqlQuery put(db);
    put.prepare(QStringLiteral("INSERT INTO row_cache (entity, id, parent, version, server, data, dirty) "
                               "VALUES (?, ?, ?, ?, ?, ?, 0) ON CONFLICT (entity, id) DO UPDATE SET "
                               "parent = CASE excluded.parent WHEN '' THEN row_cache.parent ELSE "
                               "excluded.parent END, version = excluded.version, server = excluded.server, "
                               "data = excluded.data "
                               // Row versions only grow: a read that started before one of our
                               // own changes was applied must not bring the old row back.
                               "WHERE excluded.version >= row_cache.version"));
    QStringList toRelay;
    for (const CachedRow& row : rows) {
        const QByteArray server = toCbor(row.data);
        put.bindValue(0, entity);
        put.bindValue(1, row.id);
        put.bindValue(2, nonNull(row.parent.isEmpty() ? parent : row.parent));
        put.bindValue(3, row.version);
        put.bindValue(4, server);
        put.bindValue(5, server);
        if (!put.exec()) {
            rollback();
            return failed(put, error);
        }
        if (dirty.contains(row.id))
            toRelay << row.id;
    }
    for (const QString& id : std::as_const(toRelay)) {
        if (!relay(entity, id, error)) {
            rollback();
            return false;
        }
    }
    return commit(error);
}

bool RowStore::changeServer(const QString& entity, const QString& id,
                            const std::function<void(QVariantMap* server, int* version)>& change,
                            QString* error)
{
    QSqlDatabase db = database();
    QSqlQuery read(db);
    read.prepare(QStringLiteral("SELECT server, version FROM row_cache WHERE entity = ? AND id = ?"));
    read.addBindValue(entity);
    read.addBindValue(id);
    if (!read.exec())
        return failed(read, error);
    if (!read.next())
        return true; // not cached: nothing to record
    QVariantMap server = fromCbor(read.value(0).toByteArray());
    int version = read.value(1).toInt();
    read.finish();
    change(&server, &version);
    QSqlQuery write(db);
    write.prepare(QStringLiteral("UPDATE row_cache SET server = ?, version = ? WHERE entity = ? AND id = ?"));
    write.addBindValue(toCbor(server));
    write.addBindValue(version);
    write.addBindValue(entity);
    write.addBindValue(id);
    return write.exec() || failed(write, error);
}

bool RowStore::markDeleted(const QString& entity, const QString& id, QString* error)
{
    if (!begin(error))
        return false;
    const auto deleted = [](QVariantMap* server, int*) { server->insert(QStringLiteral("deletedAt"), true); };
    if (!changeServer(entity, id, deleted, error) || !relay(entity, id, error)) {
        rollback();
        return false;
    }
    return commit(error);
}

bool RowStore::forEach(
    const QString& entity, const QString& parent,
    const std::function<void(const QString& id, int version, const QByteArray& cbor)>& visit,
    QString* error) const
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, version, data FROM row_cache WHERE entity = ? AND parent = ?"));
    q.addBindValue(entity);
    q.addBindValue(nonNull(parent));
    if (!q.exec())
        return failed(q, error);
    while (q.next())
        visit(q.value(0).toString(), q.value(1).toInt(), q.value(2).toByteArray());
    return true;
}

QList<CachedRow> RowStore::children(const QString& entity, const QString& parent, QString* error) const
{
    QList<CachedRow> list;
    QSqlQuery q(database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT id, parent, version, data, dirty FROM row_cache WHERE entity = ? AND parent = ?"));
    q.addBindValue(entity);
    q.addBindValue(nonNull(parent));
    if (!q.exec()) {
        failed(q, error);
        return list;
    }
    while (q.next()) {
        CachedRow row;
        row.entity = entity;
        row.id = q.value(0).toString();
        row.parent = q.value(1).toString();
        row.version = q.value(2).toInt();
        row.data = fromCbor(q.value(3).toByteArray());
        row.dirty = q.value(4).toBool();
        list << row;
    }
    return list;
}

std::optional<CachedRow> RowStore::get(const QString& entity, const QString& id, QString* error) const
{
    QSqlQuery q(database());
    q.prepare(
        QStringLiteral("SELECT parent, version, data, dirty FROM row_cache WHERE entity = ? AND id = ?"));
    q.addBindValue(entity);
    q.addBindValue(id);
    if (!q.exec()) {
        failed(q, error);
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    CachedRow row;
    row.entity = entity;
    row.id = id;
    row.parent = q.value(0).toString();
    row.version = q.value(1).toInt();
    row.data = fromCbor(q.value(2).toByteArray());
    row.dirty = q.value(3).toBool();
    return row;
}

bool RowStore::relay(const QString& entity, const QString& id, QString* error)
{
    QSqlDatabase db = database();
    QSqlQuery read(db);
    read.prepare(QStringLiteral("SELECT server FROM row_cache WHERE entity = ? AND id = ?"));
    read.addBindValue(entity);
    read.addBindValue(id);
    if (!read.exec())
        return failed(read, error);
    if (!read.next())
        return true;
    QVariantMap data = fromCbor(read.value(0).toByteArray());
    QSqlQuery open(db);
    open.prepare(QStringLiteral("SELECT op, fields FROM outbox WHERE entity = ? AND row_id = ? AND state <> "
                                "'rejected' ORDER BY seq"));
    open.addBindValue(entity);
    open.addBindValue(id);
    if (!open.exec())
        return failed(open, error);
    bool dirty = false;
    while (open.next()) {
        dirty = true;
        overlay(&data, fromJson(open.value(1).toString()));
    }
    QSqlQuery write(db);
    write.prepare(QStringLiteral("UPDATE row_cache SET data = ?, dirty = ? WHERE entity = ? AND id = ?"));
    write.addBindValue(toCbor(data));
    write.addBindValue(dirty ? 1 : 0);
    write.addBindValue(entity);
    write.addBindValue(id);
    return write.exec() || failed(write, error);
}
