// TaskStatusFlow: the task status state machine. The allowed set is written out here a second
// time, independently of the implementation, so a change to the flow has to be made twice and
// on purpose.

#include "TaskStatusFlow.h"

#include <QHash>
#include <QSet>
#include <QTest>

#include <utility>

namespace {

const QList<TaskStatus> all = {TaskStatus::New,     TaskStatus::InProgress, TaskStatus::NeedsReview,
                               TaskStatus::Blocked, TaskStatus::Done,       TaskStatus::Cancelled};

// Readable names for data tags, independent of translation.
const char* name(TaskStatus status)
{
    switch (status) {
    case TaskStatus::New:
        return "New";
    case TaskStatus::InProgress:
        return "InProgress";
    case TaskStatus::NeedsReview:
        return "NeedsReview";
    case TaskStatus::Blocked:
        return "Blocked";
    case TaskStatus::Done:
        return "Done";
    case TaskStatus::Cancelled:
        return "Cancelled";
    }
    return "?";
}

using Pair = std::pair<TaskStatus, TaskStatus>;

const QList<Pair> expectedAllowed = {
    {TaskStatus::New, TaskStatus::InProgress},
    {TaskStatus::New, TaskStatus::Blocked},
    {TaskStatus::New, TaskStatus::Cancelled},
    {TaskStatus::InProgress, TaskStatus::NeedsReview},
    {TaskStatus::InProgress, TaskStatus::Blocked},
    {TaskStatus::InProgress, TaskStatus::Done},
    {TaskStatus::InProgress, TaskStatus::Cancelled},
    {TaskStatus::NeedsReview, TaskStatus::InProgress}, // changes requested
    {TaskStatus::NeedsReview, TaskStatus::Done},
    {TaskStatus::NeedsReview, TaskStatus::Cancelled},
    {TaskStatus::Blocked, TaskStatus::InProgress},
    {TaskStatus::Blocked, TaskStatus::Cancelled},
    {TaskStatus::Done, TaskStatus::InProgress}, // reopen
    {TaskStatus::Cancelled, TaskStatus::New}, // restore
};

} // namespace

class TestTaskStatusFlow : public QObject
{
    Q_OBJECT

private slots:
    void transitions_data();
    void transitions();
    void refusalsAreSpecific();
    void examples_data();
    void examples();
    void allowedNextMatchesCheck();
    void databaseSpelling_data();
    void databaseSpelling();
    void fromDatabaseRejectsUnknown_data();
    void fromDatabaseRejectsUnknown();
    void displayNamesAreDistinct();
};

void TestTaskStatusFlow::transitions_data()
{
    QTest::addColumn<TaskStatus>("from");
    QTest::addColumn<TaskStatus>("to");
    QTest::addColumn<bool>("allowed");
    for (TaskStatus from : all) {
        for (TaskStatus to : all) {
            QTest::addRow("%s -> %s", name(from), name(to))
                << from << to << expectedAllowed.contains(Pair(from, to));
        }
    }
}

void TestTaskStatusFlow::transitions()
{
    QFETCH(TaskStatus, from);
    QFETCH(TaskStatus, to);
    QFETCH(bool, allowed);

    const TransitionCheck result = TaskStatusFlow::check(from, to);
    QCOMPARE(result.allowed, allowed);
    if (allowed) {
        QVERIFY2(result.reason.isEmpty(), qPrintable(result.reason));
        return;
    }
    QVERIFY(!result.reason.trimmed().isEmpty());
    QVERIFY2(result.reason.endsWith(QLatin1Char('.')), qPrintable(result.reason));
    // Actionable: names the status asked for, or a status the task can go to instead.
    bool namesAWayOn = result.reason.contains(TaskStatusFlow::displayName(to));
    for (TaskStatus next : TaskStatusFlow::allowedNext(from))
        namesAWayOn = namesAWayOn || result.reason.contains(TaskStatusFlow::displayName(next));
    QVERIFY2(namesAWayOn, qPrintable(result.reason));
    // Never the catch-all sentence meant only for a pair the flow forgot.
    QVERIFY2(!result.reason.startsWith(QLatin1String("A task cannot change from")),
             qPrintable(result.reason));
    if (from == to)
        QVERIFY2(result.reason.contains(QLatin1String("already")), qPrintable(result.reason));
}

void TestTaskStatusFlow::refusalsAreSpecific()
{
    // Each refused pair from a different starting status explains itself in its own words:
    // apart from "cancelled → anything", no two starting statuses share a sentence.
    QHash<QString, TaskStatus> seen;
    for (TaskStatus from : all) {
        for (TaskStatus to : all) {
            const TransitionCheck result = TaskStatusFlow::check(from, to);
            if (result.allowed)
                continue;
            const auto it = seen.constFind(result.reason);
            if (it != seen.constEnd())
                QVERIFY2(*it == from, qPrintable(result.reason));
            seen.insert(result.reason, from);
        }
    }
}

void TestTaskStatusFlow::examples_data()
{
    QTest::addColumn<TaskStatus>("from");
    QTest::addColumn<TaskStatus>("to");
    QTest::addColumn<QString>("reason");
    QTest::newRow("new to review") << TaskStatus::New << TaskStatus::NeedsReview
                                   << QStringLiteral("A new task must be started (In progress) before it "
                                                     "can go to review.");
    QTest::newRow("done to blocked") << TaskStatus::Done << TaskStatus::Blocked
                                     << QStringLiteral("A finished task must be reopened (In progress) "
                                                       "before it can be blocked.");
    QTest::newRow("cancelled to done") << TaskStatus::Cancelled << TaskStatus::Done
                                       << QStringLiteral("A cancelled task must be restored (New) first.");
    QTest::newRow("same status") << TaskStatus::Blocked << TaskStatus::Blocked
                                 << QStringLiteral("The task is already in the status \"Blocked\".");
}

void TestTaskStatusFlow::examples()
{
    QFETCH(TaskStatus, from);
    QFETCH(TaskStatus, to);
    QFETCH(QString, reason);
    QCOMPARE(TaskStatusFlow::check(from, to).reason, reason);
}

void TestTaskStatusFlow::allowedNextMatchesCheck()
{
    for (TaskStatus from : all) {
        QList<TaskStatus> expected;
        for (TaskStatus to : all) {
            if (TaskStatusFlow::check(from, to).allowed)
                expected << to; // declaration order
        }
        QCOMPARE(TaskStatusFlow::allowedNext(from), expected);
        QVERIFY(!TaskStatusFlow::allowedNext(from).isEmpty()); // no dead end
    }
    QCOMPARE(TaskStatusFlow::allowedNext(TaskStatus::New),
             (QList<TaskStatus>{TaskStatus::InProgress, TaskStatus::Blocked, TaskStatus::Cancelled}));
}

void TestTaskStatusFlow::databaseSpelling_data()
{
    QTest::addColumn<TaskStatus>("status");
    QTest::addColumn<QString>("spelling");
    // enum TaskStatus in resources/db/schema.prisma.
    QTest::newRow("NEW") << TaskStatus::New << QStringLiteral("NEW");
    QTest::newRow("IN_PROGRESS") << TaskStatus::InProgress << QStringLiteral("IN_PROGRESS");
    QTest::newRow("NEEDS_REVIEW") << TaskStatus::NeedsReview << QStringLiteral("NEEDS_REVIEW");
    QTest::newRow("BLOCKED") << TaskStatus::Blocked << QStringLiteral("BLOCKED");
    QTest::newRow("DONE") << TaskStatus::Done << QStringLiteral("DONE");
    QTest::newRow("CANCELLED") << TaskStatus::Cancelled << QStringLiteral("CANCELLED");
}

void TestTaskStatusFlow::databaseSpelling()
{
    QFETCH(TaskStatus, status);
    QFETCH(QString, spelling);
    QCOMPARE(TaskStatusFlow::toDatabase(status), spelling);
    const std::optional<TaskStatus> parsed = TaskStatusFlow::fromDatabase(spelling);
    QVERIFY(parsed.has_value());
    QCOMPARE(*parsed, status);
}

void TestTaskStatusFlow::fromDatabaseRejectsUnknown_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("empty") << QString();
    QTest::newRow("unknown") << QStringLiteral("ARCHIVED");
    QTest::newRow("lower case") << QStringLiteral("new"); // PostgreSQL enum labels are case-sensitive
    QTest::newRow("display name") << QStringLiteral("In progress");
    QTest::newRow("padded") << QStringLiteral(" DONE");
    QTest::newRow("C++ name") << QStringLiteral("InProgress");
}

void TestTaskStatusFlow::fromDatabaseRejectsUnknown()
{
    QFETCH(QString, value);
    QVERIFY(!TaskStatusFlow::fromDatabase(value).has_value());
}

void TestTaskStatusFlow::displayNamesAreDistinct()
{
    QSet<QString> names;
    for (TaskStatus status : all) {
        const QString display = TaskStatusFlow::displayName(status);
        QVERIFY(!display.isEmpty());
        names.insert(display);
    }
    QCOMPARE(names.size(), all.size());
}

QTEST_APPLESS_MAIN(TestTaskStatusFlow)
#include "tst_taskstatusflow.moc"
