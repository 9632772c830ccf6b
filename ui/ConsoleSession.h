#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QSettings>

#include <memory>

class BoardController;
class BoardService;
class BoardScreen;
class ChangeFeed;
class ConnectionController;
class ConnectionProfileStore;
class DatabaseService;
class MainWindow;
class OfflineBanner;
class SyncDialog;
class OfflineStore;
class SyncService;
class SecretStore;
class TaskPanel;

// One running console: the services, the main window and the controllers that join them.
// astralis-console's main() builds one; GUI tests build one the same way.
class ConsoleSession : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int heartbeatMs = 2000;
        int keychainTimeoutMs = 10000;
        int changePollMs = 5000;
    };

    ConsoleSession();
    explicit ConsoleSession(const Options& options);
    ~ConsoleSession() override;

    MainWindow* window() const { return m_window.get(); }
    DatabaseService* database() const { return m_database.get(); }
    SecretStore* secrets() const { return m_secrets.get(); }
    ConnectionProfileStore* profiles() const { return m_profiles.get(); }
    ConnectionController* connections() const { return m_controller; }
    ChangeFeed* changeFeed() const { return m_feed.get(); }
    BoardController* boards() const { return m_boards; }
    OfflineStore* offlineStore() const { return m_store.get(); }
    SyncService* sync() const { return m_sync.get(); }
    OfflineBanner* offlineBanner() const { return m_banner; }
    // The Sync panel: what waits to be sent, conflicts and refusals (one, non-modal).
    void openSyncPanel();
    SyncDialog* syncPanel() const;
    BoardScreen* boardScreen() const { return m_boardScreen; }

private:
    void setUpOffline();
    // Connected: asks the server which database it is (astralis_instance_id()) and opens that
    // database's cache, before anything is sent from or stored into one. A different database
    // behind the same address gets a cache of its own; the other one keeps its changes (said
    // in the status bar and by the Sync button). firstSignIn: then starts the change feed and
    // loads the boards (once a cache is chosen, or it is clear none can be).
    void selectCache(bool firstSignIn);
    // Records now as the last time this computer was in touch with the server (force: even
    // if it did within the last minute).
    void rememberOnline(bool force = false);

    QSettings m_settings;
    std::unique_ptr<ConnectionProfileStore> m_profiles;
    std::unique_ptr<DatabaseService> m_database;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<ChangeFeed> m_feed;
    std::unique_ptr<OfflineStore> m_store;
    std::unique_ptr<SyncService> m_sync;
    std::unique_ptr<MainWindow> m_window;
    ConnectionController* m_controller = nullptr; // owned by the window
    BoardService* m_boardService = nullptr; // owned by this session
    BoardController* m_boards = nullptr; // owned by the window
    BoardScreen* m_boardScreen = nullptr; // owned by the window
    TaskPanel* m_tasks = nullptr; // owned by the board screen
    OfflineBanner* m_banner = nullptr; // owned by the window
    QPointer<SyncDialog> m_syncDialog;
    QElapsedTimer m_lastRemembered;
    bool m_signedIn = false;
    int m_cacheSelection = 0; // the latest selectCache() answers; earlier ones are stale
    bool m_startAfterSelection = false; // signed in: feed and boards start once a cache is chosen
};
