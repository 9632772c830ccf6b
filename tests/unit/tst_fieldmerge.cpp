#include "FieldMerge.h"
#include "PipelineItemTable.h"

#include <QTest>

// The three-way merge decides whether a local change can be replayed over the server's row
// without a person looking at it. A wrong "same" either raises a needless conflict or, worse,
// silently overwrites a colleague's edit.
class TestFieldMerge : public QObject
{
    Q_OBJECT

private slots:
    void merge_data();
    void merge();
    void same_data();
    void same();
    void sameIsSymmetric_data();
    void sameIsSymmetric();
    void mergeByDescription();
    void theirsOnlyListsWhatTheyAloneChanged();
};

namespace {

const QString kTitle = QStringLiteral("title");
const QString kStage = QStringLiteral("stageId");
const QString kPosition = QStringLiteral("position");
const QString kDue = QStringLiteral("dueDate");
const QString kDescription = QStringLiteral("description");

// Epoch milliseconds as the cache carries a card's dueDate: far beyond int, close to 2^41.
constexpr qint64 kEpochMs = 1700000000000LL;

} // namespace

void TestFieldMerge::merge_data()
{
    QTest::addColumn<QVariantMap>("base");
    QTest::addColumn<QVariantMap>("mine");
    QTest::addColumn<QVariantMap>("theirs");
    QTest::addColumn<QStringList>("conflicting");
    QTest::addColumn<QVariantMap>("toWrite");

    QTest::newRow("disjoint fields: mine written, theirs kept")
        << QVariantMap{{kTitle, QStringLiteral("Kickoff")}, {kStage, QStringLiteral("s1")}}
        << QVariantMap{{kTitle, QStringLiteral("Kickoff call")}}
        << QVariantMap{{kTitle, QStringLiteral("Kickoff")}, {kStage, QStringLiteral("s2")}} << QStringList()
        << QVariantMap{{kTitle, QStringLiteral("Kickoff call")}};

    QTest::newRow("both changed one field differently")
        << QVariantMap{{kTitle, QStringLiteral("Kickoff")}} << QVariantMap{{kTitle, QStringLiteral("Mine")}}
        << QVariantMap{{kTitle, QStringLiteral("Theirs")}} << QStringList{kTitle} << QVariantMap();

    // Nothing to write and nothing to decide: the server already holds my value.
    QTest::newRow("both changed one field to the same value")
        << QVariantMap{{kTitle, QStringLiteral("Kickoff")}} << QVariantMap{{kTitle, QStringLiteral("Agreed")}}
        << QVariantMap{{kTitle, QStringLiteral("Agreed")}} << QStringList() << QVariantMap();

    // A card move is two fields: only the one they also changed is in conflict.
    QTest::newRow("one of two fields in conflict")
        << QVariantMap{{kStage, QStringLiteral("s1")}, {kPosition, 1024.0}}
        << QVariantMap{{kStage, QStringLiteral("s2")}, {kPosition, 2048.0}}
        << QVariantMap{{kStage, QStringLiteral("s3")}, {kPosition, 1024.0}} << QStringList{kStage}
        << QVariantMap{{kPosition, 2048.0}};

    QTest::newRow("they cleared the field I changed")
        << QVariantMap{{kDescription, QStringLiteral("old")}}
        << QVariantMap{{kDescription, QStringLiteral("new")}} << QVariantMap{{kDescription, QVariant()}}
        << QStringList{kDescription} << QVariantMap();

    QTest::newRow("I cleared a field they left alone")
        << QVariantMap{{kDescription, QStringLiteral("old")}} << QVariantMap{{kDescription, QVariant()}}
        << QVariantMap{{kDescription, QStringLiteral("old")}} << QStringList()
        << QVariantMap{{kDescription, QVariant()}};

    // The database gives NULL where the client wrote "": that is no change on their side.
    QTest::newRow("server null where base was empty text")
        << QVariantMap{{kDescription, QString()}} << QVariantMap{{kDescription, QStringLiteral("filled in")}}
        << QVariantMap{{kDescription, QVariant()}} << QStringList()
        << QVariantMap{{kDescription, QStringLiteral("filled in")}};

    // JSON turns 1024.0 into 1024: still the value I started from.
    QTest::newRow("server int where base was double")
        << QVariantMap{{kPosition, 1024.0}} << QVariantMap{{kPosition, 1536.5}}
        << QVariantMap{{kPosition, 1024}} << QStringList() << QVariantMap{{kPosition, 1536.5}};

    QTest::newRow("field absent from theirs and base")
        << QVariantMap() << QVariantMap{{kTitle, QStringLiteral("New")}} << QVariantMap() << QStringList()
        << QVariantMap{{kTitle, QStringLiteral("New")}};

    // They moved the due date by one millisecond; I moved it too: both changed it.
    QTest::newRow("epoch ms changed on both sides")
        << QVariantMap{{kDue, kEpochMs}} << QVariantMap{{kDue, kEpochMs + 86400000}}
        << QVariantMap{{kDue, kEpochMs + 1}} << QStringList{kDue} << QVariantMap();

    QTest::newRow("epoch ms changed only by me")
        << QVariantMap{{kDue, kEpochMs}} << QVariantMap{{kDue, kEpochMs + 1}} << QVariantMap{{kDue, kEpochMs}}
        << QStringList() << QVariantMap{{kDue, kEpochMs + 1}};
}

void TestFieldMerge::merge()
{
    QFETCH(QVariantMap, base);
    QFETCH(QVariantMap, mine);
    QFETCH(QVariantMap, theirs);
    QFETCH(QStringList, conflicting);
    QFETCH(QVariantMap, toWrite);

    const FieldMerge::Result result = FieldMerge::merge(base, mine, theirs);
    QCOMPARE(result.conflicting, conflicting);
    QCOMPARE(result.clean(), conflicting.isEmpty());
    QCOMPARE(result.toWrite.keys(), toWrite.keys());
    for (auto it = toWrite.cbegin(); it != toWrite.cend(); ++it) {
        const QVariant written = result.toWrite.value(it.key());
        QCOMPARE(written.typeId(), it.value().typeId());
        QCOMPARE(written, it.value());
    }
}

void TestFieldMerge::same_data()
{
    QTest::addColumn<QVariant>("a");
    QTest::addColumn<QVariant>("b");
    QTest::addColumn<bool>("expected");

    QTest::newRow("invalid vs null text") << QVariant() << QVariant(QString()) << true;
    QTest::newRow("null vs empty text")
        << QVariant(QMetaType::fromType<QString>()) << QVariant(QStringLiteral("")) << true;
    QTest::newRow("invalid vs empty text") << QVariant() << QVariant(QStringLiteral("")) << true;
    QTest::newRow("null vs std::nullptr_t") << QVariant() << QVariant::fromValue(nullptr) << true;
    // "No value" is not zero and not a blank: those are values a person entered.
    QTest::newRow("null vs 0") << QVariant() << QVariant(0) << false;
    QTest::newRow("null vs space") << QVariant() << QVariant(QStringLiteral(" ")) << false;
    QTest::newRow("null vs false") << QVariant() << QVariant(false) << false;
    QTest::newRow("3 vs 3.0") << QVariant(3) << QVariant(3.0) << true;
    QTest::newRow("3 vs 3LL") << QVariant(3) << QVariant(qlonglong(3)) << true;
    QTest::newRow("3 vs 3.5") << QVariant(3) << QVariant(3.5) << false;
    QTest::newRow("0.5 vs 0.25") << QVariant(0.5) << QVariant(0.25) << false;
    QTest::newRow("same text") << QVariant(QStringLiteral("Kickoff")) << QVariant(QStringLiteral("Kickoff"))
                               << true;
    QTest::newRow("text differs in case")
        << QVariant(QStringLiteral("kickoff")) << QVariant(QStringLiteral("Kickoff")) << false;
    QTest::newRow("true vs true") << QVariant(true) << QVariant(true) << true;
    QTest::newRow("true vs false") << QVariant(true) << QVariant(false) << false;
    QTest::newRow("epoch ms equal") << QVariant(kEpochMs) << QVariant(kEpochMs) << true;
    QTest::newRow("epoch ms vs same as double") << QVariant(kEpochMs) << QVariant(double(kEpochMs)) << true;
    // A due date one millisecond (or one second) later is a different due date.
    QTest::newRow("epoch ms 1 apart") << QVariant(kEpochMs) << QVariant(kEpochMs + 1) << false;
    QTest::newRow("epoch ms 1 s apart") << QVariant(kEpochMs) << QVariant(kEpochMs + 1000) << false;
    // Above 2^53 a double cannot tell neighbours apart; 64-bit integers still must be.
    QTest::newRow("2^53 + 1 vs 2^53")
        << QVariant(qlonglong(9007199254740993LL)) << QVariant(qlonglong(9007199254740992LL)) << false;
}

void TestFieldMerge::same()
{
    QFETCH(QVariant, a);
    QFETCH(QVariant, b);
    QFETCH(bool, expected);

    QCOMPARE(FieldMerge::same(a, b), expected);
}

void TestFieldMerge::sameIsSymmetric_data()
{
    same_data();
}

// merge() asks same(theirs, mine) and same(theirs, base): the order must not matter.
void TestFieldMerge::sameIsSymmetric()
{
    QFETCH(QVariant, a);
    QFETCH(QVariant, b);
    QFETCH(bool, expected);

    QCOMPARE(FieldMerge::same(b, a), expected);
}

// With the table's description a field's value is compared as its type says: the server's
// answer in another spelling of the same instant is no change of theirs.
void TestFieldMerge::mergeByDescription()
{
    const SyncedTable* card = &PipelineItemTable::table();
    const QVariantMap base{{kDue, kEpochMs}, {kPosition, 1024.0 / 3.0}};
    const QVariantMap mine{{kDue, kEpochMs + 86400000}, {kPosition, 2048.0}};
    const QVariantMap theirs{
        {kDue, QDateTime::fromMSecsSinceEpoch(kEpochMs, Qt::UTC).toString(Qt::ISODateWithMs)},
        {kPosition, 341.33333333333337}};
    const FieldMerge::Result described = FieldMerge::merge(card, base, mine, theirs);
    QVERIFY(described.clean());
    QCOMPARE(described.toWrite, mine);
    // Without it, text and a number are different values: a needless conflict.
    QCOMPARE(FieldMerge::merge(base, mine, theirs).conflicting, QStringList{kDue});

    // A due date they moved by a second is theirs, whatever the spelling.
    const QVariantMap moved{{kDue, QDateTime::fromMSecsSinceEpoch(kEpochMs + 1000, Qt::UTC)},
                            {kPosition, 1024.0 / 3.0}};
    QCOMPARE(FieldMerge::merge(card, base, mine, moved).conflicting, QStringList{kDue});
}

void TestFieldMerge::theirsOnlyListsWhatTheyAloneChanged()
{
    const QVariantMap base{{kTitle, QStringLiteral("Kickoff")},
                           {kDescription, QStringLiteral("old")},
                           {kStage, QStringLiteral("s1")}};
    const QVariantMap mine{{kTitle, QStringLiteral("Kickoff call")}};
    const QVariantMap theirs{{kTitle, QStringLiteral("Kickoff")},
                             {kDescription, QStringLiteral("new")},
                             {kStage, QStringLiteral("s1")}};
    const FieldMerge::Result result = FieldMerge::merge(&PipelineItemTable::table(), base, mine, theirs);
    QCOMPARE(result.theirsOnly, QStringList{kDescription});
    QCOMPARE(result.toWrite.keys(), QStringList{kTitle});
    QVERIFY(result.conflicting.isEmpty());
}

QTEST_GUILESS_MAIN(TestFieldMerge)

#include "tst_fieldmerge.moc"
