#pragma once

#include "ConnectError.h"
#include "ConnectionSettings.h"
#include "DbResult.h"
#include "SessionInfo.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QThread>

class DatabaseWorker;
struct SessionCheckResult;

// The UI thread's handle on the database. All SQL runs on a worker thread that owns the
// connection; callers get results through callbacks on their own (context) thread and never
// wait. Tracks the connection state for the status bar and reconnects on its own.
class DatabaseService : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Disconnected, // never connected, signed out, or gave up (wrong password …)
        Connecting, // first attempt in progress
        Online,
        Reconnecting, // lost the server; retrying with backoff
    };
    Q_ENUM(State)

    explicit DatabaseService(QObject* parent = nullptr, int heartbeatMs = 2000);
    ~DatabaseService() override;

    void connectTo(const ConnectionSettings& settings);
    void disconnectFromServer();

    State state() const { return m_state; }
    bool isOnline() const { return m_state == State::Online; }
    const SessionInfo& session() const { return m_session; }
    // Adds what the session check found (user, organization) to the session.
    void setIdentity(const SessionInfo& session);
    // The settings in use, without the password.
    const ConnectionSettings& settings() const { return m_settings; }

    // Runs work on the database thread; done() is called on this service's thread (the UI
    // thread) unless context is destroyed first. While not online the work is not sent and
    // done() gets offline=true.
    void run(QObject* context, DbWork work, std::function<void(const DbResult&)> done);

    // Right after connecting: is this an Astralis database this console understands, and who is
    // the login (SessionCheck)? done() runs on this service's thread unless context is gone.
    // Offline, or a connection that dropped during the check, answer connectionLost.
    void checkSession(QObject* context, std::function<void(const SessionCheckResult&)> done);

    // LISTEN on a channel, kept across reconnects; notification() reports each NOTIFY.
    void listen(const QString& channel);

    // Follows the system's network reachability (QNetworkInformation, when the platform has a
    // backend): a lost network is checked at once, a network that comes back is used at once.
    void watchNetwork();
    // What watchNetwork() calls on a change; public so a test can play the network.
    void networkChanged(bool reachable);

signals:
    void stateChanged(DatabaseService::State state);
    void connected(const SessionInfo& session);
    void sessionChanged(const SessionInfo& session);
    void connectFailed(const ConnectError& error);
    void connectionLost(const QString& detail);
    void reconnectScheduled(int attempt, int delayMs);
    void notification(const QString& channel, const QString& payload);

private:
    void setState(State state);
    void onJobFinished(quint64 id, const DbResult& result);

    struct Pending
    {
        QPointer<QObject> context;
        std::function<void(const DbResult&)> done;
    };

    QThread* m_thread = nullptr; // owned; deliberately leaked if it will not stop (see destructor)
    int m_epoch = 0;
    DatabaseWorker* m_worker = nullptr;
    State m_state = State::Disconnected;
    SessionInfo m_session;
    ConnectionSettings m_settings;
    quint64 m_nextJobId = 1;
    QHash<quint64, Pending> m_pending;
};
