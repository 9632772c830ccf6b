#pragma once

#include "Backoff.h"
#include "ConnectError.h"
#include "ConnectionDialog.h"
#include "ConnectionProfileStore.h"
#include "ConnectionSettings.h"

#include <QObject>
#include <QPointer>

class QTimer;

class DatabaseService;
class EmbeddedCluster;
class QProgressDialog;
class MainWindow;
class SecretStore;

// Signs the console in: picks the last connection (or the one given on the command line),
// fetches its password from the keychain, connects, and falls back to the connection dialog
// with a specific message whenever something needs the person.
class ConnectionController : public QObject
{
    Q_OBJECT

public:
    ConnectionController(DatabaseService* database, SecretStore* secrets, ConnectionProfileStore* profiles,
                         MainWindow* window);

    // urlOverride: the console's --database-url (used as is, not saved).
    // profile: a saved profile's name or id; empty means the last used one.
    void start(const QString& urlOverride = {}, const QString& profile = {});
    void openDialog(const QString& notice = {});
    // The local demo workspace: a private PostgreSQL cluster, seeded once, signed in as the
    // demo staff login (row-level security applies as for anyone).
    void startDemo();
    bool isDemo() const { return m_cluster != nullptr; }
    ConnectionDialog* dialog() const { return m_dialog; }

signals:
    // For the status bar: transient messages such as "password saved in the keychain".
    void message(const QString& text);
    // Connected, checked and linked: the screens may load data.
    void signedInChanged();
    // The server cannot be reached, but this computer has worked with it before: the console
    // works from the local cache of that server and login while it keeps trying in the
    // background (no dialog in the way). `lastOnline` is empty when unknown.
    void offlineSignIn(const ConnectionSettings& settings);

private:
    void connectWith(const ConnectionProfile& profile, const ConnectionSettings& settings, bool remember);
    void onConnected();
    void signedIn();
    void onConnectFailed(const ConnectError& error);
    // Worth waiting for: the server is down, unreachable or busy (not a wrong password).
    static bool isTransient(ConnectErrorCode code);
    void storePassword(const ConnectionSettings& settings, bool remember);
    QString keychainNotice(const QString& reason) const;

    DatabaseService* m_database;
    SecretStore* m_secrets;
    ConnectionProfileStore* m_profiles;
    MainWindow* m_window;
    QPointer<ConnectionDialog> m_dialog;
    EmbeddedCluster* m_cluster = nullptr;
    QPointer<QProgressDialog> m_progress;

    // The attempt in flight. Its password is dropped as soon as the attempt ends.
    ConnectionProfile m_pendingProfile;
    ConnectionSettings m_pendingSettings;
    bool m_pendingRemember = false;
    bool m_attemptInFlight = false;
    bool m_keychainUnavailable = false;
    // Working offline from the cache: the attempt to repeat (password kept in memory only, as
    // the database thread keeps it for reconnects) and when.
    bool m_offline = false;
    ConnectionSettings m_retrySettings;
    QTimer* m_retryTimer = nullptr;
    Backoff m_retryBackoff{1000, 30000};
    QString m_keychainReason;
};
