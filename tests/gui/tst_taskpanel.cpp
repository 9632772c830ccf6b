// The task panel signed in to a seeded demo database as a staff login: it lists a pipeline's
// tasks, a status button changes the row in PostgreSQL, refused changes are disabled with the
// flow's reason, a template makes a new task, and the decision timeline shows the seeded trail.

#include "ConnectionUrl.h"
#include "DatabaseService.h"
#include "MigrationRunner.h"
#include "PgCluster.h"
#include "Seeder.h"
#include "TaskPanel.h"
#include "TaskStatusFlow.h"

#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QTest>

#include <memory>

namespace {

const QString kPassword = QStringLiteral("taskpanel-gui-pass-1");

QPushButton* statusButton(QWidget* panel, TaskStatus status)
{
    return panel->findChild<QPushButton*>(QStringLiteral("statusButton_")
                                          + TaskStatusFlow::toDatabase(status));
}

} // namespace

class TestTaskPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void listsThePipelinesTasks();
    void refusedChangesAreDisabledWithTheReason();
    void statusButtonChangesTheRow();
    void staleTaskShowsTheConflict();
    void newTaskFromTemplate();
    void timelineShowsTheDecisionLog();

private:
    std::unique_ptr<TaskPanel> openPanel(const QString& pipelineId = {});
    bool clickTask(TaskPanel* panel, const QString& taskId);
    QString scalar(const QString& sql) { return m_pg->scalar(sql, m_database).toString(); }

    PgCluster* m_pg = nullptr;
    QString m_database;
    std::unique_ptr<DatabaseService> m_service;
    QString m_pipelineId;
    QString m_pipelineKey;
    QString m_traceTask; // a seeded task with a full decision trail
    QString m_newTask; // a task of the pipeline set to New for the status tests
};

void TestTaskPanel::initTestCase()
{
    m_pg = &PgCluster::instance();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    m_database = m_pg->createDatabase(QStringLiteral("taskgui"));
    QSqlDatabase admin = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("task-admin"));
    admin.setHostName(m_pg->socketDir());
    admin.setPort(m_pg->port());
    admin.setUserName(QStringLiteral("postgres"));
    admin.setDatabaseName(m_database);
    QVERIFY(admin.open());
    QVERIFY(MigrationRunner(admin).deploy().ok);
    const QString suffix = QStringLiteral("_tpn%1").arg(QCoreApplication::applicationPid());
    const Seeder::Result seeded = Seeder(admin).seedDemo(60, suffix);
    QVERIFY2(seeded.ok, qPrintable(seeded.error));
    const QString login = Seeder::demoLogin() + suffix;
    QVERIFY(m_pg->exec(QStringLiteral("ALTER ROLE %1 PASSWORD '%2'").arg(login, kPassword)));

    // A Northwind task whose trail has all three seeded events, two of them by a model; the
    // panel opens its pipeline.
    m_traceTask = scalar(QStringLiteral(
        "SELECT d.\"taskId\" FROM \"DecisionLog\" d JOIN organization o ON o.id = d.\"orgId\" "
        "WHERE o.slug = 'northwind' GROUP BY d.\"taskId\" HAVING count(*) = 3 AND count(d.\"llmCall\") = 2 "
        "ORDER BY d.\"taskId\" LIMIT 1"));
    QVERIFY(!m_traceTask.isEmpty());
    m_pipelineId
        = scalar(QStringLiteral("SELECT \"pipelineId\" FROM \"Task\" WHERE id = '%1'").arg(m_traceTask));
    m_pipelineKey = scalar(QStringLiteral("SELECT key FROM pipeline WHERE id = '%1'").arg(m_pipelineId));
    // Another task of that pipeline for the status buttons (each test sets its status first).
    m_newTask
        = scalar(QStringLiteral("SELECT min(id) FROM \"Task\" WHERE \"pipelineId\" = '%1' AND id <> '%2'")
                     .arg(m_pipelineId, m_traceTask));
    QVERIFY(!m_newTask.isEmpty());

    m_service = std::make_unique<DatabaseService>();
    QSignalSpy connected(m_service.get(), &DatabaseService::connected);
    const UrlParseResult parsed = ConnectionUrl::parse(m_pg->tcpUrl(login, kPassword, m_database));
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    m_service->connectTo(parsed.settings);
    QTRY_VERIFY_WITH_TIMEOUT(connected.count() == 1, 15000);
}

std::unique_ptr<TaskPanel> TestTaskPanel::openPanel(const QString& pipelineId)
{
    auto panel = std::make_unique<TaskPanel>(m_service.get());
    panel->resize(440, 780);
    panel->show();
    if (!QTest::qWaitForWindowExposed(panel.get()))
        return nullptr;
    QSignalSpy loaded(panel.get(), &TaskPanel::tasksLoaded);
    panel->setPipeline(pipelineId.isEmpty() ? m_pipelineId : pipelineId);
    if (!loaded.wait(10000))
        return nullptr;
    return panel;
}

bool TestTaskPanel::clickTask(TaskPanel* panel, const QString& taskId)
{
    auto* list = panel->findChild<QListWidget*>(QStringLiteral("taskListWidget"));
    for (int row = 0; row < list->count(); ++row) {
        QListWidgetItem* item = list->item(row);
        if (item->data(Qt::UserRole).toString() != taskId)
            continue;
        list->scrollToItem(item);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(item).center());
        return panel->selectedTaskId() == taskId;
    }
    return false;
}

void TestTaskPanel::listsThePipelinesTasks()
{
    auto panel = openPanel();
    QVERIFY(panel);
    QCOMPARE(panel->objectName(), QStringLiteral("taskPanel"));
    auto* list = panel->findChild<QListWidget*>(QStringLiteral("taskListWidget"));
    QVERIFY(list);
    QCOMPARE(QString::number(list->count()),
             scalar(QStringLiteral(
                        "SELECT count(*) FROM \"Task\" WHERE \"pipelineId\" = '%1' AND \"deletedAt\" IS NULL")
                        .arg(m_pipelineId)));
    QVERIFY(list->count() > 0);
    // Newest first, each with its title.
    const QString newest
        = scalar(QStringLiteral("SELECT id FROM \"Task\" WHERE \"pipelineId\" = '%1' AND "
                                "\"deletedAt\" IS NULL ORDER BY \"createdAt\" DESC, id DESC LIMIT 1")
                     .arg(m_pipelineId));
    QCOMPARE(list->item(0)->data(Qt::UserRole).toString(), newest);
    QVERIFY(list->item(0)->text().startsWith(
        scalar(QStringLiteral("SELECT title FROM \"Task\" WHERE id = '%1'").arg(newest))));
    // Nothing selected yet: no status buttons to press.
    QVERIFY(!statusButton(panel.get(), TaskStatus::InProgress)->isVisible());
    QVERIFY(!panel->findChild<QLabel*>(QStringLiteral("taskMessageLabel"))->isVisible());
}

void TestTaskPanel::refusedChangesAreDisabledWithTheReason()
{
    QVERIFY(m_pg->exec(
        QStringLiteral("UPDATE \"Task\" SET status = 'NEW', \"completedAt\" = NULL WHERE id = '%1'")
            .arg(m_newTask),
        nullptr, m_database));
    auto panel = openPanel();
    QVERIFY(panel);
    QVERIFY(clickTask(panel.get(), m_newTask));
    const QList<TaskStatus> allowed = TaskStatusFlow::allowedNext(TaskStatus::New);
    for (TaskStatus to : {TaskStatus::New, TaskStatus::InProgress, TaskStatus::NeedsReview,
                          TaskStatus::Blocked, TaskStatus::Done, TaskStatus::Cancelled}) {
        QPushButton* button = statusButton(panel.get(), to);
        QVERIFY2(button, qPrintable(TaskStatusFlow::toDatabase(to)));
        QVERIFY(button->isVisible());
        QCOMPARE(button->isEnabled(), allowed.contains(to));
        if (!allowed.contains(to))
            QCOMPARE(button->toolTip(), TaskStatusFlow::check(TaskStatus::New, to).reason);
    }
    QVERIFY(!statusButton(panel.get(), TaskStatus::Done)->toolTip().isEmpty());
}

void TestTaskPanel::statusButtonChangesTheRow()
{
    QVERIFY(m_pg->exec(
        QStringLiteral("UPDATE \"Task\" SET status = 'NEW', \"completedAt\" = NULL WHERE id = '%1'")
            .arg(m_newTask),
        nullptr, m_database));
    auto panel = openPanel();
    QVERIFY(panel);
    QVERIFY(clickTask(panel.get(), m_newTask));
    const int version
        = scalar(QStringLiteral("SELECT version FROM \"Task\" WHERE id = '%1'").arg(m_newTask)).toInt();
    QSignalSpy changed(panel.get(), &TaskPanel::taskChanged);
    QTest::mouseClick(statusButton(panel.get(), TaskStatus::InProgress), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(
        scalar(QStringLiteral("SELECT status::text FROM \"Task\" WHERE id = '%1'").arg(m_newTask)),
        QStringLiteral("IN_PROGRESS"), 5000);
    QCOMPARE(scalar(QStringLiteral("SELECT version FROM \"Task\" WHERE id = '%1'").arg(m_newTask)).toInt(),
             version + 1);
    QTRY_COMPARE(changed.count(), 1);
    // The buttons follow the new status: Done now allowed, New refused with its reason.
    QVERIFY(statusButton(panel.get(), TaskStatus::Done)->isEnabled());
    QVERIFY(!statusButton(panel.get(), TaskStatus::New)->isEnabled());
    QCOMPARE(statusButton(panel.get(), TaskStatus::New)->toolTip(),
             TaskStatusFlow::check(TaskStatus::InProgress, TaskStatus::New).reason);

    // And on to Done: completedAt written.
    QTest::mouseClick(statusButton(panel.get(), TaskStatus::Done), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(
        scalar(
            QStringLiteral(
                "SELECT status::text || ' ' || (\"completedAt\" IS NOT NULL) FROM \"Task\" WHERE id = '%1'")
                .arg(m_newTask)),
        QStringLiteral("DONE true"), 5000);
    QTRY_VERIFY(panel->findChild<QLabel*>(QStringLiteral("taskInfoLabel"))
                    ->text()
                    .contains(QLatin1String("Completed")));
    QVERIFY(!panel->findChild<QLabel*>(QStringLiteral("taskMessageLabel"))->isVisible());
}

void TestTaskPanel::staleTaskShowsTheConflict()
{
    QVERIFY(m_pg->exec(
        QStringLiteral("UPDATE \"Task\" SET status = 'DONE', \"completedAt\" = now() WHERE id = '%1'")
            .arg(m_newTask),
        nullptr, m_database));
    auto panel = openPanel();
    QVERIFY(panel);
    QVERIFY(clickTask(panel.get(), m_newTask));
    // Someone else reopens it meanwhile.
    QVERIFY(m_pg->exec(QStringLiteral("UPDATE \"Task\" SET status = 'IN_PROGRESS', \"completedAt\" = NULL, "
                                      "version = version + 1 WHERE id = '%1'")
                           .arg(m_newTask),
                       nullptr, m_database));
    QPushButton* reopen = statusButton(panel.get(), TaskStatus::InProgress);
    QVERIFY(reopen->isEnabled()); // still showing Done
    QTest::mouseClick(reopen, Qt::LeftButton);
    auto* message = panel->findChild<QLabel*>(QStringLiteral("taskMessageLabel"));
    QTRY_VERIFY_WITH_TIMEOUT(message->isVisible(), 5000);
    QVERIFY2(message->text().contains(QLatin1String("changed by someone else")), qPrintable(message->text()));
    // The panel now shows their version: In progress, so Done is offered again.
    QTRY_VERIFY(!statusButton(panel.get(), TaskStatus::InProgress)->isEnabled());
    QVERIFY(statusButton(panel.get(), TaskStatus::Done)->isEnabled());
}

void TestTaskPanel::newTaskFromTemplate()
{
    // Northwind's sales pipeline: three templates of the catalog prefer it.
    const QString sales
        = scalar(QStringLiteral("SELECT p.id FROM pipeline p JOIN organization o ON o.id = p.\"orgId\" "
                                "WHERE o.slug = 'northwind' AND p.key = 'sales'"));
    auto panel = openPanel(sales);
    QVERIFY(panel);
    auto* list = panel->findChild<QListWidget*>(QStringLiteral("taskListWidget"));
    const int before = list->count();
    auto* button = panel->findChild<QPushButton*>(QStringLiteral("newTaskButton"));
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    auto* menu = panel->findChild<QMenu*>(QStringLiteral("templateMenu"));
    QVERIFY(menu);
    QTRY_VERIFY_WITH_TIMEOUT(menu->isVisible(), 5000);

    // Every active template, the open pipeline's first.
    QList<QAction*> templates;
    for (QAction* action : menu->actions()) {
        if (!action->isSeparator() && !action->data().toString().isEmpty())
            templates << action;
    }
    QCOMPARE(QString::number(templates.size()),
             scalar(QStringLiteral("SELECT count(*) FROM \"TaskTemplate\" WHERE \"isActive\"")));
    QStringList keys;
    for (QAction* action : std::as_const(templates))
        keys << scalar(
            QStringLiteral(
                "SELECT coalesce(\"preferredPipelineKey\", '') FROM \"TaskTemplate\" WHERE id = '%1'")
                .arg(action->data().toString()));
    QCOMPARE(keys.mid(0, 3), QStringList({"sales", "sales", "sales"}));
    QVERIFY(!keys.mid(3).contains(QStringLiteral("sales")));

    QAction* first = templates.first();
    const QString templateId = first->data().toString();
    QSignalSpy created(panel.get(), &TaskPanel::taskCreated);
    QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(first).center());
    QTRY_COMPARE_WITH_TIMEOUT(created.count(), 1, 5000);
    QVERIFY(!menu->isVisible());
    const QString id = created.first().first().toString();
    QCOMPARE(scalar(QStringLiteral("SELECT \"templateId\" || ' ' || source || ' ' || status::text || ' ' || "
                                   "\"pipelineId\" FROM \"Task\" WHERE id = '%1'")
                        .arg(id)),
             QString(templateId + QStringLiteral(" console NEW ") + sales));
    QCOMPARE(scalar(QStringLiteral("SELECT \"stageId\" FROM \"Task\" WHERE id = '%1'").arg(id)),
             scalar(QStringLiteral(
                        "SELECT id FROM \"pipelineStage\" WHERE \"pipelineId\" = '%1' ORDER BY \"order\" "
                        "LIMIT 1")
                        .arg(sales)));
    // At the top of the list, selected, with its status buttons.
    QCOMPARE(list->count(), before + 1);
    QCOMPARE(list->item(0)->data(Qt::UserRole).toString(), id);
    QVERIFY(list->item(0)->text().startsWith(first->text()));
    QCOMPARE(panel->selectedTaskId(), id);
    QVERIFY(statusButton(panel.get(), TaskStatus::InProgress)->isEnabled());
    QVERIFY(!panel->findChild<QLabel*>(QStringLiteral("taskMessageLabel"))->isVisible());
}

void TestTaskPanel::timelineShowsTheDecisionLog()
{
    auto panel = openPanel();
    QVERIFY(panel);
    QSignalSpy timelineLoaded(panel.get(), &TaskPanel::decisionLogLoaded);
    QVERIFY(clickTask(panel.get(), m_traceTask));
    QTRY_VERIFY_WITH_TIMEOUT(timelineLoaded.contains(QVariantList{m_traceTask}), 5000);
    auto* timeline = panel->findChild<QListWidget*>(QStringLiteral("decisionTimelineWidget"));
    QVERIFY(timeline);
    QCOMPARE(timeline->count(), 3);
    const QStringList events{"task.created", "task.routed", "task.status_changed"};
    for (int i = 0; i < 3; ++i)
        QVERIFY2(timeline->item(i)->text().split(QLatin1Char('\n')).first().endsWith(events.at(i)),
                 qPrintable(timeline->item(i)->text()));
    // The model of the first two, and a one-line summary of each decision.
    QVERIFY2(timeline->item(0)->text().contains(QStringLiteral("CLAUDE · claude-3-5-sonnet")),
             qPrintable(timeline->item(0)->text()));
    QVERIFY(timeline->item(0)->text().contains(QLatin1String("create")));
    QVERIFY(timeline->item(1)->text().contains(QLatin1String("Matches the pipeline of the linked card")));
    QVERIFY(!timeline->item(2)->text().contains(QLatin1String("CLAUDE")));
    const auto to = TaskStatusFlow::fromDatabase(
        scalar(QStringLiteral("SELECT decision->>'to' FROM \"DecisionLog\" WHERE id = '%1_log_3'")
                   .arg(m_traceTask)));
    QVERIFY(to);
    QVERIFY2(timeline->item(2)->text().contains(QString(TaskStatusFlow::displayName(TaskStatus::New)
                                                        + QStringLiteral(" → ")
                                                        + TaskStatusFlow::displayName(*to))),
             qPrintable(timeline->item(2)->text()));
    QVERIFY(timeline->item(1)->toolTip().contains(QLatin1String("\"reason\"")));

    panel->grab().save(QStringLiteral("/tmp/taskpanel.png"));
}

QTEST_MAIN(TestTaskPanel)
#include "tst_taskpanel.moc"
