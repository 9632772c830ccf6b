// TaskRepository against a real PostgreSQL: the demo seed, read and written as Northwind's (and
// Globex's) staff login over TCP, so row-level security resolves a template's pipeline key within
// the signed-in organization; status changes made the one way the console makes them, an outbox
// entry (TaskCache) replayed by SyncedTableApplier. Every write is checked against what the
// superuser sees.

#include "PgCluster.h"
#include "SqlProbe.h"
#include "SyncEngine.h"
#include "SyncedTableApplier.h"
#include "TaskCache.h"
#include "TaskRepository.h"
#include "TaskStatusFlow.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

using TaskRepository::Failure;
using TaskRepository::WriteResult;

namespace {

const QString kPassword = QStringLiteral("task-pass-1");

const QList<TaskStatus> kAll = {TaskStatus::New,     TaskStatus::InProgress, TaskStatus::NeedsReview,
                                TaskStatus::Blocked, TaskStatus::Done,       TaskStatus::Cancelled};

const char* failureName(Failure failure)
{
    switch (failure) {
    case Failure::None:
        return "None";
    case Failure::Conflict:
        return "Conflict";
    case Failure::Gone:
        return "Gone";
    case Failure::NotAllowed:
        return "NotAllowed";
    case Failure::TemplateGone:
        return "TemplateGone";
    case Failure::PipelineMissing:
        return "PipelineMissing";
    case Failure::Refused:
        return "Refused";
    case Failure::Other:
        return "Other";
    }
    return "?";
}

QByteArray describe(const ApplyOutcome& o)
{
    static const char* const kinds[] = {"Applied", "AlreadyApplied", "VersionMismatch", "Gone", "Failed"};
    return QByteArray(kinds[int(o.kind)]) + ' ' + o.sqlState.toUtf8() + ' ' + o.error.toUtf8();
}

// One "Task" row as the superuser sees it.
struct Row
{
    bool found = false;
    QString orgId;
    QString status;
    int version = 0;
    QString updatedAt;
    bool completed = false;
    QString pipelineId;
    QString stageId;
};

} // namespace

class TestTaskRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void prefillUsesTheDefinition();
    void databaseFlowIsTheConsolesFlow();
    void prefillFallsBackToTheTemplate();
    void templatesListsTheActiveCatalog();
    void tasksListsThePipelinesTasksNewestFirst();
    void createFromTemplatePicksTheOrganizationsPipeline_data();
    void createFromTemplatePicksTheOrganizationsPipeline();
    void createWithPipelineOverride();
    void unknownPipelineIsExplained();
    void retiredTemplateIsGone();
    void statusChange_data();
    void statusChange();
    void statusIsCheckedAgainstTheDatabase();
    void replayedStatusChangeIsAppliedOnce();
    void onlyStatusChangesAreSent();
    void staleVersionIsConflict();
    void completedAtIsSetAndCleared();
    void otherOrganizationsTaskIsGone();
    void decisionLogIsOldestFirst();

private:
    QSqlDatabase open(const QString& name, const QString& user, bool tcp);
    QVariant adminValue(const QString& sql, const QVariantList& binds = {});
    QStringList adminColumn(const QString& sql, const QVariantList& binds = {});
    bool adminExec(const QString& sql, const QVariantList& binds = {});
    Row adminRow(const QString& taskId);
    int statusActivities(const QString& taskId);
    // A fresh Northwind task in the given status (made through the repository, then set by the admin).
    QString freshTask(TaskStatus status, int* version);
    // The task as the Tasks panel has it: read by the staff login.
    TaskRecord seen(const QString& taskId);
    // A status change as the panel queues it, replayed as the console's replay sends it.
    ApplyOutcome changeStatus(const TaskRecord& task, TaskStatus to,
                              std::optional<int> expectedVersion = std::nullopt);

    PgCluster* m_pg = nullptr;
    QString m_database;
    PgCluster::DemoDatabase m_demo;
    QString m_northwind;
    QString m_globex;
    QString m_northwindUser; // the user the Northwind staff login maps to
    QSqlDatabase m_admin;
    QSqlDatabase m_staff; // Northwind
    QSqlDatabase m_otherStaff; // Globex
};

QSqlDatabase TestTaskRepository::open(const QString& name, const QString& user, bool tcp)
{
    return m_pg->connect(name, m_database, user, kPassword, tcp);
}

QVariant TestTaskRepository::adminValue(const QString& sql, const QVariantList& binds)
{
    return SqlProbe::value(m_admin, sql, binds);
}

QStringList TestTaskRepository::adminColumn(const QString& sql, const QVariantList& binds)
{
    return SqlProbe::column(m_admin, sql, binds);
}

bool TestTaskRepository::adminExec(const QString& sql, const QVariantList& binds)
{
    return SqlProbe::exec(m_admin, sql, binds);
}

Row TestTaskRepository::adminRow(const QString& taskId)
{
    Row row;
    QSqlQuery q(m_admin);
    q.prepare(QStringLiteral("SELECT \"orgId\", status::text, version, \"updatedAt\"::text, "
                             "\"completedAt\" IS NOT NULL, coalesce(\"pipelineId\", ''), "
                             "coalesce(\"stageId\", '') FROM \"Task\" WHERE id = ?"));
    q.addBindValue(taskId);
    if (q.exec() && q.next()) {
        row.found = true;
        row.orgId = q.value(0).toString();
        row.status = q.value(1).toString();
        row.version = q.value(2).toInt();
        row.updatedAt = q.value(3).toString();
        row.completed = q.value(4).toBool();
        row.pipelineId = q.value(5).toString();
        row.stageId = q.value(6).toString();
    }
    return row;
}

int TestTaskRepository::statusActivities(const QString& taskId)
{
    return adminValue(
               QStringLiteral("SELECT count(*) FROM \"ActivityLog\" WHERE \"entityId\" = ? AND action = "
                              "'task.status'"),
               {taskId})
        .toInt();
}

QString TestTaskRepository::freshTask(TaskStatus status, int* version)
{
    const WriteResult created
        = TaskRepository::createFromTemplate(m_staff, QStringLiteral("support.bug-report"));
    if (!created.ok()) {
        qWarning("creating a task: %s", qPrintable(created.message));
        return {};
    }
    const QString id = created.task.id;
    if (!adminExec(QStringLiteral("UPDATE \"Task\" SET status = CAST(? AS \"TaskStatus\"), version = 7, "
                                  "\"completedAt\" = CASE WHEN ? THEN now() AT TIME ZONE 'UTC' END, "
                                  "\"updatedAt\" = '2026-01-02 03:04:05' WHERE id = ?"),
                   {TaskStatusFlow::toDatabase(status), status == TaskStatus::Done, id}))
        return {};
    *version = 7;
    return id;
}

TaskRecord TestTaskRepository::seen(const QString& taskId)
{
    QString error;
    const TaskRecord task = TaskRepository::task(m_staff, taskId, &error);
    if (!error.isEmpty())
        qWarning("reading a task: %s", qPrintable(error));
    return task;
}

ApplyOutcome TestTaskRepository::changeStatus(const TaskRecord& task, TaskStatus to,
                                              std::optional<int> expectedVersion)
{
    OutboxEntry entry = TaskCache::statusEntry(task, to);
    entry.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    SyncedTableApplier applier(TaskTable::table());
    return applier.apply(m_staff, entry, entry.fields, expectedVersion.value_or(entry.baseVersion), nullptr);
}

void TestTaskRepository::initTestCase()
{
    m_pg = &PgCluster::instance();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    // Deployed, seeded, and the two organizations' staff logins (named for this test: roles are
    // cluster-wide) given kPassword.
    m_demo = m_pg->createDemoDatabase(QStringLiteral("tasks"), 60, kPassword);
    QVERIFY2(m_demo.error.isEmpty(), qPrintable(m_demo.error));
    m_database = m_demo.database;
    m_admin = open(QStringLiteral("taskAdmin"), QStringLiteral("postgres"), false);
    QVERIFY(m_admin.isOpen());
    const QStringList logins{m_demo.login, m_demo.otherLogin};

    m_northwind
        = adminValue(QStringLiteral("SELECT id FROM organization WHERE slug = 'northwind'")).toString();
    m_globex = adminValue(QStringLiteral("SELECT id FROM organization WHERE slug = 'globex'")).toString();
    QVERIFY(!m_northwind.isEmpty() && !m_globex.isEmpty());
    m_northwindUser
        = adminValue(QStringLiteral("SELECT \"userId\" FROM staff_login WHERE login = ?"), {logins.first()})
              .toString();
    QVERIFY(!m_northwindUser.isEmpty());
    // Three organizations have a "sales" pipeline: the base seed's, Northwind's and Globex's.
    QCOMPARE(adminValue(QStringLiteral("SELECT count(DISTINCT \"orgId\") FROM pipeline WHERE key = 'sales'"))
                 .toInt(),
             3);

    // A retired template, and one whose pipeline only Globex has.
    QVERIFY(adminExec(QStringLiteral(
        "INSERT INTO \"TaskTemplate\" (id, label, category, \"preferredPipelineKey\", definition, "
        "\"isActive\", "
        "\"updatedAt\") VALUES "
        "('test.retired', 'Retired template', 'test', 'sales', '{}', false, now()), "
        "('test.shipment-check', 'Check a shipment', 'test', 'shipments', "
        "'{\"title\": \"Check the shipment\", \"defaultPriority\": 3, \"dueInDays\": 2}', true, now())")));

    m_staff = open(QStringLiteral("taskStaff"), logins.first(), true);
    QVERIFY(m_staff.isOpen());
    m_otherStaff = open(QStringLiteral("taskOtherStaff"), logins.last(), true);
    QVERIFY(m_otherStaff.isOpen());
    QSqlQuery visible(m_staff);
    QVERIFY(visible.exec(QStringLiteral("SELECT count(DISTINCT \"orgId\") FROM \"Task\"")) && visible.next());
    QCOMPARE(visible.value(0).toInt(), 1);
}

void TestTaskRepository::cleanupTestCase()
{
    m_staff.close();
    m_otherStaff.close();
    m_admin.close();
}

void TestTaskRepository::prefillUsesTheDefinition()
{
    TaskRepository::Template tmpl;
    tmpl.label = QStringLiteral("Label");
    tmpl.description = QStringLiteral("Template description");
    tmpl.definition
        = QJsonDocument::fromJson(R"({"title": "  Call the client ", "description": "From the definition",
        "defaultPriority": 7, "routing": {"defaultPriority": 1}, "dueInDays": 3, "sla": {"resolutionHours": 8},
        "version": 2, "steps": [{"key": "a", "title": "First"}, "Second", {"key": "empty"}]})")
              .object();
    const TaskRepository::Prefill p = TaskRepository::prefill(tmpl);
    QCOMPARE(p.title, QStringLiteral("Call the client"));
    QCOMPARE(p.description, QStringLiteral("From the definition"));
    QCOMPARE(p.priority, 3); // clamped to urgent
    QCOMPARE(p.dueInHours, std::optional<int>(72)); // dueInDays wins over the SLA
    const QJsonArray checklist = p.data.value(QStringLiteral("checklist")).toArray();
    QCOMPARE(checklist.size(), 2);
    QCOMPARE(checklist.at(0).toObject().value(QStringLiteral("text")).toString(), QStringLiteral("First"));
    QCOMPARE(checklist.at(1).toObject().value(QStringLiteral("done")).toBool(true), false);
    QCOMPARE(p.data.value(QStringLiteral("templateVersion")).toInt(), 2);

    tmpl.definition = QJsonDocument::fromJson(R"({"summary": "A summary", "defaultPriority": -1})").object();
    const TaskRepository::Prefill s = TaskRepository::prefill(tmpl);
    QCOMPARE(s.title, QStringLiteral("A summary"));
    QCOMPARE(s.priority, 0);
}

void TestTaskRepository::prefillFallsBackToTheTemplate()
{
    // The shape of the seeded catalog: no title, priority and SLA among the routing hints.
    TaskRepository::Template tmpl;
    tmpl.label = QStringLiteral("Schedule product demo");
    tmpl.description = QStringLiteral("A prospect asked for a demo.");
    tmpl.definition = QJsonDocument::fromJson(R"({"version": 1, "inputs": [],
        "routing": {"keywords": ["demo"], "defaultPriority": 2, "defaultStage": "qualified"},
        "sla": {"firstResponseHours": 2, "resolutionHours": 48}})")
                          .object();
    const TaskRepository::Prefill p = TaskRepository::prefill(tmpl);
    QCOMPARE(p.title, tmpl.label);
    QCOMPARE(p.description, tmpl.description);
    QCOMPARE(p.priority, 2);
    QCOMPARE(p.dueInHours, std::optional<int>(48));
    QVERIFY(!p.data.contains(QStringLiteral("checklist")));

    tmpl.definition = {};
    const TaskRepository::Prefill empty = TaskRepository::prefill(tmpl);
    QCOMPARE(empty.priority, 0);
    QVERIFY(!empty.dueInHours);
    QVERIFY(empty.data.isEmpty());
}

void TestTaskRepository::templatesListsTheActiveCatalog()
{
    QString error;
    const QList<TaskRepository::Template> list = TaskRepository::templates(m_staff, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QSet<QString> ids;
    for (const TaskRepository::Template& t : list)
        ids.insert(t.id);
    const QStringList active
        = adminColumn(QStringLiteral("SELECT id FROM \"TaskTemplate\" WHERE \"isActive\""));
    QCOMPARE(ids, QSet<QString>(active.cbegin(), active.cend()));
    QVERIFY(!ids.contains(QStringLiteral("test.retired")));
    QVERIFY(ids.contains(QStringLiteral("sales.demo-request")));
    // By category, then label.
    for (int i = 1; i < list.size(); ++i)
        QVERIFY(list.at(i - 1).category <= list.at(i).category);

    auto demo = std::find_if(list.cbegin(), list.cend(), [](const TaskRepository::Template& t) {
        return t.id == QLatin1String("sales.demo-request");
    });
    QCOMPARE(demo->label, QStringLiteral("Schedule product demo"));
    QCOMPARE(demo->category, QStringLiteral("sales"));
    QCOMPARE(demo->preferredPipelineKey, QStringLiteral("sales"));
    QVERIFY(demo->description.startsWith(QLatin1String("A prospect asked for a demo")));
    QCOMPARE(demo->definition.value(QStringLiteral("routing"))
                 .toObject()
                 .value(QStringLiteral("defaultPriority"))
                 .toInt(),
             2);
    QCOMPARE(demo->definition.value(QStringLiteral("steps")).toArray().size(), 4);

    auto review = std::find_if(list.cbegin(), list.cend(), [](const TaskRepository::Template& t) {
        return t.id == QLatin1String("general.document-review");
    });
    QVERIFY(review != list.cend());
    QVERIFY(review->preferredPipelineKey.isEmpty());
}

void TestTaskRepository::tasksListsThePipelinesTasksNewestFirst()
{
    const QString sales
        = adminValue(QStringLiteral("SELECT id FROM pipeline WHERE \"orgId\" = ? AND key = 'sales'"),
                     {m_northwind})
              .toString();
    // One of them deleted the way the web platform deletes: softly.
    const QString deleted
        = adminValue(QStringLiteral("SELECT min(id) FROM \"Task\" WHERE \"pipelineId\" = ?"), {sales})
              .toString();
    QVERIFY(!deleted.isEmpty());
    QVERIFY(adminExec(QStringLiteral("UPDATE \"Task\" SET \"deletedAt\" = now() WHERE id = ?"), {deleted}));

    QString error;
    const QList<TaskRepository::Task> list = TaskRepository::tasks(m_staff, sales, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QStringList expected
        = adminColumn(QStringLiteral("SELECT id FROM \"Task\" WHERE \"pipelineId\" = ? AND "
                                     "\"deletedAt\" IS NULL ORDER BY \"createdAt\" DESC, id DESC"),
                      {sales});
    QVERIFY(!expected.isEmpty());
    QStringList ids;
    for (const TaskRepository::Task& t : list) {
        ids << t.id;
        QCOMPARE(t.pipelineId, sales);
        QVERIFY2(t.status.has_value(), qPrintable(t.statusValue));
        QVERIFY(!t.title.isEmpty());
        QVERIFY(t.version >= 1);
    }
    QCOMPARE(ids, expected);
    QVERIFY(!ids.contains(deleted));
    for (int i = 1; i < list.size(); ++i)
        QVERIFY(list.at(i - 1).createdAt >= list.at(i).createdAt);

    // The assignee's name, stage and template as the admin sees them.
    const TaskRepository::Task& first = list.first();
    QCOMPARE(
        first.assigneeName,
        adminValue(QStringLiteral("SELECT coalesce(u.name, '') FROM \"Task\" t LEFT JOIN users u ON u.id = "
                                  "t.\"assignedToId\" WHERE t.id = ?"),
                   {first.id})
            .toString());
    QCOMPARE(
        first.stageId,
        adminValue(QStringLiteral("SELECT coalesce(\"stageId\", '') FROM \"Task\" WHERE id = ?"), {first.id})
            .toString());
    QCOMPARE(first.templateId,
             adminValue(QStringLiteral("SELECT coalesce(\"templateId\", '') FROM \"Task\" WHERE id = ?"),
                        {first.id})
                 .toString());

    // Globex's pipeline: not visible, so nothing.
    const QString globexSales
        = adminValue(QStringLiteral("SELECT id FROM pipeline WHERE \"orgId\" = ? AND key = 'sales'"),
                     {m_globex})
              .toString();
    QVERIFY(
        adminValue(QStringLiteral("SELECT count(*) FROM \"Task\" WHERE \"pipelineId\" = ?"), {globexSales})
            .toInt()
        > 0);
    QVERIFY(TaskRepository::tasks(m_staff, globexSales, &error).isEmpty());
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestTaskRepository::createFromTemplatePicksTheOrganizationsPipeline_data()
{
    QTest::addColumn<bool>("globex");
    QTest::addColumn<QString>("templateId");
    QTest::addColumn<QString>("pipelineKey");
    QTest::addColumn<QString>("title");
    QTest::addColumn<int>("priority");
    QTest::addColumn<int>("dueInHours");

    QTest::newRow("northwind sales") << false << "sales.demo-request"
                                     << "sales"
                                     << "Schedule product demo" << 2 << 48;
    QTest::newRow("northwind support") << false << "support.password-reset"
                                       << "support"
                                       << "Password reset / locked account" << 2 << 8;
    QTest::newRow("globex sales") << true << "sales.lead-qualification"
                                  << "sales"
                                  << "Qualify inbound lead" << 1 << 72;
    QTest::newRow("globex shipments, from the definition") << true << "test.shipment-check"
                                                           << "shipments"
                                                           << "Check the shipment" << 3 << 48;
}

void TestTaskRepository::createFromTemplatePicksTheOrganizationsPipeline()
{
    QFETCH(bool, globex);
    QFETCH(QString, templateId);
    QFETCH(QString, pipelineKey);
    QFETCH(QString, title);
    QFETCH(int, priority);
    QFETCH(int, dueInHours);

    const QString org = globex ? m_globex : m_northwind;
    const QString login = globex ? m_demo.otherLogin : m_demo.login;
    const WriteResult created
        = TaskRepository::createFromTemplate(globex ? m_otherStaff : m_staff, templateId);
    QVERIFY2(created.ok(), qPrintable(created.message));
    const QString id = created.task.id;
    QVERIFY(!id.isEmpty());

    const QString pipeline
        = adminValue(QStringLiteral("SELECT id FROM pipeline WHERE \"orgId\" = ? AND key = ?"),
                     {org, pipelineKey})
              .toString();
    const QString firstStage
        = adminValue(
              QStringLiteral(
                  "SELECT id FROM \"pipelineStage\" WHERE \"pipelineId\" = ? ORDER BY \"order\" LIMIT 1"),
              {pipeline})
              .toString();
    QVERIFY(!pipeline.isEmpty() && !firstStage.isEmpty());
    const Row row = adminRow(id);
    QVERIFY(row.found);
    QCOMPARE(row.orgId, org);
    QCOMPARE(row.pipelineId, pipeline); // never another organization's pipeline of the same key
    QCOMPARE(row.stageId, firstStage);
    QCOMPARE(row.status, QStringLiteral("NEW"));
    QCOMPARE(row.version, 1);
    QCOMPARE(created.task.pipelineId, pipeline);
    QCOMPARE(created.task.status, std::optional<TaskStatus>(TaskStatus::New));

    QSqlQuery q(m_admin);
    q.prepare(
        QStringLiteral("SELECT t.title, t.priority, t.source, t.\"templateId\", t.\"createdById\", "
                       "round(extract(epoch FROM t.\"dueDate\" - (now() AT TIME ZONE 'UTC')) / 3600), "
                       "coalesce(t.description, ''), coalesce(jsonb_array_length(t.data->'checklist'), 0), "
                       "abs(extract(epoch FROM t.\"createdAt\" - (now() AT TIME ZONE 'UTC'))) < 300 "
                       "FROM \"Task\" t WHERE t.id = ?"));
    q.addBindValue(id);
    QVERIFY2(q.exec() && q.next(), qPrintable(q.lastError().text()));
    QCOMPARE(q.value(0).toString(), title);
    QCOMPARE(created.task.title, title);
    QCOMPARE(q.value(1).toInt(), priority);
    QCOMPARE(q.value(2).toString(), QStringLiteral("console"));
    QCOMPARE(q.value(3).toString(), templateId);
    QCOMPARE(
        q.value(4).toString(),
        adminValue(QStringLiteral("SELECT \"userId\" FROM staff_login WHERE login = ?"), {login}).toString());
    QCOMPARE(q.value(5).toInt(), dueInHours);
    QCOMPARE(q.value(6).toString(),
             adminValue(QStringLiteral("SELECT coalesce(description, '') FROM \"TaskTemplate\" WHERE id = ?"),
                        {templateId})
                 .toString());
    QCOMPARE(q.value(7).toInt(),
             adminValue(QStringLiteral("SELECT coalesce(jsonb_array_length(definition->'steps'), 0) FROM "
                                       "\"TaskTemplate\" WHERE id = ?"),
                        {templateId})
                 .toInt());
    QVERIFY2(q.value(8).toBool(), "createdAt is written in UTC");
    QCOMPARE(
        adminValue(QStringLiteral("SELECT count(*) FROM \"ActivityLog\" WHERE \"entityId\" = ? AND action = "
                                  "'task.created' AND \"orgId\" = ?"),
                   {id, org})
            .toInt(),
        1);
}

void TestTaskRepository::createWithPipelineOverride()
{
    // A template that names no pipeline: refused without a choice, created where the person says.
    WriteResult result
        = TaskRepository::createFromTemplate(m_staff, QStringLiteral("general.document-review"));
    QCOMPARE(failureName(result.failure), failureName(Failure::PipelineMissing));
    QVERIFY2(result.message.contains(QLatin1String("names no pipeline")), qPrintable(result.message));

    result = TaskRepository::createFromTemplate(m_staff, QStringLiteral("general.document-review"),
                                                QStringLiteral("support"));
    QVERIFY2(result.ok(), qPrintable(result.message));
    const QString support
        = adminValue(QStringLiteral("SELECT id FROM pipeline WHERE \"orgId\" = ? AND key = 'support'"),
                     {m_northwind})
              .toString();
    QCOMPARE(adminRow(result.task.id).pipelineId, support);
    QCOMPARE(result.task.title, QStringLiteral("Review uploaded document"));

    // And an override wins over the template's own pipeline.
    result = TaskRepository::createFromTemplate(m_staff, QStringLiteral("sales.demo-request"),
                                                QStringLiteral("production"));
    QVERIFY2(result.ok(), qPrintable(result.message));
    QCOMPARE(adminRow(result.task.id).pipelineId,
             adminValue(QStringLiteral("SELECT id FROM pipeline WHERE \"orgId\" = ? AND key = 'production'"),
                        {m_northwind})
                 .toString());
}

void TestTaskRepository::unknownPipelineIsExplained()
{
    const int before = adminValue(QStringLiteral("SELECT count(*) FROM \"Task\"")).toInt();
    // Globex has a "shipments" pipeline; Northwind's staff must not be able to use (or see) it.
    WriteResult result = TaskRepository::createFromTemplate(m_staff, QStringLiteral("test.shipment-check"));
    QCOMPARE(failureName(result.failure), failureName(Failure::PipelineMissing));
    QCOMPARE(result.message,
             QStringLiteral("This template's pipeline 'shipments' does not exist in your organization."));

    result = TaskRepository::createFromTemplate(m_staff, QStringLiteral("sales.demo-request"),
                                                QStringLiteral("no-such-pipeline"));
    QCOMPARE(failureName(result.failure), failureName(Failure::PipelineMissing));
    QCOMPARE(result.message,
             QStringLiteral("The pipeline 'no-such-pipeline' does not exist in your organization."));
    QCOMPARE(adminValue(QStringLiteral("SELECT count(*) FROM \"Task\"")).toInt(), before);
}

void TestTaskRepository::retiredTemplateIsGone()
{
    for (const QString& id : {QStringLiteral("test.retired"), QStringLiteral("no.such-template")}) {
        const WriteResult result = TaskRepository::createFromTemplate(m_staff, id);
        QCOMPARE(failureName(result.failure), failureName(Failure::TemplateGone));
        QVERIFY(!result.message.isEmpty());
    }
}

void TestTaskRepository::statusChange_data()
{
    QTest::addColumn<TaskStatus>("from");
    QTest::addColumn<TaskStatus>("to");

    // Every pair, so every allowed change is made once and every refused one is tried once.
    for (TaskStatus from : kAll) {
        for (TaskStatus to : kAll) {
            QTest::addRow("%s -> %s", qPrintable(TaskStatusFlow::toDatabase(from)),
                          qPrintable(TaskStatusFlow::toDatabase(to)))
                << from << to;
        }
    }
}

void TestTaskRepository::statusChange()
{
    QFETCH(TaskStatus, from);
    QFETCH(TaskStatus, to);

    int version = 0;
    const QString id = freshTask(from, &version);
    QVERIFY(!id.isEmpty());
    const Row before = adminRow(id);
    const int activities = statusActivities(id);
    const TransitionCheck check = TaskStatusFlow::check(from, to);

    const ApplyOutcome outcome = changeStatus(seen(id), to);
    const Row after = adminRow(id);
    if (check.allowed) {
        QVERIFY2(outcome.kind == ApplyOutcome::Kind::Applied, describe(outcome));
        QCOMPARE(outcome.newVersion, after.version);
        QCOMPARE(after.status, TaskStatusFlow::toDatabase(to));
        QCOMPARE(after.version, before.version + 1);
        QVERIFY(after.updatedAt != before.updatedAt);
        QCOMPARE(after.completed, to == TaskStatus::Done);
        QCOMPARE(seen(id).status, std::optional<TaskStatus>(to));
        QCOMPARE(statusActivities(id), activities + 1);
        QSqlQuery q(m_admin);
        q.prepare(QStringLiteral("SELECT metadata->>'from', metadata->>'to', \"userId\", \"entityType\" FROM "
                                 "\"ActivityLog\" WHERE \"entityId\" = ? AND action = 'task.status'"));
        q.addBindValue(id);
        QVERIFY(q.exec() && q.next());
        QCOMPARE(q.value(0).toString(), TaskStatusFlow::toDatabase(from));
        QCOMPARE(q.value(1).toString(), TaskStatusFlow::toDatabase(to));
        QCOMPARE(q.value(2).toString(), m_northwindUser);
        QCOMPARE(q.value(3).toString(), QStringLiteral("Task"));
    } else {
        // Refused for good, with the flow's reason for the person.
        QVERIFY2(outcome.kind == ApplyOutcome::Kind::Failed, describe(outcome));
        QCOMPARE(outcome.error, check.reason);
        QVERIFY(!outcome.error.isEmpty());
        QVERIFY(!SyncEngine::isTransient(outcome));
        // Nothing written: the row and the activity log are as they were.
        QCOMPARE(after.status, before.status);
        QCOMPARE(after.version, before.version);
        QCOMPARE(after.updatedAt, before.updatedAt);
        QCOMPARE(after.completed, before.completed);
        QCOMPARE(statusActivities(id), activities);
    }
}

void TestTaskRepository::statusIsCheckedAgainstTheDatabase()
{
    // The panel believes the task is New; the database says In progress (same version: the
    // replay rebased the change onto it).
    int version = 0;
    QString id = freshTask(TaskStatus::InProgress, &version);
    TaskRecord stale = seen(id);
    stale.statusValue = TaskStatusFlow::toDatabase(TaskStatus::New);
    stale.status = TaskStatus::New;
    QVERIFY(!TaskStatusFlow::check(TaskStatus::New, TaskStatus::NeedsReview).allowed);
    ApplyOutcome outcome = changeStatus(stale, TaskStatus::NeedsReview);
    QVERIFY2(outcome.kind == ApplyOutcome::Kind::Applied, describe(outcome));
    QCOMPARE(adminRow(id).status, QStringLiteral("NEEDS_REVIEW"));

    // And the other way: allowed from what the panel saw (In progress), refused from Done.
    id = freshTask(TaskStatus::Done, &version);
    stale = seen(id);
    stale.statusValue = TaskStatusFlow::toDatabase(TaskStatus::InProgress);
    outcome = changeStatus(stale, TaskStatus::Blocked);
    QVERIFY2(outcome.kind == ApplyOutcome::Kind::Failed, describe(outcome));
    QCOMPARE(outcome.error, TaskStatusFlow::check(TaskStatus::Done, TaskStatus::Blocked).reason);
    QCOMPARE(adminRow(id).status, QStringLiteral("DONE"));
}

void TestTaskRepository::replayedStatusChangeIsAppliedOnce()
{
    int version = 0;
    const QString id = freshTask(TaskStatus::New, &version);
    OutboxEntry entry = TaskCache::statusEntry(seen(id), TaskStatus::InProgress);
    entry.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    SyncedTableApplier applier(TaskTable::table());
    const ApplyOutcome first = applier.apply(m_staff, entry, entry.fields, version, nullptr);
    QVERIFY2(first.kind == ApplyOutcome::Kind::Applied, describe(first));
    // The acknowledgement was lost: the same change again.
    const ApplyOutcome again = applier.apply(m_staff, entry, entry.fields, version, nullptr);
    QVERIFY2(again.kind == ApplyOutcome::Kind::AlreadyApplied, describe(again));
    QCOMPARE(again.newVersion, first.newVersion);
    QCOMPARE(adminRow(id).version, version + 1);
    QCOMPARE(statusActivities(id), 1);
}

void TestTaskRepository::onlyStatusChangesAreSent()
{
    int version = 0;
    const QString id = freshTask(TaskStatus::New, &version);
    const Row before = adminRow(id);
    SyncedTableApplier applier(TaskTable::table());
    OutboxEntry entry = TaskCache::statusEntry(seen(id), TaskStatus::InProgress);
    entry.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);

    // Tasks are not deleted from the console, their titles not edited, unknown statuses not sent.
    OutboxEntry removal = entry;
    removal.op = OutboxEntry::Op::Delete;
    OutboxEntry title = entry;
    title.fields = {{QStringLiteral("title"), QStringLiteral("Renamed")}};
    OutboxEntry unknown = entry;
    unknown.fields = {{QStringLiteral("status"), QStringLiteral("ARCHIVED")}};
    for (const OutboxEntry& e : {removal, title, unknown}) {
        const ApplyOutcome outcome = applier.apply(m_staff, e, e.fields, version, nullptr);
        QVERIFY2(outcome.kind == ApplyOutcome::Kind::Failed && outcome.sqlState == QLatin1String("22023"),
                 describe(outcome));
        QVERIFY(!SyncEngine::isTransient(outcome));
    }
    const Row after = adminRow(id);
    QCOMPARE(after.version, before.version);
    QCOMPARE(after.status, before.status);
}

void TestTaskRepository::staleVersionIsConflict()
{
    int version = 0;
    const QString id = freshTask(TaskStatus::New, &version);
    const Row before = adminRow(id);
    const ApplyOutcome outcome = changeStatus(seen(id), TaskStatus::InProgress, version - 1);
    QVERIFY2(outcome.kind == ApplyOutcome::Kind::VersionMismatch, describe(outcome));
    // Theirs, in the cache's encoding, to merge with or to show instead.
    QCOMPARE(outcome.theirsVersion, version);
    QCOMPARE(outcome.theirs.value(QStringLiteral("status")).toString(), QStringLiteral("NEW"));
    QCOMPARE(outcome.theirs.value(QStringLiteral("title")).toString(), seen(id).title);
    const Row after = adminRow(id);
    QCOMPARE(after.status, before.status);
    QCOMPARE(after.version, before.version);
    QCOMPARE(after.updatedAt, before.updatedAt);
    QCOMPARE(statusActivities(id), 0);
}

void TestTaskRepository::completedAtIsSetAndCleared()
{
    int version = 0;
    const QString id = freshTask(TaskStatus::InProgress, &version);
    QVERIFY(!adminRow(id).completed);
    ApplyOutcome outcome = changeStatus(seen(id), TaskStatus::Done);
    QVERIFY2(outcome.kind == ApplyOutcome::Kind::Applied, describe(outcome));
    QVERIFY(adminRow(id).completed);
    const TaskRecord done = seen(id);
    QVERIFY(done.completedAt.isValid());
    QVERIFY(qAbs(done.completedAt.secsTo(QDateTime::currentDateTimeUtc())) < 300);

    // Reopened: no longer completed.
    outcome = changeStatus(done, TaskStatus::InProgress);
    QVERIFY2(outcome.kind == ApplyOutcome::Kind::Applied, describe(outcome));
    QVERIFY(!adminRow(id).completed);
    QVERIFY(!seen(id).completedAt.isValid());
    QCOMPARE(adminRow(id).version, version + 2);
}

void TestTaskRepository::otherOrganizationsTaskIsGone()
{
    const QString globexTask
        = adminValue(QStringLiteral("SELECT min(id) FROM \"Task\" WHERE \"orgId\" = ? AND status = "
                                    "'NEW'"),
                     {m_globex})
              .toString();
    QVERIFY(!globexTask.isEmpty());
    const Row before = adminRow(globexTask);
    TaskRecord guessed;
    guessed.id = globexTask;
    guessed.version = before.version;
    guessed.statusValue = before.status;
    const ApplyOutcome outcome = changeStatus(guessed, TaskStatus::InProgress);
    QVERIFY2(outcome.kind == ApplyOutcome::Kind::Gone, describe(outcome));
    QCOMPARE(outcome.theirsVersion, 0);
    const Row after = adminRow(globexTask);
    QCOMPARE(after.status, before.status);
    QCOMPARE(after.version, before.version);
    QString error;
    QVERIFY(TaskRepository::task(m_staff, globexTask, &error).id.isEmpty());
    QVERIFY(TaskRepository::decisionLog(m_staff, globexTask, &error).isEmpty());
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestTaskRepository::decisionLogIsOldestFirst()
{
    // A seeded task with the whole trail: created and routed by a model, then a status change.
    const QString id
        = adminValue(
              QStringLiteral("SELECT \"taskId\" FROM \"DecisionLog\" WHERE \"orgId\" = ? GROUP BY \"taskId\" "
                             "HAVING count(*) = 3 AND count(\"llmCall\") = 2 ORDER BY \"taskId\" LIMIT 1"),
              {m_northwind})
              .toString();
    QVERIFY(!id.isEmpty());
    QString error;
    const QList<TaskRepository::DecisionEntry> entries = TaskRepository::decisionLog(m_staff, id, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList ids;
    QStringList events;
    for (const TaskRepository::DecisionEntry& e : entries) {
        ids << e.id;
        events << e.eventName;
    }
    QCOMPARE(ids,
             adminColumn(QStringLiteral("SELECT id FROM \"DecisionLog\" WHERE \"taskId\" = ? ORDER BY "
                                        "\"createdAt\", id"),
                         {id}));
    QCOMPARE(events, QStringList({"task.created", "task.routed", "task.status_changed"}));
    for (int i = 1; i < entries.size(); ++i)
        QVERIFY(entries.at(i - 1).createdAt < entries.at(i).createdAt);

    QCOMPARE(entries.at(0).decision.toObject().value(QStringLiteral("action")).toString(),
             QStringLiteral("create"));
    QCOMPARE(entries.at(1).decision.toObject().value(QStringLiteral("action")).toString(),
             QStringLiteral("route"));
    QCOMPARE(entries.at(0).llmCall.toObject().value(QStringLiteral("provider")).toString(),
             QStringLiteral("CLAUDE"));
    QVERIFY(!entries.at(0).llmCall.toObject().value(QStringLiteral("model")).toString().isEmpty());
    QVERIFY(entries.at(2).llmCall.isNull());
    QCOMPARE(entries.at(2).decision.toObject().value(QStringLiteral("to")).toString(),
             adminValue(QStringLiteral("SELECT status::text FROM \"Task\" WHERE id = ?"), {id}).toString());
    QCOMPARE(entries.at(0).createdAt, [&] {
        QDateTime t = adminValue(QStringLiteral("SELECT \"createdAt\" FROM \"DecisionLog\" WHERE id = ?"),
                                 {ids.first()})
                          .toDateTime();
        t.setTimeSpec(Qt::UTC);
        return t;
    }());
}

void TestTaskRepository::databaseFlowIsTheConsolesFlow()
{
    // The database enforces the flow for staff writes (astralis.status_flow); the console
    // offers and explains the same flow (TaskStatusFlow). Every pair, both ways.
    const QStringList rows = SqlProbe::column(
        m_admin,
        QStringLiteral("SELECT from_status || '>' || to_status FROM astralis.status_flow WHERE "
                       "table_name = 'Task' AND column_name = 'status' ORDER BY 1"));
    QStringList expected;
    const QList<TaskStatus> all = {TaskStatus::New,     TaskStatus::InProgress, TaskStatus::NeedsReview,
                                   TaskStatus::Blocked, TaskStatus::Done,       TaskStatus::Cancelled};
    for (const TaskStatus from : all) {
        for (const TaskStatus to : all) {
            if (from != to && TaskStatusFlow::check(from, to).allowed)
                expected << TaskStatusFlow::toDatabase(from) + QLatin1Char('>')
                        + TaskStatusFlow::toDatabase(to);
        }
    }
    expected.sort();
    QCOMPARE(rows, expected);
}

QTEST_GUILESS_MAIN(TestTaskRepository)
#include "tst_taskrepository.moc"
