#pragma once

#include "Backoff.h"
#include "ConnectError.h"
#include "ConnectionSettings.h"
#include "DbResult.h"
#include "SessionInfo.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QPointer>
#include <QSqlDriver>
#include <QString>
#include <QStringList>

class QTimer;

// Lives on the database thread and owns the connection there: opens it, runs work items in
// order, sends a heartbeat, and reconnects with backoff when the server goes away.
// Only DatabaseService talks to it, through queued calls.
class DatabaseWorker : public QObject
{
    Q_OBJECT

public:
    DatabaseWorker(const QString& connectionName, int heartbeatMs);
    ~DatabaseWorker() override;

    // All of these run on the worker thread (DatabaseService invokes them queued).
    // epoch: DatabaseService's count of open/close requests. Every signal carries the epoch
    // it belongs to, so a late answer to an earlier request is recognised and dropped.
    void open(const ConnectionSettings& settings, int epoch);
    void close(int epoch);
    void execute(quint64 id, const DbWork& work, QDeadlineTimer queueDeadline);
    // LISTEN on channel now and after every reconnect (QPSQL forgets subscriptions on close).
    void listen(const QString& channel);
    // The network changed: check an open connection now (rather than at the next heartbeat),
    // or try a lost one again now (rather than when its backoff ends).
    void networkChanged(bool reachable);

signals:
    void opened(int epoch, const SessionInfo& session);
    void openFailed(int epoch, const ConnectError& error);
    void connectionLost(int epoch, const QString& detail);
    void reconnectScheduled(int epoch, int attempt, int delayMs);
    void jobFinished(quint64 id, const DbResult& result);
    void notified(const QString& channel, const QString& payload);

private:
    bool isAlive();
    void heartbeat();
    void handleLost(const QString& detail);
    void attemptReconnect();
    void stopTimers();
    void subscribeAll();
    void onDriverNotification(const QString& channel, QSqlDriver::NotificationSource source,
                              const QVariant& payload);

    enum class Phase
    {
        Closed,
        Open,
        Reconnecting,
    };

    QString m_connectionName;
    int m_heartbeatMs;
    ConnectionSettings m_settings; // holds the password in memory only, for reconnects
    Phase m_phase = Phase::Closed;
    int m_epoch = 0;
    Backoff m_backoff;
    QTimer* m_heartbeatTimer = nullptr;
    QTimer* m_reconnectTimer = nullptr;
    QStringList m_channels;
    QPointer<QSqlDriver> m_listenedDriver;
};
