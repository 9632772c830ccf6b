#include "OutboxStore.h"

#include "RowStore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>

namespace {

using Enc = CacheStore;

const char kEntryColumns[] = "seq, mutation_id, entity, row_id, op, base_version, fields, before, state, "
                             "attempts, next_attempt_ms, coalesce(error, ''), coalesce(theirs, '{}'), "
                             "theirs_version, created_ms, coalesce(label, ''), coalesce(conflicting, '[]'), "
                             "deleted_version";

OutboxEntry readEntry(const QSqlQuery& q)
{
    OutboxEntry e;
    e.seq = q.value(0).toLongLong();
    e.mutationId = q.value(1).toString();
    e.entity = q.value(2).toString();
    e.rowId = q.value(3).toString();
    e.op = OutboxEntry::opFromName(q.value(4).toString());
    e.baseVersion = q.value(5).toInt();
    e.fields = Enc::fromJson(q.value(6).toString());
    e.before = Enc::fromJson(q.value(7).toString());
    e.state = OutboxEntry::stateFromName(q.value(8).toString());
    e.attempts = q.value(9).toInt();
    e.nextAttemptMs = q.value(10).toLongLong();
    e.error = q.value(11).toString();
    e.theirs = Enc::fromJson(q.value(12).toString());
    e.theirsVersion = q.value(13).toInt();
    e.createdMs = q.value(14).toLongLong();
    e.label = q.value(15).toString();
    e.deletedVersion = q.value(17).toInt();
    for (const QJsonValue& v : QJsonDocument::fromJson(q.value(16).toString().toUtf8()).array())
        e.conflicting << v.toString();
    return e;
}

} // namespace

bool OutboxStore::enqueue(QList<OutboxEntry>* entries, QString* error)
{
    if (!begin(error))
        return false;
    QSqlDatabase db = database();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QSqlQuery insert(db);
    insert.prepare(
        QStringLiteral("INSERT INTO outbox (mutation_id, entity, row_id, op, base_version, fields, "
                       "before, state, created_ms, label) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)"));
    for (OutboxEntry& e : *entries) {
        if (e.mutationId.isEmpty())
            e.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QString rowError;
        const std::optional<CachedRow> cached = m_rows.get(e.entity, e.rowId, &rowError);
        if (!rowError.isEmpty()) {
            rollback();
            *error = rowError;
            return false;
        }
        if (cached) {
            e.baseVersion = cached->version;
            for (auto it = e.fields.cbegin(); it != e.fields.cend(); ++it)
                e.before.insert(it.key(), cached->data.value(it.key()));
        } else if (e.op != OutboxEntry::Op::Create) {
            rollback();
            *error = QStringLiteral("local cache: %1 %2 has never been loaded on this computer; connect once "
                                    "to load it")
                         .arg(e.entity, e.rowId);
            return false;
        } else {
            // A new row: cached now, with no server version, so screens show it at once.
            QSqlQuery put(db);
            put.prepare(
                QStringLiteral("INSERT INTO row_cache (entity, id, parent, version, server, data, dirty) "
                               "VALUES (?, ?, ?, 0, ?, ?, 1)"));
            put.addBindValue(e.entity);
            put.addBindValue(e.rowId);
            put.addBindValue(nonNull(e.parent));
            const QByteArray empty = toCbor(QVariantMap{{QStringLiteral("deletedAt"), true}});
            put.addBindValue(empty);
            put.addBindValue(empty);
            if (!put.exec()) {
                rollback();
                return failed(put, error);
            }
        }
        e.createdMs = now;
        insert.bindValue(0, e.mutationId);
        insert.bindValue(1, e.entity);
        insert.bindValue(2, e.rowId);
        insert.bindValue(3, OutboxEntry::opName(e.op));
        insert.bindValue(4, e.baseVersion);
        insert.bindValue(5, toJson(e.fields));
        insert.bindValue(6, toJson(e.before));
        insert.bindValue(7, now);
        insert.bindValue(8, e.label);
        if (!insert.exec()) {
            rollback();
            return failed(insert, error);
        }
        e.seq = insert.lastInsertId().toLongLong();
        if (!m_rows.relay(e.entity, e.rowId, error)) {
            rollback();
            return false;
        }
    }
    return commit(error);
}

QList<OutboxEntry> OutboxStore::entries(QString* error) const
{
    QList<OutboxEntry> list;
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT ") + QLatin1String(kEntryColumns)
                + QStringLiteral(" FROM outbox ORDER BY seq"))) {
        failed(q, error);
        return list;
    }
    while (q.next())
        list << readEntry(q);
    return list;
}

std::optional<OutboxEntry> OutboxStore::entry(qint64 seq, QString* error) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT ") + QLatin1String(kEntryColumns)
              + QStringLiteral(" FROM outbox WHERE seq = ?"));
    q.addBindValue(seq);
    if (!q.exec()) {
        failed(q, error);
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return readEntry(q);
}

OutboxStore::Counts OutboxStore::counts(QString* error) const
{
    Counts counts;
    QSqlQuery q(database());
    if (!q.exec(QStringLiteral("SELECT state, count(*) FROM outbox GROUP BY state"))) {
        failed(q, error);
        return counts;
    }
    while (q.next()) {
        const OutboxEntry::State state = OutboxEntry::stateFromName(q.value(0).toString());
        const int n = q.value(1).toInt();
        if (state == OutboxEntry::State::Pending)
            counts.pending = n;
        else if (state == OutboxEntry::State::Conflict)
            counts.conflicts = n;
        else
            counts.rejected = n;
    }
    return counts;
}

qint64 OutboxStore::earliestRetryMs(qint64 afterMs) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral(
        "SELECT min(next_attempt_ms) FROM outbox WHERE state = 'pending' AND next_attempt_ms > ?"));
    q.addBindValue(afterMs);
    return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
}

bool OutboxStore::markApplied(const OutboxEntry& e, int newVersion, QString* error)
{
    return markApplied(QList<QPair<OutboxEntry, int>>{{e, newVersion}}, error);
}

bool OutboxStore::markApplied(const QList<QPair<OutboxEntry, int>>& applied, QString* error)
{
    if (applied.isEmpty())
        return true;
    // Not fsynced: a batch lost to a power cut only makes its entries replay again, and the
    // server recognises them (client_mutation). Changes made here are always FULL.
    QSqlDatabase db = database();
    QSqlQuery pragma(db);
    pragma.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    auto restore = qScopeGuard([db] {
        QSqlQuery full(db);
        full.exec(QStringLiteral("PRAGMA synchronous=FULL"));
    });
    if (!begin(error))
        return false;
    QSqlQuery drop(db);
    drop.prepare(QStringLiteral("DELETE FROM outbox WHERE seq = ?"));
    QSqlQuery rebase(db);
    rebase.prepare(
        QStringLiteral("UPDATE outbox SET base_version = ? WHERE entity = ? AND row_id = ? AND seq > ? "
                       "AND state = 'pending'"));
    for (const auto& [e, newVersion] : applied) {
        drop.bindValue(0, e.seq);
        if (!drop.exec()) {
            rollback();
            return failed(drop, error);
        }
        // The server now holds my fields at newVersion: that is the row's server state, and
        // what the row's later changes were made on top of.
        const auto appliedHere = [&e = e, newVersion = newVersion](QVariantMap* server, int* version) {
            overlay(server, e.fields);
            server->insert(QStringLiteral("deletedAt"), e.op == OutboxEntry::Op::Delete);
            *version = newVersion;
        };
        if (!m_rows.changeServer(e.entity, e.rowId, appliedHere, error)) {
            rollback();
            return false;
        }
        rebase.bindValue(0, newVersion);
        rebase.bindValue(1, e.entity);
        rebase.bindValue(2, e.rowId);
        rebase.bindValue(3, e.seq);
        if (!rebase.exec()) {
            rollback();
            return failed(rebase, error);
        }
        if (!m_rows.relay(e.entity, e.rowId, error)) {
            rollback();
            return false;
        }
    }
    return commit(error);
}

bool OutboxStore::markRetry(const OutboxEntry& e, const QString& reason, qint64 nextAttemptMs, QString* error)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral(
        "UPDATE outbox SET attempts = attempts + 1, next_attempt_ms = ?, error = ? WHERE seq = ?"));
    q.addBindValue(nextAttemptMs);
    q.addBindValue(reason);
    q.addBindValue(e.seq);
    return q.exec() || failed(q, error);
}

bool OutboxStore::markRejected(const OutboxEntry& e, const QString& reason, QString* error)
{
    if (!begin(error))
        return false;
    QSqlQuery q(database());
    q.prepare(QStringLiteral(
        "UPDATE outbox SET state = 'rejected', attempts = attempts + 1, error = ? WHERE seq = ?"));
    q.addBindValue(reason);
    q.addBindValue(e.seq);
    if (!q.exec()) {
        rollback();
        return failed(q, error);
    }
    // The row shows the server's values again for what was refused.
    if (!m_rows.relay(e.entity, e.rowId, error)) {
        rollback();
        return false;
    }
    return commit(error);
}

bool OutboxStore::markConflict(const OutboxEntry& e, const QVariantMap& theirs, int theirsVersion,
                               const QStringList& conflicting, QString* error)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral(
        "UPDATE outbox SET state = 'conflict', theirs = ?, theirs_version = ?, conflicting = ?, "
        "error = NULL WHERE seq = ?"));
    q.addBindValue(toJson(theirs));
    q.addBindValue(theirsVersion);
    q.addBindValue(QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(conflicting)).toJson(QJsonDocument::Compact)));
    q.addBindValue(e.seq);
    return q.exec() || failed(q, error);
}

bool OutboxStore::markGone(const OutboxEntry& e, const QVariantMap& theirs, int deletedVersion,
                           const QStringList& conflicting, QString* error)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral(
        "UPDATE outbox SET state = 'conflict', theirs = ?, theirs_version = 0, deleted_version = ?, "
        "conflicting = ?, error = NULL WHERE seq = ?"));
    q.addBindValue(toJson(theirs));
    q.addBindValue(deletedVersion);
    q.addBindValue(QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(conflicting)).toJson(QJsonDocument::Compact)));
    q.addBindValue(e.seq);
    return q.exec() || failed(q, error);
}

bool OutboxStore::keepMine(qint64 seq, QString* error)
{
    const std::optional<OutboxEntry> e = entry(seq, error);
    if (!e || e->state != OutboxEntry::State::Conflict || e->rowDeletedOnServer()) {
        if (error && error->isEmpty())
            *error = QStringLiteral("local cache: change %1 is not a conflict that can keep its values")
                         .arg(seq);
        return false;
    }
    // Made again on top of the server's current row: theirs becomes the base.
    QSqlQuery q(database());
    q.prepare(
        QStringLiteral("UPDATE outbox SET state = 'pending', base_version = ?, before = ?, attempts = 0, "
                       "next_attempt_ms = 0, error = NULL WHERE seq = ?"));
    q.addBindValue(e->theirsVersion);
    q.addBindValue(toJson(e->theirs));
    q.addBindValue(seq);
    return q.exec() || failed(q, error);
}

bool OutboxStore::discard(qint64 seq, QString* error)
{
    const std::optional<OutboxEntry> e = entry(seq, error);
    if (!e) {
        if (error && error->isEmpty())
            *error = QStringLiteral("local cache: there is no change %1").arg(seq);
        return false;
    }
    if (!begin(error))
        return false;
    QSqlDatabase db = database();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM outbox WHERE seq = ?"));
    q.addBindValue(seq);
    if (!q.exec()) {
        rollback();
        return failed(q, error);
    }
    if (e->state == OutboxEntry::State::Conflict) {
        // Their values are the server's: record them so the row shows them until the next load.
        const auto theirs = [&e](QVariantMap* server, int* version) {
            if (e->rowDeletedOnServer()) {
                server->insert(QStringLiteral("deletedAt"), true);
                *version = e->deletedVersion;
            } else {
                overlay(server, e->theirs);
                *version = e->theirsVersion;
            }
        };
        if (!m_rows.changeServer(e->entity, e->rowId, theirs, error)) {
            rollback();
            return false;
        }
    }
    if (e->op == OutboxEntry::Op::Create) {
        QSqlQuery drop(db);
        drop.prepare(QStringLiteral("DELETE FROM row_cache WHERE entity = ? AND id = ? AND version = 0"));
        drop.addBindValue(e->entity);
        drop.addBindValue(e->rowId);
        if (!drop.exec()) {
            rollback();
            return failed(drop, error);
        }
    }
    if (!m_rows.relay(e->entity, e->rowId, error)) {
        rollback();
        return false;
    }
    return commit(error);
}

bool OutboxStore::discardConflicts(const QString& entity, const QString& id, QString* error)
{
    for (const OutboxEntry& e : entries(error)) {
        if (e.entity == entity && e.rowId == id && e.state == OutboxEntry::State::Conflict
            && !discard(e.seq, error))
            return false;
    }
    return error == nullptr || error->isEmpty();
}

bool OutboxStore::recreate(qint64 seq, QString* error)
{
    const std::optional<OutboxEntry> e = entry(seq, error);
    if (!e || !e->rowDeletedOnServer()) {
        if (error && error->isEmpty())
            *error = QStringLiteral("local cache: change %1 is not an edit of a row deleted on the server")
                         .arg(seq);
        return false;
    }
    // Restoring the soft-deleted row with my values; the server's deleted version is the base.
    QSqlQuery q(database());
    q.prepare(
        QStringLiteral("UPDATE outbox SET state = 'pending', op = 'restore', base_version = ?, attempts = 0, "
                       "next_attempt_ms = 0, error = NULL WHERE seq = ?"));
    q.addBindValue(e->deletedVersion);
    q.addBindValue(seq);
    return q.exec() || failed(q, error);
}

bool OutboxStore::retryNow(qint64 seq, QString* error)
{
    const std::optional<OutboxEntry> e = entry(seq, error);
    if (!e || e->state == OutboxEntry::State::Conflict) {
        if (error && error->isEmpty())
            *error = e ? QStringLiteral("local cache: change %1 is a conflict; decide it first").arg(seq)
                       : QStringLiteral("local cache: there is no change %1").arg(seq);
        return false;
    }
    if (!begin(error))
        return false;
    QSqlQuery q(database());
    q.prepare(
        QStringLiteral("UPDATE outbox SET state = 'pending', next_attempt_ms = 0 WHERE seq = ? AND state <> "
                       "'conflict'"));
    q.addBindValue(seq);
    if (!q.exec()) {
        rollback();
        return failed(q, error);
    }
    if (!m_rows.relay(e->entity, e->rowId, error)) {
        rollback();
        return false;
    }
    return commit(error);
}
