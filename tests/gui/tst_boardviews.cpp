// Working a big board, signed in to a seeded demo database as a staff login: the filters
// (text, assignee, priority, due date) show exactly the cards SQL counts, the table view
// shows the board's cards, bulk assignment and bulk moves of selected rows persist, and
// "My cards" lists the signed-in person's cards read-only.

#include "BoardController.h"
#include "BoardRepository.h"
#include "BoardScreen.h"
#include "BoardSession.h"
#include "CardTable.h"
#include "CardTableModel.h"
#include "ConnectionController.h"
#include "ConsoleSession.h"
#include "MainWindow.h"
#include "PgCluster.h"
#include "ScreenCatalog.h"
#include "StageColumn.h"
#include "StageItemModel.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStackedWidget>
#include <QTableView>
#include <QTest>
#include <QToolButton>

#include <memory>

namespace {

const QString kPassword = QStringLiteral("board-views-pass-1");

QString sqlList(const QStringList& ids)
{
    return QString(QStringLiteral("'") + ids.join(QStringLiteral("','")) + QStringLiteral("'"));
}

// "12 of 82 cards" → "12 of 82" ("card(s)" while no English plural forms are loaded).
QString summaryCount(const QLabel* summary)
{
    return summary->text().section(QStringLiteral(" card"), 0, 0);
}

} // namespace

class TestBoardViews : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void filtersShowWhatSqlCounts();
    void tableShowsTheBoardsCards();
    void bulkAssignOfThreeRowsPersists();
    void bulkMoveOfThreeRowsPersists();
    void myCardsAreListedReadOnly();

private:
    std::unique_ptr<ConsoleSession> signIn();
    QString scalar(const QString& sql) { return m_pg->scalar(sql, m_database).toString(); }
    // Cards of the open pipeline meeting an SQL condition on i (the item).
    int sqlCount(const QString& condition);
    static int visibleOnBoard(BoardScreen* screen);
    static void grab(BoardScreen* screen, const QString& name);
    void clickRows(QTableView* view, const QList<int>& rows);

    PgCluster* m_pg = nullptr;
    QString m_database;
    QString m_login;
    QString m_pipelineId;
    QDateTime m_now; // the screen's pinned clock
};

void TestBoardViews::initTestCase()
{
    m_pg = &PgCluster::instance();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    const PgCluster::DemoDatabase demo
        = m_pg->createDemoDatabase(QStringLiteral("boardviews"), 300, kPassword);
    QVERIFY2(demo.error.isEmpty(), qPrintable(demo.error));
    m_database = demo.database;
    m_login = demo.login;
    // Whole seconds: the same instant written into SQL below.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_now
        = QDateTime(now.date(), QTime(now.time().hour(), now.time().minute(), now.time().second()), Qt::UTC);
}

std::unique_ptr<ConsoleSession> TestBoardViews::signIn()
{
    auto session
        = openBoardSession(m_pg->tcpUrl(m_login, kPassword, m_database), QSize(1400, 800),
                           [now = m_now](BoardScreen* screen) { screen->setClock([now] { return now; }); });
    // The people, for the assignee filter and bulk assignment.
    if (!session || !waitForPeople(session->boardScreen()))
        return nullptr;
    m_pipelineId = session->boards()->board().pipeline.id;
    return session;
}

int TestBoardViews::sqlCount(const QString& condition)
{
    return scalar(QStringLiteral(
                      "SELECT count(*) FROM \"pipelineItem\" i JOIN \"pipelineStage\" s ON s.id = "
                      "i.\"stageId\" WHERE s.\"pipelineId\" = '%1' AND i.\"deletedAt\" IS NULL AND (%2)")
                      .arg(m_pipelineId, condition))
        .toInt();
}

int TestBoardViews::visibleOnBoard(BoardScreen* screen)
{
    int visible = 0;
    for (StageColumn* column : screen->columns()) {
        // What the column's list shows.
        if (column->view()->model()->rowCount() != column->visibleCount())
            return -1;
        visible += column->visibleCount();
    }
    return visible;
}

void TestBoardViews::grab(BoardScreen* screen, const QString& name)
{
    QCoreApplication::processEvents();
    const QString path = QStringLiteral("/tmp/boardviews-%1.png").arg(name);
    QVERIFY2(screen->grab().save(path), qPrintable(path));
}

void TestBoardViews::clickRows(QTableView* view, const QList<int>& rows)
{
    // A click on the first, Ctrl+click on the others, as a person picks rows.
    for (int i = 0; i < rows.size(); ++i) {
        const QModelIndex index = view->model()->index(rows.at(i), CardTableModel::Title);
        view->scrollTo(index);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, i == 0 ? Qt::NoModifier : Qt::ControlModifier,
                          view->visualRect(index).center());
    }
}

void TestBoardViews::filtersShowWhatSqlCounts()
{
    auto session = signIn();
    QVERIFY(session);
    BoardScreen* screen = session->boardScreen();
    auto* text = screen->findChild<QLineEdit*>(QStringLiteral("boardFilterLineEdit"));
    auto* assignee = screen->findChild<QComboBox*>(QStringLiteral("assigneeFilterComboBox"));
    auto* priority = screen->findChild<QComboBox*>(QStringLiteral("priorityFilterComboBox"));
    auto* due = screen->findChild<QComboBox*>(QStringLiteral("dueFilterComboBox"));
    auto* summary = screen->findChild<QLabel*>(QStringLiteral("boardSummaryLabel"));
    QVERIFY(text && assignee && priority && due && summary);
    const QStringList headersBefore = [&] {
        QStringList list;
        for (StageColumn* column : screen->columns())
            list << column->findChild<QLabel*>(QStringLiteral("stageHeaderLabel"))->text();
        return list;
    }();

    const int total = sqlCount(QStringLiteral("true"));
    QVERIFY(total > 50);
    QCOMPARE(visibleOnBoard(screen), total);
    QCOMPARE(summaryCount(summary), QString::number(total));

    const QString now = m_now.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    const QString today = m_now.date().toString(Qt::ISODate);
    // A word of the first card's title, for the text filter.
    QString word;
    for (const QString& part : session->boards()
                                   ->modelFor(session->boards()->board().stages.first().id)
                                   ->itemAt(0)
                                   .title.split(QLatin1Char(' '))) {
        if (part.size() > word.size() && part.size() >= 4
            && std::all_of(part.begin(), part.end(), [](QChar c) { return c.isLetter(); }))
            word = part;
    }
    QVERIFY(!word.isEmpty());
    // The person with the first card that has someone.
    QString personId;
    for (const PipelineStage& stage : session->boards()->board().stages) {
        for (const PipelineItem& item : session->boards()->modelFor(stage.id)->items()) {
            if (personId.isEmpty() && !item.assignedToId.isEmpty())
                personId = item.assignedToId;
        }
    }
    const int personIndex = assignee->findData(personId);
    QVERIFY(personIndex > 1);

    struct Case
    {
        const char* name;
        QString text;
        int assignee;
        int priority; // the combo's index: 0 any, 1 none, 2 normal, 3 high, 4 urgent
        int due; // 0 any, 1 overdue, 2 in 7 days, 3 none
        QString sql;
    };
    const QList<Case> cases = {
        {"priority high", {}, 0, 3, 0, QStringLiteral("i.priority = 2")},
        {"no priority", {}, 0, 1, 0, QStringLiteral("i.priority = 0")},
        {"unassigned", {}, 1, 0, 0, QStringLiteral("i.\"assignedToId\" IS NULL")},
        {"one person", {}, personIndex, 0, 0, QStringLiteral("i.\"assignedToId\" = '%1'").arg(personId)},
        {"overdue", {}, 0, 0, 1, QStringLiteral("i.\"dueDate\" < '%1'").arg(now)},
        {"due in 7 days",
         {},
         0,
         0,
         2,
         QStringLiteral("i.\"dueDate\" >= '%1' AND i.\"dueDate\"::date <= DATE '%2' + 7").arg(now, today)},
        {"no due date", {}, 0, 0, 3, QStringLiteral("i.\"dueDate\" IS NULL")},
        {"text", word, 0, 0, 0,
         QStringLiteral("i.title ILIKE '%%1%' OR coalesce(i.description, '') ILIKE '%%1%'").arg(word)},
        {"urgent and overdue",
         {},
         0,
         4,
         1,
         QStringLiteral("i.priority = 3 AND i.\"dueDate\" < '%1'").arg(now)},
        {"person, normal, in 7 days",
         {},
         personIndex,
         2,
         2,
         QStringLiteral("i.\"assignedToId\" = '%1' AND i.priority = 1 AND i.\"dueDate\" >= '%2' AND "
                        "i.\"dueDate\"::date <= DATE '%3' + 7")
             .arg(personId, now, today)},
    };
    int proper = 0; // cases that show some cards but not all
    for (const Case& c : cases) {
        text->setText(c.text);
        assignee->setCurrentIndex(c.assignee);
        priority->setCurrentIndex(c.priority);
        due->setCurrentIndex(c.due);
        const int expected = sqlCount(c.sql);
        const int shown = visibleOnBoard(screen);
        QVERIFY2(shown == expected,
                 qPrintable(QStringLiteral("%1: %2 shown, SQL counts %3")
                                .arg(QLatin1String(c.name))
                                .arg(shown)
                                .arg(expected)));
        QCOMPARE(summaryCount(summary), QStringLiteral("%1 of %2").arg(expected).arg(total));
        // (The table, built when shown, is checked with the same filter below.)
        if (expected > 0 && expected < total)
            ++proper;
        // The headers keep counting every card of their stage.
        for (int i = 0; i < screen->columns().size(); ++i) {
            QCOMPARE(screen->columns().at(i)->findChild<QLabel*>(QStringLiteral("stageHeaderLabel"))->text(),
                     headersBefore.at(i));
        }
    }
    QVERIFY(proper >= 8);

    // In the table view, the same filter and the same summary.
    priority->setCurrentIndex(3);
    text->clear();
    assignee->setCurrentIndex(0);
    due->setCurrentIndex(0);
    const int high = sqlCount(QStringLiteral("i.priority = 2"));
    grab(screen, QStringLiteral("board-filtered"));
    QTest::mouseClick(screen->findChild<QToolButton*>(QStringLiteral("tableViewButton")), Qt::LeftButton);
    auto* table = screen->findChild<QTableView*>(QStringLiteral("cardTableView"));
    QVERIFY(table->isVisible());
    QCOMPARE(table->model()->rowCount(), high);
    for (int row = 0; row < table->model()->rowCount(); ++row)
        QCOMPARE(table->model()->index(row, CardTableModel::Priority).data().toString(),
                 QStringLiteral("High"));
    QCOMPARE(summaryCount(summary), QStringLiteral("%1 of %2").arg(high).arg(total));
    grab(screen, QStringLiteral("table-filtered"));
    // Cleared: everything again.
    priority->setCurrentIndex(0);
    QCOMPARE(table->model()->rowCount(), total);
    QCOMPARE(summaryCount(summary), QString::number(total));
}

void TestBoardViews::tableShowsTheBoardsCards()
{
    auto session = signIn();
    QVERIFY(session);
    BoardScreen* screen = session->boardScreen();
    QCOMPARE(screen->currentView(), BoardScreen::View::Board); // the default
    auto* table = screen->findChild<QTableView*>(QStringLiteral("cardTableView"));
    QVERIFY(table);
    QVERIFY(!table->isVisible());
    QTest::mouseClick(screen->findChild<QToolButton*>(QStringLiteral("tableViewButton")), Qt::LeftButton);
    QCOMPARE(screen->currentView(), BoardScreen::View::Table);
    QVERIFY(table->isVisible());
    QVERIFY(!screen->columns().first()->isVisible());

    QSet<QString> onBoard;
    for (StageColumn* column : screen->columns()) {
        for (const PipelineItem& item : column->model()->items())
            onBoard.insert(item.id);
    }
    QSet<QString> inTable;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        inTable.insert(table->model()->index(row, 0).data(CardTableModel::IdRole).toString());
    QCOMPARE(inTable.size(), table->model()->rowCount());
    QCOMPARE(inTable, onBoard);
    QCOMPARE(table->model()->rowCount(), sqlCount(QStringLiteral("true")));

    // A row shows its card's stage, assignee and title as the board knows them.
    const QModelIndex first = table->model()->index(0, 0);
    const PipelineItem item = session->boards()->item(first.data(CardTableModel::IdRole).toString());
    QCOMPARE(first.data().toString(), item.title);
    QCOMPARE(first.siblingAtColumn(CardTableModel::Assignee).data().toString(), item.assigneeName);
    QCOMPARE(first.siblingAtColumn(CardTableModel::Stage).data().toString(),
             screen->columns().first()->stage().name);

    // Sorting by priority: most urgent first, with one click on the header twice.
    table->sortByColumn(CardTableModel::Priority, Qt::DescendingOrder);
    QCOMPARE(table->model()->index(0, CardTableModel::Priority).data().toString(), QStringLiteral("Urgent"));

    // Back to the board.
    QTest::mouseClick(screen->findChild<QToolButton*>(QStringLiteral("boardViewButton")), Qt::LeftButton);
    QCOMPARE(screen->currentView(), BoardScreen::View::Board);
    QVERIFY(screen->columns().first()->isVisible());
}

void TestBoardViews::bulkAssignOfThreeRowsPersists()
{
    auto session = signIn();
    QVERIFY(session);
    BoardScreen* screen = session->boardScreen();
    QTest::mouseClick(screen->findChild<QToolButton*>(QStringLiteral("tableViewButton")), Qt::LeftButton);
    auto* table = screen->findChild<QTableView*>(QStringLiteral("cardTableView"));
    auto* people = screen->findChild<QComboBox*>(QStringLiteral("bulkAssigneeComboBox"));
    auto* assign = screen->findChild<QPushButton*>(QStringLiteral("bulkAssignButton"));
    QVERIFY(table && people && assign);
    QVERIFY(!assign->isEnabled()); // nothing selected yet

    clickRows(table, {1, 3, 4});
    const QStringList ids = screen->cardTable()->selectedIds();
    QCOMPARE(ids.size(), 3);
    QVERIFY(assign->isEnabled());
    // Someone none of the three has yet.
    int person = -1;
    for (int i = 1; i < people->count() && person < 0; ++i) {
        const QString id = people->itemData(i).toString();
        if (std::none_of(ids.begin(), ids.end(), [&](const QString& card) {
                return session->boards()->item(card).assignedToId == id;
            }))
            person = i;
    }
    QVERIFY(person > 0);
    people->setCurrentIndex(person);
    const QString personId = people->currentData().toString();
    const QList<int> versions = [&] {
        QList<int> list;
        for (const QString& id : ids)
            list << session->boards()->item(id).version;
        return list;
    }();
    grab(screen, QStringLiteral("table-selected"));
    QTest::mouseClick(assign, Qt::LeftButton);

    QTRY_COMPARE_WITH_TIMEOUT(scalar(QStringLiteral("SELECT count(*) FROM \"pipelineItem\" WHERE id IN (%1) "
                                                    "AND \"assignedToId\" = '%2'")
                                         .arg(sqlList(ids), personId)),
                              QStringLiteral("3"), 5000);
    // Each written once, against the version shown.
    for (int i = 0; i < ids.size(); ++i) {
        QCOMPARE(
            scalar(QStringLiteral("SELECT version FROM \"pipelineItem\" WHERE id = '%1'").arg(ids.at(i))),
            QString::number(versions.at(i) + 1));
    }
    // The rows show the new assignee and are still the selection.
    QTRY_COMPARE(screen->cardTable()->selectedIds().size(), 3);
    for (const QModelIndex& row : table->selectionModel()->selectedRows(CardTableModel::Assignee))
        QTRY_COMPARE(row.data().toString(), people->itemText(person));
    const QStringList selected = screen->cardTable()->selectedIds();
    QCOMPARE(QSet<QString>(selected.begin(), selected.end()), QSet<QString>(ids.begin(), ids.end()));
    QVERIFY(!screen->findChild<QLabel*>(QStringLiteral("boardMessageLabel"))->isVisible());
}

void TestBoardViews::bulkMoveOfThreeRowsPersists()
{
    auto session = signIn();
    QVERIFY(session);
    BoardScreen* screen = session->boardScreen();
    QTest::mouseClick(screen->findChild<QToolButton*>(QStringLiteral("tableViewButton")), Qt::LeftButton);
    auto* table = screen->findChild<QTableView*>(QStringLiteral("cardTableView"));
    auto* stages = screen->findChild<QComboBox*>(QStringLiteral("bulkStageComboBox"));
    auto* move = screen->findChild<QPushButton*>(QStringLiteral("bulkMoveButton"));
    QVERIFY(table && stages && move);
    const QList<StageColumn*> columns = screen->columns();
    QVERIFY(columns.first()->model()->rowCount() >= 3);
    const int targetBefore = columns.last()->model()->rowCount();

    // Unsorted, the table starts with the first stage's cards.
    clickRows(table, {0, 1, 2});
    const QStringList ids = screen->cardTable()->selectedIds();
    QCOMPARE(ids.size(), 3);
    for (const QString& id : ids)
        QCOMPARE(session->boards()->item(id).stageId, columns.first()->stage().id);
    stages->setCurrentIndex(stages->findData(columns.last()->stage().id));
    QTest::mouseClick(move, Qt::LeftButton);

    // On the board at once, then in PostgreSQL.
    QCOMPARE(columns.last()->model()->rowCount(), targetBefore + 3);
    QTRY_COMPARE_WITH_TIMEOUT(scalar(QStringLiteral("SELECT count(*) FROM \"pipelineItem\" WHERE id IN (%1) "
                                                    "AND \"stageId\" = '%2'")
                                         .arg(sqlList(ids), columns.last()->stage().id)),
                              QStringLiteral("3"), 5000);
    // At the end of the target stage, in their order.
    for (int i = 0; i < 3; ++i)
        QCOMPARE(columns.last()->model()->itemAt(targetBefore + i).id, ids.at(i));
    // The table's rows were updated in place: still selected, showing the new stage.
    QTRY_COMPARE(
        session->boards()->item(ids.first()).version,
        scalar(QStringLiteral("SELECT version FROM \"pipelineItem\" WHERE id = '%1'").arg(ids.first()))
            .toInt());
    QCOMPARE(screen->cardTable()->selectedIds().size(), 3);
    for (const QModelIndex& row : table->selectionModel()->selectedRows(CardTableModel::Stage))
        QCOMPARE(row.data().toString(), columns.last()->stage().name);
    QCOMPARE(table->model()->rowCount(), sqlCount(QStringLiteral("true")));
}

void TestBoardViews::myCardsAreListedReadOnly()
{
    auto session = signIn();
    QVERIFY(session);
    BoardScreen* screen = session->boardScreen();
    QSignalSpy requested(screen, &BoardScreen::myCardsRequested);
    QTest::mouseClick(screen->findChild<QToolButton*>(QStringLiteral("myCardsViewButton")), Qt::LeftButton);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(screen->currentView(), BoardScreen::View::MyCards);

    // What the session will answer with: BoardRepository::myItems as the staff login.
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("views-mine"));
    db.setHostName(m_pg->socketDir());
    db.setPort(m_pg->port());
    // Signed in as the staff login itself (the socket trusts it): row-level security follows
    // the session's login, so a superuser's SET ROLE would see nothing.
    db.setUserName(m_login);
    db.setDatabaseName(m_database);
    QVERIFY(db.open());
    QString error;
    const QList<PipelineItem> mine = BoardRepository::myItems(db, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!mine.isEmpty());
    screen->showMyCards(mine);

    auto* view = screen->findChild<QTableView*>(QStringLiteral("myCardsTableView"));
    QVERIFY(view && view->isVisible());
    QCOMPARE(view->model()->rowCount(), int(mine.size()));
    auto* summary = screen->findChild<QLabel*>(QStringLiteral("boardSummaryLabel"));
    QCOMPARE(summaryCount(summary), QString::number(mine.size()));
    // Stage names for the open board's stages, ids for the others.
    QSet<QString> boardStages;
    for (const PipelineStage& stage : session->boards()->board().stages)
        boardStages.insert(stage.id);
    int elsewhere = 0;
    for (int row = 0; row < view->model()->rowCount(); ++row) {
        const QModelIndex index = view->model()->index(row, CardTableModel::Stage);
        const PipelineItem item = index.data(CardTableModel::ItemRole).value<PipelineItem>();
        if (boardStages.contains(item.stageId)) {
            QVERIFY(index.data().toString() != item.stageId);
        } else {
            QCOMPARE(index.data().toString(), item.stageId);
            ++elsewhere;
        }
    }
    QVERIFY(elsewhere > 0); // cards of other pipelines are there too
    // Read-only: selecting rows enables nothing.
    clickRows(view, {0});
    CardTable* mineTable = screen->myCardsTable();
    QCOMPARE(mineTable->selectedIds().size(), 1);
    for (const char* name :
         {"myCardsAssigneeComboBox", "myCardsAssignButton", "myCardsStageComboBox", "myCardsMoveButton"}) {
        auto* widget = mineTable->findChild<QWidget*>(QLatin1String(name));
        QVERIFY2(widget && !widget->isEnabled(), name);
    }
    QVERIFY(!mineTable->findChild<QPushButton*>(QStringLiteral("bulkAssignButton")));
    // The filters apply here too.
    auto* priority = screen->findChild<QComboBox*>(QStringLiteral("priorityFilterComboBox"));
    priority->setCurrentIndex(4); // urgent
    const int urgent
        = int(std::count_if(mine.begin(), mine.end(), [](const PipelineItem& i) { return i.priority == 3; }));
    QCOMPARE(view->model()->rowCount(), urgent);
    QCOMPARE(summaryCount(summary), QStringLiteral("%1 of %2").arg(urgent).arg(mine.size()));
    priority->setCurrentIndex(0);
    grab(screen, QStringLiteral("mycards"));
    // Switching again asks for a fresh list.
    QTest::mouseClick(screen->findChild<QToolButton*>(QStringLiteral("boardViewButton")), Qt::LeftButton);
    QTest::mouseClick(screen->findChild<QToolButton*>(QStringLiteral("myCardsViewButton")), Qt::LeftButton);
    QCOMPARE(requested.count(), 2);
}

QTEST_MAIN(TestBoardViews)
#include "tst_boardviews.moc"
