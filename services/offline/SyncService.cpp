#include "SyncService.h"

#include "DatabaseService.h"
#include "LocalCache.h"
#include "LogCategories.h"
#include "OfflineActions.h"
#include "OfflineStore.h"

#include <QDateTime>
#include <QThreadStorage>
#include <QTimer>

#include <memory>

namespace {

// The database thread's own connection to the cache file, opened on first use and closed
// when that thread ends. QThreadStorage, not thread_local: it is cleared before QThread::wait()
// returns, so the connection is closed while QtSql still exists; a thread_local one was
// destroyed after the wait, racing the process's exit (astralis-cli ends right after its
// command, and crashed in QSqlDatabase::removeDatabase).
LocalCache* threadCache(const QString& path, QString* error)
{
    static QThreadStorage<LocalCache*> caches;
    LocalCache* cache = caches.localData();
    if (!cache || cache->path() != path) {
        caches.setLocalData(nullptr); // deletes the one open before
        auto opened = std::make_unique<LocalCache>();
        if (!opened->open(path, error))
            return nullptr;
        cache = opened.release();
        caches.setLocalData(cache);
    }
    return cache;
}

} // namespace

SyncService::SyncService(DatabaseService* database, OfflineStore* store, QObject* parent)
    : QObject(parent)
    , m_database(database)
    , m_store(store)
{
    qRegisterMetaType<SyncEngine::Summary>();
    m_retryTimer = new QTimer(this);
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &SyncService::kick);
    // Back online: what waited goes out first, before anything new is typed.
    connect(m_database, &DatabaseService::stateChanged, this, [this](DatabaseService::State state) {
        if (state == DatabaseService::State::Online && m_automatic)
            kick();
    });
    connect(m_store, &OfflineStore::opened, this, [this](bool ok) {
        if (ok && m_automatic)
            kick();
    });
}

void SyncService::kick()
{
    if (m_running) {
        m_again = true;
        return;
    }
    QTimer::singleShot(0, this, &SyncService::start);
}

void SyncService::start()
{
    if (m_running || !m_database->isOnline() || !m_store->isOpen())
        return;
    m_running = true;
    m_again = false;
    const QString path = m_store->path();
    m_database->run(
        this,
        [path](QSqlDatabase& db) {
            QString error;
            LocalCache* cache = threadCache(path, &error);
            if (!cache)
                return DbResult::failure(error);
            SyncEngine engine(cache);
            const SyncEngine::Summary summary
                = engine.replay(db, QDateTime::currentMSecsSinceEpoch(), nullptr, SyncEngine::lanes());
            // A pass cut short by the connection fails the job, so the database thread checks the
            // connection at once and the console goes offline without waiting for a heartbeat.
            DbResult result = summary.interrupted ? DbResult::failure(summary.error) : DbResult::success();
            result.value = QVariant::fromValue(summary);
            return result;
        },
        [this](const DbResult& result) {
            m_running = false;
            const auto summary = result.value.value<SyncEngine::Summary>();
            m_lastInterrupted = !result.ok;
            if (!result.ok)
                qCInfo(lcDatabase) << "outbox replay interrupted:" << result.error;
            m_store->refreshCounts();
            emit passFinished(summary);
            if (m_again && result.ok)
                kick();
            else
                scheduleRetry();
        });
}

void SyncService::chooseCache(QObject* context, const ConnectionSettings& settings,
                              std::function<void(const CacheChoice&)> done)
{
    m_database->run(
        context,
        [settings](QSqlDatabase& db) {
            const CacheChoice choice = OfflineActions::chooseCache(settings, db);
            DbResult result = choice.ok() ? DbResult::success() : DbResult::failure(choice.error.detail);
            result.value = QVariant::fromValue(choice);
            return result;
        },
        [done = std::move(done)](const DbResult& result) {
            CacheChoice choice = result.value.value<CacheChoice>();
            if (result.offline)
                choice.error = {OfflineError::Code::Offline, result.error};
            else if (result.connectionLost)
                choice.error = {OfflineError::Code::ConnectionLost, result.error};
            else if (!result.ok && !choice.error.isError())
                choice.error = OfflineError::failed(result.error); // e.g. pool_timeout
            done(choice);
        });
}

void SyncService::scheduleRetry()
{
    // The earliest backing-off entry decides when to try again.
    m_store->run(
        this, [](LocalCache& cache) { return QVariant(cache.outbox().earliestRetryMs(0)); },
        [this](const QVariant& value) {
            const qint64 next = value.toLongLong();
            if (next <= 0)
                return;
            const qint64 delay = std::max<qint64>(100, next - QDateTime::currentMSecsSinceEpoch());
            m_retryTimer->start(int(std::min<qint64>(delay, 60000)));
        });
}
