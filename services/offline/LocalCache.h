#pragma once

#include "CachedRow.h"
#include "OutboxEntry.h"

#include <QList>
#include <QMetaType>
#include <QPair>
#include <QSqlDatabase>
#include <QStringList>

#include <functional>
#include <optional>

struct ConnectionSettings;

// The local SQLite cache of one server and login (docs/offline.md): every
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

    // Which file is whose (docs/offline.md, "One cache per database"). A server and login
    // (host, port, database name, login) may lead to different databases over time: two SSH
    // tunnels on one local port, a database dropped and created again, a restored dump. Each
    // database has its own cache, told apart by its instance id (astralis_instance_id(): made
    // by the migrations, with the cluster's system identifier), so an outbox is only ever sent
    // to the database it was made against. File names are hashes: never the password.
    //
    // The cache last used for this server and login: what a cold start opens while the
    // server is out of reach, and what offline commands use. <app data>/cache/<hash>.sqlite
    // until another database was found there (the index file beside it records the switch).
    static QString pathFor(const ConnectionSettings& settings);
    // The first cache of a server and login (the only one before instance ids existed).
    static QString basePathFor(const ConnectionSettings& settings);
    // The cache of the database `instanceId` at this server and login, when it is not the first.
    static QString pathFor(const ConnectionSettings& settings, const QString& instanceId);

    // The server's instance id, read with the caller's connection.
    struct ServerInstance
    {
        QString id; // empty on failure
        QString error;
        bool connectionLost = false; // the query failed for want of a connection
        bool missing = false; // the database has no astralis_instance_id(): an older schema
    };
    static ServerInstance serverInstance(QSqlDatabase& db);
    // How a person is shown an instance id: its first eight characters (enough to tell two
    // apart; not a secret, but no need to print all of it).
    static QString shortInstance(const QString& instanceId);

    // Whether a cache stored for `cached` may be used with the database `server`.
    enum class Fit
    {
        Same, // this database's cache
        Adopt, // not tied to a database yet (new, or made before instance ids): it becomes server's
        Other, // another database's: nothing from it goes to this server
    };
    static Fit fit(const QString& cached, const QString& server);

    // Connected to the database `serverInstance` at this server and login: the cache to use.
    // The last used one when it is this database's (or adopted, when it belongs to none); else
    // this database's own, found or made, and the last used one stays as it is, changes and
    // all. Records the choice for pathFor(settings). Safe against astralis-cli choosing at
    // the same time (a lock file beside the index).
    struct Choice
    {
        bool ok = false;
        QString error;
        QString path;
        bool adopted = false; // the cache had no instance id and now has this one
        bool switched = false; // the last used cache belongs to another database
        QString previousPath; // when switched: that cache, which keeps its changes
        QString previousInstance;
        int previousUnsent = 0; // changes in it that were not sent (pending, conflicts, refused)
    };
    static Choice choose(const ConnectionSettings& settings, const QString& serverInstance);

    // The other caches of this server and login that hold changes not sent: made against a
    // database that this address does not lead to now. They wait there until it does.
    struct Held
    {
        QString path;
        QString instanceId;
        int unsent = 0;
    };
    static QList<Held> held(const ConnectionSettings& settings, const QString& currentPath);

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

    // The database this cache belongs to; empty until a server was first reached with it.
    QString instanceId() const;
    // Ties the cache to `instanceId` unless it is tied already (atomic: two processes adopting
    // at once agree). Returns the instance the cache belongs to afterwards, or empty on error.
    QString adoptInstance(const QString& instanceId, QString* error);

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

Q_DECLARE_METATYPE(LocalCache::Choice)
Q_DECLARE_METATYPE(LocalCache::Held)
