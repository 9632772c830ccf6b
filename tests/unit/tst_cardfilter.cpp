// CardFilter: the board's filter rules, pure. "Now" is an argument, so overdue, due today and
// due next week are decided against a fixed moment.

#include "CardFilter.h"

#include <QTest>

Q_DECLARE_METATYPE(CardFilter)
Q_DECLARE_METATYPE(CardFilter::Due)
Q_DECLARE_METATYPE(std::optional<QString>)
Q_DECLARE_METATYPE(std::optional<int>)

namespace {

// Wednesday 10 June 2026, 12:00 UTC.
const QDateTime kNow(QDate(2026, 6, 10), QTime(12, 0), Qt::UTC);

PipelineItem card(const QString& title = QStringLiteral("Renew the Contoso contract"))
{
    PipelineItem item;
    item.id = QStringLiteral("c1");
    item.stageId = QStringLiteral("s1");
    item.title = title;
    item.description = QStringLiteral("Call Dana about the pricing sheet.");
    item.assignedToId = QStringLiteral("u-dana");
    item.assigneeName = QStringLiteral("Dana Demo");
    item.priority = 2;
    item.dueDate = kNow.addDays(3);
    return item;
}

PipelineItem dueAt(const QDateTime& due)
{
    PipelineItem item = card();
    item.dueDate = due;
    return item;
}

} // namespace

class TestCardFilter : public QObject
{
    Q_OBJECT

private slots:
    void emptyFilterMatchesEverythingAndIsInactive();
    void text_data();
    void text();
    void assignee_data();
    void assignee();
    void priority_data();
    void priority();
    void due_data();
    void due();
    void dueAcrossTimeZonesUsesTheInstant();
    void combinationsNeedEveryCriterion_data();
    void combinationsNeedEveryCriterion();
    void isActive_data();
    void isActive();
    void equality();
};

void TestCardFilter::emptyFilterMatchesEverythingAndIsInactive()
{
    const CardFilter filter;
    QVERIFY(!filter.isActive());
    QVERIFY(filter.matches(card(), kNow));
    QVERIFY(filter.matches(PipelineItem(), kNow));
    QVERIFY(filter.matches(dueAt({}), QDateTime()));
}

void TestCardFilter::text_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("matches");
    QTest::newRow("in title") << QStringLiteral("contoso") << true;
    QTest::newRow("case-insensitive") << QStringLiteral("CONTOSO CON") << true;
    QTest::newRow("in description") << QStringLiteral("pricing") << true;
    QTest::newRow("surrounding blanks ignored") << QStringLiteral("  renew  ") << true;
    QTest::newRow("blank matches all") << QStringLiteral("   ") << true;
    QTest::newRow("not the assignee's name") << QStringLiteral("Dana Demo") << false;
    QTest::newRow("nowhere") << QStringLiteral("fabrikam") << false;
    QTest::newRow("across title and description") << QStringLiteral("contract Call") << false;
}

void TestCardFilter::text()
{
    QFETCH(QString, text);
    QFETCH(bool, matches);
    CardFilter filter;
    filter.text = text;
    QCOMPARE(filter.matches(card(), kNow), matches);
}

void TestCardFilter::assignee_data()
{
    QTest::addColumn<std::optional<QString>>("assigneeId");
    QTest::addColumn<QString>("cardAssignee");
    QTest::addColumn<bool>("matches");
    QTest::newRow("anyone, assigned") << std::optional<QString>() << QStringLiteral("u-dana") << true;
    QTest::newRow("anyone, unassigned") << std::optional<QString>() << QString() << true;
    QTest::newRow("unassigned, unassigned") << std::optional<QString>(QString()) << QString() << true;
    QTest::newRow("unassigned, assigned")
        << std::optional<QString>(QString()) << QStringLiteral("u-dana") << false;
    QTest::newRow("person, theirs") << std::optional<QString>(QStringLiteral("u-dana"))
                                    << QStringLiteral("u-dana") << true;
    QTest::newRow("person, someone else's")
        << std::optional<QString>(QStringLiteral("u-dana")) << QStringLiteral("u-lee") << false;
    QTest::newRow("person, unassigned")
        << std::optional<QString>(QStringLiteral("u-dana")) << QString() << false;
}

void TestCardFilter::assignee()
{
    QFETCH(std::optional<QString>, assigneeId);
    QFETCH(QString, cardAssignee);
    QFETCH(bool, matches);
    CardFilter filter;
    filter.assigneeId = assigneeId;
    PipelineItem item = card();
    item.assignedToId = cardAssignee;
    QCOMPARE(filter.matches(item, kNow), matches);
}

void TestCardFilter::priority_data()
{
    QTest::addColumn<std::optional<int>>("wanted");
    QTest::addColumn<int>("cardPriority");
    QTest::addColumn<bool>("matches");
    QTest::newRow("any") << std::optional<int>() << 3 << true;
    QTest::newRow("none, none") << std::optional<int>(0) << 0 << true;
    QTest::newRow("none, normal") << std::optional<int>(0) << 1 << false;
    QTest::newRow("normal, normal") << std::optional<int>(1) << 1 << true;
    QTest::newRow("high, urgent: exact, not at least") << std::optional<int>(2) << 3 << false;
    QTest::newRow("urgent, urgent") << std::optional<int>(3) << 3 << true;
}

void TestCardFilter::priority()
{
    QFETCH(std::optional<int>, wanted);
    QFETCH(int, cardPriority);
    QFETCH(bool, matches);
    CardFilter filter;
    filter.priority = wanted;
    PipelineItem item = card();
    item.priority = cardPriority;
    QCOMPARE(filter.matches(item, kNow), matches);
}

void TestCardFilter::due_data()
{
    QTest::addColumn<CardFilter::Due>("due");
    QTest::addColumn<QDateTime>("dueDate");
    QTest::addColumn<bool>("matches");
    using Due = CardFilter::Due;
    const QDateTime earlierToday(kNow.date(), QTime(9, 0), Qt::UTC);
    const QDateTime laterToday(kNow.date(), QTime(17, 0), Qt::UTC);
    const QDateTime yesterday = laterToday.addDays(-1);
    const QDateTime inSeven = laterToday.addDays(7);
    const QDateTime inEight(kNow.date().addDays(8), QTime(0, 30), Qt::UTC);

    QTest::newRow("any, none") << Due::Any << QDateTime() << true;
    QTest::newRow("any, past") << Due::Any << yesterday << true;

    QTest::newRow("overdue, yesterday") << Due::Overdue << yesterday << true;
    QTest::newRow("overdue, earlier today") << Due::Overdue << earlierToday << true;
    QTest::newRow("overdue, exactly now") << Due::Overdue << kNow << false;
    QTest::newRow("overdue, later today") << Due::Overdue << laterToday << false;
    QTest::newRow("overdue, none") << Due::Overdue << QDateTime() << false;

    QTest::newRow("7 days, later today") << Due::NextSevenDays << laterToday << true;
    QTest::newRow("7 days, exactly now") << Due::NextSevenDays << kNow << true;
    QTest::newRow("7 days, earlier today (overdue)") << Due::NextSevenDays << earlierToday << false;
    QTest::newRow("7 days, yesterday") << Due::NextSevenDays << yesterday << false;
    QTest::newRow("7 days, seventh day's evening") << Due::NextSevenDays << inSeven << true;
    QTest::newRow("7 days, eighth day") << Due::NextSevenDays << inEight << false;
    QTest::newRow("7 days, none") << Due::NextSevenDays << QDateTime() << false;

    QTest::newRow("no due date, none") << Due::NoDueDate << QDateTime() << true;
    QTest::newRow("no due date, later today") << Due::NoDueDate << laterToday << false;
    QTest::newRow("no due date, overdue") << Due::NoDueDate << yesterday << false;
}

void TestCardFilter::due()
{
    QFETCH(CardFilter::Due, due);
    QFETCH(QDateTime, dueDate);
    QFETCH(bool, matches);
    CardFilter filter;
    filter.due = due;
    QCOMPARE(filter.matches(dueAt(dueDate), kNow), matches);
}

void TestCardFilter::dueAcrossTimeZonesUsesTheInstant()
{
    // 11:30 UTC written as 13:30 at UTC+2: half an hour ago, so overdue.
    const QDateTime offset(kNow.date(), QTime(13, 30), Qt::OffsetFromUTC, 2 * 3600);
    CardFilter filter;
    filter.due = CardFilter::Due::Overdue;
    QVERIFY(filter.matches(dueAt(offset), kNow));
    QVERIFY(!filter.matches(dueAt(offset), kNow.addSecs(-3600)));
}

void TestCardFilter::combinationsNeedEveryCriterion_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<std::optional<QString>>("assigneeId");
    QTest::addColumn<std::optional<int>>("priority");
    QTest::addColumn<CardFilter::Due>("due");
    QTest::addColumn<bool>("matches");
    using Due = CardFilter::Due;
    const std::optional<QString> dana(QStringLiteral("u-dana"));
    // The card: "Renew the Contoso contract", Dana, high, due in three days.
    QTest::newRow("all met") << QStringLiteral("contoso") << dana << std::optional<int>(2)
                             << Due::NextSevenDays << true;
    QTest::newRow("text fails") << QStringLiteral("fabrikam") << dana << std::optional<int>(2)
                                << Due::NextSevenDays << false;
    QTest::newRow("assignee fails") << QStringLiteral("contoso") << std::optional<QString>(QString())
                                    << std::optional<int>(2) << Due::NextSevenDays << false;
    QTest::newRow("priority fails") << QStringLiteral("contoso") << dana << std::optional<int>(3)
                                    << Due::NextSevenDays << false;
    QTest::newRow("due fails") << QStringLiteral("contoso") << dana << std::optional<int>(2) << Due::Overdue
                               << false;
    QTest::newRow("assignee and priority") << QString() << dana << std::optional<int>(2) << Due::Any << true;
    QTest::newRow("priority and no due date")
        << QString() << std::optional<QString>() << std::optional<int>(2) << Due::NoDueDate << false;
}

void TestCardFilter::combinationsNeedEveryCriterion()
{
    QFETCH(QString, text);
    QFETCH(std::optional<QString>, assigneeId);
    QFETCH(std::optional<int>, priority);
    QFETCH(CardFilter::Due, due);
    QFETCH(bool, matches);
    CardFilter filter;
    filter.text = text;
    filter.assigneeId = assigneeId;
    filter.priority = priority;
    filter.due = due;
    QVERIFY(filter.isActive());
    QCOMPARE(filter.matches(card(), kNow), matches);
}

void TestCardFilter::isActive_data()
{
    QTest::addColumn<CardFilter>("filter");
    QTest::addColumn<bool>("active");
    CardFilter f;
    QTest::newRow("default") << f << false;
    f.text = QStringLiteral("  ");
    QTest::newRow("blank text") << f << false;
    f.text = QStringLiteral("x");
    QTest::newRow("text") << f << true;
    f = {};
    f.assigneeId = QString();
    QTest::newRow("unassigned") << f << true;
    f = {};
    f.priority = 0;
    QTest::newRow("no priority") << f << true;
    f = {};
    f.due = CardFilter::Due::NoDueDate;
    QTest::newRow("no due date") << f << true;
}

void TestCardFilter::isActive()
{
    QFETCH(CardFilter, filter);
    QFETCH(bool, active);
    QCOMPARE(filter.isActive(), active);
}

void TestCardFilter::equality()
{
    CardFilter a;
    CardFilter b;
    QVERIFY(a == b);
    b.assigneeId = QString();
    QVERIFY(a != b); // unassigned is not "anyone"
    a.assigneeId = QString();
    QVERIFY(a == b);
    b.priority = 0;
    QVERIFY(a != b);
}

QTEST_GUILESS_MAIN(TestCardFilter)
#include "tst_cardfilter.moc"
