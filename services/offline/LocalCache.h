#pragma once

#include "CachedRow.h"
#include "OutboxEntry.h"

#include <QList>
#include <QPair>
#include <QSqlDatabase>
#include <QStringList>

#include <functional>
#include <optional>

struct ConnectionSettings;

// The local SQLite cache of one server and login (../docs/DESIGN.md, "Offline-first"): every
// row the user has loaded with its server version, the outbox of local changes, metadata
// (offline since, last sync) and cached provider responses. One file per server and login in
// the app's data folder, mode 0600, WAL, so the console's threads and astralis-cli can use it
// at the same time. Not thread-safe: each thread opens its own LocalCache on the file.
class LocalCache
{
public:
    LocalCache();
    ~LocalCache();
    LocalCache(const LocalCache&) = delete;
    LocalCache& operator=(const LocalCache&) = delete;

    // The cache file for a server and login: <app data>/cache/<hash of host, port, database,
    // login>.sqlite. Never contains the password.
    static QString pathFor(const ConnectionSettings& settings);

    bool open(const QString& path, QString* error);
    bool isOpen() const;
    QString path() const { return m_path; }
    QSqlDatabase database() const;

    // Server rows, in one transaction. Rows with local changes keep them, laid over the
    // server's values. replaceParent: rows of that parent missing from `rows` are dropped
    // (deleted on the server, or no longer visible) unless they carry local changes.
    bool storeRows(const QString& entity, const QString& parent, const QList<CachedRow>& rows,
                   bool replaceParent, QString* error);
    // The server no longer shows the row (deleted, or not visible): kept as deleted with its
    // last known version, so undoing a delete or recreating it has a base to stand on.
    bool markDeleted(const QString& entity, const QString& id, QString* error);
    QList<CachedRow> rows(const QString& entity, const QString& parent, QString* error) const;
    std::optional<CachedRow> row(const QString& entity, const QString& id, QString* error) const;
    // For screens that read thousands of rows at once: each row's fields as stored (a CBOR
    // map), for a QCborStreamReader — no QVariantMap per row, so 10,000 cards read in a
    // fraction of the time.
    bool forEachRow(const QString& entity, const QString& parent,
                    const std::function<void(const QString& id, int version, const QByteArray& cbor)>& visit,
                    QString* error) const;

    // Local changes, each with its cached row, in ONE transaction: when this returns true the
    // change survives a crash. Fills in the mutation id, the base version (the cached row's
    // server version) and the values before the change (the cached row's current values).
    bool enqueue(QList<OutboxEntry>* entries, QString* error);

    QList<OutboxEntry> entries(QString* error = nullptr) const; // every state, in replay order
    std::optional<OutboxEntry> entry(qint64 seq, QString* error = nullptr) const;
    struct Counts
    {
        int pending = 0;
        int conflicts = 0;
        int rejected = 0;
        int total() const { return pending + conflicts + rejected; }
    };
    Counts counts(QString* error = nullptr) const;
    // When the earliest pending change that is backing off after a failure may be tried again
    // (epoch ms); 0 when none is waiting for time.
    qint64 earliestRetryMs(qint64 afterMs) const;

    // Replay results. markApplied removes the entry, records the server's new version on the
    // row, rebases the row's later entries on it and, when `serverRow` is given, stores it.
    bool markApplied(const OutboxEntry& entry, int newVersion, QString* error);
    // Many at once, in one transaction (the replay sends thousands after a day offline).
    bool markApplied(const QList<QPair<OutboxEntry, int>>& applied, QString* error);
    bool markRetry(const OutboxEntry& entry, const QString& reason, qint64 nextAttemptMs, QString* error);
    bool markRejected(const OutboxEntry& entry, const QString& reason, QString* error);
    bool markConflict(const OutboxEntry& entry, const QVariantMap& theirs, int theirsVersion,
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

    QString meta(const QString& key) const;
    bool setMeta(const QString& key, const QString& value, QString* error = nullptr);

    // Provider responses (LLM, embeddings, calendars), keyed by a hash of the request.
    std::optional<QByteArray> providerResponse(const QString& key) const;
    bool storeProviderResponse(const QString& key, const QString& provider, const QByteArray& response,
                               QString* error = nullptr);

    // Provider changes made offline, waiting for the network (ProviderGate).
    struct QueuedProviderRequest
    {
        qint64 seq = 0;
        QString key;
        QString provider;
        QString operation;
        QByteArray body;
    };
    bool queueProviderRequest(const QString& key, const QString& provider, const QString& operation,
                              const QByteArray& body, QString* error = nullptr);
    QList<QueuedProviderRequest> queuedProviderRequests(QString* error = nullptr) const;
    bool dropQueuedProviderRequest(qint64 seq, QString* error = nullptr);

private:
    bool migrate(QString* error);
    bool begin(QString* error); // BEGIN IMMEDIATE: writers queue up instead of failing later
    bool commit(QString* error);
    void rollback();
    // The row's fields as they should show now: `server` with the row's open entries laid over.
    bool relayRow(const QString& entity, const QString& id, QString* error);
    // Updates the server's side of a cached row (fields and version) inside the caller's
    // transaction; a row that is not cached is left alone.
    bool changeServer(const QString& entity, const QString& id,
                      const std::function<void(QVariantMap* server, int* version)>& change, QString* error);

    QString m_connection;
    QString m_path;
};
