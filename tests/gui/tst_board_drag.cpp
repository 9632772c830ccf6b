// A real drag and drop on a real X server (Xvfb, started by scripts/test): xdotool presses the
// mouse on a card, drags it over another column and releases it, as a person would; the move
// must reach PostgreSQL.

#include "Await.h"
#include "BoardController.h"
#include "BoardScreen.h"
#include "BoardSession.h"
#include "ConnectionController.h"
#include "ConsoleSession.h"
#include "MainWindow.h"
#include "OfflineStore.h"
#include "PgCluster.h"
#include "StageColumn.h"
#include "StageItemModel.h"

#include <QApplication>
#include <QDir>
#include <QListView>
#include <QProcess>
#include <QSettings>
#include <QSqlDatabase>
#include <QStandardPaths>
#include <QTest>

namespace {

const QString kPassword = QStringLiteral("board-drag-pass-1");

} // namespace

class TestBoardDrag : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void realMouseDragMovesACard();

private:
    PgCluster* m_pg = nullptr;
    QString m_database;
    QString m_login;
};

void TestBoardDrag::initTestCase()
{
    QCOMPARE(QGuiApplication::platformName(), QStringLiteral("xcb"));
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("xdotool")).isEmpty(),
             "xdotool is missing (scripts/bootstrap)");
    m_pg = &PgCluster::instance();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    const PgCluster::DemoDatabase demo = m_pg->createDemoDatabase(QStringLiteral("boarddrag"), 60, kPassword);
    QVERIFY2(demo.error.isEmpty(), qPrintable(demo.error));
    m_database = demo.database;
    m_login = demo.login;
}

// One drag as a hand makes it: press on the card, small steps past the drag threshold, a pause
// over the target, release. xdotool runs beside the event loop, which QDrag's own loop needs.
static bool dragWithXdotool(const QPoint& start, const QPoint& end)
{
    QStringList steps = {QStringLiteral("mousemove"), QString::number(start.x()), QString::number(start.y()),
                         QStringLiteral("sleep"),     QStringLiteral("0.4"),      QStringLiteral("mousedown"),
                         QStringLiteral("1"),         QStringLiteral("sleep"),    QStringLiteral("0.4")};
    for (int k = 1; k <= 8; ++k) {
        const QPoint p = start + (end - start) * k / 8;
        steps << QStringLiteral("mousemove") << QString::number(p.x()) << QString::number(p.y())
              << QStringLiteral("sleep") << QStringLiteral("0.15");
    }
    steps << QStringLiteral("sleep") << QStringLiteral("0.6") << QStringLiteral("mouseup")
          << QStringLiteral("1");
    QProcess xdotool;
    xdotool.start(QStringLiteral("xdotool"), steps);
    return QTest::qWaitFor([&] { return xdotool.state() == QProcess::NotRunning; }, 20000)
        && xdotool.exitCode() == 0;
}

void TestBoardDrag::realMouseDragMovesACard()
{
    QSettings().clear();
    ConsoleSession session;
    MainWindow* window = session.window();
    window->setGeometry(0, 0, 1280, 800);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    window->activateWindow();
    session.connections()->start(m_pg->tcpUrl(m_login, kPassword, m_database));
    QTRY_VERIFY_WITH_TIMEOUT(!session.boardScreen()->columns().isEmpty(), 20000);
    // The layout is final once the server's board has replaced the cached one, the people list
    // (loaded after the board) fills its filter, and the cache thread has answered everything
    // (the status bar's sync button appears with it).
    QTRY_VERIFY_WITH_TIMEOUT(!session.boards()->isFromCache(), 20000);
    QVERIFY(waitForPeople(session.boardScreen()));
    QVERIFY(Await::storeIdle(session.offlineStore()));

    StageColumn* from = session.boardScreen()->columns().at(0);
    StageColumn* to = session.boardScreen()->columns().at(1);
    QVERIFY(from->model()->rowCount() > 0);
    const QString id = from->view()->model()->index(0, 0).data(StageItemModel::IdRole).toString();
    QPoint start;
    QPoint end;
    // Where the card and the target are now, and the X server agrees (the press must reach the
    // card, not a window that covers it); taken again before each attempt.
    const auto aim = [&] {
        QAbstractItemModel* shown = from->view()->model();
        QModelIndex index;
        for (int row = 0; row < shown->rowCount() && !index.isValid(); ++row) {
            if (shown->index(row, 0).data(StageItemModel::IdRole).toString() == id)
                index = shown->index(row, 0);
        }
        const QRect card = from->view()->visualRect(index);
        start = from->view()->viewport()->mapToGlobal(card.center());
        end = to->view()->viewport()->mapToGlobal(
            QPoint(to->view()->viewport()->width() / 2, to->view()->viewport()->height() - 20));
        return card.isValid() && from->view()->viewport()->rect().contains(card.center())
            && QApplication::widgetAt(start) == from->view()->viewport()
            && QApplication::widgetAt(end) == to->view()->viewport();
    };

    // A loaded CI machine can swallow the pointer's first steps before QDrag grabs it (seen once
    // in 2-core CI); a person would simply drag again. A second and third attempt keep the test
    // about drag and drop working, while a drag that never works still fails.
    bool moved = false;
    for (int attempt = 1; attempt <= 3 && !moved; ++attempt) {
        QTRY_VERIFY2_WITH_TIMEOUT(aim(), "the card or the target column is not where the pointer goes", 5000);
        QVERIFY2(dragWithXdotool(start, end), "xdotool failed");
        moved = QTest::qWaitFor([&] { return to->model()->rowOf(id) >= 0; }, 3000);
        if (!moved)
            qWarning("drag attempt %d did not move the card", attempt);
    }
    if (!moved) {
        const QString dir = qEnvironmentVariable("ASTRALIS_SCREENSHOT_DIR", QDir::tempPath());
        QDir().mkpath(dir);
        window->grab().save(dir + QStringLiteral("/board-drag-failed.png"));
    }
    QVERIFY2(moved, "three real drags did not move the card; see board-drag-failed.png");
    QTRY_COMPARE_WITH_TIMEOUT(
        m_pg->scalar(QStringLiteral("SELECT \"stageId\" FROM \"pipelineItem\" WHERE id = '%1'").arg(id),
                     m_database)
            .toString(),
        to->stage().id, 5000);
}

QTEST_MAIN(TestBoardDrag)
#include "tst_board_drag.moc"
