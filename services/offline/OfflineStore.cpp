#include "OfflineStore.h"

#include "LogCategories.h"

#include <memory>
#include <utility>

// Lives on the cache thread and owns the LocalCache there (SQLite connections belong to the
// thread that opened them).
class CacheWorker : public QObject
{
public:
    std::unique_ptr<LocalCache> cache;
};

OfflineStore::OfflineStore(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<CachedRow>();
    qRegisterMetaType<OutboxEntry>();
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("cache"));
    m_worker = new CacheWorker;
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
}

OfflineStore::~OfflineStore()
{
    // The cache closes on its own thread, after the work already sent (nothing is dropped).
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->cache.reset(); });
    m_thread->quit();
    m_thread->wait();
}

void OfflineStore::open(const QString& path, const ConnectionSettings& settings)
{
    const bool same = path == m_path && m_open;
    open(path);
    m_settings = settings;
    m_settings->password.clear();
    if (same)
        refreshHeld(); // opened() does when the file changes
}

void OfflineStore::open(const QString& path)
{
    m_settings.reset();
    if (path == m_path && m_open)
        return;
    m_path = path;
    m_open = false;
    QPointer<OfflineStore> self(this);
    ++m_pending;
    QMetaObject::invokeMethod(m_worker, [self, worker = m_worker, path] {
        worker->cache = std::make_unique<LocalCache>();
        QString error;
        const bool ok = worker->cache->open(path, &error);
        if (!ok) {
            qCWarning(lcDatabase) << "local cache unavailable:" << error;
            worker->cache.reset();
        }
        if (!self)
            return;
        QMetaObject::invokeMethod(self, [self, path, ok, error] {
            if (!self)
                return;
            if (self->m_path == path) {
                self->m_open = ok;
                emit self->opened(ok, error);
                if (ok) {
                    self->refreshCounts();
                    self->refreshHeld();
                }
            }
            self->finishedOne(); // after the work it queued, so never idle in between
        });
    });
}

void OfflineStore::run(QObject* context, Work work, std::function<void(const QVariant&)> done)
{
    QPointer<QObject> guard(context);
    QPointer<OfflineStore> self(this);
    ++m_pending;
    QMetaObject::invokeMethod(
        m_worker, [self, guard, worker = m_worker, work = std::move(work), done = std::move(done)] {
            const QVariant result = worker->cache ? work(*worker->cache) : QVariant();
            if (!self)
                return;
            // Answered here even without done(): the idle barrier counts it there.
            QMetaObject::invokeMethod(self, [self, guard, done, result] {
                if (done && guard)
                    done(result);
                if (self)
                    self->finishedOne();
            });
        });
}

void OfflineStore::whenIdle(QObject* context, std::function<void()> done)
{
    QPointer<QObject> guard(context);
    // Looked at from this object's event loop, after whatever the caller sent before: never
    // answered inside the call, and work sent just before counts.
    QMetaObject::invokeMethod(
        this,
        [this, guard, done = std::move(done)] {
            if (m_pending.load() > 0)
                m_idleWaiters.append({guard, done});
            else if (guard)
                done();
        },
        Qt::QueuedConnection);
}

void OfflineStore::finishedOne()
{
    if (--m_pending > 0 || m_idleWaiters.isEmpty())
        return;
    const auto waiters = std::exchange(m_idleWaiters, {});
    for (const auto& [guard, done] : waiters) {
        if (guard)
            done();
    }
}

void OfflineStore::refreshCounts()
{
    run(
        this,
        [](LocalCache& cache) {
            const LocalCache::Counts c = cache.counts();
            return QVariant::fromValue(QList<int>{c.pending, c.conflicts, c.rejected});
        },
        [this](const QVariant& value) {
            const QList<int> c = value.value<QList<int>>();
            if (c.size() != 3)
                return;
            const LocalCache::Counts counts{c.at(0), c.at(1), c.at(2)};
            if (counts.pending == m_counts.pending && counts.conflicts == m_counts.conflicts
                && counts.rejected == m_counts.rejected)
                return;
            m_counts = counts;
            emit countsChanged();
        });
}

int OfflineStore::heldCount() const
{
    int count = 0;
    for (const LocalCache::Held& h : m_held)
        count += h.unsent;
    return count;
}

void OfflineStore::refreshHeld()
{
    if (!m_settings) {
        if (!m_held.isEmpty()) {
            m_held.clear();
            emit heldChanged();
        }
        return;
    }
    // Reads the other caches' files: on the cache thread, like everything else here.
    run(
        this,
        [settings = *m_settings, path = m_path](LocalCache&) {
            return QVariant::fromValue(LocalCache::held(settings, path));
        },
        [this](const QVariant& value) {
            const QList<LocalCache::Held> held = value.value<QList<LocalCache::Held>>();
            bool same = held.size() == m_held.size();
            for (int i = 0; same && i < held.size(); ++i)
                same = held.at(i).path == m_held.at(i).path && held.at(i).unsent == m_held.at(i).unsent;
            if (same)
                return;
            m_held = held;
            emit heldChanged();
        });
}
