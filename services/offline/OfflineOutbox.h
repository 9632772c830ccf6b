#pragma once

#include "ConnectionSettings.h"
#include "OfflineTypes.h"
#include "SyncEngine.h"

#include <memory>
#include <optional>

class DirectConnection;
class LocalCache;

// The outbox of this computer's cache for one server and login, used synchronously by a
// process of its own (astralis-cli) on the thread that opened it. The console goes through
// OfflineStore and SyncService instead, which do the same on threads of their own.
class OfflineOutbox
{
public:
    OfflineOutbox();
    ~OfflineOutbox();
    OfflineOutbox(const OfflineOutbox&) = delete;
    OfflineOutbox& operator=(const OfflineOutbox&) = delete;

    // Not connected: the cache used last for this server and login (docs/offline.md, "Cold
    // start"); settings without the password.
    OfflineError openLastUsed(const ConnectionSettings& settings);
    // Connected: the cache of the database at the other end, never another one's
    // (CacheFiles::choose()); the choice says whether the one used last was left behind.
    CacheChoice openFor(const ConnectionSettings& settings, DirectConnection& connection);
    bool isOpen() const;
    QString path() const;

    OutboxListing entries() const;
    std::optional<OutboxEntry> entry(qint64 seq) const;
    OutboxCounts counts() const;
    // Changes held in the other caches of this server and login (for other databases).
    QList<HeldChanges> held() const;
    OfflineError decide(qint64 seq, OutboxDecision decision);

    // One replay pass over connection (SyncEngine::replay() with SyncEngine::lanes()).
    SyncEngine::Summary replay(DirectConnection& connection, qint64 nowMs);
    // When the earliest change backing off after a failure may be tried again (epoch ms); 0
    // when none waits for time.
    qint64 earliestRetryMs(qint64 afterMs) const;

private:
    OfflineError open(const QString& path, const ConnectionSettings& settings);

    std::unique_ptr<LocalCache> m_cache;
    ConnectionSettings m_settings; // without the password
};
