#pragma once

#include "ConnectionSettings.h"
#include "OfflineTypes.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QThread>
#include <QVariant>

#include <atomic>
#include <functional>
#include <optional>

class CacheWorker;
class LocalCache;

// The UI thread's handle on the local cache (docs/offline.md). The SQLite
// file is opened and used on a thread of its own, so a slow disk never stalls the UI; work
// is sent as functions and answered on the caller's thread, like DatabaseService::run().
class OfflineStore : public QObject
{
    Q_OBJECT

public:
    explicit OfflineStore(QObject* parent = nullptr);
    ~OfflineStore() override;

    // Opens the cache file (closing the one open before). opened() answers.
    void open(const QString& path);
    // The same for the cache of a server and login; then looks at that server and login's
    // other caches for changes held for another database (held(), heldChanged()).
    void open(const QString& path, const ConnectionSettings& settings);
    // The cache used last for this server and login: what a cold start opens while the server
    // is out of reach (docs/offline.md, "Cold start").
    void openLastUsed(const ConnectionSettings& settings);
    // Whether this computer has a cache for this server and login (worked with it before).
    static bool hasCache(const ConnectionSettings& settings);
    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }

    // Changes made on this computer for other databases at the same server and login: they
    // stay in those databases' caches and are never sent here.
    QList<HeldChanges> held() const { return m_held; }
    int heldCount() const;
    void refreshHeld();

    // Typed calls: each runs on the cache thread; done() runs on this object's thread unless
    // context is gone by then. Without an open cache nothing is done and the answer says NoCache.

    // Every change in the outbox, in replay order.
    void entries(QObject* context, std::function<void(const OutboxListing&)> done);
    // A person's decision about the change `seq`.
    void decide(QObject* context, qint64 seq, OutboxDecision decision,
                std::function<void(const OfflineError&)> done);
    // Keep both (a card in conflict): theirs stays on the card, a copy titled
    // copyTitle.arg(title) gets mine, in the pipeline pipelineId. Only where canKeepBoth().
    static bool canKeepBoth(const OutboxEntry& conflict);
    void keepBoth(QObject* context, const OutboxEntry& conflict, const QString& pipelineId,
                  const QString& copyTitle, std::function<void(const OfflineError&)> done);
    // When this computer was last in touch with the server (invalid when never recorded).
    void lastOnline(QObject* context, std::function<void(const QDateTime&)> done);
    void setLastOnline(const QDateTime& when);

    // For services whose own cache work has no typed call here yet (the board's); screens use
    // the typed calls.
    using Work = std::function<QVariant(LocalCache&)>;
    // Runs work on the cache thread; done() runs on this object's thread unless context is
    // gone by then. Without an open cache the work is not run and done() gets an invalid value.
    void run(QObject* context, Work work, std::function<void(const QVariant&)> done = {});

    // An idle barrier, for tests and shutdown: done() runs on this object's thread (unless
    // context is gone by then) once nothing sent here is left — every open() and run() so far
    // has finished on the cache thread and its done() has run, and so has the work those
    // answers sent in turn. Callable from any thread; done() never runs inside the call. Work
    // that others send only later (after a server's answer, say) is not known here.
    void whenIdle(QObject* context, std::function<void()> done);
    // Nothing sent here is waiting or running (see whenIdle()).
    bool isIdle() const { return m_pending.load() == 0; }

    // Pending changes and conflicts for the status bar, as of the last refresh.
    OutboxCounts counts() const { return m_counts; }
    void refreshCounts();

signals:
    void opened(bool ok, const QString& error);
    void countsChanged();
    void heldChanged();

private:
    // Runs work on the cache thread (when a cache is open; else answers `closed`) and done()
    // with its result on this object's thread unless context is gone. Counted for whenIdle().
    template <typename R>
    void call(QObject* context, std::function<R(LocalCache&)> work, std::function<void(const R&)> done,
              R closed);
    // One piece of work answered (on this object's thread): wakes the idle waiters at zero.
    void finishedOne();

    QThread* m_thread = nullptr;
    CacheWorker* m_worker = nullptr;
    QString m_path;
    bool m_open = false;
    OutboxCounts m_counts;
    std::optional<ConnectionSettings> m_settings; // without the password
    QList<HeldChanges> m_held;
    // Work sent to the cache thread whose answer has not been delivered yet; counted up where
    // it is sent, down on this object's thread once its answer ran.
    std::atomic<int> m_pending{0};
    QList<QPair<QPointer<QObject>, std::function<void()>>> m_idleWaiters; // this object's thread
};
