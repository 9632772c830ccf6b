#include "ConsoleSession.h"

#include "BoardController.h"
#include "BoardScreen.h"
#include "BoardService.h"
#include "CacheFiles.h"
#include "CardEditorDialog.h"
#include "ChangeFeed.h"
#include "ChangeText.h"
#include "ConnectionController.h"
#include "ConnectionProfileStore.h"
#include "ConnectionStatusWidget.h"
#include "DatabaseService.h"
#include "MainWindow.h"
#include "OfflineBanner.h"
#include "OfflineStore.h"
#include "PreferencesDialog.h"
#include "ScreenCatalog.h"
#include "SecretStore.h"
#include "SyncDialog.h"
#include "SyncService.h"
#include "SyncStatusButton.h"
#include "TaskPanel.h"
#include "TaskService.h"

#include <QDateTime>
#include <QStatusBar>

ConsoleSession::ConsoleSession()
    : ConsoleSession(Options())
{ }

ConsoleSession::ConsoleSession(const Options& options)
    : m_profiles(std::make_unique<ConnectionProfileStore>(&m_settings))
    , m_database(std::make_unique<DatabaseService>(nullptr, options.heartbeatMs))
    , m_secrets(std::make_unique<SecretStore>(nullptr, QStringLiteral("astralis-console"),
                                              options.keychainTimeoutMs))
    , m_feed(std::make_unique<ChangeFeed>(m_database.get(), nullptr, options.changePollMs))
    , m_store(std::make_unique<OfflineStore>())
    , m_sync(std::make_unique<SyncService>(m_database.get(), m_store.get()))
    , m_window(std::make_unique<MainWindow>(m_database.get()))
{
    m_controller
        = new ConnectionController(m_database.get(), m_secrets.get(), m_profiles.get(), m_window.get());
    MainWindow* window = m_window.get();
    connect(m_controller, &ConnectionController::message, window,
            [window](const QString& text) { window->statusBar()->showMessage(text, 10000); });
    m_boardService = new BoardService(m_database.get(), m_feed.get(), m_store.get(), m_sync.get(), this);
    m_boards = new BoardController(m_boardService, window);
    m_boardScreen = new BoardScreen(m_boards);
    window->setScreenWidget(int(ScreenId::Boards), m_boardScreen);
    connect(m_boardScreen, &BoardScreen::editRequested, window, [this, window](const QString& id) {
        if (!m_boards->hasItem(id))
            return;
        auto* editor = new CardEditorDialog(m_boards, id, window);
        editor->open(); // window-modal, deletes itself on close
    });
    // My cards: the signed-in person's open cards in every pipeline, read on the database thread.
    connect(m_boardScreen, &BoardScreen::myCardsRequested, m_boardScreen, [this] {
        m_boardService->myItems(m_boardScreen, [this](const Answer<QList<PipelineItem>>& answer) {
            if (answer.ok())
                m_boardScreen->showMyCards(answer.value);
        });
    });
    // The open pipeline's tasks, beside the board.
    m_tasks = new TaskPanel(new TaskService(m_database.get(), m_store.get(), m_sync.get(), this));
    m_boardScreen->setSidePanel(m_tasks, tr("Tasks"));
    connect(m_boards, &BoardController::boardLoaded, m_tasks,
            [this] { m_tasks->setPipeline(m_boards->board().pipeline.id); });
    // Signed in (and checked): start the live feed once, then open the boards.
    connect(m_controller, &ConnectionController::signedInChanged, m_boards, [this] {
        m_window->connectionStatus()->setWorkingOffline(false);
        m_signedIn = true;
        selectCache(true);
    });
    setUpOffline();
    m_database->watchNetwork();
    connect(window, &MainWindow::preferencesRequested, window, [window] {
        auto* dialog = new PreferencesDialog(window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
}

void ConsoleSession::setUpOffline()
{
    MainWindow* window = m_window.get();
    m_banner = new OfflineBanner(m_database.get(), window);
    window->setBanner(m_banner);
    auto* syncButton = new SyncStatusButton(m_store.get(), m_database.get(), window);
    window->addStatusWidget(syncButton);
    connect(syncButton, &QToolButton::clicked, this, &ConsoleSession::openSyncPanel);

    // A cold start while the server is out of reach: the last known data, said so plainly.
    connect(
        m_controller, &ConnectionController::offlineSignIn, this, [this](const ConnectionSettings& settings) {
            m_store->openLastUsed(settings);
            m_store->lastOnline(m_banner, [this](const QDateTime& since) {
                m_banner->showOffline(since.isValid() ? since.toLocalTime() : QDateTime::currentDateTime());
            });
            m_boards->refreshPipelines();
        });
    // When this computer was last in touch with the server: the banner's "offline since".
    connect(m_database.get(), &DatabaseService::connectionLost, this, [this] { rememberOnline(true); });
    connect(m_sync.get(), &SyncService::passFinished, this, [this](const SyncEngine::Summary& summary) {
        if (summary.otherDatabase) {
            // The address leads to another database than the open cache's: the replay refused
            // it; the cache of this one takes over.
            m_window->statusBar()->showMessage(summary.error, 30000);
            selectCache(false);
            return;
        }
        if (m_database->isOnline())
            rememberOnline();
    });
    // Back after a dropped connection: the same address may lead to another server now (an SSH
    // tunnel switched over, a database restored). Asked before the change feed's catch-up,
    // which is queued after this (DatabaseService signals stateChanged before connected).
    connect(m_database.get(), &DatabaseService::stateChanged, this, [this](DatabaseService::State state) {
        if (state == DatabaseService::State::Online && m_signedIn)
            selectCache(false);
    });
}

void ConsoleSession::selectCache(bool firstSignIn)
{
    const int selection = ++m_cacheSelection;
    const ConnectionSettings settings = m_database->settings();
    // Survives a newer selection overtaking this one: whichever answers last starts.
    m_startAfterSelection = m_startAfterSelection || firstSignIn;
    const auto started = [this] {
        if (!m_startAfterSelection)
            return false;
        m_startAfterSelection = false;
        rememberOnline(true);
        if (!m_feed->isReady())
            m_feed->start();
        m_boards->refreshPipelines();
        return true;
    };
    m_sync->chooseCache(this, settings, [this, selection, settings, started](const CacheChoice& choice) {
        if (selection != m_cacheSelection)
            return; // a newer connection asked again
        if (!choice.ok()) {
            // Offline again: the next connection asks again (and starts then).
            if (choice.error.code == OfflineError::Code::Offline
                || choice.error.code == OfflineError::Code::ConnectionLost)
                return;
            // The console works without the cache; the replay refuses the one that is open.
            m_window->statusBar()->showMessage(
                tr("The local cache cannot be used with this database: %1").arg(choice.error.detail), 30000);
            started();
            return;
        }
        if (choice.switched && choice.previousUnsent > 0)
            m_window->statusBar()->showMessage(
                tr("This cache belongs to another database (instance %1); its %n unsent change(s) stay "
                   "there and are not sent to this server.",
                   nullptr, choice.previousUnsent)
                    .arg(CacheFiles::shortInstance(choice.previousInstance)),
                30000);
        const bool other = m_store->path() != choice.path;
        // The outbox and the screens' rows from here on are this database's.
        m_store->open(choice.path, settings);
        if (!started() && other)
            m_boards->refreshPipelines();
    });
}

void ConsoleSession::rememberOnline(bool force)
{
    // A minute's precision is enough for "offline since": not an fsync for every replay pass.
    if (!force && m_lastRemembered.isValid() && m_lastRemembered.elapsed() < 60000)
        return;
    m_lastRemembered.start();
    m_store->setLastOnline(QDateTime::currentDateTimeUtc());
}

SyncDialog* ConsoleSession::syncPanel() const
{
    return m_syncDialog;
}

void ConsoleSession::openSyncPanel()
{
    if (m_syncDialog) {
        m_syncDialog->reload();
        m_syncDialog->raise();
        m_syncDialog->activateWindow();
        return;
    }
    m_syncDialog = new SyncDialog(m_store.get(), m_sync.get(), m_database.get(), ChangeText(m_boards),
                                  m_boards->board().pipeline.id, m_window.get());
    m_syncDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_syncDialog, &SyncDialog::decided, m_boards,
            [this](const QString& rowId) { m_boards->reloadFromCache({rowId}); });
    m_syncDialog->show();
}

ConsoleSession::~ConsoleSession()
{
    // The database connection closes first (while the demo server still runs), then the
    // window and its controllers, which stop the demo server.
    m_feed.reset();
    m_database.reset();
    m_window.reset();
}
