// Runs the console on a real X server (Xvfb, started by scripts/test) and saves screenshots of
// the main window at 1280×800 and 1920×1080 in light and dark, and of the connection dialog,
// into $ASTRALIS_SCREENSHOT_DIR — for people to look at. The checks catch blank or broken frames.

#include "Await.h"
#include "BoardController.h"
#include "BoardScreen.h"
#include "BoardSession.h"
#include "ConnectionController.h"
#include "ConnectionDialog.h"
#include "ConsoleSession.h"
#include "DatabaseService.h"
#include "MainWindow.h"
#include "PgCluster.h"
#include "StageColumn.h"
#include "TaskPanel.h"
#include "Theme.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QHash>
#include <QLabel>
#include <QListView>
#include <QListWidget>
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

// The most frequent colour of an area: an empty list's background (or, in a list full of
// cards, the cards' fill).
QRgb dominantColor(const QImage& image, const QRect& area)
{
    QHash<QRgb, int> counts;
    const QRect r = area & image.rect();
    for (int y = r.top(); y <= r.bottom(); ++y) {
        for (int x = r.left(); x <= r.right(); ++x)
            ++counts[image.pixel(x, y)];
    }
    QRgb best = 0;
    int most = -1;
    for (auto it = counts.constBegin(); it != counts.constEnd(); ++it) {
        if (it.value() > most) {
            best = it.key();
            most = it.value();
        }
    }
    return best;
}

// The share of an area's pixels clearly unlike `background`: text, marks, a card's fill.
// A list painted without its rows (or not painted at all) shows nothing but its background.
double inkShare(const QImage& image, const QRect& area, QRgb background)
{
    const QRect r = area & image.rect();
    if (r.isEmpty())
        return 0;
    int ink = 0;
    for (int y = r.top(); y <= r.bottom(); ++y) {
        for (int x = r.left(); x <= r.right(); ++x) {
            const QRgb p = image.pixel(x, y);
            ink += qAbs(qRed(p) - qRed(background)) + qAbs(qGreen(p) - qGreen(background))
                    + qAbs(qBlue(p) - qBlue(background))
                > 48;
        }
    }
    return double(ink) / (r.width() * r.height());
}

// Checks, in a frame grabbed from `window`, every row of `view` that is wholly on screen: it
// has a size and its area is painted with content, not left as the list's background.
// Returns how many rows were checked; a failing one is described in *failure.
int checkRowsPainted(const QImage& image, QWidget* window, QAbstractItemView* view, QString* failure)
{
    QWidget* viewport = view->viewport();
    const QRect clip = viewport->visibleRegion().boundingRect();
    if (clip.isEmpty())
        return 0;
    const QRgb background = dominantColor(image, QRect(viewport->mapTo(window, clip.topLeft()), clip.size()));
    int checked = 0;
    for (int row = 0; row < view->model()->rowCount(); ++row) {
        const QRect rect = view->visualRect(view->model()->index(row, 0));
        if (rect.isEmpty()) {
            *failure = QStringLiteral("%1 row %2 has no size").arg(view->objectName()).arg(row);
            return checked;
        }
        if ((rect & clip) != rect)
            continue; // scrolled away or cut off
        const QRect inWindow(viewport->mapTo(window, rect.topLeft()), rect.size());
        const double share = inkShare(image, inWindow, background);
        if (share < 0.03) {
            *failure = QStringLiteral("%1 row %2 at (%3,%4 %5x%6) is blank: %7% painted")
                           .arg(view->objectName())
                           .arg(row)
                           .arg(inWindow.x())
                           .arg(inWindow.y())
                           .arg(inWindow.width())
                           .arg(inWindow.height())
                           .arg(share * 100, 0, 'f', 1);
            return checked;
        }
        ++checked;
    }
    return checked;
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
    // What the X server shows, decorations aside: the real composited frame. The layouts and
    // updates already asked for, then the whole window painted and sent to the X server now;
    // the grab is answered after that (one connection: the server keeps the order).
    QCoreApplication::sendPostedEvents();
    widget->repaint();
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
    // The server's board, its people and whatever the cache thread had to answer.
    QTRY_VERIFY_WITH_TIMEOUT(!session.boards()->isFromCache(), 15000);
    QVERIFY(waitForPeople(session.boardScreen()));
    QVERIFY(Await::storeIdle(session.offlineStore()));

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
    // The board is painted: its cards, not just the columns' backgrounds.
    int cards = 0;
    QString failure;
    for (StageColumn* column : session.boardScreen()->columns()) {
        QVERIFY(!column->geometry().isEmpty());
        cards += checkRowsPainted(image, window, column->view(), &failure);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }
    QVERIFY2(cards >= 3, qPrintable(QStringLiteral("%1 card(s) on screen").arg(cards)));
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
    auto* panel = session.boardScreen()->findChild<TaskPanel*>(QStringLiteral("taskPanel"));
    QVERIFY(panel);
    QTRY_VERIFY(panel->isVisible());
    // Tasks and lanes loaded: the server's board in lanes by priority, the pipeline's tasks
    // listed and counted, and nothing left for the cache thread.
    QTRY_VERIFY_WITH_TIMEOUT(!session.boards()->isFromCache(), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(session.boardScreen()->lanes().size() >= 2, 10000);
    auto* list = panel->findChild<QListWidget*>(QStringLiteral("taskListWidget"));
    auto* count = panel->findChild<QLabel*>(QStringLiteral("taskCountLabel"));
    QVERIFY(list && count);
    QTRY_VERIFY_WITH_TIMEOUT(!panel->tasks().isEmpty() && list->count() == panel->tasks().size()
                                 && !count->text().isEmpty(),
                             10000);
    QVERIFY(waitForPeople(session.boardScreen()));
    QVERIFY(Await::storeIdle(session.offlineStore()));

    const QImage image = grab(window);
    QVERIFY(image.save(m_dir + QStringLiteral("/board-tasks-swimlanes.png")));
    QVERIFY(distinctColors(image) > 40);

    // Really painted, with content: the lanes' cards and the panel's tasks each show more than
    // their list's background where they are laid out.
    QString failure;
    int cards = 0;
    for (const QList<StageColumn*>& lane : session.boardScreen()->lanes()) {
        for (StageColumn* column : lane) {
            QVERIFY(!column->geometry().isEmpty());
            cards += checkRowsPainted(image, window, column->view(), &failure);
            QVERIFY2(failure.isEmpty(), qPrintable(failure));
        }
    }
    QVERIFY2(cards >= 3, qPrintable(QStringLiteral("%1 card(s) on screen in the lanes").arg(cards)));
    QVERIFY(!panel->geometry().isEmpty());
    const int rows = checkRowsPainted(image, window, list, &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QVERIFY2(rows >= qMin(3, int(panel->tasks().size())),
             qPrintable(QStringLiteral("%1 task(s) on screen").arg(rows)));
}

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
