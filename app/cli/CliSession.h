#pragma once

#include "Answer.h"
#include "CliDatabase.h"

#include <QEventLoop>

#include <functional>
#include <memory>
#include <optional>

class BoardService;
class DatabaseService;
class OfflineStore;
class SyncService;

// A board command's services, wired as the console wires them (DatabaseService and the cache on
// threads of their own, BoardService over both), and a local event loop that waits for their
// answers: astralis-cli runs one command and has nothing else to do meanwhile. Replays start only
// when a change is queued (SyncService::setAutomatic(false)): reading sends nothing.
class CliSession
{
public:
    CliSession();
    ~CliSession();
    CliSession(const CliSession&) = delete;
    CliSession& operator=(const CliSession&) = delete;

    // Connects and opens the cache of the database at the other end; a server out of reach is
    // no error (offline() then says so, and the cache used last opens). 0, or the exit code
    // with the error printed.
    int open(const QString& urlOption);
    bool offline() const { return m_offline; }

    BoardService* boards() const { return m_boards.get(); }
    OfflineStore* store() const { return m_store.get(); }
    SyncService* sync() const { return m_sync.get(); }

    // Asks (ask gets a context and the callback) and waits for the answer; nullopt when none
    // came within timeoutMs.
    template <typename T>
    std::optional<T> once(const std::function<void(QObject*, std::function<void(const T&)>)>& ask,
                          int timeoutMs = kWaitMs)
    {
        std::optional<T> answer;
        QEventLoop loop;
        ask(&loop, [&answer, &loop](const T& value) {
            answer = value;
            loop.quit();
        });
        runUntil(
            &loop, [&answer] { return answer.has_value(); }, timeoutMs);
        return answer;
    }

    // The same for a read that answers twice, from the cache and then from the server: the last
    // word (the server's when online; the cache's while offline). nullopt when nothing answered
    // (offline, and nothing is cached).
    template <typename T>
    std::optional<Answer<T>>
    final(const std::function<void(QObject*, std::function<void(const Answer<T>&)>)>& ask)
    {
        std::optional<Answer<T>> answer;
        bool done = false;
        QEventLoop loop;
        ask(&loop, [&answer, &done, &loop](const Answer<T>& a) {
            answer = a;
            if (!a.fromCache || a.offline) {
                done = true;
                loop.quit();
            }
        });
        // Offline only the cache answers, if it has anything: idle means there is nothing more.
        if (m_offline)
            idle(&loop, &done);
        runUntil(
            &loop, [&done] { return done; }, kWaitMs);
        return answer;
    }

private:
    // How long a command waits for a service (the server's statement_timeout is 60 s).
    static constexpr int kWaitMs = 90000;

    void runUntil(QEventLoop* loop, const std::function<bool()>& done, int timeoutMs);
    void idle(QEventLoop* loop, bool* done);
    ConnectResult connect(const ConnectionSettings& settings);

    CliDatabase m_url; // the URL, the password prompt and the exit codes
    bool m_offline = false;
    // Destroyed in reverse: the board service first, the database connection last.
    std::unique_ptr<DatabaseService> m_database;
    std::unique_ptr<OfflineStore> m_store;
    std::unique_ptr<SyncService> m_sync;
    std::unique_ptr<BoardService> m_boards;
};
