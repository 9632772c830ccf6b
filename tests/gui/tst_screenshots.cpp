// Runs the console on a real X server (Xvfb, started by scripts/test) and saves screenshots of
// the main window at 1280×800 and 1920×1080 in light and dark, and of the connection dialog,
// into $ASTRALIS_SCREENSHOT_DIR — for people to look at. The checks catch blank or broken frames.

#include "BoardScreen.h"
#include "ConnectionController.h"
#include "ConnectionDialog.h"
#include "ConsoleSession.h"
#include "DatabaseService.h"
#include "MainWindow.h"
#include "PgCluster.h"
#include "Theme.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QScreen>
#include <QSet>
#include <QSettings>
#include <QSqlDatabase>
#include <QTest>
#include <QToolButton>

namespace {

const QString kPassword = QStringLiteral("shot-pass-2");

int distinctColors(const QImage& image)
{
    QSet<QRgb> colors;
    for (int y = 0; y < image.height(); y += 3) {
        for (int x = 0; x < image.width(); x += 3)
            colors.insert(image.pixel(x, y));
    }
    return colors.size();
}

} // namespace

class TestScreenshots : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void mainWindow_data();
    void mainWindow();
    void connectionDialog();
    void boardWithTasksAndSwimlanes();

private:
    QImage grab(QWidget* widget);
    QString m_dir;
    PgCluster* m_pg = nullptr;
    QString m_database;
    QString m_login;
};

void TestScreenshots::initTestCase()
{
    QCOMPARE(QGuiApplication::platformName(), QStringLiteral("xcb"));
    m_dir = qEnvironmentVariable("ASTRALIS_SCREENSHOT_DIR");
    QVERIFY(!m_dir.isEmpty());
    QVERIFY(QDir().mkpath(m_dir));
    m_pg = &PgCluster::instance();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    // The demo organization, so the screenshots show a real board.
    const PgCluster::DemoDatabase demo = m_pg->createDemoDatabase(QStringLiteral("shots"), 120, kPassword);
    QVERIFY2(demo.error.isEmpty(), qPrintable(demo.error));
    m_database = demo.database;
    m_login = demo.login;
}

QImage TestScreenshots::grab(QWidget* widget)
{
    // What the X server shows, decorations aside: the real composited frame.
    QTest::qWait(300);
    return widget->screen()->grabWindow(widget->winId()).toImage();
}

void TestScreenshots::mainWindow_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<QString>("theme");
    QTest::newRow("1280x800-light") << QSize(1280, 800) << QStringLiteral("light");
    QTest::newRow("1280x800-dark") << QSize(1280, 800) << QStringLiteral("dark");
    QTest::newRow("1920x1080-light") << QSize(1920, 1080) << QStringLiteral("light");
    QTest::newRow("1920x1080-dark") << QSize(1920, 1080) << QStringLiteral("dark");
}

void TestScreenshots::mainWindow()
{
    QFETCH(QSize, size);
    QFETCH(QString, theme);
    QSettings().clear();
    Theme::apply(qobject_cast<QApplication*>(QCoreApplication::instance()), Theme::modeFromString(theme));
    ConsoleSession session;
    MainWindow* window = session.window();
    window->setGeometry(QRect(QPoint(0, 0), size));
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    session.connections()->start(m_pg->tcpUrl(m_login, kPassword, m_database));
    QTRY_COMPARE_WITH_TIMEOUT(session.database()->state(), DatabaseService::State::Online, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(!session.boardScreen()->columns().isEmpty(), 15000);
    QTest::keyClick(window, Qt::Key_1, Qt::ControlModifier);

    const QImage image = grab(window);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), size);
    QVERIFY(image.save(
        QStringLiteral("%1/mainwindow-%2.png").arg(m_dir, QString::fromLatin1(QTest::currentDataTag()))));

    // Text, icons and tints: a real frame has many colours; a blank or black one has few.
    QVERIFY2(distinctColors(image) > 40, qPrintable(QString::number(distinctColors(image))));
    // Sidebar and content are distinguishable, and the theme is the one asked for.
    const QColor sidebar = image.pixel(20, size.height() / 2);
    // The content margin left of the board (the board itself is tinted like the sidebar).
    const QColor content = image.pixel(242, size.height() / 2);
    QVERIFY(sidebar != content);
    QCOMPARE(content.lightness() < 128, theme == QLatin1String("dark"));
    auto* state = window->findChild<QLabel*>(QStringLiteral("connectionStateLabel"));
    QCOMPARE(state->text(), QStringLiteral("Online"));
}

void TestScreenshots::connectionDialog()
{
    QSettings().clear();
    Theme::apply(qobject_cast<QApplication*>(QCoreApplication::instance()), Theme::Mode::Light);
    ConsoleSession session;
    MainWindow* window = session.window();
    window->setGeometry(0, 0, 1280, 800);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    session.connections()->start(QStringLiteral("postgresql://jane@127.0.0.1:1/astralis"));
    QTRY_VERIFY_WITH_TIMEOUT(session.connections()->dialog() && session.connections()->dialog()->isVisible(),
                             15000);
    ConnectionDialog* dialog = session.connections()->dialog();
    QTRY_VERIFY(!dialog->findChild<QWidget*>(QStringLiteral("errorFrame"))->isHidden());
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    const QImage image = grab(dialog);
    QVERIFY(!image.isNull());
    QVERIFY(image.save(m_dir + QStringLiteral("/connection-dialog-error.png")));
    QVERIFY(distinctColors(image) > 20);
    const QImage whole = window->screen()->grabWindow(0).toImage();
    QVERIFY(whole.save(m_dir + QStringLiteral("/screen-with-dialog.png")));
}

void TestScreenshots::boardWithTasksAndSwimlanes()
{
    QSettings().clear();
    Theme::apply(qobject_cast<QApplication*>(QCoreApplication::instance()), Theme::Mode::Light);
    ConsoleSession session;
    MainWindow* window = session.window();
    window->setGeometry(0, 0, 1920, 1080);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    session.connections()->start(m_pg->tcpUrl(m_login, kPassword, m_database));
    QTRY_VERIFY_WITH_TIMEOUT(!session.boardScreen()->columns().isEmpty(), 15000);
    auto* tasks = session.boardScreen()->findChild<QToolButton*>(QStringLiteral("sidePanelToggleButton"));
    QVERIFY(tasks);
    tasks->click();
    auto* lanes = session.boardScreen()->findChild<QComboBox*>(QStringLiteral("swimlaneComboBox"));
    QVERIFY(lanes);
    lanes->setCurrentIndex(2); // by priority
    QTRY_VERIFY(session.boardScreen()->findChild<QWidget*>(QStringLiteral("taskPanel"))->isVisible());
    QTest::qWait(800); // tasks and lanes load
    const QImage image = grab(window);
    QVERIFY(image.save(m_dir + QStringLiteral("/board-tasks-swimlanes.png")));
    QVERIFY(distinctColors(image) > 40);
}

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
