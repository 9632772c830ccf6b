#pragma once

#include "ConnectionSettings.h"
#include "OfflineTypes.h"
#include "SyncEngine.h"

#include <QObject>

#include <functional>

class DatabaseService;
class OfflineStore;
class QTimer;

// Runs the outbox replay whenever it can help: when a change was queued, when the console
// comes back online, and when a transient failure's backoff is over. Each pass runs on the
// database thread (SyncEngine needs the connection) with that thread's own connection to the
// cache file; results come back here.
class SyncService : public QObject
{
    Q_OBJECT

public:
    SyncService(DatabaseService* database, OfflineStore* store, QObject* parent = nullptr);

    // Replays soon; several kicks while a pass runs make one more pass.
    void kick();
    // Whether a pass also starts on its own when the console comes online or a cache opens
    // (default). astralis-cli turns it off: a command that reads sends nothing; one that makes a
    // change sends it (the outbox kicks), and `sync push` sends the rest.
    void setAutomatic(bool automatic) { m_automatic = automatic; }
    bool isRunning() const { return m_running; }
    // The last pass was cut short by the connection: changes wait for the next one.
    bool lastPassInterrupted() const { return m_lastInterrupted; }

    // Connected: asks the database which one it is and picks its cache for this server and login
    // (settings, without the password), before anything is sent from or stored into one
    // (docs/offline.md, "Every (re)connect"). Runs on the database thread; done() runs on this
    // object's thread unless context is gone. Offline or a dropped connection answer Offline or
    // ConnectionLost: the next connection asks again.
    void chooseCache(QObject* context, const ConnectionSettings& settings,
                     std::function<void(const CacheChoice&)> done);

signals:
    void passFinished(const SyncEngine::Summary& summary);

private:
    void start();
    void scheduleRetry();

    DatabaseService* m_database;
    OfflineStore* m_store;
    QTimer* m_retryTimer = nullptr;
    bool m_automatic = true;
    bool m_running = false;
    bool m_again = false;
    bool m_lastInterrupted = false;
};
