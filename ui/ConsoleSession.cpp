#include "ConsoleSession.h"

#include "ConnectionController.h"
#include "ConnectionProfileStore.h"
#include "DatabaseService.h"
#include "MainWindow.h"
#include "PreferencesDialog.h"
#include "SecretStore.h"

#include <QStatusBar>

ConsoleSession::ConsoleSession()
    : ConsoleSession(Options())
{ }

ConsoleSession::ConsoleSession(const Options& options)
    : m_profiles(std::make_unique<ConnectionProfileStore>(&m_settings))
    , m_database(std::make_unique<DatabaseService>(nullptr, options.heartbeatMs))
    , m_secrets(std::make_unique<SecretStore>(nullptr, QStringLiteral("astralis-console"),
                                              options.keychainTimeoutMs))
    , m_window(std::make_unique<MainWindow>(m_database.get()))
{
    m_controller
        = new ConnectionController(m_database.get(), m_secrets.get(), m_profiles.get(), m_window.get());
    MainWindow* window = m_window.get();
    connect(m_controller, &ConnectionController::message, window,
            [window](const QString& text) { window->statusBar()->showMessage(text, 10000); });
    connect(window, &MainWindow::preferencesRequested, window, [window] {
        auto* dialog = new PreferencesDialog(window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
}

ConsoleSession::~ConsoleSession()
{
    // The window (and the controller it owns) goes before the services it points at.
    m_window.reset();
}
