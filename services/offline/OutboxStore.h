#pragma once

#include "CacheStore.h"
#include "OfflineTypes.h"
#include "OutboxEntry.h"

#include <QList>
#include <QPair>

#include <optional>

class RowStore;

// The outbox (table outbox): this computer's changes not yet confirmed by the server, their
// replay states (pending, conflict, rejected) and a person's decisions about them. Each change
// is written with its cached row (RowStore) in one transaction.
class OutboxStore : public CacheStore
{
public:
    OutboxStore(QString connection, RowStore& rows)
        : CacheStore(std::move(connection))
        , m_rows(rows)
    { }

    // Local changes, each with its cached row, in ONE transaction: when this returns true the
    // change survives a crash. Fills in the mutation id, the base version (the cached row's
    // server version) and the values before the change (the cached row's current values).
    bool enqueue(QList<OutboxEntry>* entries, QString* error);
    QList<OutboxEntry> entries(QString* error = nullptr) const; // every state, in replay order
    std::optional<OutboxEntry> entry(qint64 seq, QString* error = nullptr) const;

    using Counts = OutboxCounts; // OfflineTypes.h
    Counts counts(QString* error = nullptr) const;
    // When the earliest pending change that is backing off after a failure may be tried again
    // (epoch ms); 0 when none is waiting for time.
    qint64 earliestRetryMs(qint64 afterMs) const;

    // Replay results. markApplied removes the entry, records the server's new version on the
    // row and rebases the row's later entries on it.
    bool markApplied(const OutboxEntry& entry, int newVersion, QString* error);
    // Many at once, in one transaction (the replay sends thousands after a day offline).
    bool markApplied(const QList<QPair<OutboxEntry, int>>& applied, QString* error);
    bool markRetry(const OutboxEntry& entry, const QString& reason, qint64 nextAttemptMs, QString* error);
    bool markRejected(const OutboxEntry& entry, const QString& reason, QString* error);
    bool markConflict(const OutboxEntry& entry, const QVariantMap& theirs, int theirsVersion,
                      const QStringList& conflicting, QString* error);
    // The row was deleted on the server (at deletedVersion; theirs: its last values) while it
    // was changed here: a conflict a person decides (Recreate or Discard).
    bool markGone(const OutboxEntry& entry, const QVariantMap& theirs, int deletedVersion,
                  const QStringList& conflicting, QString* error);

    // A person's decisions (Sync panel, Conflicts view).
    // Keep mine: replay my values over the server's current version.
    bool keepMine(qint64 seq, QString* error);
    // Take theirs / Discard: drop my change; the row shows the server's values.
    bool discard(qint64 seq, QString* error);
    // Every conflict of one row, discarded (the person took the server's version).
    bool discardConflicts(const QString& entity, const QString& id, QString* error);
    // Recreate (server-side delete against my edit): restore the row with my values.
    bool recreate(qint64 seq, QString* error);
    // Retry a rejected or backing-off entry now.
    bool retryNow(qint64 seq, QString* error);

private:
    RowStore& m_rows;
};
