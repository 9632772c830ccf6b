#include "OfflineOutbox.h"

#include "DirectConnectionSql.h"
#include "LocalCache.h"
#include "OfflineActions.h"

OfflineOutbox::OfflineOutbox() = default;
OfflineOutbox::~OfflineOutbox() = default;

OfflineError OfflineOutbox::open(const QString& path, const ConnectionSettings& settings)
{
    m_settings = settings;
    m_settings.password.clear();
    m_cache = std::make_unique<LocalCache>();
    QString error;
    if (m_cache->open(path, &error))
        return {};
    m_cache.reset();
    return OfflineError::failed(error);
}

OfflineError OfflineOutbox::openLastUsed(const ConnectionSettings& settings)
{
    return open(CacheFiles::pathFor(settings), settings);
}

CacheChoice OfflineOutbox::openFor(const ConnectionSettings& settings, DirectConnection& connection)
{
    QSqlDatabase db = sqlDatabase(connection);
    CacheChoice choice = OfflineActions::chooseCache(settings, db);
    if (choice.ok())
        choice.error = open(choice.path, settings);
    return choice;
}

bool OfflineOutbox::isOpen() const
{
    return m_cache != nullptr;
}

QString OfflineOutbox::path() const
{
    return m_cache ? m_cache->path() : QString();
}

OutboxListing OfflineOutbox::entries() const
{
    if (!m_cache)
        return {{}, {OfflineError::Code::NoCache, {}}};
    return OfflineActions::entries(*m_cache);
}

std::optional<OutboxEntry> OfflineOutbox::entry(qint64 seq) const
{
    return m_cache ? m_cache->outbox().entry(seq) : std::nullopt;
}

OutboxCounts OfflineOutbox::counts() const
{
    return m_cache ? OfflineActions::counts(*m_cache) : OutboxCounts();
}

QList<HeldChanges> OfflineOutbox::held() const
{
    return m_cache ? OfflineActions::held(m_settings, m_cache->path()) : QList<HeldChanges>();
}

OfflineError OfflineOutbox::decide(qint64 seq, OutboxDecision decision)
{
    if (!m_cache)
        return {OfflineError::Code::NoCache, {}};
    return OfflineActions::decide(*m_cache, seq, decision);
}

SyncEngine::Summary OfflineOutbox::replay(DirectConnection& connection, qint64 nowMs)
{
    if (!m_cache) {
        SyncEngine::Summary nothing;
        nothing.error = QStringLiteral("no local cache is open");
        return nothing;
    }
    SyncEngine engine(m_cache.get());
    return engine.replay(connection, nowMs, SyncEngine::lanes());
}

qint64 OfflineOutbox::earliestRetryMs(qint64 afterMs) const
{
    return m_cache ? m_cache->outbox().earliestRetryMs(afterMs) : 0;
}
