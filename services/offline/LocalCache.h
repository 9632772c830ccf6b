#pragma once

#include "CacheFiles.h"
#include "CachedRow.h"
#include "MetaStore.h"
#include "OutboxEntry.h"
#include "OutboxStore.h"
#include "ProviderStore.h"
#include "RowStore.h"

#include <QString>

class QSqlDatabase;

// The local SQLite cache of one database (docs/offline.md): one file per server, login and
// database instance (CacheFiles says which), mode 0600, WAL, so the console's threads and
// astralis-cli can use it at the same time. It opens the file, brings its schema up to date
// (CacheSchema) and holds the four parts that use it: the server rows (rows()), the outbox of
// local changes (outbox()), facts about the cache (meta()) and provider answers (providers()).
// Not thread-safe: each thread opens its own LocalCache on the file.
class LocalCache
{
public:
    LocalCache();
    ~LocalCache();
    LocalCache(const LocalCache&) = delete;
    LocalCache& operator=(const LocalCache&) = delete;

    bool open(const QString& path, QString* error);
    bool isOpen() const;
    QString path() const { return m_path; }
    QSqlDatabase database() const;

    RowStore& rows() { return m_rows; }
    const RowStore& rows() const { return m_rows; }
    OutboxStore& outbox() { return m_outbox; }
    const OutboxStore& outbox() const { return m_outbox; }
    MetaStore& meta() { return m_meta; }
    const MetaStore& meta() const { return m_meta; }
    ProviderStore& providers() { return m_providers; }
    const ProviderStore& providers() const { return m_providers; }

    // --- Until every caller names the part it uses (removed once they do) ---
    using Counts = OutboxStore::Counts;
    using Choice = CacheFiles::Choice;
    using Held = CacheFiles::Held;
    using ServerInstance = CacheFiles::ServerInstance;
    using Fit = CacheFiles::Fit;
    using QueuedProviderRequest = ProviderStore::Queued;
    static QString pathFor(const ConnectionSettings& s) { return CacheFiles::pathFor(s); }
    static QString basePathFor(const ConnectionSettings& s) { return CacheFiles::basePathFor(s); }
    static QString pathFor(const ConnectionSettings& s, const QString& i)
    {
        return CacheFiles::pathFor(s, i);
    }
    static ServerInstance serverInstance(QSqlDatabase& db) { return CacheFiles::serverInstance(db); }
    static QString shortInstance(const QString& i) { return CacheFiles::shortInstance(i); }
    static Fit fit(const QString& c, const QString& s) { return CacheFiles::fit(c, s); }
    static Choice choose(const ConnectionSettings& s, const QString& i) { return CacheFiles::choose(s, i); }
    static QList<Held> held(const ConnectionSettings& s, const QString& p) { return CacheFiles::held(s, p); }
    bool storeRows(const QString& e, const QString& p, const QList<CachedRow>& r, bool rp, QString* err)
    {
        return m_rows.store(e, p, r, rp, err);
    }
    bool markDeleted(const QString& e, const QString& id, QString* err)
    {
        return m_rows.markDeleted(e, id, err);
    }
    QList<CachedRow> rows(const QString& e, const QString& p, QString* err) const
    {
        return m_rows.children(e, p, err);
    }
    std::optional<CachedRow> row(const QString& e, const QString& id, QString* err) const
    {
        return m_rows.get(e, id, err);
    }
    bool forEachRow(const QString& e, const QString& p,
                    const std::function<void(const QString&, int, const QByteArray&)>& v, QString* err) const
    {
        return m_rows.forEach(e, p, v, err);
    }
    bool enqueue(QList<OutboxEntry>* e, QString* err) { return m_outbox.enqueue(e, err); }
    QList<OutboxEntry> entries(QString* err = nullptr) const { return m_outbox.entries(err); }
    std::optional<OutboxEntry> entry(qint64 seq, QString* err = nullptr) const
    {
        return m_outbox.entry(seq, err);
    }
    Counts counts(QString* err = nullptr) const { return m_outbox.counts(err); }
    qint64 earliestRetryMs(qint64 a) const { return m_outbox.earliestRetryMs(a); }
    bool markApplied(const OutboxEntry& e, int v, QString* err) { return m_outbox.markApplied(e, v, err); }
    bool markApplied(const QList<QPair<OutboxEntry, int>>& a, QString* err)
    {
        return m_outbox.markApplied(a, err);
    }
    bool markRetry(const OutboxEntry& e, const QString& r, qint64 n, QString* err)
    {
        return m_outbox.markRetry(e, r, n, err);
    }
    bool markRejected(const OutboxEntry& e, const QString& r, QString* err)
    {
        return m_outbox.markRejected(e, r, err);
    }
    bool markConflict(const OutboxEntry& e, const QVariantMap& t, int tv, const QStringList& c, QString* err)
    {
        return m_outbox.markConflict(e, t, tv, c, err);
    }
    bool keepMine(qint64 seq, QString* err) { return m_outbox.keepMine(seq, err); }
    bool discard(qint64 seq, QString* err) { return m_outbox.discard(seq, err); }
    bool discardConflicts(const QString& e, const QString& id, QString* err)
    {
        return m_outbox.discardConflicts(e, id, err);
    }
    bool recreate(qint64 seq, QString* err) { return m_outbox.recreate(seq, err); }
    bool retryNow(qint64 seq, QString* err) { return m_outbox.retryNow(seq, err); }
    QString instanceId() const { return m_meta.instanceId(); }
    QString adoptInstance(const QString& i, QString* err) { return m_meta.adoptInstance(i, err); }
    QString meta(const QString& k) const { return m_meta.value(k); }
    bool setMeta(const QString& k, const QString& v, QString* err = nullptr)
    {
        return m_meta.setValue(k, v, err);
    }
    std::optional<QByteArray> providerResponse(const QString& k) const { return m_providers.response(k); }
    bool storeProviderResponse(const QString& k, const QString& p, const QByteArray& r,
                               QString* err = nullptr)
    {
        return m_providers.storeResponse(k, p, r, err);
    }
    bool queueProviderRequest(const QString& k, const QString& p, const QString& o, const QByteArray& b,
                              QString* err = nullptr)
    {
        return m_providers.queue(k, p, o, b, err);
    }
    QList<QueuedProviderRequest> queuedProviderRequests(QString* err = nullptr) const
    {
        return m_providers.queued(err);
    }
    bool dropQueuedProviderRequest(qint64 seq, QString* err = nullptr)
    {
        return m_providers.dropQueued(seq, err);
    }
    // --- end

private:
    bool migrate(QString* error);

    QString m_connection;
    QString m_path;
    RowStore m_rows;
    OutboxStore m_outbox;
    MetaStore m_meta;
    ProviderStore m_providers;
};
