#pragma once

#include <QString>

#include <atomic>
#include <memory>
#include <thread>

class PgCluster;

// Faults the PostgreSQL server itself injects into an outbox replay, so the code under test
// runs unchanged — every lane of a multi-lane replay included (ReplayFaults, the in-process
// hook, only reaches the single-lane path). What is counted is the recorded change: each
// applied outbox entry inserts one client_mutation row, whichever connection sends it; the
// at-th one, counted from arm(), fails:
//   RequestLost  its connection drops before the commit: nothing of it reaches the server.
//   AnswerLost   it commits, then its session is ended before the answer is sent (the commit
//                is held for a synchronous standby that never answers, and a watcher thread
//                terminates the sessions waiting there): the server has it, the client does
//                not know. While armed so, every other session's commit is held and ended
//                the same way unless its synchronous_commit is local: only the replay (whose
//                other changes the trigger lets through) and exec() may write meanwhile.
// For a cluster of the test's own (PgCluster::startOwn()); the destructor removes everything
// and restores the server's settings.
class ServerFaults
{
public:
    enum class Kind
    {
        RequestLost,
        AnswerLost,
    };

    ServerFaults(PgCluster* cluster, const QString& database);
    ~ServerFaults();
    ServerFaults(const ServerFaults&) = delete;
    ServerFaults& operator=(const ServerFaults&) = delete;

    // The trigger and its tables, in a schema of their own. False with *error when it failed.
    bool install(QString* error);
    // From now on the at-th recorded change fails as `kind` (at 0: none does).
    bool arm(Kind kind, int at, QString* error);
    // Faults injected since arm(): 1 once the at-th change came by, else 0.
    int fired();
    // Sessions ended while their commit was held (AnswerLost), since arm().
    int endedSessions() const { return m_ended.load() - m_endedAtArm; }
    // Server sessions that recorded changes since arm(): more than one when lanes were used.
    int writers();
    // SQL as the superuser in a session whose commits are never held (someone else's change
    // while AnswerLost is armed).
    bool exec(const QString& sql, QString* error);

private:
    enum class Probe
    {
        Committed,
        Held, // and ended by the watcher
        Failed,
    };
    bool holdCommits(QString* error);
    bool releaseCommits(QString* error);
    Probe probeCommit();

    PgCluster* m_cluster;
    QString m_database;
    QString m_connection; // the superuser's, never held for the standby
    bool m_installed = false;
    bool m_holding = false;
    int m_probes = 0;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_ended{0}; // sessions the watcher ended
    int m_endedAtArm = 0;
    std::unique_ptr<std::thread> m_watcher;
};
