// Swimlanes on the Boards screen, signed in to a seeded demo database as a staff login: lanes
// by priority and by assignee hold exactly the cards SQL counts, a drop into another lane
// of another stage changes both the stage and the lane's value, and "No swimlanes" brings
// back the plain columns.

#include "BoardController.h"
#include "BoardScreen.h"
#include "BoardSession.h"
#include "ConnectionController.h"
#include "ConsoleSession.h"
#include "MainWindow.h"
#include "PgCluster.h"
#include "ScreenCatalog.h"
#include "StageColumn.h"
#include "StageItemModel.h"

#include <QComboBox>
#include <QLabel>
#include <QListView>
#include <QMimeData>
#include <QScrollArea>
#include <QSettings>
#include <QTest>

#include <memory>

namespace {

const QString kPassword = QStringLiteral("swimlanes-pass-1");

int laneCount(const QList<StageColumn*>& lane)
{
    int count = 0;
    for (StageColumn* column : lane)
        count += column->laneCount();
    return count;
}

} // namespace

class TestSwimlanes : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void lanesByPriorityMatchSql();
    void lanesByAssigneeMatchSql();
    void dropIntoAnotherLaneChangesStageAndPriority();
    void noSwimlanesRestoresThePlainColumns();

private:
    std::unique_ptr<ConsoleSession> signIn();
    QString scalar(const QString& sql) { return m_pg->scalar(sql, m_database).toString(); }
    int sqlCount(const QString& condition);
    static void setMode(BoardScreen* screen, BoardScreen::Swimlanes mode);

    PgCluster* m_pg = nullptr;
    QString m_database;
    QString m_login;
    QString m_pipelineId;
};

void TestSwimlanes::initTestCase()
{
    m_pg = &PgCluster::instance();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    const PgCluster::DemoDatabase demo
        = m_pg->createDemoDatabase(QStringLiteral("swimlanes"), 120, kPassword);
    QVERIFY2(demo.error.isEmpty(), qPrintable(demo.error));
    m_database = demo.database;
    m_login = demo.login;
}

std::unique_ptr<ConsoleSession> TestSwimlanes::signIn()
{
    auto session = openBoardSession(m_pg->tcpUrl(m_login, kPassword, m_database), QSize(1400, 900));
    if (!session || !waitForPeople(session->boardScreen()))
        return nullptr;
    m_pipelineId = session->boards()->board().pipeline.id;
    return session;
}

int TestSwimlanes::sqlCount(const QString& condition)
{
    return scalar(QStringLiteral(
                      "SELECT count(*) FROM \"pipelineItem\" i JOIN \"pipelineStage\" s ON s.id = "
                      "i.\"stageId\" WHERE s.\"pipelineId\" = '%1' AND i.\"deletedAt\" IS NULL AND (%2)")
                      .arg(m_pipelineId, condition))
        .toInt();
}

void TestSwimlanes::setMode(BoardScreen* screen, BoardScreen::Swimlanes mode)
{
    auto* combo = screen->findChild<QComboBox*>(QStringLiteral("swimlaneComboBox"));
    QVERIFY(combo);
    combo->setCurrentIndex(combo->findData(int(mode)));
    QCOMPARE(screen->swimlanes(), mode);
}

void TestSwimlanes::lanesByPriorityMatchSql()
{
    auto session = signIn();
    QVERIFY(session);
    BoardScreen* screen = session->boardScreen();
    QVERIFY(screen->lanes().isEmpty());
    setMode(screen, BoardScreen::Swimlanes::ByPriority);

    const QList<QList<StageColumn*>> lanes = screen->lanes();
    QCOMPARE(lanes.size(), 4);
    const QList<QLabel*> headers = screen->findChildren<QLabel*>(QStringLiteral("laneHeaderLabel"));
    QCOMPARE(headers.size(), 4);
    const QStringList names = {QStringLiteral("Urgent"), QStringLiteral("High"), QStringLiteral("Normal"),
                               QStringLiteral("No priority")};
    int total = 0;
    for (int i = 0; i < 4; ++i) {
        const int priority = 3 - i;
        QCOMPARE(lanes.at(i).size(), session->boards()->board().stages.size());
        QCOMPARE(lanes.at(i).first()->lane().priority, std::optional<int>(priority));
        const int expected = sqlCount(QStringLiteral("i.priority = %1").arg(priority));
        QCOMPARE(laneCount(lanes.at(i)), expected);
        int shown = 0;
        for (StageColumn* column : lanes.at(i))
            shown += column->view()->model()->rowCount();
        QCOMPARE(shown, expected);
        QVERIFY2(headers.at(i)->text().startsWith(names.at(i)), qPrintable(headers.at(i)->text()));
        QVERIFY2(headers.at(i)->text().contains(QString::number(expected)),
                 qPrintable(headers.at(i)->text()));
        total += expected;
    }
    QCOMPARE(total, sqlCount(QStringLiteral("true")));
    QVERIFY(screen->findChild<QScrollArea*>(QStringLiteral("boardLanesScrollArea"))->isVisible());
    QVERIFY(!screen->findChild<QScrollArea*>(QStringLiteral("boardScrollArea"))->isVisible());
    QCOMPARE(lanes.first().first()->view()->height(), 240);

    QCoreApplication::processEvents();
    QVERIFY(session->window()->grab().save(QStringLiteral("/tmp/swimlanes.png")));
}

void TestSwimlanes::lanesByAssigneeMatchSql()
{
    auto session = signIn();
    QVERIFY(session);
    BoardScreen* screen = session->boardScreen();
    setMode(screen, BoardScreen::Swimlanes::ByAssignee);

    const QList<QList<StageColumn*>> lanes = screen->lanes();
    const int assignees
        = scalar(QStringLiteral("SELECT count(DISTINCT i.\"assignedToId\") FROM \"pipelineItem\" i "
                                "JOIN \"pipelineStage\" s ON s.id = i.\"stageId\" WHERE "
                                "s.\"pipelineId\" = '%1' AND i.\"deletedAt\" IS NULL")
                     .arg(m_pipelineId))
              .toInt();
    QVERIFY(assignees > 1);
    QCOMPARE(lanes.size(), assignees + 1);
    const QList<QLabel*> headers = screen->findChildren<QLabel*>(QStringLiteral("laneHeaderLabel"));
    QCOMPARE(headers.size(), lanes.size());
    int total = 0;
    for (int i = 0; i < lanes.size(); ++i) {
        const std::optional<QString> assignee = lanes.at(i).first()->lane().assigneeId;
        QVERIFY(assignee.has_value());
        QCOMPARE(assignee->isEmpty(), i == lanes.size() - 1); // "Unassigned" last
        const int expected = assignee->isEmpty()
            ? sqlCount(QStringLiteral("i.\"assignedToId\" IS NULL"))
            : sqlCount(QStringLiteral("i.\"assignedToId\" = '%1'").arg(*assignee));
        QVERIFY(assignee->isEmpty() || expected > 0);
        QCOMPARE(laneCount(lanes.at(i)), expected);
        QVERIFY2(headers.at(i)->text().contains(QString::number(expected)),
                 qPrintable(headers.at(i)->text()));
        total += expected;
    }
    QCOMPARE(headers.last()->text().section(QStringLiteral(" · "), 0, 0), QStringLiteral("Unassigned"));
    QCOMPARE(total, sqlCount(QStringLiteral("true")));
}

void TestSwimlanes::dropIntoAnotherLaneChangesStageAndPriority()
{
    auto session = signIn();
    QVERIFY(session);
    BoardScreen* screen = session->boardScreen();
    setMode(screen, BoardScreen::Swimlanes::ByPriority);
    const QList<QList<StageColumn*>> lanes = screen->lanes();
    QCOMPARE(lanes.size(), 4);

    // A card of the first stage that is not urgent, dropped into the second stage's Urgent lane.
    StageColumn* from = nullptr;
    for (int lane = 1; lane < 4 && !from; ++lane) {
        if (lanes.at(lane).at(0)->view()->model()->rowCount() > 0)
            from = lanes.at(lane).at(0);
    }
    QVERIFY(from);
    StageColumn* to = lanes.at(0).at(1);
    QVERIFY(from->stage().id != to->stage().id);
    const QModelIndex source = from->view()->model()->index(0, 0);
    const QString id = source.data(StageItemModel::IdRole).toString();
    const int version
        = scalar(QStringLiteral("SELECT version FROM \"pipelineItem\" WHERE id = '%1'").arg(id)).toInt();
    QVERIFY(scalar(QStringLiteral("SELECT priority FROM \"pipelineItem\" WHERE id = '%1'").arg(id))
            != QStringLiteral("3"));
    const int urgentBefore = to->laneCount();

    std::unique_ptr<QMimeData> mime(
        from->model()->mimeData({from->model()->index(from->model()->rowOf(id))}));
    QWidget* viewport = to->view()->viewport();
    const QPoint at(viewport->width() / 2, viewport->height() - 5);
    QDragEnterEvent enter(at, Qt::MoveAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(viewport, &enter);
    QDragMoveEvent move(at, Qt::MoveAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(viewport, &move);
    QDropEvent drop(at, Qt::MoveAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(viewport, &drop);

    QTRY_COMPARE_WITH_TIMEOUT(
        scalar(QStringLiteral("SELECT \"stageId\" FROM \"pipelineItem\" WHERE id = '%1'").arg(id)),
        to->stage().id, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(
        scalar(QStringLiteral("SELECT priority FROM \"pipelineItem\" WHERE id = '%1'").arg(id)),
        QStringLiteral("3"), 5000);
    QTRY_COMPARE(
        scalar(QStringLiteral("SELECT version FROM \"pipelineItem\" WHERE id = '%1'").arg(id)).toInt(),
        version + 2);
    // On the board: in the Urgent lane of the second stage, and nowhere else.
    QTRY_VERIFY(screen->lanes().value(0).value(1) && screen->lanes().at(0).at(1)->shows(id));
    QCOMPARE(screen->lanes().at(0).at(1)->laneCount(), urgentBefore + 1);
    int showing = 0;
    for (const QList<StageColumn*>& lane : screen->lanes()) {
        for (StageColumn* column : lane)
            showing += column->shows(id) ? 1 : 0;
    }
    QCOMPARE(showing, 1);
}

void TestSwimlanes::noSwimlanesRestoresThePlainColumns()
{
    auto session = signIn();
    QVERIFY(session);
    BoardScreen* screen = session->boardScreen();
    const QList<StageColumn*> plain = screen->columns();
    setMode(screen, BoardScreen::Swimlanes::ByAssignee);
    QVERIFY(!screen->lanes().isEmpty());
    setMode(screen, BoardScreen::Swimlanes::ByPriority);
    QCOMPARE(screen->lanes().size(), 4);
    QCOMPARE(screen->columns(), plain);
    setMode(screen, BoardScreen::Swimlanes::None);
    QVERIFY(screen->lanes().isEmpty());
    QCOMPARE(screen->columns(), plain);
    QTRY_VERIFY(screen->findChildren<QLabel*>(QStringLiteral("laneHeaderLabel")).isEmpty());
    QVERIFY(screen->findChild<QScrollArea*>(QStringLiteral("boardScrollArea"))->isVisible());
    QVERIFY(!screen->findChild<QScrollArea*>(QStringLiteral("boardLanesScrollArea"))->isVisible());
    for (StageColumn* column : plain) {
        QCOMPARE(column->view()->model()->rowCount(), column->model()->rowCount());
        QVERIFY(!column->lane().isActive());
    }
}

QTEST_MAIN(TestSwimlanes)
#include "tst_swimlanes.moc"
