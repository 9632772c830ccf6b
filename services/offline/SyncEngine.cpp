#include "SyncEngine.h"

#include "Backoff.h"
#include "DbResult.h"
#include "FieldMerge.h"
#include "LocalCache.h"
#include "PipelineItemApplier.h"

#include <QCoreApplication>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(SyncEngine)
};

} // namespace

SyncEngine::SyncEngine(LocalCache* cache)
    : m_cache(cache)
{
    // Every table a screen queues changes for has its applier here.
    addApplier(std::make_shared<PipelineItemApplier>());
}

void SyncEngine::addApplier(std::shared_ptr<OutboxApplier> applier)
{
    m_appliers.insert(applier->entity(), std::move(applier));
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

SyncEngine::Summary SyncEngine::replay(QSqlDatabase& db, qint64 nowMs, ReplayFaults* faults)
{
    Summary summary;
    QString error;
    const QList<OutboxEntry> all = m_cache->entries(&error);
    if (!error.isEmpty()) {
        summary.error = error;
        summary.interrupted = true;
        return summary;
    }
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
        const std::shared_ptr<OutboxApplier> applier = m_appliers.value(e.entity);
        if (!applier) {
            m_cache->markRejected(
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
            const FieldMerge::Result merge = FieldMerge::merge(e.before, e.fields, outcome.theirs);
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
        case ApplyOutcome::Kind::AlreadyApplied:
            if (!m_cache->markApplied(e, outcome.newVersion, &error)) {
                summary.error = error;
                summary.interrupted = true;
                return summary;
            }
            rebased.insert(row, outcome.newVersion);
            summary.changedRows << row;
            if (outcome.kind == ApplyOutcome::Kind::AlreadyApplied) {
                ++summary.alreadyApplied;
            } else {
                ++summary.applied;
                summary.merged += merged ? 1 : 0;
            }
            break;
        case ApplyOutcome::Kind::VersionMismatch: {
            const FieldMerge::Result merge = FieldMerge::merge(e.before, e.fields, outcome.theirs);
            QStringList conflicting = merge.conflicting;
            if (conflicting.isEmpty()) // a delete against their edit
                conflicting = e.fields.keys();
            m_cache->markConflict(e, outcome.theirs, outcome.theirsVersion, conflicting, &error);
            held.insert(row);
            summary.changedRows << row;
            ++summary.conflicts;
            break;
        }
        case ApplyOutcome::Kind::Gone:
            if (e.op == OutboxEntry::Op::Delete) { // deleted by someone else too: nothing to do
                m_cache->markApplied(e, qMax(outcome.theirsVersion, e.baseVersion), &error);
                summary.changedRows << row;
                ++summary.alreadyApplied;
                break;
            }
            if (e.op == OutboxEntry::Op::Restore) {
                m_cache->markRejected(
                    e, Text::tr("The card no longer exists on the server, so it cannot be restored."),
                    &error);
                ++summary.rejected;
                break;
            }
            // Deleted on the server while I edited it: Recreate or Discard, a person decides.
            outcome.theirs.insert(QStringLiteral("_deletedVersion"), outcome.theirsVersion);
            m_cache->markConflict(e, outcome.theirs, 0, e.fields.keys(), &error);
            held.insert(row);
            summary.changedRows << row;
            ++summary.conflicts;
            break;
        case ApplyOutcome::Kind::Failed:
            if (isTransient(outcome)) {
                m_cache->markRetry(e, outcome.error, nowMs + retryDelayMs(e.attempts), &error);
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
            m_cache->markRejected(e, outcome.error, &error);
            summary.changedRows << row;
            ++summary.rejected;
            break;
        }
    }
    if (!error.isEmpty() && summary.error.isEmpty())
        summary.error = error;
    return summary;
}
