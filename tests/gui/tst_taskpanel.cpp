// The task panel signed in to a seeded demo database as a staff login: it lists a pipeline's
// tasks, a status button changes the row in PostgreSQL, refused changes are disabled with the
// flow's reason, a template makes a new task, and the decision timeline shows the seeded trail.
// The console always gives the panel its local cache and outbox (ConsoleSession): status
// changes are tested that way too, online and with the server down (a server of the test's
// own, crashed and started again), where the list opens from the cache and a change waits in
// the outbox until the server is back.

#include "Await.h"
#include "ConnectionUrl.h"
#include "DatabaseService.h"
#include "LocalCache.h"
#include "MigrationRunner.h"
#include "OfflineStore.h"
#include "PgCluster.h"
#include "Seeder.h"
#include "SyncService.h"
#include "TaskCache.h"
#include "TaskPanel.h"
#include "TaskService.h"
#include "TaskStatusFlow.h"

#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

const QString kPassword = QStringLiteral("taskpanel-gui-pass-1");
// A change through the outbox to PostgreSQL, or the server's answer back: generous for a busy
// CI machine; the wait ends as soon as the condition holds.
constexpr int kServerMs = 20000;

QPushButton* statusButton(QWidget* panel, TaskStatus status)
{
    return panel->findChild<QPushButton*>(QStringLiteral("statusButton_")
                                          + TaskStatusFlow::toDatabase(status));
}

QString countText(QWidget* panel)
{
    return panel->findChild<QLabel*>(QStringLiteral("taskCountLabel"))->text();
}

// The panel's line for a task: its title, then its status and other facts.
QString listLine(QWidget* panel, const QString& taskId)
{
    auto* list = panel->findChild<QListWidget*>(QStringLiteral("taskListWidget"));
    for (int row = 0; row < list->count(); ++row) {
        if (list->item(row)->data(Qt::UserRole).toString() == taskId)
            return list->item(row)->text();
    }
    return {};
}

// A Tasks panel as the console wires it, on a cache file of its own, shown.
struct CachedPanel
{
    CachedPanel(DatabaseService* service, const QString& cachePath)
        : sync(service, &store)
        , tasks(service, &store, &sync)
        , panel(&tasks)
    {
        store.open(cachePath);
        panel.resize(440, 780);
        panel.show();
    }
    OfflineStore store;
    SyncService sync;
    TaskService tasks;
    TaskPanel panel;
};

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
    void offlineStatusChangeWaitsInTheOutboxUntilTheServerIsBack();

private:
    std::unique_ptr<TaskPanel> openPanel(const QString& pipelineId = {});
    bool clickTask(TaskPanel* panel, const QString& taskId);
    QString scalar(const QString& sql) { return m_pg->scalar(sql, m_database).toString(); }

    PgCluster* m_pg = nullptr;
    QString m_database;
    std::unique_ptr<DatabaseService> m_service;
    // The console's wiring for m_service: its cache file, the cache thread and the replay.
    QTemporaryDir m_cacheDir;
    std::unique_ptr<OfflineStore> m_store;
    std::unique_ptr<SyncService> m_sync;
    std::unique_ptr<TaskService> m_tasks;
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

    QVERIFY(m_cacheDir.isValid());
    m_store = std::make_unique<OfflineStore>();
    QSignalSpy opened(m_store.get(), &OfflineStore::opened);
    m_store->open(m_cacheDir.filePath(QStringLiteral("taskpanel.sqlite")));
    QVERIFY(opened.wait(10000));
    QVERIFY(m_store->isOpen());
    m_sync = std::make_unique<SyncService>(m_service.get(), m_store.get());
    m_tasks = std::make_unique<TaskService>(m_service.get(), m_store.get(), m_sync.get());
}

std::unique_ptr<TaskPanel> TestTaskPanel::openPanel(const QString& pipelineId)
{
    auto panel = std::make_unique<TaskPanel>(m_tasks.get());
    panel->resize(440, 780);
    panel->show();
    if (!QTest::qWaitForWindowExposed(panel.get()))
        return nullptr;
    panel->setPipeline(pipelineId.isEmpty() ? m_pipelineId : pipelineId);
    // The cache answers first (maybe with nothing yet); the server's list is in once the count
    // names the pipeline and the cache thread has stored and read it back.
    if (!QTest::qWaitFor([&] { return !countText(panel.get()).isEmpty(); }, 10000)
        || !Await::storeIdle(m_store.get()) || panel->tasks().isEmpty())
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
        QStringLiteral("UPDATE \"Task\" SET status = 'NEW', \"completedAt\" = NULL, version = version + 1 "
                       "WHERE id = '%1'")
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
        QStringLiteral("IN_PROGRESS"), kServerMs);
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
        QStringLiteral("DONE true"), kServerMs);
    QTRY_VERIFY(panel->findChild<QLabel*>(QStringLiteral("taskInfoLabel"))
                    ->text()
                    .contains(QLatin1String("Completed")));
    QVERIFY(!panel->findChild<QLabel*>(QStringLiteral("taskMessageLabel"))->isVisible());
    QTRY_COMPARE(m_store->counts().total(), 0); // nothing left in the outbox
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
    // Someone else reopens it and blocks it meanwhile.
    QVERIFY(m_pg->exec(QStringLiteral("UPDATE \"Task\" SET status = 'BLOCKED', \"completedAt\" = NULL, "
                                      "version = version + 2 WHERE id = '%1'")
                           .arg(m_newTask),
                       nullptr, m_database));
    QPushButton* reopen = statusButton(panel.get(), TaskStatus::InProgress);
    QVERIFY(reopen->isEnabled()); // still showing Done
    QTest::mouseClick(reopen, Qt::LeftButton);
    auto* message = panel->findChild<QLabel*>(QStringLiteral("taskMessageLabel"));
    QTRY_VERIFY_WITH_TIMEOUT(message->isVisible(), kServerMs);
    QVERIFY2(message->text().contains(QLatin1String("changed by someone else")), qPrintable(message->text()));
    // Nothing of theirs was overwritten: the change waits in the outbox for a decision.
    QCOMPARE(scalar(QStringLiteral("SELECT status::text FROM \"Task\" WHERE id = '%1'").arg(m_newTask)),
             QStringLiteral("BLOCKED"));
    QTRY_COMPARE(m_store->counts().conflicts, 1);
    // Taking theirs (the Sync panel's "Take theirs"): the panel shows Blocked, so In progress
    // is offered again.
    m_store->run(this, [id = m_newTask](LocalCache& cache) {
        QString error;
        cache.outbox().discardConflicts(TaskCache::kTask, id, &error);
        return QVariant();
    });
    QVERIFY(Await::storeIdle(m_store.get()));
    panel->reload();
    QTRY_VERIFY(statusButton(panel.get(), TaskStatus::InProgress)->isEnabled());
    QVERIFY(!statusButton(panel.get(), TaskStatus::Blocked)->isEnabled());
    m_store->refreshCounts();
    QTRY_COMPARE(m_store->counts().total(), 0);
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

void TestTaskPanel::offlineStatusChangeWaitsInTheOutboxUntilTheServerIsBack()
{
    // A server of this test's own, to crash: the same demo seed, as the console would reach it.
    std::unique_ptr<PgCluster> own = PgCluster::startOwn();
    QVERIFY2(own->isRunning(), qPrintable(own->error()));
    const PgCluster::DemoDatabase demo = own->createDemoDatabase(QStringLiteral("taskoff"), 40, kPassword);
    QVERIFY2(demo.error.isEmpty(), qPrintable(demo.error));
    const auto server = [&](const QString& sql) { return own->scalar(sql, demo.database).toString(); };
    // A Northwind task, New for this test, in a pipeline the panel opens.
    const QString taskId = server(QStringLiteral(
        "SELECT t.id FROM \"Task\" t JOIN organization o ON o.id = t.\"orgId\" "
        "WHERE o.slug = 'northwind' AND t.\"deletedAt\" IS NULL AND t.\"pipelineId\" IS NOT NULL "
        "ORDER BY t.id LIMIT 1"));
    QVERIFY(!taskId.isEmpty());
    QVERIFY(own->exec(QStringLiteral("UPDATE \"Task\" SET status = 'NEW', \"completedAt\" = NULL, "
                                     "version = version + 1 WHERE id = '%1'")
                          .arg(taskId),
                      nullptr, demo.database));
    const QString pipelineId
        = server(QStringLiteral("SELECT \"pipelineId\" FROM \"Task\" WHERE id = '%1'").arg(taskId));
    const QString statusSql
        = QStringLiteral("SELECT status::text || ' v' || version FROM \"Task\" WHERE id = '%1'");
    const int version
        = server(QStringLiteral("SELECT version FROM \"Task\" WHERE id = '%1'").arg(taskId)).toInt();

    DatabaseService service;
    const UrlParseResult parsed = ConnectionUrl::parse(own->tcpUrl(demo.login, kPassword, demo.database));
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    service.connectTo(parsed.settings);
    QTRY_VERIFY_WITH_TIMEOUT(service.isOnline(), 15000);
    QTemporaryDir dir;
    const QString cachePath = dir.filePath(QStringLiteral("offline-tasks.sqlite"));

    // Online once: the pipeline's tasks reach this computer's cache on their way to the list.
    int listed = 0;
    {
        CachedPanel online(&service, cachePath);
        OfflineStore& store = online.store;
        TaskPanel& panel = online.panel;
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setPipeline(pipelineId);
        QTRY_VERIFY_WITH_TIMEOUT(!countText(&panel).isEmpty(), kServerMs);
        QVERIFY(Await::storeIdle(&store));
        listed = int(panel.tasks().size());
        QCOMPARE(QString::number(listed),
                 server(QStringLiteral("SELECT count(*) FROM \"Task\" WHERE \"pipelineId\" = '%1' AND "
                                       "\"deletedAt\" IS NULL")
                            .arg(pipelineId)));
        QVERIFY(listLine(&panel, taskId).contains(TaskStatusFlow::displayName(TaskStatus::New)));
    }

    QString error;
    QVERIFY2(own->crash(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(!service.isOnline(), kServerMs);

    // The server unreachable: a panel opened now (as after a restart) lists the cached tasks.
    CachedPanel offline(&service, cachePath);
    OfflineStore& store = offline.store;
    TaskPanel& panel = offline.panel;
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setPipeline(pipelineId);
    auto* message = panel.findChild<QLabel*>(QStringLiteral("taskMessageLabel"));
    QTRY_VERIFY_WITH_TIMEOUT(message->isVisible(), kServerMs);
    QVERIFY2(message->text().startsWith(QLatin1String("Offline")), qPrintable(message->text()));
    QVERIFY(Await::storeIdle(&store));
    QCOMPARE(int(panel.tasks().size()), listed);
    QVERIFY(clickTask(&panel, taskId));

    // A status change is saved here and waits in the outbox.
    QSignalSpy changed(&panel, &TaskPanel::taskChanged);
    QPushButton* start = statusButton(&panel, TaskStatus::InProgress);
    QVERIFY(start->isEnabled());
    QTest::mouseClick(start, Qt::LeftButton);
    QVERIFY(changed.wait(5000));
    QVERIFY(Await::storeIdle(&store));
    QCOMPARE(store.counts().pending, 1);
    QVERIFY2(listLine(&panel, taskId).contains(TaskStatusFlow::displayName(TaskStatus::InProgress)),
             qPrintable(listLine(&panel, taskId)));
    QVERIFY(panel.findChild<QLabel*>(QStringLiteral("taskInfoLabel"))
                ->text()
                .startsWith(TaskStatusFlow::displayName(TaskStatus::InProgress)));
    {
        LocalCache cache;
        QVERIFY2(cache.open(cachePath, &error), qPrintable(error));
        const QList<OutboxEntry> waiting = cache.outbox().entries(&error);
        QCOMPARE(waiting.size(), 1);
        QCOMPARE(waiting.first().entity, QString(TaskCache::kTask));
        QCOMPARE(waiting.first().rowId, taskId);
        QCOMPARE(waiting.first().state, OutboxEntry::State::Pending);
    }

    // Read again while the server is still down (as the console does when it reopens the
    // board): still what this computer has, still said to be offline.
    panel.reload();
    QTRY_VERIFY(message->isVisible());
    QVERIFY2(message->text().startsWith(QLatin1String("Offline")), qPrintable(message->text()));
    QVERIFY(Await::storeIdle(&store));
    QVERIFY(listLine(&panel, taskId).contains(TaskStatusFlow::displayName(TaskStatus::InProgress)));

    // The server back: the console reconnects by itself and the change arrives, once.
    QVERIFY2(own->resume(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(service.isOnline(), 40000);
    QTRY_COMPARE_WITH_TIMEOUT(server(statusSql.arg(taskId)),
                              QStringLiteral("IN_PROGRESS v%1").arg(version + 1), kServerMs);
    QTRY_COMPARE_WITH_TIMEOUT(store.counts().total(), 0, kServerMs);
    // The list shows the server's row again, without a complaint.
    QTRY_VERIFY_WITH_TIMEOUT(!message->isVisible(), kServerMs);
    QVERIFY(listLine(&panel, taskId).contains(TaskStatusFlow::displayName(TaskStatus::InProgress)));
    QCOMPARE(
        server(QStringLiteral("SELECT count(*) FROM client_mutation WHERE \"entityId\" = '%1'").arg(taskId)),
        QStringLiteral("1"));
}

QTEST_MAIN(TestTaskPanel)
#include "tst_taskpanel.moc"
