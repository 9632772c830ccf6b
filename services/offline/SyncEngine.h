#pragma once

#include "OutboxEntry.h"

#include <QHash>
#include <QMetaType>
#include <QStringList>

#include <functional>
#include <memory>

// Declared only: the screens see SyncEngine::Summary through SyncService, never SQL.
class DirectConnection;
class LocalCache;
class OutboxApplier;
class QSqlDatabase;
struct ApplyOutcome;
struct ReplayFaults;

// Replays the outbox against the server (docs/offline.md): entries in
// order per row, one PostgreSQL transaction per entry, each recorded by its mutation id so a
// lost acknowledgement never applies a change twice. A row whose server version moved on is
// merged field by field when the two sides changed different fields, and otherwise becomes a
// conflict for a person to decide; a permanent refusal marks the entry rejected with the
// server's reason. Neither holds up other rows. Transient failures (a dropped connection, a
// deadlock, a server shutting down) are retried later with backoff and jitter.
//
// Synchronous: runs on the thread that owns both connections (the console's database thread,
// or astralis-cli). The cache state is written after every entry, so a crash at any point
// resumes where it stopped.
class SyncEngine
{
public:
    // Knows every table the console queues changes for.
    explicit SyncEngine(LocalCache* cache);

    // Appliers keep per-connection state (prepared statements): each lane makes its own.
    using ApplierFactory = std::function<std::unique_ptr<OutboxApplier>()>;
    void addApplier(const QString& entity, ApplierFactory factory);

    // Connections a long replay uses at once (console, astralis-cli): the server works on them
    // in parallel; more than the server's cores gains nothing.
    static int lanes()
    {
        return qEnvironmentVariableIntValue("ASTRALIS_REPLAY_LANES") > 0
            ? qEnvironmentVariableIntValue("ASTRALIS_REPLAY_LANES")
            : 3;
    }

    struct Summary
    {
        int applied = 0; // written now (merged ones included)
        int merged = 0; // written after a field-by-field merge with someone else's change
        int alreadyApplied = 0; // found recorded on the server (lost acknowledgement)
        int conflicts = 0; // new conflicts
        int rejected = 0; // newly rejected
        int retrying = 0; // transient failures, retried later
        int waiting = 0; // not tried: backing off, or behind a conflict of the same row
        bool interrupted = false; // the connection failed; the rest waits for the next pass
        QString error; // why it was interrupted, or a local cache failure
        QList<RowRef> changedRows; // every row whose server state changed
        // The cache belongs to another database than the one at the other end of the
        // connection (astralis_instance_id()): nothing was sent, and error says so.
        bool otherDatabase = false;
        QString cacheInstance;
        QString serverInstance;
    };

    // One pass over the outbox. `nowMs` decides which backing-off entries are due. With lanes
    // > 1 a long outbox is sent over that many connections at once (clones of db, opened on
    // threads of their own), rows staying in order on their lane. Nothing is sent unless the
    // database at the other end is the cache's own (a cache not tied to one yet is adopted):
    // every connection of the pass is checked first.
    Summary replay(QSqlDatabase& db, qint64 nowMs, ReplayFaults* faults = nullptr, int lanes = 1);
    // The same on astralis-cli's connection.
    Summary replay(DirectConnection& connection, qint64 nowMs, int lanes = 1);

    // Whether a failure is worth retrying (connection, deadlock, shutdown, lock timeout) rather
    // than a refusal that will not change (row-level security, a constraint, a rule).
    static bool isTransient(const ApplyOutcome& outcome);
    // The delay before attempt n+1 of a transiently failing entry: exponential, full jitter.
    static qint64 retryDelayMs(int attempts);

private:
    // Whether the outbox may go to the database behind db; fills *refused when not, and
    // *server with that database's instance id when it may.
    bool belongsHere(QSqlDatabase& db, int unsent, Summary* refused, QString* server);
    Summary replayLane(QSqlDatabase& db, LocalCache* cache, const QList<OutboxEntry>& entries, qint64 nowMs,
                       ReplayFaults* faults);

    LocalCache* m_cache;
    QHash<QString, ApplierFactory> m_appliers;
};

Q_DECLARE_METATYPE(SyncEngine::Summary)
