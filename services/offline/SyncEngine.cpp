#include "SyncEngine.h"

#include "Backoff.h"
#include "DbResult.h"
#include "DirectConnectionSql.h"
#include "FieldMerge.h"
#include "LocalCache.h"
#include "OutboxApplier.h"
#include "SyncedTableApplier.h"
#include "SyncedTables.h"

#include <QCoreApplication>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <map>
#include <thread>
#include <vector>

namespace {

// Applied entries are recorded in the cache in batches of this many: one SQLite transaction
// for each would cost more than the server's work. A crash loses at most a batch's records,
// and those entries are then recognised by the server as already applied.
constexpr int kBatch = 256;
// Below this many entries one connection is quicker than opening more.
constexpr int kParallelFrom = 1000;

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(SyncEngine)
};

} // namespace

SyncEngine::SyncEngine(LocalCache* cache)
    : m_cache(cache)
{
    // Every table a screen queues changes for is described (SyncedTables) and replayed the same way.
    for (const SyncedTable* table : SyncedTables::all())
        addApplier(table->entity, [table] { return std::make_unique<SyncedTableApplier>(*table); });
}

void SyncEngine::addApplier(const QString& entity, ApplierFactory factory)
{
    m_appliers.insert(entity, std::move(factory));
}

bool SyncEngine::isTransient(const ApplyOutcome& outcome)
{
    if (outcome.connectionLost)
        return true;
    const QString& s = outcome.sqlState;
    if (s.isEmpty())
        return true; // the driver failed without a server answer: the connection
    return s.startsWith(QLatin1String("08")) // connection exceptions
        || s.startsWith(QLatin1String("53")) // insufficient resources
        || s.startsWith(QLatin1String("57P")) // admin shutdown, crash shutdown, cannot connect now
        || s == QLatin1String("40001") // serialization failure
        || s == QLatin1String("40P01") // deadlock
        || s == QLatin1String("55P03") // lock not available
        || s == QLatin1String("57014") // statement timeout, cancelled
        || s == QLatin1String("25P03"); // idle-in-transaction timeout
}

qint64 SyncEngine::retryDelayMs(int attempts)
{
    Backoff backoff(500, 60000);
    int delay = 0;
    for (int i = 0; i <= attempts; ++i)
        delay = backoff.nextDelayMs();
    return delay;
}

SyncEngine::Summary SyncEngine::replay(DirectConnection& connection, qint64 nowMs, int lanes)
{
    QSqlDatabase db = sqlDatabase(connection);
    return replay(db, nowMs, nullptr, lanes);
}

SyncEngine::Summary SyncEngine::replay(QSqlDatabase& db, qint64 nowMs, ReplayFaults* faults, int lanes)
{
    QString error;
    const QList<OutboxEntry> all = m_cache->outbox().entries(&error);
    if (!error.isEmpty()) {
        Summary summary;
        summary.error = error;
        summary.interrupted = true;
        return summary;
    }
    if (all.isEmpty())
        return replayLane(db, m_cache, all, nowMs, faults);
    Summary refused;
    QString server;
    if (!belongsHere(db, int(all.size()), &refused, &server))
        return refused;
    if (lanes <= 1 || faults || all.size() < kParallelFrom)
        return replayLane(db, m_cache, all, nowMs, faults);

    // A long outbox (a day offline) goes out over several connections at once: rows are
    // independent, so each row's entries stay on one lane, in their order, and the server
    // works on the lanes in parallel.
    QList<QList<OutboxEntry>> parts(lanes);
    for (const OutboxEntry& e : all)
        parts[int(qHash(e.entity + QLatin1Char('/') + e.rowId) % uint(lanes))] << e;
    QList<Summary> results(lanes);
    std::vector<std::thread> threads;
    for (int lane = 1; lane < lanes; ++lane) {
        threads.emplace_back([&, lane] {
            // Connections belong to the thread that opens them: each lane opens its own.
            const QString name = QStringLiteral("astralis-replay-%1-%2").arg(quintptr(this)).arg(lane);
            {
                QSqlDatabase clone = QSqlDatabase::cloneDatabase(db, name);
                LocalCache cache;
                QString laneError;
                // A new connection to the same address may reach another server meanwhile
                // (a tunnel switched over): checked like the first.
                const bool opened = clone.open() && cache.open(m_cache->path(), &laneError);
                const CacheFiles::ServerInstance found
                    = opened ? CacheFiles::serverInstance(clone) : CacheFiles::ServerInstance();
                if (opened && found.id != server) {
                    results[lane].interrupted = true;
                    results[lane].waiting = int(parts.at(lane).size());
                    results[lane].error = found.id.isEmpty()
                        ? found.error
                        : Text::tr("A connection reached another database; the changes wait for the "
                                   "next pass.");
                } else if (opened) {
                    results[lane] = replayLane(clone, &cache, parts.at(lane), nowMs, nullptr);
                } else {
                    results[lane].interrupted = true;
                    results[lane].waiting = int(parts.at(lane).size());
                    results[lane].error
                        = laneError.isEmpty() ? DbResult::errorText(clone.lastError()) : laneError;
                }
                clone.close();
            }
            QSqlDatabase::removeDatabase(name);
        });
    }
    results[0] = replayLane(db, m_cache, parts.at(0), nowMs, nullptr);
    for (std::thread& t : threads)
        t.join();
    Summary total;
    for (const Summary& s : std::as_const(results)) {
        total.applied += s.applied;
        total.merged += s.merged;
        total.alreadyApplied += s.alreadyApplied;
        total.conflicts += s.conflicts;
        total.rejected += s.rejected;
        total.retrying += s.retrying;
        total.waiting += s.waiting;
        total.interrupted = total.interrupted || s.interrupted;
        if (total.error.isEmpty())
            total.error = s.error;
        total.changedRows += s.changedRows;
    }
    return total;
}

bool SyncEngine::belongsHere(QSqlDatabase& db, int unsent, Summary* refused, QString* server)
{
    const CacheFiles::ServerInstance found = CacheFiles::serverInstance(db);
    if (found.id.isEmpty()) {
        refused->interrupted = found.connectionLost;
        refused->waiting = unsent;
        refused->error = found.error;
        return false;
    }
    QString cached = m_cache->meta().instanceId();
    if (cached.isEmpty()) {
        // Made before caches knew their database, or never connected: this one adopts it.
        QString error;
        cached = m_cache->meta().adoptInstance(found.id, &error);
        if (cached.isEmpty()) {
            refused->interrupted = true;
            refused->waiting = unsent;
            refused->error = error;
            return false;
        }
    }
    if (cached != found.id) {
        refused->otherDatabase = true;
        refused->cacheInstance = cached;
        refused->serverInstance = found.id;
        refused->waiting = unsent;
        refused->error = Text::tr("This cache belongs to another database (instance %1); its %n unsent "
                                  "change(s) stay here and are not sent to this server (instance %2).",
                                  nullptr, unsent)
                             .arg(CacheFiles::shortInstance(cached), CacheFiles::shortInstance(found.id));
        return false;
    }
    *server = found.id;
    return true;
}

SyncEngine::Summary SyncEngine::replayLane(QSqlDatabase& db, LocalCache* cache, const QList<OutboxEntry>& all,
                                           qint64 nowMs, ReplayFaults* faults)
{
    Summary summary;
    QString error;
    // This lane's appliers: they may prepare statements on db, and go before it closes.
    std::map<QString, std::unique_ptr<OutboxApplier>> appliers;
    // An acknowledged change is forgotten here, so the server must not lose it in a crash,
    // whatever the server's default (some run with synchronous_commit off).
    QSqlQuery durable(db);
    if (!durable.exec(QStringLiteral("SET synchronous_commit = on"))) {
        summary.interrupted = true;
        summary.error = DbResult::errorText(durable.lastError());
        return summary;
    }
    QSet<QString> held; // rows whose earlier entry waits: later ones keep their order
    QHash<QString, int> rebased; // row → server version after this pass applied an entry
    QList<QPair<OutboxEntry, int>> applied; // not yet recorded in the cache
    const auto flush = [&] {
        if (cache->outbox().markApplied(applied, &error)) {
            applied.clear();
            return true;
        }
        summary.error = error;
        summary.interrupted = true;
        return false;
    };
    for (OutboxEntry e : all) {
        const QString row = e.entity + QLatin1Char('/') + e.rowId;
        if (e.state == OutboxEntry::State::Rejected)
            continue;
        if (held.contains(row)) {
            ++summary.waiting;
            continue;
        }
        if (e.state == OutboxEntry::State::Conflict || e.nextAttemptMs > nowMs) {
            held.insert(row);
            ++summary.waiting;
            continue;
        }
        OutboxApplier* applier = nullptr;
        if (const auto factory = m_appliers.constFind(e.entity); factory != m_appliers.constEnd()) {
            std::unique_ptr<OutboxApplier>& made = appliers[e.entity];
            if (!made)
                made = (*factory)();
            applier = made.get();
        }
        if (!applier) {
            flush();
            cache->outbox().markRejected(
                e, Text::tr("This version of the console cannot send changes of %1.").arg(e.entity), &error);
            ++summary.rejected;
            continue;
        }
        if (rebased.contains(row))
            e.baseVersion = rebased.value(row);

        ApplyOutcome outcome = applier->apply(db, e, e.fields, e.baseVersion, faults);
        bool merged = false;
        // Someone else changed the row: write my fields over theirs when we changed different
        // fields (re-checked against their version, which may move again meanwhile).
        for (int round = 0; round < 3 && outcome.kind == ApplyOutcome::Kind::VersionMismatch; ++round) {
            if (e.op == OutboxEntry::Op::Delete || e.op == OutboxEntry::Op::Create)
                break; // deleting a card someone has just changed is for a person to decide
            const FieldMerge::Result merge
                = FieldMerge::merge(SyncedTables::find(e.entity), e.before, e.fields, outcome.theirs);
            if (!merge.clean())
                break;
            if (merge.toWrite.isEmpty()) { // the server already holds all of my values
                outcome.kind = ApplyOutcome::Kind::Applied;
                outcome.newVersion = outcome.theirsVersion;
                break;
            }
            merged = true;
            outcome = applier->apply(db, e, merge.toWrite, outcome.theirsVersion, faults);
        }

        switch (outcome.kind) {
        case ApplyOutcome::Kind::Applied:
        case ApplyOutcome::Kind::AlreadyApplied: {
            applied.append({e, outcome.newVersion});
            if (applied.size() >= kBatch && !flush())
                return summary;
            rebased.insert(row, outcome.newVersion);
            summary.changedRows << RowRef{e.entity, e.rowId};
            if (outcome.kind == ApplyOutcome::Kind::AlreadyApplied) {
                ++summary.alreadyApplied;
            } else {
                ++summary.applied;
                summary.merged += merged ? 1 : 0;
            }
            break;
        }
        case ApplyOutcome::Kind::VersionMismatch: {
            const FieldMerge::Result merge
                = FieldMerge::merge(SyncedTables::find(e.entity), e.before, e.fields, outcome.theirs);
            QStringList conflicting = merge.conflicting;
            if (conflicting.isEmpty()) // a delete against their edit
                conflicting = e.fields.keys();
            flush();
            cache->outbox().markConflict(e, outcome.theirs, outcome.theirsVersion, conflicting, &error);
            held.insert(row);
            summary.changedRows << RowRef{e.entity, e.rowId};
            ++summary.conflicts;
            break;
        }
        case ApplyOutcome::Kind::Gone:
            if (e.op == OutboxEntry::Op::Delete) { // deleted by someone else too: nothing to do
                applied.append({e, qMax(outcome.theirsVersion, e.baseVersion)});
                summary.changedRows << RowRef{e.entity, e.rowId};
                ++summary.alreadyApplied;
                break;
            }
            if (e.op == OutboxEntry::Op::Restore) {
                flush();
                cache->outbox().markRejected(
                    e, Text::tr("The card no longer exists on the server, so it cannot be restored."),
                    &error);
                ++summary.rejected;
                break;
            }
            // Deleted on the server while I edited it: Recreate or Discard, a person decides.
            flush();
            cache->outbox().markGone(e, outcome.theirs, outcome.theirsVersion, e.fields.keys(), &error);
            held.insert(row);
            summary.changedRows << RowRef{e.entity, e.rowId};
            ++summary.conflicts;
            break;
        case ApplyOutcome::Kind::Failed:
            if (isTransient(outcome)) {
                flush();
                cache->outbox().markRetry(e, outcome.error, nowMs + retryDelayMs(e.attempts), &error);
                held.insert(row);
                ++summary.retrying;
                if (outcome.connectionLost || !db.isOpen() || outcome.sqlState.startsWith(QLatin1String("08"))
                    || outcome.sqlState.startsWith(QLatin1String("57P")) || outcome.sqlState.isEmpty()) {
                    summary.interrupted = true; // the server is gone: the rest waits for it
                    summary.error = outcome.error;
                    return summary;
                }
                break;
            }
            flush();
            cache->outbox().markRejected(e, outcome.error, &error);
            summary.changedRows << RowRef{e.entity, e.rowId};
            ++summary.rejected;
            break;
        }
    }
    flush();
    if (!error.isEmpty() && summary.error.isEmpty())
        summary.error = error;
    return summary;
}
