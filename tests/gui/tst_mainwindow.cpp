// The main window as a person uses it: every screen by its shortcut, the status bar through
// connect / drop / reconnect, geometry and last screen restored, light and dark palettes.

#include "ConnectionController.h"
#include "ConnectionStatusWidget.h"
#include "ConsoleSession.h"
#include "DatabaseService.h"
#include "MainWindow.h"
#include "PgCluster.h"
#include "ScreenCatalog.h"
#include "Theme.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QStackedWidget>
#include <QTest>

namespace {

const QString kPassword = QStringLiteral("window-pass-4");

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void everyScreenHasAShortcut();
    void sidebarClickShowsScreen();
    void statusBarFollowsTheConnection();
    void restoresGeometryAndLastScreen();
    void lightAndDarkPalettes();

private:
    PgCluster* m_pg = nullptr;
    PgCluster::Workspace m_workspace;
};

void TestMainWindow::initTestCase()
{
    m_pg = &PgCluster::instance();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    m_workspace = m_pg->createWorkspace(QStringLiteral("mwdb"), QStringLiteral("Acme Window Co"), kPassword);
    QVERIFY2(m_workspace.error.isEmpty(), qPrintable(m_workspace.error));
}

void TestMainWindow::init()
{
    QSettings().clear();
}

void TestMainWindow::everyScreenHasAShortcut()
{
    ConsoleSession session;
    MainWindow* window = session.window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    auto* stack = window->findChild<QStackedWidget*>(QStringLiteral("screenStack"));
    QVERIFY(stack);

    const auto& screens = ScreenCatalog::screens();
    QCOMPARE(screens.size(), 9);
    const QStringList expected
        = {QStringLiteral("Boards"),    QStringLiteral("Intake"),      QStringLiteral("Calendar"),
           QStringLiteral("Bookings"),  QStringLiteral("Documents"),   QStringLiteral("Orders"),
           QStringLiteral("Campaigns"), QStringLiteral("Engagements"), QStringLiteral("Data")};
    // Backwards, so every shortcut really changes the screen.
    for (int i = screens.size() - 1; i >= 0; --i) {
        QCOMPARE(screens.at(i).title, expected.at(i));
        QTest::keyClick(window, Qt::Key(Qt::Key_1 + i), Qt::ControlModifier);
        QTRY_COMPARE(window->currentScreen(), i);
        QWidget* current = stack->currentWidget();
        QCOMPARE(current->objectName(), screens.at(i).key + QStringLiteral("Screen"));
        // Built screens are themselves; unbuilt ones say so. Both show their real title.
        auto* notBuilt = current->findChild<QLabel*>(QStringLiteral("notBuiltLabel"));
        if (screens.at(i).id == ScreenId::Boards) {
            QVERIFY(!notBuilt);
            QVERIFY(current->findChild<QComboBox*>(QStringLiteral("pipelineComboBox")));
        } else {
            QVERIFY(notBuilt && notBuilt->isVisible());
        }
        QCOMPARE(current->findChild<QLabel*>(QStringLiteral("screenTitleLabel"))->text(), expected.at(i));
        auto* list = window->findChild<QListWidget*>(QStringLiteral("screenListWidget"));
        QCOMPARE(list->currentRow(), i);
    }
}

void TestMainWindow::sidebarClickShowsScreen()
{
    ConsoleSession session;
    MainWindow* window = session.window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    auto* list = window->findChild<QListWidget*>(QStringLiteral("screenListWidget"));
    const QRect rect = list->visualItemRect(list->item(4));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, rect.center());
    QTRY_COMPARE(window->currentScreenKey(), QStringLiteral("documents"));
}

void TestMainWindow::statusBarFollowsTheConnection()
{
    ConsoleSession::Options options;
    options.heartbeatMs = 300;
    ConsoleSession session(options);
    MainWindow* window = session.window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    auto* state = window->findChild<QLabel*>(QStringLiteral("connectionStateLabel"));
    auto* user = window->findChild<QLabel*>(QStringLiteral("signedInUserLabel"));
    auto* organization = window->findChild<QLabel*>(QStringLiteral("organizationLabel"));
    QVERIFY(state && user && organization);
    QCOMPARE(state->text(), QStringLiteral("Not connected"));
    QVERIFY(!user->isVisible());

    session.connections()->start(m_pg->tcpUrl(m_workspace.login, kPassword, m_workspace.database));
    QTRY_COMPARE_WITH_TIMEOUT(state->text(), QStringLiteral("Online"), 10000);
    QTRY_VERIFY(user->isVisible());
    // The Astralis user and organization the login is linked to, read through RLS.
    QTRY_COMPARE(user->text(),
                 QStringLiteral("Signed in as %1 (%2)").arg(m_workspace.userName, m_workspace.login));
    QCOMPARE(organization->text(), QStringLiteral("Organization: Acme Window Co"));
    QVERIFY(window->windowTitle().contains(QLatin1String("Acme Window Co")));

    QVERIFY(m_pg->terminateSessions(m_workspace.login) >= 1);
    QTRY_VERIFY_WITH_TIMEOUT(state->text().startsWith(QLatin1String("Offline")), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(state->text(), QStringLiteral("Online"), 10000);
    // Still the same person after the reconnect.
    QCOMPARE(organization->text(), QStringLiteral("Organization: Acme Window Co"));
}

void TestMainWindow::restoresGeometryAndLastScreen()
{
    QRect geometry;
    {
        ConsoleSession session;
        MainWindow* window = session.window();
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        window->setGeometry(40, 50, 1100, 700);
        QTest::keyClick(window, Qt::Key_6, Qt::ControlModifier);
        QTRY_COMPARE(window->currentScreenKey(), QStringLiteral("orders"));
        geometry = window->geometry();
        window->close();
    }
    ConsoleSession again;
    MainWindow* window = again.window();
    QCOMPARE(window->currentScreenKey(), QStringLiteral("orders"));
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QCOMPARE(window->size(), geometry.size());
}

void TestMainWindow::lightAndDarkPalettes()
{
    auto* app = qobject_cast<QApplication*>(QCoreApplication::instance());
    ConsoleSession session;
    MainWindow* window = session.window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    auto* sidebar = window->findChild<QWidget*>(QStringLiteral("sidebarWidget"));

    Theme::apply(app, Theme::Mode::Dark);
    QTRY_VERIFY(Theme::isDark(window->palette()));
    QVERIFY(sidebar->palette().color(QPalette::Window).lightness() < 60);
    const QImage dark = window->grab().toImage();

    Theme::apply(app, Theme::Mode::Light);
    QTRY_VERIFY(!Theme::isDark(window->palette()));
    QVERIFY(sidebar->palette().color(QPalette::Window).lightness() > 200);
    const QImage light = window->grab().toImage();

    // The content area really is painted differently (not just the palette object).
    const QPoint probe(window->width() - 20, window->height() / 2);
    QVERIFY(QColor(dark.pixel(probe)).lightness() < 80);
    QVERIFY(QColor(light.pixel(probe)).lightness() > 200);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
