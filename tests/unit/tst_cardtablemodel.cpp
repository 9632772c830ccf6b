// CardTableModel: the board's cards as table rows. Every test runs under
// QAbstractItemModelTester (fatal on the first broken invariant); live changes must be precise
// inserts, updates and removals so the table keeps its selection, and the sort role orders
// dates and priorities the way a person triaging expects.

#include "CardTableModel.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

#include <memory>

namespace {

const QDateTime kDue(QDate(2026, 6, 12), QTime(17, 0), Qt::UTC);

PipelineStage stage(const QString& id, const QString& name, int order)
{
    PipelineStage s;
    s.id = id;
    s.name = name;
    s.order = order;
    return s;
}

PipelineItem card(const QString& id, const QString& stageId = QStringLiteral("s-new"))
{
    PipelineItem item;
    item.id = id;
    item.stageId = stageId;
    item.title = QString(QStringLiteral("Card ") + id);
    return item;
}

QStringList ids(const QAbstractItemModel& model)
{
    QStringList list;
    for (int row = 0; row < model.rowCount(); ++row)
        list << model.index(row, 0).data(CardTableModel::IdRole).toString();
    return list;
}

} // namespace

class TestCardTableModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void columnsAndHeaders();
    void dataPerColumn();
    void emptyFieldsShowNothing();
    void unknownStageShowsItsId();
    void setStagesRenamesTheStageColumn();
    void setItemsResetsAndIndexesById();
    void upsertInsertsAtTheEnd();
    void upsertOfKnownCardUpdatesItsRowOnly();
    void removeEmitsRowsRemovedAndReindexes();
    void removeUnknownIdEmitsNothing();
    void sortRole_data();
    void sortRole();
    void sortByDueKeepsCardsWithoutDateLast();
    void sortByStageKeepsBoardOrderWithinAStage();
    void dataOfInvalidIndexIsEmpty();

private:
    struct Spies
    {
        explicit Spies(CardTableModel* model)
            : inserted(model, &QAbstractItemModel::rowsInserted)
            , removed(model, &QAbstractItemModel::rowsRemoved)
            , changed(model, &QAbstractItemModel::dataChanged)
            , reset(model, &QAbstractItemModel::modelReset)
            , layout(model, &QAbstractItemModel::layoutChanged)
        { }
        QSignalSpy inserted;
        QSignalSpy removed;
        QSignalSpy changed;
        QSignalSpy reset;
        QSignalSpy layout;
    };

    std::unique_ptr<CardTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestCardTableModel::init()
{
    m_model = std::make_unique<CardTableModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_model->setStages({stage(QStringLiteral("s-new"), QStringLiteral("New"), 1),
                        stage(QStringLiteral("s-doing"), QStringLiteral("Doing"), 2),
                        stage(QStringLiteral("s-done"), QStringLiteral("Done"), 3)});
}

void TestCardTableModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

void TestCardTableModel::columnsAndHeaders()
{
    m_model->setItems({card(QStringLiteral("a"))});
    QCOMPARE(m_model->columnCount(), 5);
    QCOMPARE(int(CardTableModel::ColumnCount), 5);
    const QStringList expected{QStringLiteral("Title"), QStringLiteral("Stage"), QStringLiteral("Assignee"),
                               QStringLiteral("Due"), QStringLiteral("Priority")};
    for (int column = 0; column < expected.size(); ++column)
        QCOMPARE(m_model->headerData(column, Qt::Horizontal).toString(), expected.at(column));
    QCOMPARE(m_model->columnCount(m_model->index(0, 0)), 0);
}

void TestCardTableModel::dataPerColumn()
{
    PipelineItem item = card(QStringLiteral("a"), QStringLiteral("s-doing"));
    item.title = QStringLiteral("Renew the Contoso contract");
    item.description = QStringLiteral("Call Dana.");
    item.assignedToId = QStringLiteral("u-dana");
    item.assigneeName = QStringLiteral("Dana Demo");
    item.dueDate = kDue;
    item.priority = 3;
    m_model->setItems({item});

    const auto at
        = [this](int column, int role = Qt::DisplayRole) { return m_model->index(0, column).data(role); };
    QCOMPARE(at(CardTableModel::Title).toString(), item.title);
    QCOMPARE(at(CardTableModel::Stage).toString(), QStringLiteral("Doing"));
    QCOMPARE(at(CardTableModel::Assignee).toString(), QStringLiteral("Dana Demo"));
    QCOMPARE(at(CardTableModel::Due).toString(),
             QLocale().toString(kDue.toLocalTime().date(), QLocale::ShortFormat));
    QCOMPARE(at(CardTableModel::Priority).toString(), QStringLiteral("Urgent"));
    QCOMPARE(at(CardTableModel::Title, Qt::ToolTipRole).toString(),
             QStringLiteral("Renew the Contoso contract\nCall Dana."));
    // Id and the whole card from any column.
    for (int column = 0; column < CardTableModel::ColumnCount; ++column) {
        QCOMPARE(at(column, CardTableModel::IdRole).toString(), QStringLiteral("a"));
        QCOMPARE(at(column, CardTableModel::ItemRole).value<PipelineItem>().title, item.title);
    }
    const QStringList priorities{QString(), QStringLiteral("Normal"), QStringLiteral("High"),
                                 QStringLiteral("Urgent")};
    for (int priority = 0; priority <= 3; ++priority)
        QCOMPARE(CardTableModel::priorityText(priority), priorities.at(priority));
}

void TestCardTableModel::emptyFieldsShowNothing()
{
    m_model->setItems({card(QStringLiteral("a"))});
    QCOMPARE(m_model->index(0, CardTableModel::Assignee).data().toString(), QString());
    QCOMPARE(m_model->index(0, CardTableModel::Due).data().toString(), QString());
    QCOMPARE(m_model->index(0, CardTableModel::Priority).data().toString(), QString());
    QVERIFY(!m_model->index(0, CardTableModel::Title).data(Qt::ToolTipRole).isValid());
}

void TestCardTableModel::unknownStageShowsItsId()
{
    // My cards: a card of another pipeline than the open board.
    m_model->setItems({card(QStringLiteral("a"), QStringLiteral("s-elsewhere"))});
    QCOMPARE(m_model->index(0, CardTableModel::Stage).data().toString(), QStringLiteral("s-elsewhere"));
    QCOMPARE(m_model->stageName(QStringLiteral("s-done")), QStringLiteral("Done"));
}

void TestCardTableModel::setStagesRenamesTheStageColumn()
{
    m_model->setItems({card(QStringLiteral("a")), card(QStringLiteral("b"))});
    Spies spies(m_model.get());
    m_model->setStages({stage(QStringLiteral("s-new"), QStringLiteral("Inbox"), 1)});
    QCOMPARE(spies.reset.count(), 0);
    QCOMPARE(spies.changed.count(), 1);
    QCOMPARE(spies.changed.first().at(0).toModelIndex(), m_model->index(0, CardTableModel::Stage));
    QCOMPARE(spies.changed.first().at(1).toModelIndex(), m_model->index(1, CardTableModel::Stage));
    QCOMPARE(m_model->index(1, CardTableModel::Stage).data().toString(), QStringLiteral("Inbox"));
}

void TestCardTableModel::setItemsResetsAndIndexesById()
{
    Spies spies(m_model.get());
    m_model->setItems({card(QStringLiteral("c")), card(QStringLiteral("a")), card(QStringLiteral("b"))});
    QCOMPARE(spies.reset.count(), 1);
    QCOMPARE(ids(*m_model), (QStringList{"c", "a", "b"})); // the given order
    QCOMPARE(m_model->rowOf(QStringLiteral("a")), 1);
    QCOMPARE(m_model->rowOf(QStringLiteral("zz")), -1);
    m_model->setItems({});
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->rowOf(QStringLiteral("a")), -1);
}

void TestCardTableModel::upsertInsertsAtTheEnd()
{
    m_model->setItems({card(QStringLiteral("a")), card(QStringLiteral("b"))});
    Spies spies(m_model.get());
    m_model->upsert(card(QStringLiteral("new")));
    QCOMPARE(spies.inserted.count(), 1);
    QCOMPARE(spies.inserted.first().at(1).toInt(), 2);
    QCOMPARE(spies.inserted.first().at(2).toInt(), 2);
    QCOMPARE(spies.reset.count(), 0);
    QCOMPARE(spies.changed.count(), 0);
    QCOMPARE(m_model->rowOf(QStringLiteral("new")), 2);
}

void TestCardTableModel::upsertOfKnownCardUpdatesItsRowOnly()
{
    m_model->setItems({card(QStringLiteral("a")), card(QStringLiteral("b")), card(QStringLiteral("c"))});
    Spies spies(m_model.get());
    PipelineItem moved = card(QStringLiteral("b"), QStringLiteral("s-done"));
    moved.assigneeName = QStringLiteral("Lee");
    m_model->upsert(moved);
    QCOMPARE(spies.inserted.count() + spies.removed.count() + spies.reset.count() + spies.layout.count(), 0);
    QCOMPARE(spies.changed.count(), 1);
    QCOMPARE(spies.changed.first().at(0).toModelIndex(), m_model->index(1, 0));
    QCOMPARE(spies.changed.first().at(1).toModelIndex(), m_model->index(1, CardTableModel::ColumnCount - 1));
    QCOMPARE(m_model->index(1, CardTableModel::Stage).data().toString(), QStringLiteral("Done"));
    QCOMPARE(m_model->index(1, CardTableModel::Assignee).data().toString(), QStringLiteral("Lee"));
}

void TestCardTableModel::removeEmitsRowsRemovedAndReindexes()
{
    m_model->setItems({card(QStringLiteral("a")), card(QStringLiteral("b")), card(QStringLiteral("c")),
                       card(QStringLiteral("d"))});
    Spies spies(m_model.get());
    m_model->remove(QStringLiteral("b"));
    QCOMPARE(spies.removed.count(), 1);
    QCOMPARE(spies.removed.first().at(1).toInt(), 1);
    QCOMPARE(spies.removed.first().at(2).toInt(), 1);
    QCOMPARE(spies.reset.count(), 0);
    QCOMPARE(ids(*m_model), (QStringList{"a", "c", "d"}));
    for (int row = 0; row < m_model->rowCount(); ++row)
        QCOMPARE(m_model->rowOf(m_model->itemAt(row).id), row);
    QCOMPARE(m_model->rowOf(QStringLiteral("b")), -1);
    // Updates after a removal land on the right row.
    PipelineItem c = card(QStringLiteral("c"));
    c.title = QStringLiteral("Renamed");
    m_model->upsert(c);
    QCOMPARE(m_model->index(1, CardTableModel::Title).data().toString(), QStringLiteral("Renamed"));
}

void TestCardTableModel::removeUnknownIdEmitsNothing()
{
    m_model->setItems({card(QStringLiteral("a"))});
    Spies spies(m_model.get());
    m_model->remove(QStringLiteral("zz"));
    QCOMPARE(spies.removed.count() + spies.changed.count() + spies.reset.count(), 0);
}

void TestCardTableModel::sortRole_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<QStringList>("expected");

    // a: urgent, due in two days, "Dana", Doing; b: no priority, no due date, nobody, New;
    // c: high, due tomorrow, "Alex", Done; d: normal, due yesterday, "Casey", a stage elsewhere.
    QTest::newRow("title") << int(CardTableModel::Title) << Qt::AscendingOrder
                           << QStringList{"a", "b", "c", "d"};
    QTest::newRow("priority, most urgent first")
        << int(CardTableModel::Priority) << Qt::DescendingOrder << QStringList{"a", "c", "d", "b"};
    QTest::newRow("priority, ascending")
        << int(CardTableModel::Priority) << Qt::AscendingOrder << QStringList{"b", "d", "c", "a"};
    QTest::newRow("due, soonest first, none last")
        << int(CardTableModel::Due) << Qt::AscendingOrder << QStringList{"d", "c", "a", "b"};
    QTest::newRow("stage, board order, elsewhere last")
        << int(CardTableModel::Stage) << Qt::AscendingOrder << QStringList{"b", "a", "c", "d"};
    QTest::newRow("assignee, nobody first")
        << int(CardTableModel::Assignee) << Qt::AscendingOrder << QStringList{"b", "c", "d", "a"};
}

void TestCardTableModel::sortRole()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    QFETCH(QStringList, expected);

    PipelineItem a = card(QStringLiteral("a"), QStringLiteral("s-doing"));
    a.title = QStringLiteral("alpha");
    a.priority = 3;
    a.dueDate = kDue.addDays(2);
    a.assigneeName = QStringLiteral("Dana");
    PipelineItem b = card(QStringLiteral("b"), QStringLiteral("s-new"));
    b.title = QStringLiteral("Bravo"); // case does not matter
    PipelineItem c = card(QStringLiteral("c"), QStringLiteral("s-done"));
    c.title = QStringLiteral("charlie");
    c.priority = 2;
    c.dueDate = kDue.addDays(1);
    c.assigneeName = QStringLiteral("Alex");
    PipelineItem d = card(QStringLiteral("d"), QStringLiteral("s-elsewhere"));
    d.title = QStringLiteral("Delta");
    d.priority = 1;
    d.dueDate = kDue.addDays(-1);
    d.assigneeName = QStringLiteral("casey");
    m_model->setItems({d, c, b, a});

    QSortFilterProxyModel proxy;
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    proxy.setSourceModel(m_model.get());
    proxy.setSortRole(CardTableModel::SortRole);
    proxy.setSortCaseSensitivity(Qt::CaseInsensitive);
    proxy.sort(column, order);
    QCOMPARE(ids(proxy), expected);
}

void TestCardTableModel::sortByDueKeepsCardsWithoutDateLast()
{
    PipelineItem dated = card(QStringLiteral("dated"));
    dated.dueDate = kDue;
    m_model->setItems({card(QStringLiteral("none")), dated});
    const auto sortValue = [this](const QString& id) {
        return m_model->index(m_model->rowOf(id), CardTableModel::Due).data(CardTableModel::SortRole);
    };
    QCOMPARE(sortValue(QStringLiteral("dated")).toLongLong(), kDue.toMSecsSinceEpoch());
    QVERIFY(sortValue(QStringLiteral("none")).toLongLong() > kDue.addYears(1000).toMSecsSinceEpoch());
    QCOMPARE(m_model->index(0, CardTableModel::Priority).data(CardTableModel::SortRole).toInt(), 0);
}

void TestCardTableModel::sortByStageKeepsBoardOrderWithinAStage()
{
    // Rows come in board order (stage, then position); a stable sort by stage keeps it.
    m_model->setItems({card(QStringLiteral("n1"), QStringLiteral("s-new")),
                       card(QStringLiteral("n2"), QStringLiteral("s-new")),
                       card(QStringLiteral("d1"), QStringLiteral("s-done")),
                       card(QStringLiteral("g1"), QStringLiteral("s-doing")),
                       card(QStringLiteral("n3"), QStringLiteral("s-new"))});
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(m_model.get());
    proxy.setSortRole(CardTableModel::SortRole);
    proxy.sort(CardTableModel::Stage, Qt::AscendingOrder);
    QCOMPARE(ids(proxy), (QStringList{"n1", "n2", "n3", "g1", "d1"}));
}

void TestCardTableModel::dataOfInvalidIndexIsEmpty()
{
    m_model->setItems({card(QStringLiteral("a"))});
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^Index .* is not valid")));
    QVERIFY(!m_model->data(QModelIndex()).isValid());
    QVERIFY(!m_model->index(0, 0).data(Qt::UserRole + 100).isValid());
    QVERIFY(!m_model->headerData(0, Qt::Vertical, Qt::DecorationRole).isValid());
}

QTEST_GUILESS_MAIN(TestCardTableModel)
#include "tst_cardtablemodel.moc"
