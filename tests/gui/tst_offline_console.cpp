// The console without its server: a cold start while PostgreSQL is down shows the last known
// board with an "offline since" banner; changes made then are kept, counted in the status bar
// and listed in the Sync panel; when the server is back they are sent by themselves. A
// change that collides with someone else's is shown field by field and decided there.
// The server is the test's own, crashed with pg_ctl stop -m immediate and started again.

#include "Await.h"
#include "BoardCache.h"
#include "BoardController.h"
#include "BoardScreen.h"
#include "BoardSession.h"
#include "ConflictDialog.h"
#include "ConnectionController.h"
#include "ConsoleSession.h"
#include "DatabaseService.h"
#include "LocalCache.h"
#include "MainWindow.h"
#include "OfflineBanner.h"
#include "OfflineStore.h"
#include "PgCluster.h"
#include "StageColumn.h"
#include "StageItemModel.h"
#include "SyncDialog.h"
#include "SyncService.h"
#include "TaskCache.h"
#include "TaskPanel.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

namespace {

const QString kPassword = QStringLiteral("offline-console-pass");

QString syncButtonText(ConsoleSession* session)
{
    auto* button = session->window()->findChild<QToolButton*>(QStringLiteral("syncStatusButton"));
    return button ? button->text() : QString();
}

// grab() paints the widget now; the layouts and updates already asked for come first.
void saveShot(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("ASTRALIS_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::sendPostedEvents();
    QDir().mkpath(dir);
    widget->grab().save(dir + QLatin1Char('/') + name);
}

// What a cold start without the server can show: the card, and the tasks of its pipeline.
bool cacheHasBoardAndTasks(const QString& path, const QString& itemId, const QString& pipelineId)
{
    LocalCache cache;
    QString error;
    if (!cache.open(path, &error) || !cache.rows().get(BoardCache::kItem, itemId, &error).has_value()) {
        qWarning("card %s not in the cache %s", qPrintable(itemId), qPrintable(error));
        return false;
    }
    return !TaskCache::tasks(&cache, pipelineId, &error).isEmpty();
}

} // namespace

class TestOfflineConsole : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void coldStartOfflineWorksAndCatchesUp();
    void conflictIsDecidedInTheSyncPanel();
    void otherDatabaseBehindTheSameAddressGetsNothing();
    void cleanup();

private:
    // Whichever database has the URL's name now.
    QString scalar(const QString& sql) { return m_pg->scalar(sql, m_demo.database).toString(); }

    bool crash();
    bool resume();
    bool swap();

    std::unique_ptr<PgCluster> m_pg;
    bool m_down = false;
    PgCluster::DemoDatabase m_demo;
    // The same migrations, seed, login and password: another instance, swapped in under
    // m_demo's name by swap().
    PgCluster::DemoDatabase m_other;
    bool m_swapped = false;
    QString m_url;
};

void TestOfflineConsole::initTestCase()
{
    m_pg = PgCluster::startOwn();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    m_demo = m_pg->createDemoDatabase(QStringLiteral("offcon"), 40, kPassword);
    QVERIFY2(m_demo.error.isEmpty(), qPrintable(m_demo.error));
    m_url = m_pg->tcpUrl(m_demo.login, kPassword, m_demo.database);
    m_other = m_pg->createDemoDatabase(QStringLiteral("offconb"), 40, kPassword, m_demo);
    QVERIFY2(m_other.error.isEmpty(), qPrintable(m_other.error));
}

bool TestOfflineConsole::swap()
{
    QString error;
    if (!m_pg->swapDatabases(m_demo.database, m_other.database, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    m_swapped = !m_swapped;
    return true;
}

bool TestOfflineConsole::crash()
{
    QString error;
    m_down = m_pg->crash(&error);
    if (!m_down)
        qWarning("%s", qPrintable(error));
    return m_down;
}

bool TestOfflineConsole::resume()
{
    QString error;
    m_down = !m_pg->resume(&error);
    if (m_down)
        qWarning("%s", qPrintable(error));
    return !m_down;
}

// A failed test leaves the server running for the next one.
void TestOfflineConsole::cleanup()
{
    if (m_down)
        resume();
    if (m_swapped)
        swap();
}

void TestOfflineConsole::coldStartOfflineWorksAndCatchesUp()
{
    QString id;
    QString target;
    QString from;
    {
        // A normal day: the board is opened once, so this computer has it.
        auto online = openBoardSession(m_url, QSize(1280, 800));
        QVERIFY(online);
        QTRY_VERIFY_WITH_TIMEOUT(!online->boards()->isFromCache(), 10000);
        auto* tasks = online->window()->findChild<TaskPanel*>();
        QTRY_VERIFY_WITH_TIMEOUT(tasks && !tasks->tasks().isEmpty(), 10000);
        StageColumn* first = online->boardScreen()->columns().at(0);
        QVERIFY(first->model()->rowCount() > 0);
        id = first->model()->itemAt(0).id;
        from = first->stage().id;
        target = online->boardScreen()->columns().at(2)->stage().id;
        // Shown from the server means stored (the board and tasks go through the cache on
        // their way to the screen); what the cache thread still has queued finishes first.
        QVERIFY(Await::storeIdle(online->offlineStore()));
        QVERIFY(
            cacheHasBoardAndTasks(online->offlineStore()->path(), id, online->boards()->board().pipeline.id));
    }
    QVERIFY(crash());

    // The next morning, on the train: the console opens with yesterday's board.
    auto session = openBoardSession(m_url, QSize(1280, 800));
    QVERIFY2(session, "the board did not open from the cache while the server was down");
    QVERIFY(!session->database()->isOnline());
    QVERIFY(session->boards()->hasItem(id));
    QTRY_VERIFY(session->offlineBanner()->isVisible());
    QVERIFY2(session->offlineBanner()->text().contains(QLatin1String("Offline since")),
             qPrintable(session->offlineBanner()->text()));
    QVERIFY(!session->connections()->dialog() || !session->connections()->dialog()->isVisible());
    // The tasks beside the board come from the cache too.
    auto* tasks = session->window()->findChild<TaskPanel*>();
    QVERIFY(tasks);
    QTRY_VERIFY_WITH_TIMEOUT(!tasks->tasks().isEmpty(), 5000);

    // A board this computer never opened cannot come from anywhere: said so, not left blank.
    QString other;
    for (const Pipeline& p : session->boards()->pipelines()) {
        if (other.isEmpty() && p.id != session->boards()->board().pipeline.id)
            other = p.id;
    }
    QVERIFY2(!other.isEmpty(), "the cache knows the organization's pipelines");
    session->boards()->openPipeline(other);
    auto* message = session->boardScreen()->findChild<QLabel*>(QStringLiteral("boardMessageLabel"));
    QTRY_VERIFY(message->isVisible() && message->text().contains(QLatin1String("never opened")));
    QVERIFY(session->boards()->hasItem(id)); // the open board stays

    session->boards()->moveItems({id}, target, 0);
    QTRY_VERIFY_WITH_TIMEOUT(session->offlineStore()->counts().pending == 1, 5000);
    QTRY_VERIFY2(syncButtonText(session.get()).contains(QLatin1String("saved here")),
                 qPrintable(syncButtonText(session.get())));
    session->openSyncPanel();
    SyncDialog* panel = session->syncPanel();
    QVERIFY(panel);
    QTRY_COMPARE(panel->list()->topLevelItemCount(), 1);
    QVERIFY(panel->list()->topLevelItem(0)->text(3).contains(QLatin1String("Waiting")));
    saveShot(session->window(), QStringLiteral("offline-board.png"));
    saveShot(panel, QStringLiteral("offline-sync-panel.png"));
    // Kept until the server is back: nothing the cache thread was given has dropped it.
    QVERIFY(Await::storeIdle(session->offlineStore()));
    session->offlineStore()->refreshCounts();
    QVERIFY(Await::storeIdle(session->offlineStore()));
    QCOMPARE(session->offlineStore()->counts().pending, 1);

    // Back in the office: the console reconnects by itself and sends what waited.
    QVERIFY(resume());
    QTRY_VERIFY_WITH_TIMEOUT(session->database()->isOnline(), 40000);
    QTRY_COMPARE_WITH_TIMEOUT(
        scalar(QStringLiteral("SELECT \"stageId\" FROM \"pipelineItem\" WHERE id = '%1'").arg(id)), target,
        10000);
    QTRY_COMPARE_WITH_TIMEOUT(syncButtonText(session.get()), QStringLiteral("All changes sent"), 5000);
    QTRY_COMPARE(panel->list()->topLevelItemCount(), 0);
    QTRY_VERIFY(!session->offlineBanner()->isVisible());
    QVERIFY(from != target);
}

void TestOfflineConsole::conflictIsDecidedInTheSyncPanel()
{
    auto session = openBoardSession(m_url, QSize(1280, 800));
    QVERIFY(session);
    QTRY_VERIFY_WITH_TIMEOUT(session->database()->isOnline() && !session->boards()->isFromCache(), 20000);
    StageColumn* column = nullptr;
    for (StageColumn* c : session->boardScreen()->columns()) {
        if (!column && c->model()->rowCount() > 0)
            column = c;
    }
    QVERIFY(column);
    const PipelineItem card = column->model()->itemAt(0);
    // Someone else renames the card, and the news does not reach this console (triggers off
    // for that statement) before its connection drops.
    QVERIFY(m_pg->exec(
        QStringLiteral("SET session_replication_role = replica; UPDATE \"pipelineItem\" SET title = "
                       "'Their title', version = version + 1 WHERE id = '%1'; "
                       "SET session_replication_role = origin")
            .arg(card.id),
        nullptr, m_demo.database));
    QVERIFY(crash());
    QTRY_VERIFY_WITH_TIMEOUT(!session->database()->isOnline(), 10000);

    ItemChanges mine;
    mine.title = QStringLiteral("My offline title");
    session->boards()->editItem(card.id, mine);
    QTRY_VERIFY_WITH_TIMEOUT(session->offlineStore()->counts().pending == 1, 5000);
    QVERIFY(resume());
    QTRY_VERIFY_WITH_TIMEOUT(session->offlineStore()->counts().conflicts == 1, 40000);
    QTRY_VERIFY2(syncButtonText(session.get()).contains(QLatin1String("conflict")),
                 qPrintable(syncButtonText(session.get())));
    QCOMPARE(scalar(QStringLiteral("SELECT title FROM \"pipelineItem\" WHERE id = '%1'").arg(card.id)),
             QStringLiteral("Their title")); // not overwritten

    session->openSyncPanel();
    SyncDialog* panel = session->syncPanel();
    QTRY_COMPARE(panel->list()->topLevelItemCount(), 1);
    panel->list()->topLevelItem(0)->setSelected(true);
    auto* resolve = panel->findChild<QPushButton*>(QStringLiteral("resolveButton"));
    QTRY_VERIFY(resolve->isEnabled());
    resolve->click();
    ConflictDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = panel->findChild<ConflictDialog*>()) != nullptr);
    auto* base = dialog->findChild<QLabel*>(QStringLiteral("titleBase"));
    auto* yours = dialog->findChild<QLabel*>(QStringLiteral("titleMine"));
    auto* theirs = dialog->findChild<QLabel*>(QStringLiteral("titleTheirs"));
    QVERIFY(base && yours && theirs);
    QCOMPARE(base->text(), card.title);
    QCOMPARE(yours->text(), QStringLiteral("My offline title"));
    QCOMPARE(theirs->text(), QStringLiteral("Their title"));
    QTRY_VERIFY(dialog->isVisible());
    saveShot(dialog, QStringLiteral("offline-conflict.png"));
    dialog->findChild<QPushButton*>(QStringLiteral("keepMineButton"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(
        scalar(QStringLiteral("SELECT title FROM \"pipelineItem\" WHERE id = '%1'").arg(card.id)),
        QStringLiteral("My offline title"), 10000);
    QTRY_COMPARE(session->offlineStore()->counts().total(), 0);
    QTRY_COMPARE(session->boards()->item(card.id).title, QStringLiteral("My offline title"));
}

void TestOfflineConsole::otherDatabaseBehindTheSameAddressGetsNothing()
{
    // The URL's name leads to another database than the one a change was made against (an SSH
    // tunnel switched to another server, a database restored): the change stays for its own
    // database, and goes there once the name leads to it again.
    const QString firstInstance = scalar(QStringLiteral("SELECT astralis_instance_id()"));
    QVERIFY(!firstInstance.isEmpty());
    QString id;
    QString from;
    QString target;
    {
        auto online = openBoardSession(m_url, QSize(1280, 800));
        QVERIFY(online);
        QTRY_VERIFY_WITH_TIMEOUT(!online->boards()->isFromCache(), 10000);
        StageColumn* first = online->boardScreen()->columns().at(0);
        QVERIFY(first->model()->rowCount() > 0);
        id = first->model()->itemAt(0).id;
        from = first->stage().id;
        target = online->boardScreen()->columns().at(1)->stage().id;
        // In the cache once the cache thread has stored the board.
        QTRY_VERIFY_WITH_TIMEOUT(online->offlineStore()->isOpen(), 10000);
        const QString path = online->offlineStore()->path();
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                LocalCache cache;
                QString error;
                return cache.open(path, &error)
                    && cache.rows().get(BoardCache::kItem, id, &error).has_value();
            }(),
            10000);
    }
    QVERIFY(crash());
    {
        // Offline: the move waits in this database's cache. Closed before the server is back.
        auto offline = openBoardSession(m_url, QSize(1280, 800));
        QVERIFY(offline);
        QVERIFY(!offline->database()->isOnline());
        QVERIFY(offline->boards()->hasItem(id));
        offline->boards()->moveItems({id}, target, 0);
        QTRY_VERIFY_WITH_TIMEOUT(offline->offlineStore()->counts().pending == 1, 5000);
    }
    QVERIFY(resume());
    QVERIFY(swap());
    const QString stageOf
        = QStringLiteral("SELECT \"stageId\" FROM \"pipelineItem\" WHERE id = '%1'").arg(id);
    QVERIFY(scalar(QStringLiteral("SELECT astralis_instance_id()")) != firstInstance);
    QCOMPARE(scalar(stageOf), from); // the same card, in the other database

    // Signed in to the other database under the same name: told, and nothing sent.
    auto session = openBoardSession(m_url, QSize(1280, 800));
    QVERIFY(session);
    QTRY_VERIFY_WITH_TIMEOUT(session->database()->isOnline() && !session->boards()->isFromCache(), 20000);
    QTRY_VERIFY2_WITH_TIMEOUT(
        syncButtonText(session.get()).contains(QLatin1String("1 held for another database")),
        qPrintable(syncButtonText(session.get())), 10000);
    QVERIFY2(session->window()->statusBar()->currentMessage().contains(
                 QLatin1String("belongs to another database")),
             qPrintable(session->window()->statusBar()->currentMessage()));
    QCOMPARE(session->offlineStore()->counts().total(), 0);
    QSignalSpy passes(session->sync(), &SyncService::passFinished);
    session->sync()->kick();
    QTRY_VERIFY(passes.count() > 0);
    QCOMPARE(scalar(stageOf), from);
    session->openSyncPanel();
    SyncDialog* panel = session->syncPanel();
    QVERIFY(panel);
    auto* held = panel->findChild<QLabel*>(QStringLiteral("syncHeldLabel"));
    QVERIFY(held);
    QTRY_VERIFY(held->isVisible());
    QVERIFY2(held->text().contains(CacheFiles::shortInstance(firstInstance)), qPrintable(held->text()));
    saveShot(panel, QStringLiteral("offline-held-for-another-database.png"));

    // The first database back under the name: the console reconnects by itself, to it, and
    // sends what waited for it.
    QVERIFY(swap());
    QTRY_COMPARE_WITH_TIMEOUT(scalar(stageOf), target, 40000);
    QTRY_COMPARE_WITH_TIMEOUT(syncButtonText(session.get()), QStringLiteral("All changes sent"), 10000);
    QTRY_VERIFY(!held->isVisible());
}

QTEST_MAIN(TestOfflineConsole)
#include "tst_offline_console.moc"
