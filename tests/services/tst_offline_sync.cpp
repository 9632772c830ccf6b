// The offline layer against a real PostgreSQL server of the test's own, which it crashes
// (pg_ctl stop -m immediate) and restarts: changes queued in the local cache's outbox while
// the server is gone arrive exactly once, whatever fails during the replay — a killed
// client, the i-th database call, the connection itself — and changes someone else made in
// the meantime are merged or shown as conflicts, never overwritten.
//
// "Exactly once" is checked three ways: the outbox is empty, every mutation id is recorded
// once in client_mutation, and every card's row version grew by exactly the number of
// changes made to it (each applied change adds one).

#include "BoardCache.h"
#include "BoardRepository.h"
#include "ConnectionSettings.h"
#include "LocalCache.h"
#include "OfflineStore.h"
#include "OutboxApplier.h"
#include "PgCluster.h"
#include "ServerFaults.h"
#include "SqlProbe.h"
#include "SyncEngine.h"
#include "SyncedTableApplier.h"
#include "TaskCache.h"
#include "TaskRepository.h"
#include "TaskStatusFlow.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QSemaphore>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <limits>

namespace {

const QString kPassword = QStringLiteral("offline-pass-1");
constexpr qint64 kLater = std::numeric_limits<qint64>::max() / 2; // every backoff is over

} // namespace

Q_DECLARE_METATYPE(ServerFaults::Kind)

class TestOfflineSync : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void storeIdleWaitsForQueuedAndChainedWork();
    void crashedServerThousandOfflineEditsArriveOnce();
    void faultSweepConverges_data();
    void faultSweepConverges();
    void multiLaneFaultSweepConverges_data();
    void multiLaneFaultSweepConverges();
    void terminatedBackendDuringReplayConverges();
    void rejectedChangeDoesNotBlockOtherRows();
    void mutationIdUsedForAnotherRowIsRefusedNotRetried();
    void secondClientConflictsMergeAndDecisions();
    void killedClientDuringReplayConverges();
    void taskStatusChangesReplayWithTheFlowCheckedOnTheServer();
    void replayGoesOnlyToTheCachesDatabase();

private:
    QSqlDatabase staff(const QString& name);
    // Every board of the organization into the cache; returns its cards.
    QList<PipelineItem> loadBoards(QSqlDatabase db, LocalCache* cache);
    QHash<QString, int> versions(const QStringList& ids);
    int recordedOnce(const QStringList& mutationIds);
    // Replays until nothing is pending (every backoff treated as over); false if stuck.
    bool replayAll(LocalCache* cache, QSqlDatabase db, int maxPasses = 20, int lanes = 1);
    PipelineItem cached(LocalCache* cache, const QString& id);

    std::unique_ptr<PgCluster> m_pg;
    PgCluster::DemoDatabase m_demo;
    QTemporaryDir m_dir;
    int m_connections = 0;
};

void TestOfflineSync::initTestCase()
{
    // astralis-cli finds the same cache file as this test: same application names, same
    // XDG_DATA_HOME (set per test by CTest).
    QCoreApplication::setOrganizationName(QStringLiteral("Astralis"));
    QCoreApplication::setApplicationName(QStringLiteral("Astralis Console"));
    m_pg = PgCluster::startOwn();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    m_demo = m_pg->createDemoDatabase(QStringLiteral("offline"), 400, kPassword);
    QVERIFY2(m_demo.error.isEmpty(), qPrintable(m_demo.error));
}

QSqlDatabase TestOfflineSync::staff(const QString& name)
{
    const QString connection = QStringLiteral("%1-%2").arg(name).arg(++m_connections);
    return m_pg->connect(connection, m_demo.database, m_demo.login, kPassword, true);
}

QList<PipelineItem> TestOfflineSync::loadBoards(QSqlDatabase db, LocalCache* cache)
{
    QString error;
    QList<PipelineItem> all;
    const QList<Pipeline> pipelines = BoardRepository::pipelines(db, &error);
    for (const Pipeline& p : pipelines) {
        Board board;
        if (!BoardRepository::loadBoard(db, p.id, &board, &error))
            continue;
        if (!BoardCache::storeBoard(cache, pipelines, board, &error))
            qWarning("storeBoard: %s", qPrintable(error));
        all += board.items;
    }
    return all;
}

QHash<QString, int> TestOfflineSync::versions(const QStringList& ids)
{
    QHash<QString, int> map;
    const QString all
        = m_pg->scalar(QStringLiteral("SELECT string_agg(id || '|' || version, ',') FROM \"pipelineItem\" "
                                      "WHERE id IN (%1)")
                           .arg(SqlProbe::quoted(ids)),
                       m_demo.database)
              .toString();
    for (const QString& pair : all.split(QLatin1Char(','), Qt::SkipEmptyParts))
        map.insert(pair.section(QLatin1Char('|'), 0, 0), pair.section(QLatin1Char('|'), 1).toInt());
    return map;
}

int TestOfflineSync::recordedOnce(const QStringList& mutationIds)
{
    // The primary key makes twice impossible; count that each id is there at all.
    return m_pg
        ->scalar(QStringLiteral("SELECT count(*) FROM client_mutation WHERE id IN (%1)")
                     .arg(SqlProbe::quoted(mutationIds)),
                 m_demo.database)
        .toInt();
}

bool TestOfflineSync::replayAll(LocalCache* cache, QSqlDatabase db, int maxPasses, int lanes)
{
    SyncEngine engine(cache);
    for (int pass = 0; pass < maxPasses; ++pass) {
        // A clock that jumps past every backoff each pass: no waiting in tests.
        const SyncEngine::Summary s = engine.replay(db, kLater + qint64(pass) * 86400000, nullptr, lanes);
        if (s.interrupted && !s.error.isEmpty())
            qInfo("pass %d interrupted: %s", pass, qPrintable(s.error));
        if (cache->outbox().counts().pending == 0)
            return true;
    }
    return false;
}

PipelineItem TestOfflineSync::cached(LocalCache* cache, const QString& id)
{
    QString error;
    return BoardCache::item(cache, id, &error).value_or(PipelineItem());
}

void TestOfflineSync::storeIdleWaitsForQueuedAndChainedWork()
{
    // The barrier tests use instead of a sleep (OfflineStore::whenIdle()).
    OfflineStore store;
    QStringList order;
    QObject context;
    store.whenIdle(&context, [&] { order << QStringLiteral("idle-0"); });
    QVERIFY(order.isEmpty()); // never inside the call
    QTRY_COMPARE(order, QStringList{QStringLiteral("idle-0")});

    // Opening counts, and so does the refresh its answer sends.
    QSignalSpy opened(&store, &OfflineStore::opened);
    store.open(m_dir.filePath(QStringLiteral("idle.sqlite")));
    QVERIFY(!store.isIdle());
    store.whenIdle(&context, [&] {
        order << QStringLiteral("idle-1");
        QCOMPARE(opened.count(), 1);
    });
    QTRY_COMPARE(order.size(), 2);
    QVERIFY(store.isOpen());

    // Work held on the cache thread: no idle while it runs, nor before the work its answer sends.
    QSemaphore gate;
    store.run(
        &context,
        [&gate](LocalCache&) {
            gate.acquire();
            return QVariant(1);
        },
        [&](const QVariant&) {
            order << QStringLiteral("first");
            store.run(
                &context, [](LocalCache& cache) { return QVariant(cache.outbox().counts().total()); },
                [&](const QVariant&) { order << QStringLiteral("chained"); });
        });
    store.run(nullptr, [](LocalCache&) { return QVariant(); }); // no answer wanted: counted too
    store.whenIdle(&context, [&] { order << QStringLiteral("idle-2"); });
    {
        QObject gone;
        store.whenIdle(&gone, [&] { order << QStringLiteral("context gone"); });
    }
    // Everything this thread can do now is done; the cache thread waits at the gate.
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    QVERIFY(!store.isIdle());
    QCOMPARE(order.size(), 2);
    gate.release();
    QTRY_COMPARE(order.size(), 5);
    QCOMPARE(order.mid(2),
             QStringList({QStringLiteral("first"), QStringLiteral("chained"), QStringLiteral("idle-2")}));
    QVERIFY(store.isIdle());
}

void TestOfflineSync::crashedServerThousandOfflineEditsArriveOnce()
{
    LocalCache cache;
    QString error;
    QVERIFY2(cache.open(m_dir.filePath(QStringLiteral("crash.sqlite")), &error), qPrintable(error));
    QSqlDatabase db = staff(QStringLiteral("crash"));
    QVERIFY(db.isOpen());
    const QList<PipelineItem> items = loadBoards(db, &cache);
    QVERIFY2(items.size() >= 300, qPrintable(QString::number(items.size())));
    QStringList ids;
    for (const PipelineItem& item : items)
        ids << item.id;
    const QHash<QString, int> before = versions(ids);

    QVERIFY2(m_pg->crash(&error), qPrintable(error));
    QSqlQuery dead(db);
    QVERIFY2(!dead.exec(QStringLiteral("SELECT 1")), "the server is down: the session must fail");

    // 1,000 edits across every board while the server is down: titles, priorities, moves to
    // other stages of the card's own board, several per card, in a random order.
    QHash<QString, QStringList> stagesOfCard;
    for (const Pipeline& p : BoardCache::pipelines(&cache, &error)) {
        Board board;
        if (!BoardCache::loadBoard(&cache, p.id, &board, &error))
            continue;
        QStringList stageIds;
        for (const PipelineStage& s : std::as_const(board.stages))
            stageIds << s.id;
        for (const PipelineItem& item : std::as_const(board.items))
            stagesOfCard.insert(item.id, stageIds);
    }
    QRandomGenerator random(20261127);
    QHash<QString, int> editsOf;
    QStringList mutationIds;
    for (int k = 0; k < 1000; ++k) {
        const QString id = ids.at(random.bounded(int(ids.size())));
        const PipelineItem current = cached(&cache, id);
        QVERIFY(!current.id.isEmpty());
        OutboxEntry entry;
        switch (k % 3) {
        case 0: {
            BoardRepository::ItemChanges changes;
            changes.title = QStringLiteral("Offline edit %1").arg(k);
            entry = BoardCache::editEntry(current, changes);
            break;
        }
        case 1: {
            BoardRepository::ItemChanges changes;
            changes.priority = k % 4;
            entry = BoardCache::editEntry(current, changes);
            break;
        }
        default: {
            const QStringList stages = stagesOfCard.value(id);
            entry = BoardCache::moveEntry(current, stages.at(random.bounded(int(stages.size()))), 1000.0 + k);
            break;
        }
        }
        QList<OutboxEntry> one = {entry};
        QVERIFY2(cache.outbox().enqueue(&one, &error), qPrintable(error));
        mutationIds << one.first().mutationId;
        editsOf[id] += 1;
    }
    QCOMPARE(cache.outbox().counts().pending, 1000);

    // A replay attempt while the server is down fails quickly and loses nothing.
    {
        SyncEngine engine(&cache);
        const SyncEngine::Summary s = engine.replay(db, kLater);
        QVERIFY(s.interrupted);
        QCOMPARE(s.applied, 0);
        QCOMPARE(cache.outbox().counts().pending, 1000);
    }

    QVERIFY2(m_pg->resume(&error), qPrintable(error));
    QSqlDatabase again = staff(QStringLiteral("crash-again"));
    QVERIFY2(again.isOpen(), qPrintable(again.lastError().text()));
    QVERIFY(replayAll(&cache, again));
    QCOMPARE(cache.outbox().counts().total(), 0);
    QCOMPARE(recordedOnce(mutationIds), 1000);

    const QHash<QString, int> after = versions(ids);
    int mismatched = 0;
    for (const QString& id : ids) {
        if (after.value(id) - before.value(id) != editsOf.value(id))
            ++mismatched;
    }
    QCOMPARE(mismatched, 0);
    // And the server holds the last local value of every field.
    int differing = 0;
    for (const QString& id : editsOf.keys()) {
        const PipelineItem local = cached(&cache, id);
        const PipelineItem server = BoardRepository::item(again, id, &error);
        if (local.title != server.title || local.priority != server.priority
            || local.stageId != server.stageId || local.version != server.version)
            ++differing;
    }
    QCOMPARE(differing, 0);
}

// With the in-process hook (ReplayFaults) the replay keeps to one lane; the multi-lane
// replay of long outboxes is swept by multiLaneFaultSweepConverges() below.
void TestOfflineSync::faultSweepConverges_data()
{
    QTest::addColumn<bool>("answerLost");
    QTest::newRow("request lost") << false;
    QTest::newRow("answer lost") << true;
}

void TestOfflineSync::faultSweepConverges()
{
    QFETCH(bool, answerLost);
    LocalCache cache;
    QString error;
    QVERIFY2(cache.open(m_dir.filePath(QStringLiteral("sweep-%1.sqlite").arg(answerLost)), &error),
             qPrintable(error));
    QSqlDatabase db = staff(QStringLiteral("sweep"));
    const QList<PipelineItem> items = loadBoards(db, &cache);
    const QStringList rows = {items.at(10).id, items.at(11).id, items.at(12).id, items.at(13).id};
    // A clean replay of the batch below makes 6 database calls (one of them a merge's second
    // statement); the sweep fails each one in turn, and one beyond.
    for (int failing = 1; failing <= 7; ++failing) {
        const QHash<QString, int> before = versions(rows);
        QHash<QString, int> edits;
        QStringList mutationIds;
        auto queue = [&](OutboxEntry e) {
            QList<OutboxEntry> one = {e};
            QVERIFY2(cache.outbox().enqueue(&one, &error), qPrintable(error));
            mutationIds << one.first().mutationId;
            edits[e.rowId] += 1;
        };
        BoardRepository::ItemChanges title;
        title.title = QStringLiteral("Sweep %1 a").arg(failing);
        queue(BoardCache::editEntry(cached(&cache, rows.at(0)), title));
        queue(BoardCache::moveEntry(cached(&cache, rows.at(1)), cached(&cache, rows.at(1)).stageId,
                                    5000.0 + failing));
        BoardRepository::ItemChanges priority;
        priority.priority = failing % 4;
        queue(BoardCache::editEntry(cached(&cache, rows.at(0)), priority));
        BoardRepository::ItemChanges other;
        other.title = QStringLiteral("Sweep %1 c").arg(failing);
        queue(BoardCache::editEntry(cached(&cache, rows.at(2)), other));
        // Someone else changes row 3's description; my title change on it merges (2 calls).
        BoardRepository::ItemChanges mine;
        mine.title = QStringLiteral("Sweep %1 d").arg(failing);
        queue(BoardCache::editEntry(cached(&cache, rows.at(3)), mine));
        QVERIFY(m_pg->exec(
            QStringLiteral("UPDATE \"pipelineItem\" SET description = 'theirs %1', version = version + 1 "
                           "WHERE id = '%2'")
                .arg(failing)
                .arg(rows.at(3)),
            &error, m_demo.database));

        ReplayFaults faults;
        if (answerLost)
            faults.failAfter = [failing](int call) { return call == failing; };
        else
            faults.failBefore = [failing](int call) { return call == failing; };
        SyncEngine engine(&cache);
        engine.replay(db, kLater, &faults);
        QVERIFY(replayAll(&cache, db));
        QCOMPARE(cache.outbox().counts().total(), 0);
        QCOMPARE(recordedOnce(mutationIds), int(mutationIds.size()));
        const QHash<QString, int> after = versions(rows);
        for (const QString& id : rows) {
            const int expected = edits.value(id) + (id == rows.at(3) ? 1 : 0);
            QVERIFY2(after.value(id) - before.value(id) == expected,
                     qPrintable(QStringLiteral("fault at call %1: %2 changed %3 times, expected %4")
                                    .arg(failing)
                                    .arg(id)
                                    .arg(after.value(id) - before.value(id))
                                    .arg(expected)));
        }
        const PipelineItem merged = BoardRepository::item(db, rows.at(3), &error);
        QCOMPARE(merged.title, QStringLiteral("Sweep %1 d").arg(failing));
        QCOMPARE(merged.description, QStringLiteral("theirs %1").arg(failing));
    }
}

void TestOfflineSync::multiLaneFaultSweepConverges_data()
{
    QTest::addColumn<ServerFaults::Kind>("kind");
    QTest::newRow("request lost") << ServerFaults::Kind::RequestLost;
    QTest::newRow("answer lost") << ServerFaults::Kind::AnswerLost;
}

void TestOfflineSync::multiLaneFaultSweepConverges()
{
    // The replay as the console and astralis-cli run it (SyncEngine::lanes() connections) on an
    // outbox long enough to be split over them, the server failing the at-th recorded change on
    // whichever lane sends it (ServerFaults: the code under test runs unchanged).
    QFETCH(ServerFaults::Kind, kind);
    constexpr int kLanes = 3; // SyncEngine::lanes() unless configured otherwise
    // SyncEngine splits an outbox from 1,000 entries on (kParallelFrom there); a pass of this
    // batch records kChanges changes, one per entry (merges included).
    constexpr int kChanges = 1050;
    // Sampled, not every change: a round here takes about two seconds, so the full sweep would
    // take over an hour of CI. The first change, the middle, the last, and one beyond (no
    // fault: one pass sends it all).
    const QList<int> samples = {1, kChanges / 2, kChanges, kChanges + 1};

    LocalCache cache;
    QString error;
    QVERIFY2(cache.open(m_dir.filePath(QStringLiteral("lanes-%1.sqlite").arg(int(kind))), &error),
             qPrintable(error));
    QSqlDatabase loader = staff(QStringLiteral("lanes-load"));
    const QList<PipelineItem> items = loadBoards(loader, &cache);
    loader.close();
    QVERIFY2(items.size() >= 300, qPrintable(QString::number(items.size())));
    QStringList ids;
    for (const PipelineItem& item : items)
        ids << item.id;
    const QStringList theirs = {ids.at(5), ids.at(6), ids.at(7)}; // someone else edits these too

    ServerFaults faults(m_pg.get(), m_demo.database);
    QVERIFY2(faults.install(&error), qPrintable(error));
    for (const int at : samples) {
        const QString where = QStringLiteral("fault at change %1: ").arg(at);
        const QHash<QString, int> before = versions(ids);
        // Titles and priorities over every card, several per card, in one local transaction.
        // Each changes its field (a change to the value the server already has is no change
        // after a merge, and nothing is recorded for it).
        QList<OutboxEntry> batch;
        QHash<QString, int> edits;
        QHash<QString, QString> lastTitle;
        QHash<QString, int> lastPriority;
        for (int k = 0; k < kChanges; ++k) {
            const PipelineItem item = cached(&cache, items.at(k % items.size()).id);
            BoardRepository::ItemChanges changes;
            if (k % 2 == 0) {
                changes.title = QStringLiteral("Lanes %1 %2").arg(at).arg(k);
                lastTitle.insert(item.id, changes.title.value());
            } else {
                changes.priority = (lastPriority.value(item.id, item.priority) + 1) % 4;
                lastPriority.insert(item.id, changes.priority.value());
            }
            batch << BoardCache::editEntry(item, changes);
            edits[item.id] += 1;
        }
        QVERIFY2(cache.outbox().enqueue(&batch, &error), qPrintable(error));
        QStringList mutationIds;
        for (const OutboxEntry& e : std::as_const(batch))
            mutationIds << e.mutationId;
        // Meanwhile someone else changes another field of three of them: merged, not lost.
        QVERIFY2(
            faults.exec(QStringLiteral("UPDATE \"pipelineItem\" SET description = 'theirs %1', version = "
                                       "version + 1 WHERE id IN (%2)")
                            .arg(at)
                            .arg(SqlProbe::quoted(theirs)),
                        &error),
            qPrintable(error));

        QVERIFY2(faults.arm(kind, at, &error), qPrintable(where + error));
        SyncEngine engine(&cache);
        QSqlDatabase first = staff(QStringLiteral("lanes"));
        const SyncEngine::Summary faulty = engine.replay(first, kLater, nullptr, kLanes);
        first.close();
        const int injected = at <= kChanges ? 1 : 0;
        QCOMPARE(faults.fired(), injected);
        if (kind == ServerFaults::Kind::AnswerLost)
            QCOMPARE(faults.endedSessions(), injected);
        QVERIFY2(faults.writers() >= 2, qPrintable(where + QStringLiteral("the replay used one connection")));
        QCOMPARE(faulty.interrupted, injected == 1);
        QCOMPARE(faulty.applied + faulty.alreadyApplied < kChanges, injected == 1);

        // The next passes (a new connection: the faulty one may be gone) send the rest.
        QSqlDatabase again = staff(QStringLiteral("lanes-again"));
        const SyncEngine::Summary next = engine.replay(again, kLater + 86400000, nullptr, kLanes);
        if (kind == ServerFaults::Kind::AnswerLost && injected)
            QVERIFY2(next.alreadyApplied >= 1,
                     qPrintable(where
                                + QStringLiteral("the lost answer's change was "
                                                 "not found recorded")));
        QVERIFY2(replayAll(&cache, again, 20, kLanes), qPrintable(where + QStringLiteral("stuck")));
        again.close();

        // Nothing lost, nothing applied twice, the last value of each card on the server.
        QCOMPARE(cache.outbox().counts().total(), 0);
        QCOMPARE(recordedOnce(mutationIds), kChanges);
        const QHash<QString, int> after = versions(ids);
        for (const QString& id : std::as_const(ids)) {
            const int expected = edits.value(id) + (theirs.contains(id) ? 1 : 0);
            QVERIFY2(after.value(id) - before.value(id) == expected,
                     qPrintable(where
                                + QStringLiteral("%1 changed %2 times, expected %3")
                                      .arg(id)
                                      .arg(after.value(id) - before.value(id))
                                      .arg(expected)));
        }
        // One line per card: id|priority|version|description|title (the title last: it may hold
        // anything).
        const QStringList rows
            = m_pg->scalar(
                      QStringLiteral("SELECT string_agg(id || '|' || priority || '|' || version || '|' || "
                                     "translate(coalesce(description, ''), E'|\\n\\r', '   ') || '|' || "
                                     "translate(title, E'\\n\\r', '  '), E'\\n') "
                                     "FROM \"pipelineItem\" WHERE id IN (%1)")
                          .arg(SqlProbe::quoted(ids)),
                      m_demo.database)
                  .toString()
                  .split(QLatin1Char('\n'));
        int differing = 0;
        for (const QString& row : rows) {
            const QStringList v = row.split(QLatin1Char('|'));
            const QString& id = v.value(0);
            differing += v.value(2).toInt() != cached(&cache, id).version
                || (lastPriority.contains(id) && v.value(1).toInt() != lastPriority.value(id))
                || (theirs.contains(id) && v.value(3) != QStringLiteral("theirs %1").arg(at))
                || (lastTitle.contains(id) && v.mid(4).join(QLatin1Char('|')) != lastTitle.value(id));
        }
        QCOMPARE(rows.size(), ids.size());
        QVERIFY2(differing == 0, qPrintable(where + QStringLiteral("%1 card(s) differ").arg(differing)));
    }
}

void TestOfflineSync::terminatedBackendDuringReplayConverges()
{
    LocalCache cache;
    QString error;
    QVERIFY2(cache.open(m_dir.filePath(QStringLiteral("terminate.sqlite")), &error), qPrintable(error));
    QSqlDatabase db = staff(QStringLiteral("terminate"));
    const QList<PipelineItem> items = loadBoards(db, &cache);
    QStringList ids;
    QStringList mutationIds;
    for (int k = 0; k < 600; ++k) {
        const PipelineItem item = cached(&cache, items.at(k % 200).id);
        BoardRepository::ItemChanges changes;
        changes.title = QStringLiteral("Terminated %1").arg(k);
        QList<OutboxEntry> one = {BoardCache::editEntry(item, changes)};
        QVERIFY2(cache.outbox().enqueue(&one, &error), qPrintable(error));
        mutationIds << one.first().mutationId;
        if (!ids.contains(item.id))
            ids << item.id;
    }
    const QHash<QString, int> before = versions(ids);
    QSqlQuery pid(db);
    QVERIFY(pid.exec(QStringLiteral("SELECT pg_backend_pid()")) && pid.next());
    const int backend = pid.value(0).toInt();

    // An administrator (or a network drop) ends the session in the middle of the replay.
    ReplayFaults faults;
    faults.failBefore = [&](int call) {
        if (call == 250)
            m_pg->exec(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(backend), nullptr,
                       m_demo.database);
        return false;
    };
    SyncEngine engine(&cache);
    const SyncEngine::Summary s = engine.replay(db, kLater, &faults);
    QVERIFY(s.interrupted);
    QVERIFY2(s.applied >= 200 && s.applied < 600, qPrintable(QString::number(s.applied)));

    QSqlDatabase again = staff(QStringLiteral("terminate-again"));
    QVERIFY(replayAll(&cache, again));
    QCOMPARE(cache.outbox().counts().total(), 0);
    QCOMPARE(recordedOnce(mutationIds), 600);
    const QHash<QString, int> after = versions(ids);
    for (const QString& id : ids)
        QCOMPARE(after.value(id) - before.value(id), 3);
}

void TestOfflineSync::rejectedChangeDoesNotBlockOtherRows()
{
    LocalCache cache;
    QString error;
    QVERIFY2(cache.open(m_dir.filePath(QStringLiteral("reject.sqlite")), &error), qPrintable(error));
    QSqlDatabase db = staff(QStringLiteral("reject"));
    const QList<PipelineItem> items = loadBoards(db, &cache);
    const PipelineItem a = items.at(30);
    const PipelineItem b = items.at(31);
    // A move to a stage of the other organization: the server refuses it, for good.
    const QString foreignStage
        = m_pg->scalar(QStringLiteral("SELECT s.id FROM \"pipelineStage\" s JOIN organization o "
                                      "ON o.id = s.\"orgId\" WHERE o.slug = 'globex' LIMIT 1"),
                       m_demo.database)
              .toString();
    QVERIFY(!foreignStage.isEmpty());
    QList<OutboxEntry> batch = {BoardCache::moveEntry(a, foreignStage, 1.0)};
    QVERIFY(cache.outbox().enqueue(&batch, &error));
    BoardRepository::ItemChanges title;
    title.title = QStringLiteral("After a refused change");
    QList<OutboxEntry> second = {BoardCache::editEntry(cached(&cache, b.id), title)};
    QVERIFY(cache.outbox().enqueue(&second, &error));

    SyncEngine engine(&cache);
    const SyncEngine::Summary s = engine.replay(db, kLater);
    QCOMPARE(s.rejected, 1);
    QCOMPARE(s.applied, 1);
    const QList<OutboxEntry> left = cache.outbox().entries(&error);
    QCOMPARE(left.size(), 1);
    QCOMPARE(left.first().state, OutboxEntry::State::Rejected);
    QVERIFY2(left.first().error.contains(QLatin1String("not a row of this organization")),
             qPrintable(left.first().error));
    // The card shows the server's stage again; the other card's change arrived.
    QCOMPARE(cached(&cache, a.id).stageId, a.stageId);
    QCOMPARE(BoardRepository::item(db, b.id, &error).title, title.title.value());
    QCOMPARE(BoardRepository::item(db, a.id, &error).stageId, a.stageId);
    // Discarding the rejected change leaves nothing behind.
    QVERIFY(cache.outbox().discard(left.first().seq, &error));
    QCOMPARE(cache.outbox().counts().total(), 0);
}

void TestOfflineSync::mutationIdUsedForAnotherRowIsRefusedNotRetried()
{
    LocalCache cache;
    QString error;
    QVERIFY2(cache.open(m_dir.filePath(QStringLiteral("clash.sqlite")), &error), qPrintable(error));
    QSqlDatabase db = staff(QStringLiteral("clash"));
    const QList<PipelineItem> items = loadBoards(db, &cache);
    const PipelineItem card = items.at(40);
    BoardRepository::ItemChanges title;
    title.title = QStringLiteral("Sent with a taken id");
    QList<OutboxEntry> batch = {BoardCache::editEntry(cached(&cache, card.id), title)};
    QVERIFY(cache.outbox().enqueue(&batch, &error));
    // Someone of the same organization recorded this very mutation id for another row first.
    QSqlQuery plant(db);
    QVERIFY2(plant.exec(
                 QStringLiteral("INSERT INTO client_mutation (id, \"orgId\", \"entityType\", \"entityId\", "
                                "\"resultVersion\") SELECT '%1', \"orgId\", 'pipelineItem', 'another-row', 1 "
                                "FROM \"pipelineItem\" WHERE id = '%2'")
                     .arg(batch.first().mutationId, card.id)),
             qPrintable(plant.lastError().text()));

    // Before, the duplicate key was taken for a race and retried for ever; and the planted row
    // was not this change's record either. Now: refused once, with the reason.
    SyncEngine engine(&cache);
    const SyncEngine::Summary s = engine.replay(db, kLater);
    QCOMPARE(s.rejected, 1);
    QCOMPARE(s.applied, 0);
    const QList<OutboxEntry> left = cache.outbox().entries(&error);
    QCOMPARE(left.size(), 1);
    QCOMPARE(left.first().state, OutboxEntry::State::Rejected);
    QVERIFY2(left.first().error.contains(QLatin1String("for another item")), qPrintable(left.first().error));
    QVERIFY(BoardRepository::item(db, card.id, &error).title != title.title.value());
}

void TestOfflineSync::secondClientConflictsMergeAndDecisions()
{
    LocalCache cache;
    QString error;
    QVERIFY2(cache.open(m_dir.filePath(QStringLiteral("conflicts.sqlite")), &error), qPrintable(error));
    QSqlDatabase mine = staff(QStringLiteral("mine"));
    QSqlDatabase theirs = staff(QStringLiteral("theirs")); // another colleague of the same organization
    const QList<PipelineItem> items = loadBoards(mine, &cache);
    const PipelineItem merge = items.at(40);
    const PipelineItem clash = items.at(41);
    const PipelineItem deleted = items.at(42);
    const PipelineItem discarded = items.at(43);

    // My changes, made offline against what I had loaded.
    auto queue = [&](const PipelineItem& item, const QString& title) {
        BoardRepository::ItemChanges changes;
        changes.title = title;
        QList<OutboxEntry> one = {BoardCache::editEntry(cached(&cache, item.id), changes)};
        QVERIFY2(cache.outbox().enqueue(&one, &error), qPrintable(error));
    };
    queue(merge, QStringLiteral("My title"));
    queue(clash, QStringLiteral("My clashing title"));
    queue(deleted, QStringLiteral("Edited while they deleted it"));
    queue(discarded, QStringLiteral("Mine, to be discarded"));

    // Meanwhile, on the server, from the colleague's console: a different field, the same field,
    // a delete, the same field.
    SyncedTableApplier theirConsole(PipelineItemTable::table());
    auto sendTheirs = [&](OutboxEntry e) {
        e.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const ApplyOutcome o = theirConsole.apply(theirs, e, e.fields, e.baseVersion, nullptr);
        return o.kind == ApplyOutcome::Kind::Applied;
    };
    BoardRepository::ItemChanges description;
    description.description = QStringLiteral("Their description");
    QVERIFY(sendTheirs(BoardCache::editEntry(merge, description)));
    BoardRepository::ItemChanges clashing;
    clashing.title = QStringLiteral("Their title");
    QVERIFY(sendTheirs(BoardCache::editEntry(clash, clashing)));
    QVERIFY(sendTheirs(BoardCache::deleteEntry(deleted)));
    BoardRepository::ItemChanges theirTitle;
    theirTitle.title = QStringLiteral("Their title stays");
    QVERIFY(sendTheirs(BoardCache::editEntry(discarded, theirTitle)));

    SyncEngine engine(&cache);
    const SyncEngine::Summary s = engine.replay(mine, kLater);
    QCOMPARE(s.merged, 1);
    QCOMPARE(s.conflicts, 3);
    // Merged: both changes are on the server.
    const PipelineItem merged = BoardRepository::item(mine, merge.id, &error);
    QCOMPARE(merged.title, QStringLiteral("My title"));
    QCOMPARE(merged.description, QStringLiteral("Their description"));
    // Nothing of theirs was overwritten.
    QCOMPARE(BoardRepository::item(mine, clash.id, &error).title, QStringLiteral("Their title"));
    QCOMPARE(BoardRepository::item(mine, discarded.id, &error).title, QStringLiteral("Their title stays"));

    QHash<QString, OutboxEntry> byRow;
    for (const OutboxEntry& e : cache.outbox().entries(&error))
        byRow.insert(e.rowId, e);
    QCOMPARE(byRow.size(), 3);
    const OutboxEntry c = byRow.value(clash.id);
    QCOMPARE(c.state, OutboxEntry::State::Conflict);
    QCOMPARE(c.conflicting, QStringList{QStringLiteral("title")});
    QCOMPARE(c.before.value(QStringLiteral("title")).toString(), clash.title); // base
    QCOMPARE(c.fields.value(QStringLiteral("title")).toString(), QStringLiteral("My clashing title")); // mine
    QCOMPARE(c.theirs.value(QStringLiteral("title")).toString(), QStringLiteral("Their title")); // theirs
    QVERIFY(byRow.value(deleted.id).rowDeletedOnServer());
    // While a row's change is in conflict, a later change of that row waits behind it.
    queue(clash, QStringLiteral("A later change"));
    QCOMPARE(engine.replay(mine, kLater).applied, 0);

    // Decisions: keep mine, recreate the deleted card with my change, take theirs.
    QVERIFY2(cache.outbox().keepMine(c.seq, &error), qPrintable(error));
    QVERIFY2(cache.outbox().recreate(byRow.value(deleted.id).seq, &error), qPrintable(error));
    QVERIFY2(cache.outbox().discard(byRow.value(discarded.id).seq, &error), qPrintable(error));
    QVERIFY(!cache.outbox().keepMine(byRow.value(deleted.id).seq, &error)); // no longer a conflict
    QVERIFY(replayAll(&cache, mine));
    QCOMPARE(cache.outbox().counts().total(), 0);
    QCOMPARE(BoardRepository::item(mine, clash.id, &error).title, QStringLiteral("A later change"));
    const PipelineItem recreated = BoardRepository::item(mine, deleted.id, &error);
    QCOMPARE(recreated.title, QStringLiteral("Edited while they deleted it"));
    QCOMPARE(BoardRepository::item(mine, discarded.id, &error).title, QStringLiteral("Their title stays"));
    QCOMPARE(cached(&cache, discarded.id).title, QStringLiteral("Their title stays"));
}

void TestOfflineSync::killedClientDuringReplayConverges()
{
    // The cache astralis-cli uses for this server and login.
    const QString url = m_pg->tcpUrl(m_demo.login, kPassword, m_demo.database);
    // The password goes through the environment: astralis-cli refuses one in its arguments.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DATABASE_URL"), url);
    QSqlDatabase db = staff(QStringLiteral("kill"));
    ConnectionSettings settings;
    settings.host = QStringLiteral("127.0.0.1");
    settings.port = m_pg->port();
    settings.database = m_demo.database;
    settings.user = m_demo.login;
    QString error;
    QStringList mutationIds;
    QStringList ids;
    QHash<QString, int> before;
    {
        LocalCache cache;
        QVERIFY2(cache.open(CacheFiles::pathFor(settings), &error), qPrintable(error));
        const QList<PipelineItem> items = loadBoards(db, &cache);
        // 4,000 changes, 10 to each of 400 cards, saved in one go (one local transaction).
        QList<OutboxEntry> batch;
        for (int k = 0; k < 4000; ++k) {
            const PipelineItem& item = items.at(k % 400);
            BoardRepository::ItemChanges changes;
            changes.title = QStringLiteral("Killed %1").arg(k);
            batch << BoardCache::editEntry(item, changes);
            if (!ids.contains(item.id))
                ids << item.id;
        }
        QVERIFY2(cache.outbox().enqueue(&batch, &error), qPrintable(error));
        for (const OutboxEntry& e : std::as_const(batch))
            mutationIds << e.mutationId;
        before = versions(ids);
    }

    // SIGKILL astralis-cli sync push at random moments, again and again.
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("kill timing seed %u", seed);
    QRandomGenerator random(seed);
    // A kill counts when it lands inside a replay: the server had taken some of the changes
    // since the round before, but not all.
    int killedMidway = 0;
    int onServer = 0;
    const auto total = [this] {
        return m_pg->scalar(QStringLiteral("SELECT count(*) FROM client_mutation"), m_demo.database).toInt();
    };
    for (int round = 0; round < 25 && onServer < 4000; ++round) {
        QProcess cli;
        cli.setProcessEnvironment(env);
        cli.start(QStringLiteral(ASTRALIS_CLI),
                  {QStringLiteral("sync"), QStringLiteral("push"), QStringLiteral("--quiet")});
        QVERIFY(cli.waitForStarted());
        // Once the replay is under way (however long this machine takes to start the
        // program and connect), at a random moment of it.
        const int started = total();
        if (!QTest::qWaitFor([&] { return cli.state() != QProcess::Running || total() > started; }, 20000))
            qWarning("round %d: the replay did not start within 20 s", round);
        QTest::qWait(random.bounded(150));
        const bool running = cli.state() == QProcess::Running;
        cli.kill();
        cli.waitForFinished();
        const int now = recordedOnce(mutationIds);
        if (running && now > onServer && now < 4000)
            ++killedMidway;
        onServer = now;
    }
    QVERIFY2(killedMidway >= 3,
             qPrintable(QStringLiteral("only %1 kills landed during a replay").arg(killedMidway)));

    QProcess cli;
    cli.setProcessEnvironment(env);
    cli.start(QStringLiteral(ASTRALIS_CLI), {QStringLiteral("sync"), QStringLiteral("push")});
    QVERIFY(cli.waitForFinished(60000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    QCOMPARE(recordedOnce(mutationIds), 4000);
    const QHash<QString, int> after = versions(ids);
    for (const QString& id : ids)
        QCOMPARE(after.value(id) - before.value(id), 10);
    // And each card holds its last change.
    QCOMPARE(
        m_pg->scalar(QStringLiteral("SELECT count(*) FROM \"pipelineItem\" WHERE title ~ '^Killed [0-9]+$' "
                                    "AND substring(title from 8)::int >= 3600"),
                     m_demo.database)
            .toInt(),
        400);
}

void TestOfflineSync::taskStatusChangesReplayWithTheFlowCheckedOnTheServer()
{
    LocalCache cache;
    QString error;
    QVERIFY2(cache.open(m_dir.filePath(QStringLiteral("tasks.sqlite")), &error), qPrintable(error));
    QSqlDatabase db = staff(QStringLiteral("tasks"));
    // Two tasks of one pipeline, as the Tasks panel caches them.
    QList<TaskRepository::Task> tasks;
    QString pipelineId;
    for (const Pipeline& p : BoardRepository::pipelines(db, &error)) {
        const QList<TaskRepository::Task> found = TaskRepository::tasks(db, p.id, &error);
        int usable = 0;
        for (const TaskRepository::Task& t : found)
            usable += t.status && !TaskStatusFlow::allowedNext(*t.status).isEmpty();
        if (usable >= 2) {
            tasks = found;
            pipelineId = p.id;
            break;
        }
    }
    QVERIFY2(!pipelineId.isEmpty(), "the demo seed has a pipeline with two tasks that can change");
    QVERIFY(TaskCache::storeTasks(&cache, pipelineId, tasks, &error));
    QList<TaskRepository::Task> movable;
    for (const TaskRepository::Task& t : std::as_const(tasks)) {
        if (t.status && !TaskStatusFlow::allowedNext(*t.status).isEmpty())
            movable << t;
    }
    const TaskRepository::Task a = movable.at(0);
    const TaskRepository::Task b = movable.at(1);

    // Offline: two steps along the flow for A (the second made on top of the first), and for B
    // a change the flow does not allow from its status (as a stale or foreign client would send).
    const TaskStatus first = TaskStatusFlow::allowedNext(*a.status).first();
    QList<OutboxEntry> one = {TaskCache::statusEntry(a, first)};
    QVERIFY(cache.outbox().enqueue(&one, &error));
    const QString firstMutation = one.first().mutationId;
    std::optional<TaskStatus> second;
    for (TaskStatus to : TaskStatusFlow::allowedNext(first)) {
        if (!second && to != *a.status)
            second = to;
    }
    QVERIFY(second);
    QList<OutboxEntry> two = {TaskCache::statusEntry(*TaskCache::task(&cache, a.id, &error), *second)};
    QVERIFY(cache.outbox().enqueue(&two, &error));
    std::optional<TaskStatus> refused;
    for (TaskStatus to : {TaskStatus::New, TaskStatus::InProgress, TaskStatus::NeedsReview,
                          TaskStatus::Blocked, TaskStatus::Done, TaskStatus::Cancelled}) {
        if (!refused && !TaskStatusFlow::check(*b.status, to).allowed && to != *b.status)
            refused = to;
    }
    QVERIFY2(refused, "some transition from B's status is not allowed");
    QList<OutboxEntry> three = {TaskCache::statusEntry(b, *refused)};
    QVERIFY(cache.outbox().enqueue(&three, &error));

    QVERIFY(replayAll(&cache, db));
    const TaskRepository::Task serverA = TaskRepository::task(db, a.id, &error);
    QCOMPARE(serverA.statusValue, TaskStatusFlow::toDatabase(*second));
    QCOMPARE(serverA.version, a.version + 2);
    QCOMPARE(recordedOnce({firstMutation, two.first().mutationId}), 2);
    // B: refused for good with the flow's reason; its status on the server and in the cache unchanged.
    const QList<OutboxEntry> left = cache.outbox().entries(&error);
    QCOMPARE(left.size(), 1);
    QCOMPARE(left.first().state, OutboxEntry::State::Rejected);
    QCOMPARE(left.first().error, TaskStatusFlow::check(*b.status, *refused).reason);
    QCOMPARE(TaskRepository::task(db, b.id, &error).statusValue, b.statusValue);
    QCOMPARE(TaskCache::task(&cache, b.id, &error)->statusValue, b.statusValue);
    QCOMPARE(TaskCache::task(&cache, a.id, &error)->version, a.version + 2);
}

void TestOfflineSync::replayGoesOnlyToTheCachesDatabase()
{
    // Another database from the same migrations and seed (so the same card ids), the same
    // login and password: what a switched SSH tunnel or a restored dump looks like.
    const PgCluster::DemoDatabase other
        = m_pg->createDemoDatabase(QStringLiteral("offothr"), 400, kPassword, m_demo);
    QVERIFY2(other.error.isEmpty(), qPrintable(other.error));
    QSqlDatabase mine = staff(QStringLiteral("instance"));
    QSqlDatabase theirs
        = m_pg->connect(QStringLiteral("instance-other"), other.database, m_demo.login, kPassword, true);
    QVERIFY(theirs.isOpen());
    const QString myInstance = CacheFiles::serverInstance(mine).id;
    const QString theirInstance = CacheFiles::serverInstance(theirs).id;
    QVERIFY(!myInstance.isEmpty());
    QVERIFY(!theirInstance.isEmpty() && theirInstance != myInstance);

    LocalCache cache;
    QString error;
    QVERIFY2(cache.open(m_dir.filePath(QStringLiteral("instance.sqlite")), &error), qPrintable(error));
    const QList<PipelineItem> items = loadBoards(mine, &cache);
    QCOMPARE(cache.meta().adoptInstance(myInstance, &error), myInstance); // as the first connect does
    const PipelineItem card = items.at(40);
    BoardRepository::ItemChanges changes;
    changes.title = QStringLiteral("Only for my database");
    QList<OutboxEntry> batch = {BoardCache::editEntry(card, changes)};
    QVERIFY2(cache.outbox().enqueue(&batch, &error), qPrintable(error));
    const QString mutation = batch.first().mutationId;
    const PipelineItem theirCard = BoardRepository::item(theirs, card.id, &error);
    QCOMPARE(theirCard.id, card.id); // the same card is there
    const QString theirTitle = theirCard.title;

    SyncEngine engine(&cache);
    const SyncEngine::Summary refused = engine.replay(theirs, kLater);
    QVERIFY(refused.otherDatabase);
    QVERIFY(!refused.interrupted);
    QCOMPARE(refused.applied + refused.alreadyApplied + refused.conflicts + refused.rejected, 0);
    QCOMPARE(refused.waiting, 1);
    QCOMPARE(refused.cacheInstance, myInstance);
    QCOMPARE(refused.serverInstance, theirInstance);
    QVERIFY2(refused.error.contains(QLatin1String("belongs to another database")), qPrintable(refused.error));
    QVERIFY2(refused.error.contains(CacheFiles::shortInstance(myInstance)), qPrintable(refused.error));
    QCOMPARE(BoardRepository::item(theirs, card.id, &error).title, theirTitle);
    QCOMPARE(
        m_pg->scalar(QStringLiteral("SELECT count(*) FROM client_mutation WHERE id = '%1'").arg(mutation),
                     other.database)
            .toInt(),
        0);
    // Untouched: still pending, never tried, no backoff.
    const std::optional<OutboxEntry> kept = cache.outbox().entry(batch.first().seq, &error);
    QVERIFY(kept);
    QCOMPARE(kept->state, OutboxEntry::State::Pending);
    QCOMPARE(kept->attempts, 0);
    QCOMPARE(cache.meta().instanceId(), myInstance);

    // Its own database takes it.
    const SyncEngine::Summary sent = engine.replay(mine, kLater);
    QVERIFY(!sent.otherDatabase);
    QCOMPARE(sent.applied, 1);
    QCOMPARE(BoardRepository::item(mine, card.id, &error).title, changes.title.value());
    QCOMPARE(recordedOnce({mutation}), 1);
}

QTEST_GUILESS_MAIN(TestOfflineSync)
#include "tst_offline_sync.moc"
