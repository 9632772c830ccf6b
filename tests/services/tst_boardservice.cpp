// BoardService, TaskService and the OutboxTracker behind them, through their public API only,
// against a real PostgreSQL server of the test's own (which one test crashes and restarts) and
// a seeded demo organization, signed in as its staff login (row-level security applies).
//
// Each test wires a client as the console does (ConsoleSession): DatabaseService, ChangeFeed,
// OfflineStore on a cache file of its own, SyncService and the two feature services. What the
// services answer is compared with what PostgreSQL holds, read as the superuser: reads answer
// from the cache first and then from the server; every change is answered once by `saved` and
// once by a receipt (Applied, Saved, Refused, Conflict, Gone); live changes of the open board
// arrive as itemsRead() and structureChanged().

#include "Await.h"
#include "BoardService.h"
#include "ChangeFeed.h"
#include "ConnectionUrl.h"
#include "DatabaseService.h"
#include "OfflineStore.h"
#include "PgCluster.h"
#include "SyncService.h"
#include "TaskService.h"
#include "TaskStatusFlow.h"

#include <QScopeGuard>
#include <QSemaphore>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>
#include <optional>

namespace {

const QString kPassword = QStringLiteral("boardservice-pass-1");
const QString kAdmin = QStringLiteral("boardservice-admin");
// A change through the outbox to PostgreSQL, or the server's answer back: generous for a busy
// CI machine; every wait ends as soon as its condition holds.
constexpr int kServerMs = 20000;

QString outcomeName(OutboxReceipt::Outcome outcome)
{
    switch (outcome) {
    case OutboxReceipt::Outcome::Applied:
        return QStringLiteral("Applied");
    case OutboxReceipt::Outcome::Saved:
        return QStringLiteral("Saved");
    case OutboxReceipt::Outcome::Refused:
        return QStringLiteral("Refused");
    case OutboxReceipt::Outcome::Conflict:
        return QStringLiteral("Conflict");
    case OutboxReceipt::Outcome::Gone:
        return QStringLiteral("Gone");
    }
    return QStringLiteral("?");
}

// A client as the console wires it (ConsoleSession), on a cache file of its own. `context`
// stands for the screen: declared last, it goes first, and answers for it are dropped.
struct Client
{
    explicit Client(const QString& cachePath)
        : feed(&database, nullptr, 1000)
        , sync(&database, &store)
        , boards(&database, &feed, &store, &sync)
        , tasks(&database, &store, &sync)
    {
        store.open(cachePath);
    }

    DatabaseService database{nullptr, 500};
    ChangeFeed feed;
    OfflineStore store;
    SyncService sync;
    BoardService boards;
    TaskService tasks;
    QObject context;
};

// The answers of one read, in the order they came.
template <typename T>
struct Answers
{
    QList<Answer<T>> got;

    std::function<void(const Answer<T>&)> sink()
    {
        return [this](const Answer<T>& answer) { got << answer; };
    }
    // The server's answer (or the failure in its place) is in.
    bool waitForServer()
    {
        return QTest::qWaitFor([this] { return server() != nullptr; }, kServerMs);
    }
    bool waitFor(int count)
    {
        return QTest::qWaitFor([this, count] { return got.size() >= count; }, kServerMs);
    }
    const Answer<T>* server() const
    {
        for (const Answer<T>& answer : got) {
            if (!answer.fromCache)
                return &answer;
        }
        return nullptr;
    }
};

// What a write's two callbacks said: `saved` once, then one receipt per entry.
struct Write
{
    QList<OutboxTracker::Queued> saved;
    QList<OutboxReceipt> receipts;

    BoardService::Saved onSaved()
    {
        return [this](const OutboxTracker::Queued& queued) { saved << queued; };
    }
    BoardService::Receipt onReceipt()
    {
        return [this](const OutboxReceipt& receipt) { receipts << receipt; };
    }
    bool waitForReceipts(int count)
    {
        return QTest::qWaitFor([this, count] { return receipts.size() >= count; }, kServerMs);
    }
    QString outcome(int i = 0) const { return outcomeName(receipts.at(i).outcome); }
};

// Every itemsRead() of a service, kept.
struct ReadLog
{
    QList<QPair<QStringList, QList<PipelineItem>>> reads;

    void follow(Client& client)
    {
        QObject::connect(&client.boards, &BoardService::itemsRead, &client.context,
                         [this](const QStringList& ids, const QList<PipelineItem>& rows) {
                             reads.append({ids, rows});
                         });
    }
    // The card as the last read that brought it shows it.
    std::optional<PipelineItem> latest(const QString& id) const
    {
        for (auto read = reads.crbegin(); read != reads.crend(); ++read) {
            for (const PipelineItem& row : read->second) {
                if (row.id == id)
                    return row;
            }
        }
        return std::nullopt;
    }
};

std::optional<PipelineItem> find(const QList<PipelineItem>& items, const QString& id)
{
    for (const PipelineItem& item : items) {
        if (item.id == id)
            return item;
    }
    return std::nullopt;
}

// The card of the board (an empty record when it is not there).
PipelineItem cardOf(const Board& board, const QString& id)
{
    return find(board.items, id).value_or(PipelineItem());
}

// "id v<version>" for each card, sorted: what a board holds, comparable with the server's.
QStringList versions(const QList<PipelineItem>& items)
{
    QStringList list;
    for (const PipelineItem& item : items)
        list << QStringLiteral("%1 v%2").arg(item.id).arg(item.version);
    list.sort();
    return list;
}

} // namespace

class TestBoardService : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void openBoardAnswersFromTheServerThenFromTheCacheFirst();
    void boardNeverOpenedHereAnswersOfflineWithTheReason();
    void boardOpenedWithoutThePipelineListOpensFromTheCacheLater();
    void cachedPipelinesNeverFollowTheServersList();
    void editIsAppliedOnceAndAnsweredApplied();
    void moveOfSeveralCardsGivesOneReceiptPerCard();
    void createDeleteAndRestoreAreEachApplied();
    void offlineEditIsSavedThenReplayedWhenTheServerIsBack();
    void conflictKeepsTheirsUntilDiscarded();
    void editOfACardDeletedMeanwhileIsGone();
    void refusedMoveShowsTheServersValuesAgain();
    void liveChangesArriveAsItemsReadAndOneStructureChange();
    void peopleFromTheServerThenFromTheCacheOffline();
    void tasksAnswerFromTheCacheThenFromTheServer();
    void taskStatusChangeAppliedAndIllegalTransitionRefused();

private:
    QString cachePath(const QString& name) const
    {
        return m_cacheDir.filePath(name + QStringLiteral(".sqlite"));
    }
    // The client's cache is open.
    bool cacheOpen(Client& client);
    // Online as the demo organization's staff login, the cache open; with `live`, the change
    // feed runs too.
    bool signIn(Client& client, bool live = false);
    // The organization's pipelines, then the board (as BoardController opens one): the
    // server's board, once the cache has it.
    std::optional<Board> openBoard(Client& client, const QString& pipelineId);
    // The cards as the client's cache has them now (missing ones are gone).
    QList<PipelineItem> cachedItems(Client& client, const QStringList& ids);
    // One more replay pass, started after everything queued so far.
    bool anotherPass(Client& client);
    // The server crashes (pg_ctl stop -m immediate) / comes back; the client notices at once.
    bool serverDown(Client& client);
    bool serverBack(Client& client);

    // The superuser's SQL: someone else's change, or a look behind the services. A server
    // restarted under the connection is reconnected once.
    bool admin(const QString& sql, QVariant* first = nullptr);
    QString value(const QString& sql);
    QString card(const QString& id, const QString& column)
    {
        return value(QStringLiteral("SELECT %2 FROM \"pipelineItem\" WHERE id = '%1'").arg(id, column));
    }
    int version(const QString& id) { return card(id, QStringLiteral("version")).toInt(); }
    QString task(const QString& id, const QString& column)
    {
        return value(QStringLiteral("SELECT %2 FROM \"Task\" WHERE id = '%1'").arg(id, column));
    }
    QStringList serverVersions(const QString& pipelineId);

    std::unique_ptr<PgCluster> m_pg;
    PgCluster::DemoDatabase m_demo;
    QTemporaryDir m_cacheDir;
    QString m_pipelineId; // a Northwind board with enough cards for every test
    QString m_otherPipelineId; // never opened by the offline test
    QStringList m_cards; // m_pipelineId's cards by id: each test changes cards of its own
    QString m_taskPipelineId; // a Northwind pipeline with tasks
};

void TestBoardService::initTestCase()
{
    // A server of the test's own: one test crashes it.
    m_pg = PgCluster::startOwn();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    // Migrations (MigrationRunner) and the demo seed (Seeder) with staff logins.
    m_demo = m_pg->createDemoDatabase(QStringLiteral("boardsvc"), 120, kPassword);
    QVERIFY2(m_demo.error.isEmpty(), qPrintable(m_demo.error));
    QVERIFY(m_cacheDir.isValid());

    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), kAdmin);
    db.setHostName(m_pg->socketDir());
    db.setPort(m_pg->port());
    db.setUserName(QStringLiteral("postgres"));
    db.setDatabaseName(m_demo.database);
    QVERIFY2(db.open(), qPrintable(db.lastError().text()));

    m_pipelineId
        = value(QStringLiteral("SELECT p.id FROM pipeline p JOIN organization o ON o.id = p.\"orgId\" "
                               "JOIN \"pipelineStage\" s ON s.\"pipelineId\" = p.id "
                               "JOIN \"pipelineItem\" i ON i.\"stageId\" = s.id AND i.\"deletedAt\" IS NULL "
                               "WHERE o.slug = 'northwind' GROUP BY p.id HAVING count(DISTINCT s.id) >= 2 "
                               "ORDER BY count(*) DESC, p.id LIMIT 1"));
    QVERIFY(!m_pipelineId.isEmpty());
    m_otherPipelineId
        = value(QStringLiteral("SELECT p.id FROM pipeline p JOIN organization o ON o.id = p.\"orgId\" "
                               "WHERE o.slug = 'northwind' AND p.id <> '%1' ORDER BY p.id LIMIT 1")
                    .arg(m_pipelineId));
    QVERIFY(!m_otherPipelineId.isEmpty());
    m_cards = value(QStringLiteral("SELECT string_agg(i.id, ',') FROM \"pipelineItem\" i "
                                   "JOIN \"pipelineStage\" s ON s.id = i.\"stageId\" "
                                   "WHERE s.\"pipelineId\" = '%1' AND i.\"deletedAt\" IS NULL")
                        .arg(m_pipelineId))
                  .split(QLatin1Char(','), Qt::SkipEmptyParts);
    m_cards.sort();
    QVERIFY2(m_cards.size() >= 12, qPrintable(QString::number(m_cards.size())));
    m_taskPipelineId = value(QStringLiteral(
        "SELECT t.\"pipelineId\" FROM \"Task\" t JOIN organization o ON o.id = t.\"orgId\" "
        "WHERE o.slug = 'northwind' AND t.\"deletedAt\" IS NULL AND t.\"pipelineId\" IS NOT NULL "
        "GROUP BY t.\"pipelineId\" HAVING count(*) >= 3 ORDER BY count(*) DESC, t.\"pipelineId\" LIMIT 1"));
    QVERIFY(!m_taskPipelineId.isEmpty());
}

bool TestBoardService::cacheOpen(Client& client)
{
    return QTest::qWaitFor([&] { return client.store.isOpen(); }, 10000);
}

bool TestBoardService::signIn(Client& client, bool live)
{
    const UrlParseResult parsed
        = ConnectionUrl::parse(m_pg->tcpUrl(m_demo.login, kPassword, m_demo.database));
    if (!parsed.ok) {
        qWarning("%s", qPrintable(parsed.error));
        return false;
    }
    client.database.connectTo(parsed.settings);
    if (!QTest::qWaitFor([&] { return client.database.isOnline(); }, 15000) || !cacheOpen(client))
        return false;
    if (live) {
        client.feed.start();
        return QTest::qWaitFor([&] { return client.feed.isReady(); }, 10000);
    }
    return true;
}

std::optional<Board> TestBoardService::openBoard(Client& client, const QString& pipelineId)
{
    Answers<QList<Pipeline>> pipelines;
    client.boards.pipelines(&client.context, pipelines.sink());
    if (!pipelines.waitForServer() || !pipelines.server()->ok())
        return std::nullopt;
    Answers<Board> board;
    client.boards.openBoard(&client.context, pipelineId, board.sink());
    if (!board.waitForServer() || !board.server()->ok() || !Await::storeIdle(&client.store))
        return std::nullopt;
    return board.server()->value;
}

QList<PipelineItem> TestBoardService::cachedItems(Client& client, const QStringList& ids)
{
    QList<PipelineItem> rows;
    bool read = false;
    client.boards.cachedItems(&client.context, ids, [&](const QList<PipelineItem>& items) {
        rows = items;
        read = true;
    });
    if (!QTest::qWaitFor([&] { return read; }, kServerMs))
        qWarning("cachedItems() did not answer");
    return rows;
}

bool TestBoardService::anotherPass(Client& client)
{
    if (!QTest::qWaitFor([&] { return !client.sync.isRunning(); }, kServerMs))
        return false;
    QSignalSpy pass(&client.sync, &SyncService::passFinished);
    client.sync.kick();
    return pass.wait(kServerMs);
}

bool TestBoardService::serverDown(Client& client)
{
    QString error;
    if (!m_pg->crash(&error)) {
        qWarning("crash: %s", qPrintable(error));
        return false;
    }
    client.database.networkChanged(false); // checks the connection now, not at the next heartbeat
    return QTest::qWaitFor([&] { return !client.database.isOnline(); }, kServerMs);
}

bool TestBoardService::serverBack(Client& client)
{
    QString error;
    if (!m_pg->resume(&error)) {
        qWarning("resume: %s", qPrintable(error));
        return false;
    }
    client.database.networkChanged(true); // reconnects now, not after the backoff
    return QTest::qWaitFor([&] { return client.database.isOnline(); }, 40000);
}

bool TestBoardService::admin(const QString& sql, QVariant* first)
{
    QString error;
    for (int attempt = 0; attempt < 2; ++attempt) {
        QSqlDatabase db = QSqlDatabase::database(kAdmin, false);
        if (!db.isOpen() && !db.open()) {
            error = db.lastError().text();
            continue;
        }
        {
            QSqlQuery query(db);
            if (query.exec(sql)) {
                if (first)
                    *first = query.next() ? query.value(0) : QVariant();
                return true;
            }
            error = query.lastError().text();
        }
        db.close(); // the server was restarted under it: once more on a new connection
    }
    qWarning("superuser SQL failed: %s\n%s", qPrintable(error), qPrintable(sql));
    return false;
}

QString TestBoardService::value(const QString& sql)
{
    QVariant first;
    return admin(sql, &first) ? first.toString() : QString();
}

QStringList TestBoardService::serverVersions(const QString& pipelineId)
{
    QStringList list
        = value(QStringLiteral("SELECT string_agg(i.id || ' v' || i.version, ',') "
                               "FROM \"pipelineItem\" i JOIN \"pipelineStage\" s ON s.id = "
                               "i.\"stageId\" WHERE s.\"pipelineId\" = '%1' AND i.\"deletedAt\" IS NULL")
                    .arg(pipelineId))
              .split(QLatin1Char(','), Qt::SkipEmptyParts);
    list.sort();
    return list;
}

void TestBoardService::openBoardAnswersFromTheServerThenFromTheCacheFirst()
{
    Client c(cachePath(QStringLiteral("open")));
    QVERIFY(signIn(c)); // no live feed: the cache keeps what it was given

    // Nothing cached yet: the pipelines and the board come from the server alone.
    Answers<QList<Pipeline>> pipelines;
    c.boards.pipelines(&c.context, pipelines.sink());
    QVERIFY(pipelines.waitForServer());
    QCOMPARE(pipelines.got.size(), 1);
    QVERIFY2(pipelines.got.first().ok(), qPrintable(pipelines.got.first().error));
    QStringList pipelineIds;
    for (const Pipeline& p : pipelines.got.first().value)
        pipelineIds << p.id;
    pipelineIds.sort();
    QStringList northwind
        = value(QStringLiteral("SELECT string_agg(p.id, ',') FROM pipeline p JOIN organization o ON o.id = "
                               "p.\"orgId\" WHERE o.slug = 'northwind'"))
              .split(QLatin1Char(','));
    northwind.sort();
    QCOMPARE(pipelineIds, northwind); // the login's organization's, and only those

    Answers<Board> first;
    c.boards.openBoard(&c.context, m_pipelineId, first.sink());
    QVERIFY(first.waitForServer());
    QCOMPARE(first.got.size(), 1);
    const Answer<Board> server = first.got.first();
    QVERIFY2(server.ok(), qPrintable(server.error));
    QVERIFY(!server.fromCache);
    QVERIFY(!server.offline);
    QCOMPARE(server.value.pipeline.id, m_pipelineId);
    QVERIFY(server.value.stages.size() >= 2);
    QCOMPARE(versions(server.value.items), serverVersions(m_pipelineId));
    QVERIFY(Await::storeIdle(&c.store)); // kept in the cache right behind the answer

    // Someone else renames a card meanwhile (the web platform writes the version it means).
    const QString id = m_cards.at(10);
    const std::optional<PipelineItem> shown = find(server.value.items, id);
    QVERIFY(shown);
    QVERIFY(admin(QStringLiteral("UPDATE \"pipelineItem\" SET title = 'Renamed on the server', "
                                 "version = version + 1, \"updatedAt\" = now() WHERE id = '%1'")
                      .arg(id)));

    // Opened again: this computer's board at once, then the server's.
    Answers<Board> second;
    c.boards.openBoard(&c.context, m_pipelineId, second.sink());
    QVERIFY(second.waitForServer());
    QCOMPARE(second.got.size(), 2);
    const Answer<Board> cached = second.got.at(0);
    QVERIFY(cached.fromCache);
    QVERIFY2(cached.ok(), qPrintable(cached.error));
    QCOMPARE(cached.value.pipeline.id, m_pipelineId);
    QCOMPARE(cached.value.stages.size(), server.value.stages.size());
    QCOMPARE(versions(cached.value.items), versions(server.value.items));
    QCOMPARE(cardOf(cached.value, id).title, shown->title);
    const Answer<Board> fresh = second.got.at(1);
    QVERIFY(!fresh.fromCache);
    QVERIFY2(fresh.ok(), qPrintable(fresh.error));
    QCOMPARE(versions(fresh.value.items), serverVersions(m_pipelineId));
    QCOMPARE(cardOf(fresh.value, id).title, QStringLiteral("Renamed on the server"));
    QCOMPARE(cardOf(fresh.value, id).version, shown->version + 1);
}

void TestBoardService::boardNeverOpenedHereAnswersOfflineWithTheReason()
{
    // Never signed in: the server is out of reach, and the cache has never seen this board.
    Client c(cachePath(QStringLiteral("never")));
    QVERIFY(cacheOpen(c));
    QVERIFY(!c.boards.isOnline());
    Answers<Board> answers;
    c.boards.openBoard(&c.context, m_pipelineId, answers.sink());
    QVERIFY(answers.waitFor(1));
    const Answer<Board> answer = answers.got.first();
    QVERIFY(!answer.ok());
    QVERIFY(answer.offline);
    QVERIFY2(answer.error.contains(QLatin1String("never opened")), qPrintable(answer.error));
    QVERIFY2(answer.error.contains(QLatin1String("not reachable")), qPrintable(answer.error));
    QVERIFY(answer.value.items.isEmpty());
    QVERIFY(Await::storeIdle(&c.store));
    QCOMPARE(answers.got.size(), 1); // and nothing follows
}

void TestBoardService::boardOpenedWithoutThePipelineListOpensFromTheCacheLater()
{
    // astralis-cli, say, opens a board by key without listing the pipelines first.
    Client c(cachePath(QStringLiteral("nolist")));
    QVERIFY(signIn(c));
    Answers<Board> first;
    c.boards.openBoard(&c.context, m_pipelineId, first.sink());
    QVERIFY(first.waitForServer());
    QVERIFY2(first.got.last().ok(), qPrintable(first.got.last().error));
    QVERIFY(Await::storeIdle(&c.store));

    Answers<Board> again;
    c.boards.openBoard(&c.context, m_pipelineId, again.sink());
    QVERIFY(again.waitForServer());
    QCOMPARE(again.got.size(), 2);
    QVERIFY(again.got.first().fromCache);
    QCOMPARE(again.got.first().value.pipeline.id, m_pipelineId);
    QCOMPARE(versions(again.got.first().value.items), versions(first.got.last().value.items));
}

void TestBoardService::cachedPipelinesNeverFollowTheServersList()
{
    // "The cached list (when there is one), then the server's": a screen that shows each answer
    // must end with the server's. openBoard() drops a cached board that comes after the
    // server's; pipelines() must not hand over a stale list last either.
    Client c(cachePath(QStringLiteral("order")));
    QVERIFY(signIn(c));
    Answers<QList<Pipeline>> once;
    c.boards.pipelines(&c.context, once.sink());
    QVERIFY(once.waitForServer());
    QVERIFY(Await::storeIdle(&c.store)); // the list is cached now

    // The cache thread is busy (storing a large board, say) while the server answers quickly.
    QSemaphore gate;
    bool released = false;
    const auto release = qScopeGuard([&] {
        if (!released)
            gate.release();
    });
    c.store.run(&c.context, [&gate](LocalCache&) {
        gate.acquire();
        return QVariant();
    });
    Answers<QList<Pipeline>> answers;
    c.boards.pipelines(&c.context, answers.sink());
    QVERIFY(answers.waitForServer());
    QVERIFY2(answers.server()->ok(), qPrintable(answers.server()->error));
    gate.release();
    released = true;
    QVERIFY(Await::storeIdle(&c.store));
    QVERIFY(!answers.got.isEmpty());
    QVERIFY2(!answers.got.last().fromCache, "the cached list was answered after the server's");
}

void TestBoardService::editIsAppliedOnceAndAnsweredApplied()
{
    Client c(cachePath(QStringLiteral("edit")));
    QVERIFY(signIn(c));
    const std::optional<Board> board = openBoard(c, m_pipelineId);
    QVERIFY(board);
    const PipelineItem item = cardOf(*board, m_cards.at(0));
    QVERIFY(!item.id.isEmpty());
    const int before = version(item.id);
    QCOMPARE(item.version, before);

    Write write;
    ItemChanges changes;
    changes.title = QStringLiteral("Edited through the board service");
    c.boards.editItem(&c.context, item, changes, write.onSaved(), write.onReceipt());
    QVERIFY(write.waitForReceipts(1));
    // Saved here first (one entry, made against the version shown), then applied.
    QCOMPARE(write.saved.size(), 1);
    QVERIFY2(write.saved.first().ok(), qPrintable(write.saved.first().error));
    QCOMPARE(write.saved.first().entries.size(), 1);
    const OutboxEntry queued = write.saved.first().entries.first();
    QCOMPARE(queued.rowId, item.id);
    QCOMPARE(queued.baseVersion, before);
    QVERIFY(queued.seq > 0);
    QVERIFY(!queued.mutationId.isEmpty());
    QCOMPARE(write.outcome(), QStringLiteral("Applied"));
    QCOMPARE(write.receipts.first().entry.seq, queued.seq);

    // In PostgreSQL exactly once: one version more, one recorded mutation.
    QCOMPARE(card(item.id, QStringLiteral("title")), changes.title.value());
    QCOMPARE(version(item.id), before + 1);
    QCOMPARE(
        value(QStringLiteral("SELECT count(*) FROM client_mutation WHERE id = '%1'").arg(queued.mutationId)),
        QStringLiteral("1"));
    // Another pass sends nothing again, and nobody gets a second receipt.
    QVERIFY(anotherPass(c));
    QCOMPARE(version(item.id), before + 1);
    QCOMPARE(write.receipts.size(), 1);
    QTRY_COMPARE(c.store.counts().total(), 0);
    // The static helper shows the card as the change leaves it.
    QCOMPARE(BoardService::edited(item, changes).title, changes.title.value());
}

void TestBoardService::moveOfSeveralCardsGivesOneReceiptPerCard()
{
    Client c(cachePath(QStringLiteral("move")));
    QVERIFY(signIn(c));
    const std::optional<Board> board = openBoard(c, m_pipelineId);
    QVERIFY(board);
    const QString target = board->stages.last().id;
    const QStringList ids = {m_cards.at(1), m_cards.at(2), m_cards.at(3)};
    QList<BoardService::Move> moves;
    QHash<QString, int> before;
    for (int i = 0; i < ids.size(); ++i) {
        const PipelineItem item = cardOf(*board, ids.at(i));
        QVERIFY(!item.id.isEmpty());
        moves.append({item, target, 900000.0 + i});
        before.insert(item.id, version(item.id));
    }

    Write write;
    c.boards.moveItems(&c.context, moves, write.onSaved(), write.onReceipt());
    QVERIFY(write.waitForReceipts(3));
    QCOMPARE(write.saved.size(), 1); // one local transaction
    QVERIFY2(write.saved.first().ok(), qPrintable(write.saved.first().error));
    QCOMPARE(write.saved.first().entries.size(), 3);
    QStringList answered;
    for (int i = 0; i < write.receipts.size(); ++i) {
        QCOMPARE(write.outcome(i), QStringLiteral("Applied"));
        answered << write.receipts.at(i).entry.rowId;
    }
    answered.sort();
    QStringList expected = ids;
    expected.sort();
    QCOMPARE(answered, expected); // one receipt per card
    for (const QString& id : ids) {
        QCOMPARE(card(id, QStringLiteral("\"stageId\"")), target);
        QCOMPARE(version(id), before.value(id) + 1);
    }
    QVERIFY(anotherPass(c));
    QCOMPARE(write.receipts.size(), 3);
}

void TestBoardService::createDeleteAndRestoreAreEachApplied()
{
    Client c(cachePath(QStringLiteral("lifecycle")));
    QVERIFY(signIn(c));
    const std::optional<Board> board = openBoard(c, m_pipelineId);
    QVERIFY(board);
    const auto deleted
        = [this](const QString& id) { return card(id, QStringLiteral("\"deletedAt\" IS NOT NULL")); };

    // A card with a client-made id (as BoardController makes one).
    PipelineItem made;
    made.id = QStringLiteral("c") + QUuid::createUuid().toString(QUuid::Id128);
    made.stageId = board->stages.first().id;
    made.title = QStringLiteral("Made through the board service");
    made.position = 123456.0;
    made.version = 0;
    Write create;
    c.boards.createItem(&c.context, m_pipelineId, made, create.onSaved(), create.onReceipt());
    QVERIFY(create.waitForReceipts(1));
    QVERIFY2(create.saved.first().ok(), qPrintable(create.saved.first().error));
    QCOMPARE(create.outcome(), QStringLiteral("Applied"));
    QCOMPARE(card(made.id, QStringLiteral("title")), made.title);
    QCOMPARE(card(made.id, QStringLiteral("\"stageId\"")), made.stageId);
    QCOMPARE(version(made.id), 1);
    QCOMPARE(deleted(made.id), QStringLiteral("false"));
    QCOMPARE(card(made.id, QStringLiteral("\"orgId\"")),
             value(QStringLiteral("SELECT id FROM organization WHERE slug = 'northwind'")));
    const QList<PipelineItem> cached = cachedItems(c, {made.id});
    QCOMPARE(cached.size(), 1);
    QCOMPARE(cached.first().version, 1);

    // Deleted (soft), then back (as undo does, with what the cache last knew).
    Write remove;
    c.boards.deleteItem(&c.context, cached.first(), remove.onSaved(), remove.onReceipt());
    QVERIFY(remove.waitForReceipts(1));
    QCOMPARE(remove.outcome(), QStringLiteral("Applied"));
    QCOMPARE(deleted(made.id), QStringLiteral("true"));
    QCOMPARE(version(made.id), 2);
    QVERIFY(cachedItems(c, {made.id}).isEmpty());
    PipelineItem undo;
    undo.id = made.id;
    Write restore;
    c.boards.restoreItem(&c.context, undo, restore.onSaved(), restore.onReceipt());
    QVERIFY(restore.waitForReceipts(1));
    QCOMPARE(restore.outcome(), QStringLiteral("Applied"));
    QCOMPARE(deleted(made.id), QStringLiteral("false"));
    QCOMPARE(version(made.id), 3);
    QCOMPARE(card(made.id, QStringLiteral("title")), made.title);
    QTRY_COMPARE(cachedItems(c, {made.id}).size(), 1);
}

void TestBoardService::offlineEditIsSavedThenReplayedWhenTheServerIsBack()
{
    Client c(cachePath(QStringLiteral("offline")));
    QVERIFY(signIn(c));
    const std::optional<Board> board = openBoard(c, m_pipelineId);
    QVERIFY(board);
    const PipelineItem item = cardOf(*board, m_cards.at(4));
    QVERIFY(!item.id.isEmpty());
    const int before = version(item.id);
    ReadLog log;
    log.follow(c);

    QVERIFY(serverDown(c));
    const auto restart = qScopeGuard([this] {
        QString error;
        if (!admin(QStringLiteral("SELECT 1")))
            m_pg->resume(&error); // a failed test leaves the server up for the next ones
    });

    // A board never opened here cannot be shown, and the answer says why.
    Answers<Board> never;
    c.boards.openBoard(&c.context, m_otherPipelineId, never.sink());
    QVERIFY(never.waitFor(1));
    QVERIFY(never.got.first().offline);
    QVERIFY2(never.got.first().error.contains(QLatin1String("never opened")),
             qPrintable(never.got.first().error));

    // The edit is safe on this computer, and its receipt says it waits here.
    Write write;
    ItemChanges changes;
    changes.title = QStringLiteral("Saved while the server was down");
    c.boards.editItem(&c.context, item, changes, write.onSaved(), write.onReceipt());
    QVERIFY(write.waitForReceipts(1));
    QCOMPARE(write.saved.size(), 1);
    QVERIFY2(write.saved.first().ok(), qPrintable(write.saved.first().error));
    QCOMPARE(write.outcome(), QStringLiteral("Saved"));
    QCOMPARE(write.receipts.first().entry.rowId, item.id);
    QCOMPARE(OutboxEntry::stateName(write.receipts.first().entry.state), QStringLiteral("pending"));
    QTRY_COMPARE(c.store.counts().pending, 1);

    // The board opened again while offline: this computer's, with the unsent change laid over.
    Answers<Board> offline;
    c.boards.openBoard(&c.context, m_pipelineId, offline.sink());
    QVERIFY(offline.waitFor(1));
    QVERIFY(offline.got.first().fromCache);
    QVERIFY2(offline.got.first().ok(), qPrintable(offline.got.first().error));
    QCOMPARE(cardOf(offline.got.first().value, item.id).title, changes.title.value());
    QVERIFY(Await::storeIdle(&c.store));
    QCOMPARE(offline.got.size(), 1); // no server to answer

    // The server back: the replay sends it, once, and the card is read again with its version.
    QVERIFY(serverBack(c));
    QTRY_COMPARE_WITH_TIMEOUT(card(item.id, QStringLiteral("title")), changes.title.value(), kServerMs);
    QCOMPARE(version(item.id), before + 1);
    QTRY_COMPARE_WITH_TIMEOUT(c.store.counts().total(), 0, kServerMs);
    QTRY_VERIFY_WITH_TIMEOUT(log.latest(item.id) && log.latest(item.id)->version == before + 1, kServerMs);
    QCOMPARE(log.latest(item.id)->title, changes.title.value());
    QCOMPARE(write.receipts.size(), 1); // its one receipt was the Saved one
}

void TestBoardService::conflictKeepsTheirsUntilDiscarded()
{
    Client c(cachePath(QStringLiteral("conflict")));
    QVERIFY(signIn(c)); // no live feed: the card stays as loaded
    const std::optional<Board> board = openBoard(c, m_pipelineId);
    QVERIFY(board);
    const PipelineItem item = cardOf(*board, m_cards.at(5));
    QVERIFY(!item.id.isEmpty());
    const int before = version(item.id);

    // Someone else changes the same field meanwhile.
    QVERIFY(admin(QStringLiteral("UPDATE \"pipelineItem\" SET title = 'Their title', version = version + 1, "
                                 "\"updatedAt\" = now() WHERE id = '%1'")
                      .arg(item.id)));
    Write write;
    ItemChanges changes;
    changes.title = QStringLiteral("My title");
    c.boards.editItem(&c.context, item, changes, write.onSaved(), write.onReceipt());
    QVERIFY(write.waitForReceipts(1));
    QCOMPARE(write.outcome(), QStringLiteral("Conflict"));
    const OutboxEntry conflict = write.receipts.first().entry;
    QCOMPARE(OutboxEntry::stateName(conflict.state), QStringLiteral("conflict"));
    QCOMPARE(conflict.conflicting, QStringList{QStringLiteral("title")});
    QCOMPARE(conflict.theirs.value(QStringLiteral("title")).toString(), QStringLiteral("Their title"));
    QCOMPARE(conflict.theirsVersion, before + 1);
    QCOMPARE(conflict.fields.value(QStringLiteral("title")).toString(), changes.title.value());
    const PipelineItem theirs = BoardService::theirs(item, conflict);
    QCOMPARE(theirs.title, QStringLiteral("Their title"));
    QCOMPARE(theirs.version, before + 1);
    // Nothing of theirs was overwritten, not by a later pass either.
    QVERIFY(anotherPass(c));
    QCOMPARE(card(item.id, QStringLiteral("title")), QStringLiteral("Their title"));
    QCOMPARE(version(item.id), before + 1);
    QTRY_COMPARE(c.store.counts().conflicts, 1);

    // Take theirs: the conflict is gone, the card shows their version.
    bool done = false;
    c.boards.discardConflicts(&c.context, item.id, [&done] { done = true; });
    QTRY_VERIFY(done);
    QTRY_COMPARE(c.store.counts().total(), 0);
    const QList<PipelineItem> rows = cachedItems(c, {item.id});
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().title, QStringLiteral("Their title"));
    QCOMPARE(card(item.id, QStringLiteral("title")), QStringLiteral("Their title"));
}

void TestBoardService::editOfACardDeletedMeanwhileIsGone()
{
    Client c(cachePath(QStringLiteral("gone")));
    QVERIFY(signIn(c));
    const std::optional<Board> board = openBoard(c, m_pipelineId);
    QVERIFY(board);
    const PipelineItem item = cardOf(*board, m_cards.at(6));
    QVERIFY(!item.id.isEmpty());
    QVERIFY(admin(QStringLiteral("UPDATE \"pipelineItem\" SET \"deletedAt\" = now(), version = version + 1, "
                                 "\"updatedAt\" = now() WHERE id = '%1'")
                      .arg(item.id)));
    Write write;
    ItemChanges changes;
    changes.title = QStringLiteral("Edited after it was deleted");
    c.boards.editItem(&c.context, item, changes, write.onSaved(), write.onReceipt());
    QVERIFY(write.waitForReceipts(1));
    QCOMPARE(write.outcome(), QStringLiteral("Gone"));
    QVERIFY(write.receipts.first().entry.rowDeletedOnServer());
    QCOMPARE(card(item.id, QStringLiteral("title")), item.title);
    QCOMPARE(card(item.id, QStringLiteral("\"deletedAt\" IS NOT NULL")), QStringLiteral("true"));
}

void TestBoardService::refusedMoveShowsTheServersValuesAgain()
{
    Client c(cachePath(QStringLiteral("refused")));
    QVERIFY(signIn(c));
    const std::optional<Board> board = openBoard(c, m_pipelineId);
    QVERIFY(board);
    const PipelineItem item = cardOf(*board, m_cards.at(7));
    QVERIFY(!item.id.isEmpty());
    const int before = version(item.id);
    ReadLog log;
    log.follow(c);

    // A stage that does not exist: the database refuses the reference, for good.
    const QString missing = QStringLiteral("stage-that-does-not-exist");
    Write write;
    c.boards.moveItems(&c.context, QList<BoardService::Move>{{item, missing, 1.0}}, write.onSaved(),
                       write.onReceipt());
    QVERIFY(write.waitForReceipts(1));
    QVERIFY2(write.saved.first().ok(), qPrintable(write.saved.first().error));
    QCOMPARE(write.outcome(), QStringLiteral("Refused"));
    const OutboxEntry refused = write.receipts.first().entry;
    QCOMPARE(OutboxEntry::stateName(refused.state), QStringLiteral("rejected"));
    // The server's words: the reference check's message names the stage.
    QVERIFY2(refused.error.contains(missing), qPrintable(refused.error));
    QVERIFY2(refused.error.contains(QLatin1String("not a row of this organization")),
             qPrintable(refused.error));
    QCOMPARE(card(item.id, QStringLiteral("\"stageId\"")), item.stageId);
    QCOMPARE(version(item.id), before);
    QTRY_COMPARE(c.store.counts().rejected, 1);

    // The card is read again with the server's values (its stage), not the refused move.
    QTRY_VERIFY_WITH_TIMEOUT(log.latest(item.id).has_value(), kServerMs);
    QCOMPARE(log.latest(item.id)->stageId, item.stageId);
    QCOMPARE(log.latest(item.id)->version, before);
}

void TestBoardService::liveChangesArriveAsItemsReadAndOneStructureChange()
{
    Client c(cachePath(QStringLiteral("live")));
    QVERIFY(signIn(c, true));
    const std::optional<Board> board = openBoard(c, m_pipelineId);
    QVERIFY(board);
    ReadLog log;
    log.follow(c);
    QSignalSpy structure(&c.boards, &BoardService::structureChanged);
    const PipelineItem item = cardOf(*board, m_cards.at(8));
    QVERIFY(!item.id.isEmpty());

    // Another session commits a change to a card of the open board.
    QVERIFY(admin(QStringLiteral("UPDATE \"pipelineItem\" SET title = 'Changed elsewhere', priority = 3, "
                                 "version = version + 1, \"updatedAt\" = now() WHERE id = '%1'")
                      .arg(item.id)));
    QTRY_VERIFY_WITH_TIMEOUT(
        log.latest(item.id) && log.latest(item.id)->title == QLatin1String("Changed elsewhere"), kServerMs);
    QCOMPARE(log.latest(item.id)->priority, 3);
    QCOMPARE(log.latest(item.id)->version, item.version + 1);
    QCOMPARE(log.latest(item.id)->stageId, item.stageId);
    QCOMPARE(structure.count(), 0);

    // Every column renamed in one go: one reload of the board, not one per stage.
    QVERIFY(admin(
        QStringLiteral("UPDATE \"pipelineStage\" SET name = name || ' (renamed)', \"updatedAt\" = now() "
                       "WHERE \"pipelineId\" = '%1'")
            .arg(m_pipelineId)));
    QTRY_COMPARE_WITH_TIMEOUT(structure.count(), 1, kServerMs);
    // A card change after the renames comes through; still one structure change.
    const QString later = m_cards.at(9);
    QVERIFY(admin(
        QStringLiteral("UPDATE \"pipelineItem\" SET title = 'After the renames', version = version + 1, "
                       "\"updatedAt\" = now() WHERE id = '%1'")
            .arg(later)));
    QTRY_VERIFY_WITH_TIMEOUT(
        log.latest(later) && log.latest(later)->title == QLatin1String("After the renames"), kServerMs);
    QCOMPARE(structure.count(), 1);
    // Opened again (as the screen does on structureChanged()): the new names.
    Answers<Board> again;
    c.boards.openBoard(&c.context, m_pipelineId, again.sink());
    QVERIFY(again.waitForServer());
    QVERIFY2(again.server()->ok(), qPrintable(again.server()->error));
    for (const PipelineStage& stage : again.server()->value.stages)
        QVERIFY2(stage.name.endsWith(QLatin1String(" (renamed)")), qPrintable(stage.name));
}

void TestBoardService::peopleFromTheServerThenFromTheCacheOffline()
{
    Client c(cachePath(QStringLiteral("people")));
    QVERIFY(signIn(c));
    Answers<BoardService::People> online;
    c.boards.people(&c.context, online.sink());
    QVERIFY(online.waitFor(1));
    const Answer<BoardService::People> server = online.got.first();
    QVERIFY2(server.ok(), qPrintable(server.error));
    QVERIFY(!server.fromCache);
    QVERIFY(!server.offline);
    const auto lines = [](const BoardService::People& people) {
        QStringList list;
        for (const auto& person : people)
            list << person.first + QLatin1Char('|') + person.second;
        return list;
    };
    QStringList listed = lines(server.value);
    listed.sort();
    QStringList users
        = value(QStringLiteral("SELECT string_agg(u.id || '|' || coalesce(u.name, u.email), E'\\n') "
                               "FROM users u JOIN organization o ON o.id = u.\"orgId\" "
                               "WHERE o.slug = 'northwind' AND u.\"deletedAt\" IS NULL"))
              .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    users.sort();
    QVERIFY(users.size() >= 2);
    QCOMPARE(listed, users); // the organization's people, and only them
    QVERIFY(Await::storeIdle(&c.store)); // kept for offline use

    c.database.disconnectFromServer();
    QVERIFY(!c.boards.isOnline());
    Answers<BoardService::People> offline;
    c.boards.people(&c.context, offline.sink());
    QVERIFY(offline.waitFor(1));
    const Answer<BoardService::People> cached = offline.got.first();
    QVERIFY(cached.fromCache);
    QVERIFY(cached.offline);
    QVERIFY(cached.ok());
    QCOMPARE(lines(cached.value), lines(server.value));
}

void TestBoardService::tasksAnswerFromTheCacheThenFromTheServer()
{
    Client c(cachePath(QStringLiteral("tasks")));
    QVERIFY(signIn(c));
    using Tasks = TaskService::PipelineTasks;
    const auto ids = [](const QList<TaskRecord>& tasks) {
        QStringList list;
        for (const TaskRecord& t : tasks)
            list << QStringLiteral("%1 v%2").arg(t.id).arg(t.version);
        list.sort();
        return list;
    };
    const auto titleOf = [](const QList<TaskRecord>& tasks, const QString& id) {
        for (const TaskRecord& t : tasks) {
            if (t.id == id)
                return t.title;
        }
        return QString();
    };
    QStringList onServer = value(QStringLiteral("SELECT string_agg(id || ' v' || version, ',') FROM \"Task\" "
                                                "WHERE \"pipelineId\" = '%1' AND \"deletedAt\" IS NULL")
                                     .arg(m_taskPipelineId))
                               .split(QLatin1Char(','));
    onServer.sort();

    Answers<Tasks> first;
    c.tasks.tasks(&c.context, m_taskPipelineId, first.sink());
    QVERIFY(first.waitForServer());
    const Answer<Tasks> server = *first.server();
    QVERIFY2(server.ok(), qPrintable(server.error));
    QCOMPARE(server.value.pipeline.id, m_taskPipelineId);
    QCOMPARE(ids(server.value.tasks), onServer);
    QVERIFY(Await::storeIdle(&c.store));

    // Someone renames a task meanwhile: the cache answers first with what it has.
    const QString renamed = server.value.tasks.first().id;
    const QString title = server.value.tasks.first().title;
    QVERIFY(admin(
        QStringLiteral("UPDATE \"Task\" SET title = 'Task renamed on the server', version = version + 1 "
                       "WHERE id = '%1'")
            .arg(renamed)));
    Answers<Tasks> second;
    c.tasks.tasks(&c.context, m_taskPipelineId, second.sink());
    QVERIFY(second.waitForServer());
    QCOMPARE(second.got.size(), 2);
    QVERIFY(second.got.at(0).fromCache);
    QCOMPARE(ids(second.got.at(0).value.tasks), ids(server.value.tasks));
    QCOMPARE(titleOf(second.got.at(0).value.tasks, renamed), title);
    QVERIFY(!second.got.at(1).fromCache);
    QVERIFY2(second.got.at(1).ok(), qPrintable(second.got.at(1).error));
    QCOMPARE(titleOf(second.got.at(1).value.tasks, renamed), QStringLiteral("Task renamed on the server"));

    // The header: "The cached tasks (unless there are none), then the server's".
    QCOMPARE(first.got.size(), 1);
}

void TestBoardService::taskStatusChangeAppliedAndIllegalTransitionRefused()
{
    // Two tasks of the pipeline, New for this test.
    const QStringList taskIds
        = value(QStringLiteral("SELECT string_agg(id, ',' ORDER BY id) FROM (SELECT id FROM "
                               "\"Task\" WHERE \"pipelineId\" = '%1' AND \"deletedAt\" IS NULL "
                               "ORDER BY id LIMIT 2) t")
                    .arg(m_taskPipelineId))
              .split(QLatin1Char(','));
    QCOMPARE(taskIds.size(), 2);
    QVERIFY(admin(
        QStringLiteral("UPDATE \"Task\" SET status = 'NEW', \"completedAt\" = NULL, version = version + 1 "
                       "WHERE id IN ('%1', '%2')")
            .arg(taskIds.at(0), taskIds.at(1))));
    Client c(cachePath(QStringLiteral("status")));
    QVERIFY(signIn(c));
    Answers<TaskService::PipelineTasks> loaded;
    c.tasks.tasks(&c.context, m_taskPipelineId, loaded.sink());
    QVERIFY(loaded.waitForServer());
    QVERIFY2(loaded.server()->ok(), qPrintable(loaded.server()->error));
    QVERIFY(Await::storeIdle(&c.store));
    QHash<QString, TaskRecord> byId;
    for (const TaskRecord& t : loaded.server()->value.tasks)
        byId.insert(t.id, t);
    const TaskRecord started = byId.value(taskIds.at(0));
    const TaskRecord skipped = byId.value(taskIds.at(1));
    QCOMPARE(started.statusValue, QStringLiteral("NEW"));
    QCOMPARE(skipped.statusValue, QStringLiteral("NEW"));
    QSignalSpy changed(&c.tasks, &TaskService::tasksChanged);

    // Along the flow: applied, once.
    Write start;
    c.tasks.setStatus(&c.context, started, TaskStatus::InProgress, start.onSaved(), start.onReceipt());
    QVERIFY(start.waitForReceipts(1));
    QVERIFY2(start.saved.first().ok(), qPrintable(start.saved.first().error));
    QCOMPARE(start.outcome(), QStringLiteral("Applied"));
    QCOMPARE(task(started.id, QStringLiteral("status::text")), QStringLiteral("IN_PROGRESS"));
    QCOMPARE(task(started.id, QStringLiteral("version")).toInt(), started.version + 1);

    // New → Done is not a transition of the flow: the server refuses it, with the flow's reason.
    const TransitionCheck check = TaskStatusFlow::check(TaskStatus::New, TaskStatus::Done);
    QVERIFY(!check.allowed);
    Write skip;
    c.tasks.setStatus(&c.context, skipped, TaskStatus::Done, skip.onSaved(), skip.onReceipt());
    QVERIFY(skip.waitForReceipts(1));
    QVERIFY2(skip.saved.first().ok(), qPrintable(skip.saved.first().error));
    QCOMPARE(skip.outcome(), QStringLiteral("Refused"));
    QCOMPARE(skip.receipts.first().entry.error, check.reason);
    QCOMPARE(task(skipped.id, QStringLiteral("status::text")), QStringLiteral("NEW"));
    QCOMPARE(task(skipped.id, QStringLiteral("version")).toInt(), skipped.version);
    QTRY_VERIFY(changed.count() >= 1);

    // Read again: the refused task shows the server's status, the other its new one.
    Answers<TaskService::PipelineTasks> again;
    c.tasks.tasks(&c.context, m_taskPipelineId, again.sink());
    QVERIFY(again.waitForServer());
    QVERIFY(again.got.first().fromCache);
    for (const TaskRecord& t : again.got.first().value.tasks) {
        if (t.id == skipped.id)
            QCOMPARE(t.statusValue, QStringLiteral("NEW"));
        if (t.id == started.id)
            QCOMPARE(t.statusValue, QStringLiteral("IN_PROGRESS"));
    }
}

QTEST_GUILESS_MAIN(TestBoardService)
#include "tst_boardservice.moc"
