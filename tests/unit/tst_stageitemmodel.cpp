// StageItemModel: one board column. Every test runs under QAbstractItemModelTester (fatal on
// the first broken invariant) and checks the exact signals a change emits, since the board
// relies on precise inserts, moves and updates to keep selection and scroll position.

#include "StageItemModel.h"

#include <QAbstractItemModelTester>
#include <QMimeData>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace {

PipelineItem card(const QString& id, double position, const QString& title = {})
{
    PipelineItem item;
    item.id = id;
    item.stageId = QStringLiteral("stage-a");
    item.title = title.isEmpty() ? QString(QStringLiteral("Card ") + id) : title;
    item.position = position;
    return item;
}

// Items "i0", "i1", … at the given positions.
QList<PipelineItem> cards(const QList<double>& positions)
{
    QList<PipelineItem> list;
    for (int i = 0; i < positions.size(); ++i)
        list << card(QString(QStringLiteral("i") + QString::number(i)), positions.at(i));
    return list;
}

QStringList idsInRowOrder(const StageItemModel& model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.index(row).data(StageItemModel::IdRole).toString();
    return ids;
}

std::unique_ptr<QMimeData> mimeWith(const QString& format, const QByteArray& payload)
{
    auto mime = std::make_unique<QMimeData>();
    mime->setData(format, payload);
    return mime;
}

} // namespace

class TestStageItemModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void setItemsSortsByPositionThenId_data();
    void setItemsSortsByPositionThenId();
    void upsertInsertsAtSortedRow_data();
    void upsertInsertsAtSortedRow();
    void upsertWithNewPositionMovesRow_data();
    void upsertWithNewPositionMovesRow();
    void upsertWithNewPositionInSameRowOnlyUpdates();
    void upsertWithSamePositionEmitsDataChangedOnly();
    void removeEmitsRowsRemoved_data();
    void removeEmitsRowsRemoved();
    void removeUnknownIdEmitsNothing();
    void rowOf_data();
    void rowOf();
    void positionsForRow_data();
    void positionsForRow();
    void mimeDataRoundTripKeepsRowOrder();
    void idsFromForeignMimeAreEmpty();
    void dropMimeDataRequestsMove_data();
    void dropMimeDataRequestsMove();
    void canDropMimeData_data();
    void canDropMimeData();
    void flagsAllowDragOfItemsAndDropOnRoot();
    void dataRoles_data();
    void dataRoles();
    void dataOfInvalidIndexIsEmpty();

private:
    // Every structural and data signal, to assert that a change emitted exactly what it should.
    struct Spies
    {
        explicit Spies(StageItemModel* model)
            : inserted(model, &QAbstractItemModel::rowsInserted)
            , removed(model, &QAbstractItemModel::rowsRemoved)
            , moved(model, &QAbstractItemModel::rowsMoved)
            , changed(model, &QAbstractItemModel::dataChanged)
            , reset(model, &QAbstractItemModel::modelReset)
            , layout(model, &QAbstractItemModel::layoutChanged)
        { }
        QSignalSpy inserted;
        QSignalSpy removed;
        QSignalSpy moved;
        QSignalSpy changed;
        QSignalSpy reset;
        QSignalSpy layout;
    };

    std::unique_ptr<StageItemModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestStageItemModel::init()
{
    m_model = std::make_unique<StageItemModel>(QStringLiteral("stage-a"));
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
}

void TestStageItemModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

void TestStageItemModel::setItemsSortsByPositionThenId_data()
{
    QTest::addColumn<QList<PipelineItem>>("items");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("empty") << QList<PipelineItem>() << QStringList();
    QTest::newRow("already sorted") << QList<PipelineItem>{card("a", 1000), card("b", 2000), card("c", 3000)}
                                    << QStringList{"a", "b", "c"};
    QTest::newRow("reversed") << QList<PipelineItem>{card("a", 3000), card("b", 2000), card("c", 1000)}
                              << QStringList{"c", "b", "a"};
    QTest::newRow("fractions and negatives")
        << QList<PipelineItem>{card("a", 1.5), card("b", -24), card("c", 1.25), card("d", 0)}
        << QStringList{"b", "d", "c", "a"};
    QTest::newRow("ties by id") << QList<PipelineItem>{card("m", 2000), card("z", 1000), card("b", 2000),
                                                       card("a", 3000), card("k", 2000)}
                                << QStringList{"z", "b", "k", "m", "a"};
}

void TestStageItemModel::setItemsSortsByPositionThenId()
{
    QFETCH(QList<PipelineItem>, items);
    QFETCH(QStringList, expected);

    Spies spies(m_model.get());
    m_model->setItems(items);
    QCOMPARE(spies.reset.count(), 1);
    QCOMPARE(m_model->rowCount(), expected.size());
    QCOMPARE(idsInRowOrder(*m_model), expected);
    for (int row = 0; row < expected.size(); ++row)
        QCOMPARE(m_model->itemAt(row).id, expected.at(row));
    // setItems again with the same data leaves the order as it is.
    m_model->setItems(m_model->items());
    QCOMPARE(idsInRowOrder(*m_model), expected);
}

void TestStageItemModel::upsertInsertsAtSortedRow_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<double>("position");
    QTest::addColumn<int>("expectedRow");

    // The column holds b@1000, d@2000, f@3000.
    QTest::newRow("top") << "x" << 500.0 << 0;
    QTest::newRow("between first and second") << "x" << 1500.0 << 1;
    QTest::newRow("between second and third") << "x" << 2999.5 << 2;
    QTest::newRow("end") << "x" << 4000.0 << 3;
    QTest::newRow("tie, smaller id goes first") << "c" << 2000.0 << 1;
    QTest::newRow("tie, larger id goes after") << "e" << 2000.0 << 2;
    QTest::newRow("negative") << "x" << -1.0 << 0;
}

void TestStageItemModel::upsertInsertsAtSortedRow()
{
    QFETCH(QString, id);
    QFETCH(double, position);
    QFETCH(int, expectedRow);

    m_model->setItems({card("b", 1000), card("d", 2000), card("f", 3000)});
    Spies spies(m_model.get());
    m_model->upsert(card(id, position, QStringLiteral("Inserted")));

    QCOMPARE(spies.inserted.count(), 1);
    const QList<QVariant> args = spies.inserted.first();
    QVERIFY(!args.at(0).toModelIndex().isValid());
    QCOMPARE(args.at(1).toInt(), expectedRow);
    QCOMPARE(args.at(2).toInt(), expectedRow);
    QCOMPARE(spies.moved.count(), 0);
    QCOMPARE(spies.removed.count(), 0);
    QCOMPARE(spies.reset.count(), 0);

    QCOMPARE(m_model->rowCount(), 4);
    QCOMPARE(m_model->rowOf(id), expectedRow);
    QCOMPARE(m_model->index(expectedRow).data().toString(), QStringLiteral("Inserted"));
    QCOMPARE(m_model->index(expectedRow).data(StageItemModel::PositionRole).toDouble(), position);
    // The others kept their relative order.
    QStringList others = idsInRowOrder(*m_model);
    others.removeAt(expectedRow);
    QCOMPARE(others, QStringList({"b", "d", "f"}));
}

void TestStageItemModel::upsertWithNewPositionMovesRow_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<double>("position");
    QTest::addColumn<int>("sourceRow");
    QTest::addColumn<int>("destinationChild"); // the rowsMoved "row" argument
    QTest::addColumn<int>("finalRow");
    QTest::addColumn<QStringList>("order");

    // The column holds a@1000, b@2000, c@3000, d@4000, e@5000.
    QTest::newRow("first to last") << "a" << 6000.0 << 0 << 5 << 4 << QStringList{"b", "c", "d", "e", "a"};
    QTest::newRow("last to first") << "e" << 10.0 << 4 << 0 << 0 << QStringList{"e", "a", "b", "c", "d"};
    QTest::newRow("down by one") << "b" << 3500.0 << 1 << 3 << 2 << QStringList{"a", "c", "b", "d", "e"};
    QTest::newRow("up by one") << "d" << 2500.0 << 3 << 2 << 2 << QStringList{"a", "b", "d", "c", "e"};
    QTest::newRow("middle to top") << "c" << 500.0 << 2 << 0 << 0 << QStringList{"c", "a", "b", "d", "e"};
    QTest::newRow("onto a tie, after the smaller id")
        << "e" << 2000.0 << 4 << 2 << 2 << QStringList{"a", "b", "e", "c", "d"};
    QTest::newRow("onto a tie, before the larger id")
        << "a" << 3000.0 << 0 << 2 << 1 << QStringList{"b", "a", "c", "d", "e"};
}

void TestStageItemModel::upsertWithNewPositionMovesRow()
{
    QFETCH(QString, id);
    QFETCH(double, position);
    QFETCH(int, sourceRow);
    QFETCH(int, destinationChild);
    QFETCH(int, finalRow);
    QFETCH(QStringList, order);

    m_model->setItems({card("a", 1000), card("b", 2000), card("c", 3000), card("d", 4000), card("e", 5000)});
    PipelineItem moved = m_model->itemAt(sourceRow);
    QCOMPARE(moved.id, id);
    moved.position = position;
    moved.title = QStringLiteral("Moved and renamed");
    moved.priority = 3;
    moved.version = 7;

    Spies spies(m_model.get());
    m_model->upsert(moved);

    QCOMPARE(spies.moved.count(), 1);
    const QList<QVariant> args = spies.moved.first();
    QVERIFY(!args.at(0).toModelIndex().isValid());
    QCOMPARE(args.at(1).toInt(), sourceRow);
    QCOMPARE(args.at(2).toInt(), sourceRow);
    QVERIFY(!args.at(3).toModelIndex().isValid());
    QCOMPARE(args.at(4).toInt(), destinationChild);
    QCOMPARE(spies.inserted.count(), 0);
    QCOMPARE(spies.removed.count(), 0);
    QCOMPARE(spies.reset.count(), 0);
    QCOMPARE(spies.layout.count(), 0);

    QCOMPARE(idsInRowOrder(*m_model), order);
    QCOMPARE(m_model->rowOf(id), finalRow);
    // The moved row carries the new data, and the view hears about it.
    const QModelIndex index = m_model->index(finalRow);
    QCOMPARE(index.data().toString(), QStringLiteral("Moved and renamed"));
    QCOMPARE(index.data(StageItemModel::PositionRole).toDouble(), position);
    QCOMPARE(index.data(StageItemModel::PriorityRole).toInt(), 3);
    QCOMPARE(m_model->itemAt(finalRow).version, 7);
    QVERIFY(!spies.changed.isEmpty());
    QCOMPARE(spies.changed.last().at(0).toModelIndex(), index);
    QCOMPARE(spies.changed.last().at(1).toModelIndex(), index);
    // Rows that did not move keep their own data.
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (row == finalRow)
            continue;
        const QString other = m_model->itemAt(row).id;
        QCOMPARE(m_model->index(row).data().toString(), QString(QStringLiteral("Card ") + other));
    }
}

void TestStageItemModel::upsertWithNewPositionInSameRowOnlyUpdates()
{
    m_model->setItems({card("a", 1000), card("b", 2000), card("c", 3000)});
    Spies spies(m_model.get());
    m_model->upsert(card("b", 2500, QStringLiteral("Still second")));

    QCOMPARE(spies.moved.count(), 0);
    QCOMPARE(spies.inserted.count(), 0);
    QCOMPARE(spies.removed.count(), 0);
    QCOMPARE(spies.changed.count(), 1);
    QCOMPARE(spies.changed.first().at(0).toModelIndex(), m_model->index(1));
    QCOMPARE(idsInRowOrder(*m_model), QStringList({"a", "b", "c"}));
    QCOMPARE(m_model->index(1).data(StageItemModel::PositionRole).toDouble(), 2500.0);
    QCOMPARE(m_model->index(1).data().toString(), QStringLiteral("Still second"));
}

void TestStageItemModel::upsertWithSamePositionEmitsDataChangedOnly()
{
    m_model->setItems({card("a", 1000), card("b", 2000), card("c", 3000)});
    Spies spies(m_model.get());
    PipelineItem changed = card("c", 3000, QStringLiteral("Renamed"));
    changed.assigneeName = QStringLiteral("Dana Demo");
    m_model->upsert(changed);

    QCOMPARE(spies.changed.count(), 1);
    QCOMPARE(spies.changed.first().at(0).toModelIndex(), m_model->index(2));
    QCOMPARE(spies.changed.first().at(1).toModelIndex(), m_model->index(2));
    QCOMPARE(spies.moved.count(), 0);
    QCOMPARE(spies.inserted.count(), 0);
    QCOMPARE(spies.removed.count(), 0);
    QCOMPARE(spies.reset.count(), 0);
    QCOMPARE(spies.layout.count(), 0);
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->index(2).data().toString(), QStringLiteral("Renamed"));
    QCOMPARE(m_model->index(2).data(StageItemModel::InitialsRole).toString(), QStringLiteral("DD"));
}

void TestStageItemModel::removeEmitsRowsRemoved_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("row");
    QTest::addColumn<QStringList>("remaining");

    QTest::newRow("first") << "a" << 0 << QStringList{"b", "c"};
    QTest::newRow("middle") << "b" << 1 << QStringList{"a", "c"};
    QTest::newRow("last") << "c" << 2 << QStringList{"a", "b"};
}

void TestStageItemModel::removeEmitsRowsRemoved()
{
    QFETCH(QString, id);
    QFETCH(int, row);
    QFETCH(QStringList, remaining);

    m_model->setItems({card("a", 1000), card("b", 2000), card("c", 3000)});
    Spies spies(m_model.get());
    m_model->remove(id);

    QCOMPARE(spies.removed.count(), 1);
    QVERIFY(!spies.removed.first().at(0).toModelIndex().isValid());
    QCOMPARE(spies.removed.first().at(1).toInt(), row);
    QCOMPARE(spies.removed.first().at(2).toInt(), row);
    QCOMPARE(spies.reset.count(), 0);
    QCOMPARE(idsInRowOrder(*m_model), remaining);
    QCOMPARE(m_model->rowOf(id), -1);

    // Down to an empty column.
    for (const QString& other : remaining)
        m_model->remove(other);
    QCOMPARE(spies.removed.count(), 3);
    QCOMPARE(m_model->rowCount(), 0);
}

void TestStageItemModel::removeUnknownIdEmitsNothing()
{
    m_model->setItems({card("a", 1000), card("b", 2000)});
    Spies spies(m_model.get());
    QSignalSpy aboutToRemove(m_model.get(), &QAbstractItemModel::rowsAboutToBeRemoved);
    m_model->remove(QStringLiteral("nope"));
    m_model->remove(QString());

    QCOMPARE(aboutToRemove.count(), 0);
    QCOMPARE(spies.removed.count(), 0);
    QCOMPARE(spies.changed.count(), 0);
    QCOMPARE(spies.reset.count(), 0);
    QCOMPARE(spies.inserted.count(), 0);
    QCOMPARE(spies.moved.count(), 0);
    QCOMPARE(idsInRowOrder(*m_model), QStringList({"a", "b"}));
}

void TestStageItemModel::rowOf_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("row");

    QTest::newRow("first") << "z" << 0;
    QTest::newRow("tie, smaller id") << "b" << 1;
    QTest::newRow("tie, larger id") << "m" << 2;
    QTest::newRow("last") << "a" << 3;
    QTest::newRow("unknown") << "q" << -1;
    QTest::newRow("empty id") << "" << -1;
}

void TestStageItemModel::rowOf()
{
    QFETCH(QString, id);
    QFETCH(int, row);

    m_model->setItems({card("m", 2000), card("a", 3000), card("z", 1000), card("b", 2000)});
    QCOMPARE(m_model->rowOf(id), row);
    if (row >= 0)
        QCOMPARE(m_model->index(row).data(StageItemModel::IdRole).toString(), id);
}

void TestStageItemModel::positionsForRow_data()
{
    QTest::addColumn<QList<double>>("column"); // items i0, i1, … at these positions
    QTest::addColumn<int>("row");
    QTest::addColumn<QStringList>("moving");
    QTest::addColumn<int>("count");
    QTest::addColumn<QList<double>>("expected");

    const QList<double> three{1000, 2000, 3000};
    const QList<double> four{1000, 2000, 3000, 4000};

    QTest::newRow("empty column, one") << QList<double>() << 0 << QStringList() << 1 << QList<double>{1024};
    QTest::newRow("empty column, three")
        << QList<double>() << 0 << QStringList() << 3 << QList<double>{1024, 2048, 3072};
    QTest::newRow("top, one") << three << 0 << QStringList() << 1 << QList<double>{1000 - 1024};
    QTest::newRow("top, three") << three << 0 << QStringList() << 3
                                << QList<double>{1000 - 3072, 1000 - 2048, 1000 - 1024};
    QTest::newRow("end, one") << three << 3 << QStringList() << 1 << QList<double>{3000 + 1024};
    QTest::newRow("end, two") << three << 3 << QStringList() << 2 << QList<double>{3000 + 1024, 3000 + 2048};
    QTest::newRow("past the end") << three << 99 << QStringList() << 1 << QList<double>{3000 + 1024};
    QTest::newRow("between two") << three << 1 << QStringList() << 1 << QList<double>{1500};
    QTest::newRow("between two, three")
        << three << 2 << QStringList() << 3 << QList<double>{2250, 2500, 2750};
    QTest::newRow("between fractions, three")
        << QList<double>{1, 2} << 1 << QStringList() << 3 << QList<double>{1.25, 1.5, 1.75};
    QTest::newRow("moving one down, excluded") << four << 3 << QStringList{"i1"} << 1 << QList<double>{3500};
    QTest::newRow("moving one onto its own row")
        << four << 1 << QStringList{"i1"} << 1 << QList<double>{2000};
    QTest::newRow("moving one just below itself")
        << four << 2 << QStringList{"i1"} << 1 << QList<double>{2000};
    QTest::newRow("moving the neighbours themselves")
        << four << 2 << QStringList{"i1", "i2"} << 2 << QList<double>{2000, 3000};
    QTest::newRow("moving two to the top")
        << four << 0 << QStringList{"i1", "i2"} << 2 << QList<double>{1000 - 2048, 1000 - 1024};
    QTest::newRow("moving the first to the top")
        << four << 0 << QStringList{"i0"} << 1 << QList<double>{2000 - 1024};
    QTest::newRow("moving the last to the end") << four << 4 << QStringList{"i3"} << 1 << QList<double>{4024};
    QTest::newRow("moving everything")
        << three << 1 << QStringList{"i0", "i1", "i2"} << 3 << QList<double>{1024, 2048, 3072};
    QTest::newRow("moving from another column")
        << three << 1 << QStringList{"elsewhere"} << 3 << QList<double>{1250, 1500, 1750};
    QTest::newRow("close neighbours")
        << QList<double>{1000, 1000.001} << 1 << QStringList() << 1 << QList<double>{1000.0005};
}

void TestStageItemModel::positionsForRow()
{
    QFETCH(QList<double>, column);
    QFETCH(int, row);
    QFETCH(QStringList, moving);
    QFETCH(int, count);
    QFETCH(QList<double>, expected);

    m_model->setItems(cards(column));
    Spies spies(m_model.get());
    const QList<double> positions = m_model->positionsForRow(row, moving, count);
    QCOMPARE(positions.size(), count);
    for (int i = 0; i < count; ++i)
        QVERIFY2(qFuzzyCompare(positions.at(i), expected.at(i)),
                 qPrintable(QStringLiteral("position %1: %2, expected %3")
                                .arg(i)
                                .arg(positions.at(i), 0, 'g', 17)
                                .arg(expected.at(i), 0, 'g', 17)));

    // Independently of the formula: strictly increasing and strictly between the neighbours
    // that stay (never equal to one of them, or the order would depend on the ids).
    QList<double> staying;
    int before = 0; // staying items above the drop row
    for (int i = 0; i < m_model->rowCount(); ++i) {
        if (moving.contains(m_model->itemAt(i).id))
            continue;
        staying << m_model->itemAt(i).position;
        if (i < row)
            ++before;
    }
    for (int i = 1; i < count; ++i)
        QVERIFY(positions.at(i - 1) < positions.at(i));
    if (before > 0)
        QVERIFY(positions.first() > staying.at(before - 1));
    if (before < staying.size())
        QVERIFY(positions.last() < staying.at(before));
    for (double p : positions)
        QVERIFY(!staying.contains(p));
    // Evenly spaced.
    for (int i = 2; i < count; ++i)
        QVERIFY(qFuzzyCompare(positions.at(i) - positions.at(i - 1), positions.at(1) - positions.at(0)));
    // A question, not a change.
    QCOMPARE(spies.changed.count() + spies.moved.count() + spies.reset.count(), 0);
}

void TestStageItemModel::mimeDataRoundTripKeepsRowOrder()
{
    m_model->setItems(cards({1000, 2000, 3000, 4000}));
    const QModelIndexList picked{m_model->index(3), m_model->index(0), QModelIndex(), m_model->index(2)};
    std::unique_ptr<QMimeData> mime(m_model->mimeData(picked));
    QVERIFY(mime);
    QCOMPARE(m_model->mimeTypes(), QStringList{StageItemModel::mimeType()});
    QVERIFY(mime->hasFormat(StageItemModel::mimeType()));
    QCOMPARE(mime->data(StageItemModel::mimeType()), QByteArray("i0\ni2\ni3"));
    QCOMPARE(StageItemModel::idsFromMime(mime.get()), QStringList({"i0", "i2", "i3"}));

    std::unique_ptr<QMimeData> one(m_model->mimeData({m_model->index(1)}));
    QCOMPARE(StageItemModel::idsFromMime(one.get()), QStringList{"i1"});
}

void TestStageItemModel::idsFromForeignMimeAreEmpty()
{
    QVERIFY(StageItemModel::idsFromMime(nullptr).isEmpty());
    QMimeData text;
    text.setText(QStringLiteral("i0\ni1"));
    QVERIFY(StageItemModel::idsFromMime(&text).isEmpty());
    QVERIFY(StageItemModel::idsFromMime(mimeWith(StageItemModel::mimeType(), {}).get()).isEmpty());
    QCOMPARE(StageItemModel::idsFromMime(mimeWith(StageItemModel::mimeType(), "a\n\nb\n").get()),
             QStringList({"a", "b"}));
}

void TestStageItemModel::dropMimeDataRequestsMove_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("parentRow"); // -1: the root (empty space of the column)
    QTest::addColumn<int>("beforeRow");

    QTest::newRow("between cards") << 1 << -1 << 1;
    QTest::newRow("above the first") << 0 << -1 << 0;
    QTest::newRow("below the last") << 3 << -1 << 3;
    QTest::newRow("onto the first card") << -1 << 0 << 0;
    QTest::newRow("onto the third card") << -1 << 2 << 2;
    QTest::newRow("onto empty space") << -1 << -1 << 3;
}

void TestStageItemModel::dropMimeDataRequestsMove()
{
    QFETCH(int, row);
    QFETCH(int, parentRow);
    QFETCH(int, beforeRow);

    m_model->setItems(cards({1000, 2000, 3000}));
    Spies spies(m_model.get());
    QSignalSpy requested(m_model.get(), &StageItemModel::dropRequested);
    const auto mime = mimeWith(StageItemModel::mimeType(), "x1\nx2");
    const QModelIndex parent = parentRow < 0 ? QModelIndex() : m_model->index(parentRow);

    QVERIFY(m_model->canDropMimeData(mime.get(), Qt::MoveAction, row, 0, parent));
    // false: the board moves the cards, the view must not remove the dragged rows itself.
    QCOMPARE(m_model->dropMimeData(mime.get(), Qt::MoveAction, row, 0, parent), false);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.first().at(0).toStringList(), QStringList({"x1", "x2"}));
    QCOMPARE(requested.first().at(1).toInt(), beforeRow);
    // Nothing changes in the model until the board upserts.
    QCOMPARE(spies.inserted.count() + spies.removed.count() + spies.moved.count() + spies.changed.count(), 0);
    QCOMPARE(m_model->rowCount(), 3);
}

void TestStageItemModel::canDropMimeData_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<Qt::DropAction>("action");
    QTest::addColumn<bool>("accepted");

    const QString ours = StageItemModel::mimeType();
    QTest::newRow("cards, move") << ours << QByteArray("i0") << Qt::MoveAction << true;
    QTest::newRow("cards, copy") << ours << QByteArray("i0") << Qt::CopyAction << false;
    QTest::newRow("cards, link") << ours << QByteArray("i0") << Qt::LinkAction << false;
    QTest::newRow("no cards") << ours << QByteArray() << Qt::MoveAction << false;
    QTest::newRow("plain text") << QStringLiteral("text/plain") << QByteArray("i0") << Qt::MoveAction
                                << false;
    QTest::newRow("Qt's item list") << QStringLiteral("application/x-qabstractitemmodeldatalist")
                                    << QByteArray("i0") << Qt::MoveAction << false;
}

void TestStageItemModel::canDropMimeData()
{
    QFETCH(QString, format);
    QFETCH(QByteArray, payload);
    QFETCH(Qt::DropAction, action);
    QFETCH(bool, accepted);

    m_model->setItems(cards({1000, 2000}));
    QSignalSpy requested(m_model.get(), &StageItemModel::dropRequested);
    const auto mime = mimeWith(format, payload);
    QCOMPARE(m_model->canDropMimeData(mime.get(), action, 1, 0, {}), accepted);
    QCOMPARE(m_model->canDropMimeData(mime.get(), action, -1, -1, m_model->index(0)), accepted);
    QCOMPARE(m_model->dropMimeData(mime.get(), action, 1, 0, {}), false);
    QCOMPARE(requested.count(), accepted ? 1 : 0);
}

void TestStageItemModel::flagsAllowDragOfItemsAndDropOnRoot()
{
    m_model->setItems(cards({1000, 2000}));
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const Qt::ItemFlags flags = m_model->flags(m_model->index(row));
        QVERIFY(flags.testFlag(Qt::ItemIsEnabled));
        QVERIFY(flags.testFlag(Qt::ItemIsSelectable));
        QVERIFY(flags.testFlag(Qt::ItemIsDragEnabled));
        QVERIFY(!flags.testFlag(Qt::ItemIsDropEnabled));
        QVERIFY(!flags.testFlag(Qt::ItemIsEditable));
    }
    const Qt::ItemFlags root = m_model->flags({});
    QVERIFY(root.testFlag(Qt::ItemIsDropEnabled));
    QVERIFY(!root.testFlag(Qt::ItemIsDragEnabled));
    QCOMPARE(m_model->supportedDropActions(), Qt::DropActions(Qt::MoveAction));
    QCOMPARE(m_model->supportedDragActions(), Qt::DropActions(Qt::MoveAction));
    QCOMPARE(m_model->stageId(), QStringLiteral("stage-a"));
}

void TestStageItemModel::dataRoles_data()
{
    QTest::addColumn<int>("role");
    QTest::addColumn<QVariant>("expected");

    QTest::newRow("display") << int(Qt::DisplayRole) << QVariant(QStringLiteral("Homepage hero animation"));
    QTest::newRow("edit") << int(Qt::EditRole) << QVariant(QStringLiteral("Homepage hero animation"));
    QTest::newRow("tooltip") << int(
        Qt::ToolTipRole) << QVariant(QStringLiteral("Homepage hero animation\nBrief in the shared drive."));
    QTest::newRow("id") << int(StageItemModel::IdRole) << QVariant(QStringLiteral("nw_item_7"));
    QTest::newRow("assignee") << int(StageItemModel::AssigneeRole) << QVariant(QStringLiteral("Dana Demo"));
    QTest::newRow("initials") << int(StageItemModel::InitialsRole) << QVariant(QStringLiteral("DD"));
    QTest::newRow("priority") << int(StageItemModel::PriorityRole) << QVariant(2);
    QTest::newRow("position") << int(StageItemModel::PositionRole) << QVariant(1536.5);
    QTest::newRow("due date") << int(StageItemModel::DueDateRole)
                              << QVariant(QDateTime(QDate(2026, 3, 14), QTime(17, 0), Qt::UTC));
    QTest::newRow("unknown role") << int(Qt::UserRole + 100) << QVariant();
    QTest::newRow("decoration") << int(Qt::DecorationRole) << QVariant();
}

void TestStageItemModel::dataRoles()
{
    QFETCH(int, role);
    QFETCH(QVariant, expected);

    PipelineItem item = card(QStringLiteral("nw_item_7"), 1536.5, QStringLiteral("Homepage hero animation"));
    item.description = QStringLiteral("Brief in the shared drive.");
    item.assigneeName = QStringLiteral("Dana Demo");
    item.assignedToId = QStringLiteral("nw_user_3");
    item.priority = 2;
    item.dueDate = QDateTime(QDate(2026, 3, 14), QTime(17, 0), Qt::UTC);
    item.version = 4;
    m_model->setItems({card("a", 1000), item});

    const QVariant value = m_model->index(1).data(role);
    QCOMPARE(value, expected);
    QCOMPARE(value.isValid(), expected.isValid());
}

void TestStageItemModel::dataOfInvalidIndexIsEmpty()
{
    PipelineItem item = card(QStringLiteral("i0"), 1000, QStringLiteral("Only card"));
    item.assigneeName = QStringLiteral("cher");
    item.version = 9;
    m_model->setItems({item, card("i1", 2000)});

    // checkIndex() says why it refuses the index.
    const QRegularExpression notValid(QStringLiteral("^Index .* is not valid"));
    QTest::ignoreMessage(QtWarningMsg, notValid);
    QTest::ignoreMessage(QtWarningMsg, notValid);
    QVERIFY(!m_model->data(QModelIndex(), Qt::DisplayRole).isValid());
    QVERIFY(!m_model->data(QModelIndex(), StageItemModel::ItemRole).isValid());
    QCOMPARE(m_model->index(0).data(StageItemModel::InitialsRole).toString(), QStringLiteral("C"));
    QCOMPARE(m_model->index(1).data(StageItemModel::InitialsRole).toString(), QString());
    QCOMPARE(m_model->index(0).data(Qt::ToolTipRole).toString(), QStringLiteral("Only card"));

    // ItemRole: the whole record.
    const QVariant whole = m_model->index(0).data(StageItemModel::ItemRole);
    QVERIFY(whole.canConvert<PipelineItem>());
    const PipelineItem back = whole.value<PipelineItem>();
    QCOMPARE(back.id, QStringLiteral("i0"));
    QCOMPARE(back.title, QStringLiteral("Only card"));
    QCOMPARE(back.position, 1000.0);
    QCOMPARE(back.version, 9);
    QCOMPARE(back.stageId, QStringLiteral("stage-a"));
}

QTEST_GUILESS_MAIN(TestStageItemModel)
#include "tst_stageitemmodel.moc"
