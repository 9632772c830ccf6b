#include "ConnectionController.h"

#include "ConnectionDialog.h"
#include "ConnectionUrl.h"
#include "DatabaseService.h"
#include "EmbeddedCluster.h"
#include "MainWindow.h"
#include "OfflineStore.h"
#include "SecretStore.h"
#include "SessionCheck.h"

#include <QProgressDialog>
#include <QTimer>

ConnectionController::ConnectionController(DatabaseService* database, SecretStore* secrets,
                                           ConnectionProfileStore* profiles, MainWindow* window)
    : QObject(window)
    , m_database(database)
    , m_secrets(secrets)
    , m_profiles(profiles)
    , m_window(window)
{
    connect(m_database, &DatabaseService::connected, this, &ConnectionController::onConnected);
    connect(m_database, &DatabaseService::connectFailed, this, &ConnectionController::onConnectFailed);
    connect(m_window, &MainWindow::connectRequested, this, [this] { openDialog(); });
    connect(m_window, &MainWindow::disconnectRequested, this, [this] {
        m_retryTimer->stop();
        m_offline = false;
        m_database->disconnectFromServer();
    });
    m_retryTimer = new QTimer(this);
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, [this] {
        if (m_offline)
            connectWith(m_pendingProfile, m_retrySettings, m_pendingRemember);
    });
}

bool ConnectionController::isTransient(ConnectErrorCode code)
{
    switch (code) {
    case ConnectErrorCode::HostUnknown:
    case ConnectErrorCode::HostUnreachable:
    case ConnectErrorCode::Timeout:
    case ConnectErrorCode::ServerBusy:
        return true;
    default:
        return false;
    }
}

void ConnectionController::start(const QString& urlOverride, const QString& profileName)
{
    if (!urlOverride.isEmpty()) {
        const UrlParseResult parsed = ConnectionUrl::parse(urlOverride);
        if (!parsed.ok) {
            openDialog();
            m_dialog->showError(ConnectErrors::title(ConnectErrorCode::MalformedUrl), parsed.error);
            return;
        }
        // Used as given and never saved: an empty profile URL marks it ad hoc.
        connectWith(ConnectionProfile(), parsed.settings, false);
        return;
    }

    ConnectionProfile profile;
    for (const ConnectionProfile& p : m_profiles->profiles()) {
        if (profileName.isEmpty() ? p.id == m_profiles->lastUsedId()
                                  : (p.id == profileName || p.name == profileName)) {
            profile = p;
            break;
        }
    }
    if (profile.id.isEmpty()) {
        openDialog(profileName.isEmpty() ? QString()
                                         : tr("There is no saved connection named \"%1\".").arg(profileName));
        return;
    }
    const UrlParseResult parsed = ConnectionUrl::parse(profile.url);
    if (!parsed.ok) {
        openDialog();
        m_dialog->selectProfile(profile.id);
        m_dialog->showError(ConnectErrors::title(ConnectErrorCode::MalformedUrl), parsed.error);
        return;
    }
    if (!profile.rememberPassword) {
        openDialog(tr("Enter the password for %1.").arg(parsed.settings.displayName()));
        m_dialog->selectProfile(profile.id);
        return;
    }
    m_secrets->read(parsed.settings.secretKey(), this,
                    [this, profile, parsed](const SecretStore::Result& result) {
                        ConnectionSettings settings = parsed.settings;
                        switch (result.status) {
                        case SecretStore::Status::Ok:
                            settings.password = result.value;
                            connectWith(profile, settings, true);
                            return;
                        case SecretStore::Status::NotFound:
                            // Socket and trust logins need no password: try without, ask only if refused.
                            connectWith(profile, settings, true);
                            return;
                        case SecretStore::Status::Unavailable:
                        case SecretStore::Status::Denied:
                        case SecretStore::Status::Failed:
                            m_keychainUnavailable = result.status == SecretStore::Status::Unavailable;
                            m_keychainReason = result.detail;
                            openDialog(keychainNotice(result.detail));
                            m_dialog->selectProfile(profile.id);
                            return;
                        }
                    });
}

QString ConnectionController::keychainNotice(const QString& reason) const
{
    return tr("No system keychain is available (%1), so the password cannot be saved safely. It is "
              "never written to disk in plain text: enter it each session.")
        .arg(reason.isEmpty() ? tr("no Secret Service") : reason);
}

void ConnectionController::startDemo()
{
    if (!m_cluster)
        m_cluster = new EmbeddedCluster(QString(), this);
    if (m_dialog)
        m_dialog->setBusy(true);
    m_progress = new QProgressDialog(tr("Starting the local demo workspace…"), tr("Cancel"), 0, 0, m_window);
    m_progress->setObjectName(QStringLiteral("demoProgressDialog"));
    m_progress->setWindowTitle(tr("Demo workspace"));
    m_progress->setAttribute(Qt::WA_DeleteOnClose);
    m_progress->setMinimumDuration(400); // a warm start needs no dialog
    connect(m_cluster, &EmbeddedCluster::progress, m_progress, &QProgressDialog::setLabelText);
    connect(m_progress, &QProgressDialog::canceled, m_cluster, &EmbeddedCluster::cancel);
    m_cluster->start([this](const EmbeddedCluster::Result& result) {
        const bool cancelled = m_progress && m_progress->wasCanceled();
        if (m_progress)
            m_progress->close();
        if (cancelled) {
            if (m_dialog)
                m_dialog->setBusy(false);
            else
                openDialog();
            return;
        }
        if (!result.ok) {
            openDialog();
            m_dialog->setBusy(false);
            m_dialog->showError(tr("The demo workspace could not start"), result.error);
            return;
        }
        if (!result.notice.isEmpty())
            emit message(result.notice);
        connectWith(ConnectionProfile(), result.settings, false);
    });
}

void ConnectionController::openDialog(const QString& notice)
{
    if (!m_dialog) {
        m_dialog = new ConnectionDialog(m_profiles, m_window);
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_dialog, &ConnectionDialog::connectRequested, this, &ConnectionController::connectWith);
        connect(m_dialog, &ConnectionDialog::demoRequested, this, &ConnectionController::startDemo);
        connect(m_dialog, &QDialog::rejected, this, [this] {
            // Cancel while connecting abandons the attempt: it must not sign in afterwards.
            if (m_attemptInFlight) {
                m_attemptInFlight = false;
                m_pendingSettings.password.clear();
                m_database->disconnectFromServer();
            }
            if (m_cluster)
                m_cluster->cancel();
        });
    }
    m_dialog->setNotice(
        !notice.isEmpty() ? notice : (m_keychainUnavailable ? keychainNotice(m_keychainReason) : QString()));
    // Window-modal, never exec(): the event loop keeps running (heartbeat, repaint, tests).
    m_dialog->open();
    m_dialog->raise();
    m_dialog->activateWindow();
}

void ConnectionController::connectWith(const ConnectionProfile& profile, const ConnectionSettings& settings,
                                       bool remember)
{
    m_pendingProfile = profile;
    m_pendingSettings = settings;
    m_pendingRemember = remember;
    m_attemptInFlight = true;
    if (m_dialog)
        m_dialog->setBusy(true);
    m_database->connectTo(settings);
}

void ConnectionController::onConnected()
{
    if (!m_attemptInFlight)
        return; // a reconnect after a dropped connection: same login, nothing to check or save
    // Connected; now: is this an Astralis database, and who is this login?
    m_database->checkSession(this, [this](const SessionCheckResult& check) {
        if (check.connectionLost)
            return; // dropped while checking: the worker reconnects and connected() asks again
        if (check.error.isError()) {
            m_database->disconnectFromServer();
            onConnectFailed(check.error);
            return;
        }
        SessionInfo session = m_database->session();
        session.userDisplayName = check.userName;
        session.userEmail = check.email;
        session.appRole = check.appRole;
        session.organizationId = check.organizationId;
        session.organizationName = check.organizationName;
        session.databaseNewer = !check.newerMigrations.isEmpty();
        m_database->setIdentity(session);
        if (session.databaseNewer)
            emit message(tr("The database is newer than this console (%1). Everything known here works; "
                            "update the console for the newest features.")
                             .arg(check.newerMigrations.join(QStringLiteral(", "))));
        signedIn();
    });
}

void ConnectionController::signedIn()
{
    m_attemptInFlight = false;
    m_offline = false;
    m_retryTimer->stop();
    m_retryBackoff.reset();
    m_retrySettings.password.clear();
    if (!m_pendingProfile.url.isEmpty()) {
        // Saved only once it worked, so a typo never becomes a profile.
        const ConnectionProfile saved = m_profiles->save(m_pendingProfile);
        m_profiles->markUsed(saved.id);
        storePassword(m_pendingSettings, m_pendingRemember);
    }
    m_pendingSettings.password.clear();
    if (m_dialog) {
        m_dialog->setBusy(false);
        m_dialog->accept();
    }
    emit signedInChanged();
}

void ConnectionController::storePassword(const ConnectionSettings& settings, bool remember)
{
    const QString key = settings.secretKey();
    if (!remember) {
        m_secrets->remove(key, this, [](const SecretStore::Result&) {});
        return;
    }
    if (settings.password.isEmpty() || m_keychainUnavailable)
        return;
    m_secrets->write(key, settings.password, this, [this](const SecretStore::Result& result) {
        if (result.ok())
            return;
        m_keychainUnavailable = result.status == SecretStore::Status::Unavailable;
        m_keychainReason = result.detail;
        emit message(tr("The password could not be saved in the keychain (%1); you will be asked for it "
                        "next time.")
                         .arg(result.detail));
    });
}

void ConnectionController::onConnectFailed(const ConnectError& error)
{
    const bool wasAttempt = m_attemptInFlight;
    m_attemptInFlight = false;
    // A server this computer has worked with is down or out of reach: work from its cache and
    // keep trying, rather than stopping the person at a dialog.
    const bool dialogOpen = m_dialog && m_dialog->isVisible();
    if (wasAttempt && !dialogOpen && isTransient(error.code)
        && (m_offline || OfflineStore::hasCache(m_pendingSettings))) {
        if (!m_offline) {
            m_offline = true;
            m_retrySettings = m_pendingSettings;
            emit offlineSignIn(m_pendingSettings);
        }
        m_pendingSettings.password.clear();
        m_retryTimer->start(m_retryBackoff.nextDelayMs());
        return;
    }
    m_offline = false;
    m_retrySettings.password.clear();
    const bool dialogWasOpen = m_dialog && m_dialog->isVisible();
    openDialog();
    // Keep what the person typed; an automatic sign-in shows what it tried, so nothing is lost.
    if (wasAttempt && !dialogWasOpen) {
        if (!m_pendingProfile.id.isEmpty()) {
            m_dialog->selectProfile(m_pendingProfile.id);
        } else {
            m_dialog->setUrl(m_pendingSettings.toUrl(false));
            m_dialog->setPassword(m_pendingSettings.password);
        }
    }
    m_pendingSettings.password.clear();
    m_dialog->setBusy(false);
    m_dialog->showError(ConnectErrors::title(error.code),
                        ConnectErrors::describe(error, m_database->settings()));
}
