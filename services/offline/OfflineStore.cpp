#include "OfflineStore.h"

#include "LocalCache.h"
#include "LogCategories.h"
#include "OfflineActions.h"

#include <QFileInfo>

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
    // The cache closes on its own thread, after the work already sent (nothing is dropped): the
    // thread is told to quit from there, behind that work. A quit() from here would end its
    // event loop after the job it is running and drop the rest (a board stored behind its answer
    // when astralis-cli exits, say).
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] {
        worker->cache.reset();
        QThread::currentThread()->quit();
    });
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

template <typename R>
void OfflineStore::call(QObject* context, std::function<R(LocalCache&)> work,
                        std::function<void(const R&)> done, R closed)
{
    QPointer<QObject> guard(context);
    QPointer<OfflineStore> self(this);
    ++m_pending;
    QMetaObject::invokeMethod(m_worker,
                              [self, guard, worker = m_worker, work = std::move(work), done = std::move(done),
                               closed = std::move(closed)] {
                                  R result = worker->cache ? work(*worker->cache) : closed;
                                  if (!self)
                                      return;
                                  // Answered here even without done(): the idle barrier counts it there.
                                  QMetaObject::invokeMethod(self,
                                                            [self, guard, done, result = std::move(result)] {
                                                                if (done && guard)
                                                                    done(result);
                                                                if (self)
                                                                    self->finishedOne();
                                                            });
                              });
}

void OfflineStore::run(QObject* context, Work work, std::function<void(const QVariant&)> done)
{
    call<QVariant>(context, std::move(work), std::move(done), QVariant());
}

void OfflineStore::openLastUsed(const ConnectionSettings& settings)
{
    open(CacheFiles::pathFor(settings), settings);
}

bool OfflineStore::hasCache(const ConnectionSettings& settings)
{
    return QFileInfo::exists(CacheFiles::pathFor(settings));
}

void OfflineStore::entries(QObject* context, std::function<void(const OutboxListing&)> done)
{
    call<OutboxListing>(
        context, [](LocalCache& cache) { return OfflineActions::entries(cache); }, std::move(done),
        OutboxListing{{}, {OfflineError::Code::NoCache, {}}});
}

void OfflineStore::decide(QObject* context, qint64 seq, OutboxDecision decision,
                          std::function<void(const OfflineError&)> done)
{
    call<OfflineError>(
        context, [seq, decision](LocalCache& cache) { return OfflineActions::decide(cache, seq, decision); },
        std::move(done), OfflineError{OfflineError::Code::NoCache, {}});
}

bool OfflineStore::canKeepBoth(const OutboxEntry& conflict)
{
    return OfflineActions::canKeepBoth(conflict);
}

void OfflineStore::keepBoth(QObject* context, const OutboxEntry& conflict, const QString& pipelineId,
                            const QString& copyTitle, std::function<void(const OfflineError&)> done)
{
    call<OfflineError>(
        context,
        [conflict, pipelineId, copyTitle](LocalCache& cache) {
            return OfflineActions::keepBoth(cache, conflict, pipelineId, copyTitle);
        },
        std::move(done), OfflineError{OfflineError::Code::NoCache, {}});
}

namespace {

const QString kLastOnline = QStringLiteral("lastOnline");

} // namespace

void OfflineStore::lastOnline(QObject* context, std::function<void(const QDateTime&)> done)
{
    call<QDateTime>(
        context,
        [](LocalCache& cache) { return QDateTime::fromString(cache.meta().value(kLastOnline), Qt::ISODate); },
        std::move(done), QDateTime());
}

void OfflineStore::setLastOnline(const QDateTime& when)
{
    const QString stamp = when.toUTC().toString(Qt::ISODate);
    call<bool>(
        this, [stamp](LocalCache& cache) { return cache.meta().setValue(kLastOnline, stamp); }, {}, false);
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
    call<std::optional<OutboxCounts>>(
        this, [](LocalCache& cache) { return std::optional(OfflineActions::counts(cache)); },
        [this](const std::optional<OutboxCounts>& counts) {
            if (!counts || *counts == m_counts)
                return;
            m_counts = *counts;
            emit countsChanged();
        },
        std::nullopt);
}

int OfflineStore::heldCount() const
{
    int count = 0;
    for (const HeldChanges& h : m_held)
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
    // Without an open cache nothing is held for this one either.
    call<QList<HeldChanges>>(
        this,
        [settings = *m_settings, path = m_path](LocalCache&) { return OfflineActions::held(settings, path); },
        [this](const QList<HeldChanges>& held) {
            bool same = held.size() == m_held.size();
            for (int i = 0; same && i < held.size(); ++i)
                same = held.at(i).path == m_held.at(i).path && held.at(i).unsent == m_held.at(i).unsent;
            if (same)
                return;
            m_held = held;
            emit heldChanged();
        },
        {});
}
