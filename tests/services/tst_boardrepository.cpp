// BoardRepository against a real PostgreSQL: the demo seed, read as Northwind's staff login over
// TCP, so row-level security and the reference trigger apply exactly as they do for the console;
// and cards written the one way the console writes them: an outbox entry (BoardCache) replayed by
// SyncedTableApplier. What is read and written is checked against what the superuser sees.

#include "BoardCache.h"
#include "BoardRepository.h"
#include "PgCluster.h"
#include "SqlProbe.h"
#include "SyncEngine.h"
#include "SyncedTableApplier.h"

#include <QScopeGuard>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

namespace {

const QString kPassword = QStringLiteral("board-pass-1");

const char* kindName(ApplyOutcome::Kind kind)
{
    switch (kind) {
    case ApplyOutcome::Kind::Applied:
        return "Applied";
    case ApplyOutcome::Kind::AlreadyApplied:
        return "AlreadyApplied";
    case ApplyOutcome::Kind::VersionMismatch:
        return "VersionMismatch";
    case ApplyOutcome::Kind::Gone:
        return "Gone";
    case ApplyOutcome::Kind::Failed:
        return "Failed";
    }
    return "?";
}

QByteArray describe(const ApplyOutcome& o)
{
    return QByteArray(kindName(o.kind)) + ' ' + o.sqlState.toUtf8() + ' ' + o.error.toUtf8();
}

// One row of "pipelineItem" as the superuser sees it.
struct Row
{
    QString stageId;
    double position = 0;
    int version = 0;
    QString updatedAt;
    bool deleted = false;
    bool found = false;
    QString title;
    QString description;
    QString assignedToId; // "" for NULL
    bool assigned = false;
    QString dueDate; // as the column holds it, "" for NULL
    int priority = 0;
    QString orgId;
    QString createdById;
};

} // namespace

class TestBoardRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void pipelinesListsOwnOrganizationActiveFirst();
    void loadBoard_data();
    void loadBoard();
    void loadBoardOfUnknownPipelineFails_data();
    void loadBoardOfUnknownPipelineFails();
    void moveToAnotherStage();
    void replayedMoveIsAppliedOnce();
    void editWritesTheChangedFieldsOnly();
    void createDeleteAndRestore();
    void staleVersionIsConflict();
    void deletedItemIsGone();
    void otherOrganizationItemIsGone();
    void moveToInvisibleStageIsRefused_data();
    void moveToInvisibleStageIsRefused();
    void itemsReturnsOnlyVisibleItems();

private:
    QSqlDatabase open(const QString& name, const QString& user, bool tcp);
    QVariant adminValue(const QString& sql, const QVariantList& binds = {});
    QStringList adminColumn(const QString& sql, const QVariantList& binds = {});
    Row adminRow(const QString& itemId);
    int logged(const QString& itemId, const QString& action);
    // The entry replayed as the console's replay sends it, against its base version unless told.
    ApplyOutcome replay(OutboxEntry entry, std::optional<int> expectedVersion = std::nullopt);
    QString pipelineId(const QString& orgId, const QString& key);
    QString stageId(const QString& pipelineKey, const QString& stageKey);
    // Visible, not deleted items of a Northwind stage, in position order.
    QList<PipelineItem> stageItems(const QString& pipelineKey, const QString& stageKey);

    PgCluster* m_pg = nullptr;
    QString m_database;
    PgCluster::DemoDatabase m_demo;
    QString m_northwind;
    QString m_globex;
    QString m_deletedId; // a Northwind item soft-deleted by the admin in initTestCase
    QString m_globexItemId;
    QString m_globexStageId;
    QSqlDatabase m_admin;
    QSqlDatabase m_staff;
};

QSqlDatabase TestBoardRepository::open(const QString& name, const QString& user, bool tcp)
{
    return m_pg->connect(name, m_database, user, kPassword, tcp);
}

QVariant TestBoardRepository::adminValue(const QString& sql, const QVariantList& binds)
{
    return SqlProbe::value(m_admin, sql, binds);
}

QStringList TestBoardRepository::adminColumn(const QString& sql, const QVariantList& binds)
{
    return SqlProbe::column(m_admin, sql, binds);
}

Row TestBoardRepository::adminRow(const QString& itemId)
{
    Row row;
    QSqlQuery q(m_admin);
    q.prepare(
        QStringLiteral("SELECT \"stageId\", position, version, \"updatedAt\"::text, "
                       "\"deletedAt\" IS NOT NULL, title, description, coalesce(\"assignedToId\", ''), "
                       "\"assignedToId\" IS NOT NULL, coalesce(\"dueDate\"::text, ''), priority, \"orgId\", "
                       "coalesce(\"createdById\", '') FROM \"pipelineItem\" WHERE id = ?"));
    q.addBindValue(itemId);
    if (q.exec() && q.next()) {
        row.found = true;
        row.stageId = q.value(0).toString();
        row.position = q.value(1).toDouble();
        row.version = q.value(2).toInt();
        row.updatedAt = q.value(3).toString();
        row.deleted = q.value(4).toBool();
        row.title = q.value(5).toString();
        row.description = q.value(6).toString();
        row.assignedToId = q.value(7).toString();
        row.assigned = q.value(8).toBool();
        row.dueDate = q.value(9).toString();
        row.priority = q.value(10).toInt();
        row.orgId = q.value(11).toString();
        row.createdById = q.value(12).toString();
    }
    return row;
}

int TestBoardRepository::logged(const QString& itemId, const QString& action)
{
    int both = -1;
    for (const QString& log : {QStringLiteral("ActivityLog"), QStringLiteral("AuditLog")}) {
        const int n
            = adminValue(QStringLiteral("SELECT count(*) FROM \"%1\" WHERE \"entityId\" = ? AND action = ?")
                             .arg(log),
                         {itemId, action})
                  .toInt();
        if (both >= 0 && n != both)
            return -1; // the two trails disagree
        both = n;
    }
    return both;
}

ApplyOutcome TestBoardRepository::replay(OutboxEntry entry, std::optional<int> expectedVersion)
{
    if (entry.mutationId.isEmpty())
        entry.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    SyncedTableApplier applier(PipelineItemTable::table());
    return applier.apply(m_staff, entry, entry.fields, expectedVersion.value_or(entry.baseVersion), nullptr);
}

QString TestBoardRepository::pipelineId(const QString& orgId, const QString& key)
{
    return adminValue(QStringLiteral("SELECT id FROM pipeline WHERE \"orgId\" = ? AND key = ?"), {orgId, key})
        .toString();
}

QString TestBoardRepository::stageId(const QString& pipelineKey, const QString& stageKey)
{
    return adminValue(QStringLiteral(
                          "SELECT s.id FROM \"pipelineStage\" s JOIN pipeline p ON p.id = s.\"pipelineId\" "
                          "WHERE p.\"orgId\" = ? AND p.key = ? AND s.key = ?"),
                      {m_northwind, pipelineKey, stageKey})
        .toString();
}

QList<PipelineItem> TestBoardRepository::stageItems(const QString& pipelineKey, const QString& stageKey)
{
    Board board;
    QString error;
    if (!BoardRepository::loadBoard(m_staff, pipelineKey, &board, &error)) {
        qWarning("loadBoard %s: %s", qPrintable(pipelineKey), qPrintable(error));
        return {};
    }
    const QString stage = stageId(pipelineKey, stageKey);
    QList<PipelineItem> list;
    for (const PipelineItem& item : std::as_const(board.items)) {
        if (item.stageId == stage)
            list << item;
    }
    std::sort(list.begin(), list.end(),
              [](const PipelineItem& a, const PipelineItem& b) { return a.position < b.position; });
    return list;
}

void TestBoardRepository::initTestCase()
{
    m_pg = &PgCluster::instance();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    // Deployed, seeded, and the two organizations' staff logins (named for this test: roles are
    // cluster-wide) given kPassword.
    m_demo = m_pg->createDemoDatabase(QStringLiteral("board"), 120, kPassword);
    QVERIFY2(m_demo.error.isEmpty(), qPrintable(m_demo.error));
    m_database = m_demo.database;
    m_admin = open(QStringLiteral("boardAdmin"), QStringLiteral("postgres"), false);
    QVERIFY(m_admin.isOpen());
    const QStringList logins{m_demo.login, m_demo.otherLogin};

    m_northwind
        = adminValue(QStringLiteral("SELECT id FROM organization WHERE slug = 'northwind'")).toString();
    m_globex = adminValue(QStringLiteral("SELECT id FROM organization WHERE slug = 'globex'")).toString();
    QVERIFY(!m_northwind.isEmpty() && !m_globex.isEmpty());
    QCOMPARE(
        adminValue(QStringLiteral("SELECT count(*) FROM \"pipelineItem\" WHERE \"orgId\" = ?"), {m_northwind})
            .toInt(),
        120);

    m_globexItemId
        = adminValue(QStringLiteral("SELECT min(id) FROM \"pipelineItem\" WHERE \"orgId\" = ?"), {m_globex})
              .toString();
    m_globexStageId
        = adminValue(QStringLiteral("SELECT min(id) FROM \"pipelineStage\" WHERE \"orgId\" = ?"), {m_globex})
              .toString();
    QVERIFY(!m_globexItemId.isEmpty() && !m_globexStageId.isEmpty());

    // One card of the sales board deleted the way the web platform deletes: softly.
    m_deletedId = adminValue(QStringLiteral("SELECT min(i.id) FROM \"pipelineItem\" i "
                                            "JOIN \"pipelineStage\" s ON s.id = i.\"stageId\" "
                                            "JOIN pipeline p ON p.id = s.\"pipelineId\" "
                                            "WHERE p.\"orgId\" = ? AND p.key = 'sales'"),
                             {m_northwind})
                      .toString();
    QVERIFY(!m_deletedId.isEmpty());
    QSqlQuery softDelete(m_admin);
    softDelete.prepare(QStringLiteral("UPDATE \"pipelineItem\" SET \"deletedAt\" = now() WHERE id = ?"));
    softDelete.addBindValue(m_deletedId);
    QVERIFY2(softDelete.exec() && softDelete.numRowsAffected() == 1,
             qPrintable(softDelete.lastError().text()));

    m_staff = open(QStringLiteral("boardStaff"), logins.first(), true);
    QVERIFY(m_staff.isOpen());
    // The staff connection is bound by row-level security: it sees only Northwind.
    QSqlQuery visible(m_staff);
    QVERIFY(visible.exec(QStringLiteral("SELECT count(DISTINCT \"orgId\") FROM \"pipelineItem\""))
            && visible.next());
    QCOMPARE(visible.value(0).toInt(), 1);
}

void TestBoardRepository::cleanupTestCase()
{
    m_staff.close();
    m_admin.close();
}

void TestBoardRepository::pipelinesListsOwnOrganizationActiveFirst()
{
    QString error;
    QList<Pipeline> list = BoardRepository::pipelines(m_staff, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList keys;
    QSet<QString> ids;
    for (const Pipeline& p : std::as_const(list)) {
        keys << p.key;
        ids.insert(p.id);
        QVERIFY(p.isActive);
    }
    // All active: in the spec's type order (SALES, SUPPORT, BILLING, INTERNAL).
    QCOMPARE(keys, QStringList({"sales", "support", "billing", "production"}));
    const QStringList northwind
        = adminColumn(QStringLiteral("SELECT id FROM pipeline WHERE \"orgId\" = ?"), {m_northwind});
    QCOMPARE(ids, QSet<QString>(northwind.cbegin(), northwind.cend()));
    QVERIFY(
        adminValue(QStringLiteral("SELECT count(*) FROM pipeline WHERE \"orgId\" = ?"), {m_globex}).toInt()
        > 0);

    // An archived pipeline goes last, whatever its type.
    const QString sales = pipelineId(m_northwind, QStringLiteral("sales"));
    QSqlQuery archive(m_admin);
    archive.prepare(QStringLiteral("UPDATE pipeline SET \"isActive\" = ? WHERE id = ?"));
    archive.addBindValue(false);
    archive.addBindValue(sales);
    QVERIFY2(archive.exec(), qPrintable(archive.lastError().text()));
    const auto restore = qScopeGuard([&] {
        archive.bindValue(0, true);
        archive.bindValue(1, sales);
        if (!archive.exec())
            qWarning("restoring the sales pipeline: %s", qPrintable(archive.lastError().text()));
    });

    list = BoardRepository::pipelines(m_staff, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    keys.clear();
    for (const Pipeline& p : std::as_const(list))
        keys << p.key;
    QCOMPARE(keys, QStringList({"support", "billing", "production", "sales"}));
    QCOMPARE(list.last().isActive, false);
    QCOMPARE(list.last().type, QStringLiteral("SALES"));
    QCOMPARE(list.first().type, QStringLiteral("SUPPORT"));
    QCOMPARE(list.first().name, QStringLiteral("Client Support"));
    // With no pipeline named, the board opens the first active one.
    Board board;
    QVERIFY2(BoardRepository::loadBoard(m_staff, QString(), &board, &error), qPrintable(error));
    QCOMPARE(board.pipeline.key, QStringLiteral("support"));
}

void TestBoardRepository::loadBoard_data()
{
    QTest::addColumn<QString>("pipeline");
    QTest::addColumn<QString>("expectedKey");

    QTest::newRow("sales by key") << "sales"
                                  << "sales";
    QTest::newRow("production by id")
        << pipelineId(m_northwind, QStringLiteral("production")) << "production";
    QTest::newRow("support by key") << "support"
                                    << "support";
    QTest::newRow("billing by id") << pipelineId(m_northwind, QStringLiteral("billing")) << "billing";
    QTest::newRow("none: the first active") << ""
                                            << "sales";
}

void TestBoardRepository::loadBoard()
{
    QFETCH(QString, pipeline);
    QFETCH(QString, expectedKey);

    Board board;
    QString error;
    QVERIFY2(BoardRepository::loadBoard(m_staff, pipeline, &board, &error), qPrintable(error));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QString id = pipelineId(m_northwind, expectedKey);
    QCOMPARE(board.pipeline.id, id);
    QCOMPARE(board.pipeline.key, expectedKey);
    QVERIFY(!board.pipeline.name.isEmpty());

    // Stages: all of this pipeline, in "order".
    const QStringList stageIds = adminColumn(
        QStringLiteral("SELECT id FROM \"pipelineStage\" WHERE \"pipelineId\" = ? ORDER BY \"order\""), {id});
    QVERIFY(stageIds.size() >= 5);
    QStringList loadedStages;
    for (int i = 0; i < board.stages.size(); ++i) {
        const PipelineStage& stage = board.stages.at(i);
        loadedStages << stage.id;
        QCOMPARE(stage.pipelineId, id);
        QVERIFY(!stage.name.isEmpty());
        QVERIFY(stage.color.isValid());
        if (i > 0)
            QVERIFY(board.stages.at(i - 1).order < stage.order);
    }
    QCOMPARE(loadedStages, stageIds);
    QVERIFY(board.stages.last().isTerminal);

    // Items: exactly the visible, not deleted items of this pipeline, as the superuser sees them.
    const QString itemsOfPipeline
        = QStringLiteral("FROM \"pipelineItem\" i JOIN \"pipelineStage\" s ON s.id = i.\"stageId\" "
                         "LEFT JOIN users u ON u.id = i.\"assignedToId\" WHERE s.\"pipelineId\" = ? AND "
                         "i.\"deletedAt\" IS NULL");
    const int count = adminValue(QString(QStringLiteral("SELECT count(*) ") + itemsOfPipeline), {id}).toInt();
    QVERIFY(count > 0);
    QCOMPARE(board.items.size(), count);

    QSqlQuery expected(m_admin);
    expected.prepare(
        QString(QStringLiteral("SELECT i.id, i.\"stageId\", i.title, i.position, i.version, i.priority, "
                               "coalesce(u.name, u.email, ''), "
                               "to_char(i.\"dueDate\", 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') ")
                + itemsOfPipeline));
    expected.addBindValue(id);
    QVERIFY2(expected.exec(), qPrintable(expected.lastError().text()));
    QHash<QString, PipelineItem> loaded;
    for (const PipelineItem& item : std::as_const(board.items))
        loaded.insert(item.id, item);
    QCOMPARE(loaded.size(), count); // no duplicates
    int assigned = 0;
    while (expected.next()) {
        const QString itemId = expected.value(0).toString();
        QVERIFY2(loaded.contains(itemId), qPrintable(itemId));
        const PipelineItem& item = loaded[itemId];
        QCOMPARE(item.stageId, expected.value(1).toString());
        QVERIFY(stageIds.contains(item.stageId));
        QCOMPARE(item.title, expected.value(2).toString());
        QCOMPARE(item.position, expected.value(3).toDouble());
        QCOMPARE(item.version, expected.value(4).toInt());
        QCOMPARE(item.priority, expected.value(5).toInt());
        QCOMPARE(item.assigneeName, expected.value(6).toString());
        if (!item.assigneeName.isEmpty()) {
            ++assigned;
            QVERIFY(!item.assignedToId.isEmpty());
        }
        const QString due = expected.value(7).toString();
        if (due.isEmpty()) {
            QVERIFY(!item.dueDate.isValid());
        } else {
            QCOMPARE(item.dueDate.timeSpec(), Qt::UTC);
            QCOMPARE(item.dueDate, QDateTime::fromString(due, Qt::ISODateWithMs));
        }
    }
    QVERIFY(assigned > 0);
    QVERIFY(!loaded.contains(m_deletedId));
}

void TestBoardRepository::loadBoardOfUnknownPipelineFails_data()
{
    QTest::addColumn<QString>("pipeline");

    QTest::newRow("unknown key") << "no-such-pipeline";
    QTest::newRow("Globex pipeline id")
        << adminValue(QStringLiteral("SELECT min(id) FROM pipeline WHERE \"orgId\" = ?"), {m_globex})
               .toString();
    QTest::newRow("Northwind stage id, not a pipeline")
        << stageId(QStringLiteral("sales"), QStringLiteral("won"));
}

void TestBoardRepository::loadBoardOfUnknownPipelineFails()
{
    QFETCH(QString, pipeline);
    QVERIFY(!pipeline.isEmpty());

    Board board;
    board.pipeline.key = QStringLiteral("untouched");
    QString error;
    QVERIFY(!BoardRepository::loadBoard(m_staff, pipeline, &board, &error));
    QVERIFY2(error.contains(pipeline), qPrintable(error));
    QCOMPARE(board.pipeline.key, QStringLiteral("untouched"));
    QVERIFY(board.items.isEmpty());
}

void TestBoardRepository::moveToAnotherStage()
{
    const QList<PipelineItem> inquiry = stageItems(QStringLiteral("sales"), QStringLiteral("inquiry"));
    QVERIFY(inquiry.size() >= 2);
    const PipelineItem card = inquiry.last();
    const QString discovery = stageId(QStringLiteral("sales"), QStringLiteral("discovery"));
    const Row before = adminRow(card.id);
    QCOMPARE(before.version, card.version);
    const double position = 1024.0 / 3.0; // not a round number: survives the round trip exactly

    const ApplyOutcome outcome = replay(BoardCache::moveEntry(card, discovery, position));
    QVERIFY2(outcome.kind == ApplyOutcome::Kind::Applied, describe(outcome));
    QCOMPARE(outcome.newVersion, card.version + 1);

    // What PostgreSQL holds.
    const Row after = adminRow(card.id);
    QCOMPARE(after.stageId, discovery);
    QCOMPARE(after.position, position);
    QCOMPARE(after.version, card.version + 1);
    QCOMPARE(after.title, before.title);
    QCOMPARE(after.dueDate, before.dueDate);
    QVERIFY2(after.updatedAt > before.updatedAt,
             qPrintable(QString(before.updatedAt + QStringLiteral(" → ") + after.updatedAt)));
    // And what the console reads back.
    QString error;
    const PipelineItem reread = BoardRepository::item(m_staff, card.id, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(reread.stageId, discovery);
    QCOMPARE(reread.version, card.version + 1);
    QCOMPARE(reread.position, position);
    QCOMPARE(reread.assigneeName, card.assigneeName);
    QCOMPARE(reread.dueDate, card.dueDate);
    // One entry in each log, in the card's organization, with the new stage.
    for (const QString& log : {QStringLiteral("ActivityLog"), QStringLiteral("AuditLog")}) {
        const QString query
            = QStringLiteral("SELECT count(*) FROM \"%1\" l JOIN \"pipelineItem\" i ON i.id = l.\"entityId\" "
                             "WHERE l.\"entityId\" = ? AND l.action = 'pipelineItem.moved' AND l.\"orgId\" = "
                             "i.\"orgId\" "
                             "AND %2 = ?")
                  .arg(log,
                       // The audit trail has {field: [before, after]}; the activity the new values.
                       log == QLatin1String("AuditLog") ? QStringLiteral("l.changes->'stageId'->>1")
                                                        : QStringLiteral("l.metadata->>'stageId'"));
        QCOMPARE(adminValue(query, {card.id, discovery}).toInt(), 1);
    }
    // One statement, one transaction: the connection takes the next statement normally.
    QSqlQuery ping(m_staff);
    QVERIFY(ping.exec(QStringLiteral("SELECT 1")));
}

void TestBoardRepository::replayedMoveIsAppliedOnce()
{
    const QList<PipelineItem> won = stageItems(QStringLiteral("sales"), QStringLiteral("won"));
    QVERIFY(won.size() >= 2);
    const PipelineItem card = won.first();
    OutboxEntry entry = BoardCache::moveEntry(card, card.stageId, card.position - 512.25);
    entry.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);

    const ApplyOutcome first = replay(entry);
    QVERIFY2(first.kind == ApplyOutcome::Kind::Applied, describe(first));
    const Row applied = adminRow(card.id);
    // The acknowledgement was lost: the same change arrives again, against the same base.
    const ApplyOutcome again = replay(entry);
    QVERIFY2(again.kind == ApplyOutcome::Kind::AlreadyApplied, describe(again));
    QCOMPARE(again.newVersion, first.newVersion);
    const Row after = adminRow(card.id);
    QCOMPARE(after.version, applied.version);
    QCOMPARE(after.updatedAt, applied.updatedAt);
    QCOMPARE(logged(card.id, QStringLiteral("pipelineItem.moved")), 1);
    QCOMPARE(adminValue(QStringLiteral("SELECT \"resultVersion\" FROM client_mutation WHERE id = ? AND "
                                       "\"entityType\" = 'pipelineItem' AND \"entityId\" = ?"),
                        {entry.mutationId, card.id})
                 .toInt(),
             first.newVersion);

    // The same mutation id for another card is refused for good, not taken as applied.
    const PipelineItem other = won.at(1);
    OutboxEntry clash = BoardCache::moveEntry(other, other.stageId, other.position + 1);
    clash.mutationId = entry.mutationId;
    const ApplyOutcome refused = replay(clash);
    QVERIFY2(refused.kind == ApplyOutcome::Kind::Failed && refused.sqlState == QLatin1String("23505"),
             describe(refused));
    QVERIFY(!SyncEngine::isTransient(refused));
    QCOMPARE(adminRow(other.id).version, other.version);
}

void TestBoardRepository::editWritesTheChangedFieldsOnly()
{
    const QList<PipelineItem> discovery = stageItems(QStringLiteral("sales"), QStringLiteral("discovery"));
    PipelineItem card;
    for (const PipelineItem& c : discovery) {
        if (!c.assignedToId.isEmpty())
            card = c;
    }
    QVERIFY2(!card.id.isEmpty(), "the demo seed has an assigned card in Discovery");
    const Row before = adminRow(card.id);

    BoardRepository::ItemChanges changes;
    changes.title = QStringLiteral("  Renewal call  ");
    changes.assignedToId = QString(); // nobody
    changes.dueDate = QDateTime(QDate(2027, 3, 1), QTime(16, 30, 0, 125), Qt::UTC);
    changes.priority = 3;
    const ApplyOutcome outcome = replay(BoardCache::editEntry(card, changes));
    QVERIFY2(outcome.kind == ApplyOutcome::Kind::Applied, describe(outcome));

    const Row after = adminRow(card.id);
    QCOMPARE(after.title, QStringLiteral("Renewal call"));
    QVERIFY(!after.assigned); // NULL, not an empty reference
    QCOMPARE(after.dueDate, QStringLiteral("2027-03-01 16:30:00.125"));
    QCOMPARE(after.priority, 3);
    // Untouched fields stay as they were.
    QCOMPARE(after.description, before.description);
    QCOMPARE(after.stageId, before.stageId);
    QCOMPARE(after.position, before.position);
    QCOMPARE(after.version, before.version + 1);
    QCOMPARE(logged(card.id, QStringLiteral("pipelineItem.updated")), 1);
    QCOMPARE(adminValue(QStringLiteral("SELECT changes->'title'->>1 FROM \"AuditLog\" WHERE \"entityId\" = ? "
                                       "AND action = 'pipelineItem.updated'"),
                        {card.id})
                 .toString(),
             QStringLiteral("Renewal call"));
    QString error;
    const PipelineItem reread = BoardRepository::item(m_staff, card.id, &error);
    QCOMPARE(reread.dueDate, changes.dueDate.value());
    QVERIFY(reread.assignedToId.isEmpty());
}

void TestBoardRepository::createDeleteAndRestore()
{
    const QString pipeline = pipelineId(m_northwind, QStringLiteral("production"));
    const QString backlog = stageId(QStringLiteral("production"), QStringLiteral("backlog"));
    const QString id = QStringLiteral("c") + QUuid::createUuid().toString(QUuid::Id128);
    const OutboxEntry create
        = BoardCache::createEntry(id, pipeline, backlog, QStringLiteral(" Order spare parts "), 4096.5);
    ApplyOutcome outcome = replay(create);
    QVERIFY2(outcome.kind == ApplyOutcome::Kind::Applied, describe(outcome));
    QCOMPARE(outcome.newVersion, 1);
    Row row = adminRow(id);
    QVERIFY(row.found && !row.deleted);
    QCOMPARE(row.title, QStringLiteral("Order spare parts"));
    QCOMPARE(row.stageId, backlog);
    QCOMPARE(row.position, 4096.5);
    QCOMPARE(row.orgId, m_northwind); // from the stage
    QCOMPARE(row.createdById,
             adminValue(QStringLiteral("SELECT \"userId\" FROM staff_login WHERE login = ?"), {m_demo.login})
                 .toString());
    QCOMPARE(logged(id, QStringLiteral("pipelineItem.created")), 1);
    // Created by this change before its acknowledgement was lost: already applied.
    outcome = replay(create);
    QVERIFY2(outcome.kind == ApplyOutcome::Kind::AlreadyApplied, describe(outcome));

    QString error;
    PipelineItem card = BoardRepository::item(m_staff, id, &error);
    QCOMPARE(card.version, 1);
    outcome = replay(BoardCache::deleteEntry(card));
    QVERIFY2(outcome.kind == ApplyOutcome::Kind::Applied, describe(outcome));
    row = adminRow(id);
    QVERIFY(row.deleted);
    QCOMPARE(row.version, 2);
    QVERIFY(BoardRepository::item(m_staff, id, &error).id.isEmpty());
    QCOMPARE(logged(id, QStringLiteral("pipelineItem.deleted")), 1);

    card.version = 2;
    outcome = replay(BoardCache::restoreEntry(card));
    QVERIFY2(outcome.kind == ApplyOutcome::Kind::Applied, describe(outcome));
    row = adminRow(id);
    QVERIFY(!row.deleted);
    QCOMPARE(row.version, 3);
    QCOMPARE(logged(id, QStringLiteral("pipelineItem.restored")), 1);
    // Restored meanwhile (by someone else): tried again later, then it is an edit of a live card.
    outcome = replay(BoardCache::restoreEntry(card), 3);
    QVERIFY2(outcome.kind == ApplyOutcome::Kind::Failed && SyncEngine::isTransient(outcome),
             describe(outcome));

    // A new card in a stage that is gone (or another organization's) is refused for good.
    const OutboxEntry orphan
        = BoardCache::createEntry(QStringLiteral("c") + QUuid::createUuid().toString(QUuid::Id128), pipeline,
                                  m_globexStageId, QStringLiteral("Orphan"), 1.0);
    outcome = replay(orphan);
    QVERIFY2(outcome.kind == ApplyOutcome::Kind::Failed && outcome.sqlState == QLatin1String("23503"),
             describe(outcome));
    QVERIFY(!SyncEngine::isTransient(outcome));
    QVERIFY(!adminRow(orphan.rowId).found);
}

void TestBoardRepository::staleVersionIsConflict()
{
    const QList<PipelineItem> triage = stageItems(QStringLiteral("support"), QStringLiteral("triage"));
    QVERIFY(!triage.isEmpty());
    const PipelineItem seen = triage.first();
    const QString resolved = stageId(QStringLiteral("support"), QStringLiteral("resolved"));
    // Someone else (the web platform) edits the card after this console loaded it.
    QSqlQuery edit(m_admin);
    edit.prepare(QStringLiteral("UPDATE \"pipelineItem\" SET priority = 3, version = version + 1, "
                                "\"updatedAt\" = now() WHERE id = ?"));
    edit.addBindValue(seen.id);
    QVERIFY2(edit.exec() && edit.numRowsAffected() == 1, qPrintable(edit.lastError().text()));
    const Row before = adminRow(seen.id);
    QCOMPARE(before.version, seen.version + 1);

    const ApplyOutcome outcome = replay(BoardCache::moveEntry(seen, resolved, 1.0));
    QVERIFY2(outcome.kind == ApplyOutcome::Kind::VersionMismatch, describe(outcome));
    // Their row, in the cache's encoding, for the merge and the conflict dialog.
    QCOMPARE(outcome.theirsVersion, before.version);
    QCOMPARE(outcome.theirs.value(QStringLiteral("priority")), QVariant(3));
    QCOMPARE(outcome.theirs.value(QStringLiteral("stageId")).toString(), before.stageId);
    QCOMPARE(outcome.theirs.value(QStringLiteral("title")).toString(), seen.title);
    QCOMPARE(outcome.theirs.value(QStringLiteral("deletedAt")), QVariant(false));
    QCOMPARE(BoardCache::withFields(seen, outcome.theirs).dueDate, seen.dueDate);
    const Row after = adminRow(seen.id);
    QCOMPARE(after.stageId, before.stageId);
    QCOMPARE(after.version, before.version);
    QCOMPARE(after.position, before.position);
}

void TestBoardRepository::deletedItemIsGone()
{
    const Row before = adminRow(m_deletedId);
    QVERIFY(before.found && before.deleted);
    const QString won = stageId(QStringLiteral("sales"), QStringLiteral("won"));
    PipelineItem card;
    card.id = m_deletedId;
    card.version = before.version;

    const ApplyOutcome outcome = replay(BoardCache::moveEntry(card, won, 5.0));
    QVERIFY2(outcome.kind == ApplyOutcome::Kind::Gone, describe(outcome));
    QCOMPARE(outcome.theirsVersion, before.version); // soft-deleted: its version, to restore it from
    const Row after = adminRow(m_deletedId);
    QCOMPARE(after.version, before.version);
    QCOMPARE(after.stageId, before.stageId);
}

void TestBoardRepository::otherOrganizationItemIsGone()
{
    const Row before = adminRow(m_globexItemId);
    QVERIFY(before.found && !before.deleted);
    const QString inquiry = stageId(QStringLiteral("sales"), QStringLiteral("inquiry"));
    PipelineItem card;
    card.id = m_globexItemId;
    card.version = before.version;

    for (const QString& target : {inquiry, before.stageId}) {
        const ApplyOutcome outcome = replay(BoardCache::moveEntry(card, target, 5.0));
        QVERIFY2(outcome.kind == ApplyOutcome::Kind::Gone, describe(outcome));
        QCOMPARE(outcome.theirsVersion, 0); // nothing about it is shown
        QVERIFY(outcome.theirs.isEmpty());
    }
    const Row after = adminRow(m_globexItemId);
    QCOMPARE(after.version, before.version);
    QCOMPARE(after.stageId, before.stageId);
    QCOMPARE(after.position, before.position);
}

void TestBoardRepository::moveToInvisibleStageIsRefused_data()
{
    QTest::addColumn<QString>("target");

    QTest::newRow("Globex stage") << m_globexStageId;
    QTest::newRow("missing stage") << "no-such-stage";
}

void TestBoardRepository::moveToInvisibleStageIsRefused()
{
    QFETCH(QString, target);

    const QList<PipelineItem> paid = stageItems(QStringLiteral("billing"), QStringLiteral("paid"));
    QVERIFY(!paid.isEmpty());
    const PipelineItem card = paid.at(0);
    const Row cardBefore = adminRow(card.id);
    const qint64 inStage
        = adminValue(QStringLiteral("SELECT count(*) FROM \"pipelineItem\" WHERE \"stageId\" = ?"), {target})
              .toLongLong();

    const ApplyOutcome outcome = replay(BoardCache::moveEntry(card, target, 1.0));
    QVERIFY2(outcome.kind == ApplyOutcome::Kind::Failed && outcome.sqlState == QLatin1String("23503"),
             describe(outcome));
    QVERIFY(!outcome.error.isEmpty());
    QVERIFY(!SyncEngine::isTransient(outcome)); // rejected, not retried for ever

    const Row cardAfter = adminRow(card.id);
    QCOMPARE(cardAfter.stageId, cardBefore.stageId);
    QCOMPARE(cardAfter.version, cardBefore.version);
    QCOMPARE(cardAfter.position, cardBefore.position);
    QCOMPARE(
        adminValue(QStringLiteral("SELECT count(*) FROM \"pipelineItem\" WHERE \"stageId\" = ?"), {target})
            .toLongLong(),
        inStage);
    // The failed statement was rolled back: the connection works.
    QString error;
    QCOMPARE(BoardRepository::item(m_staff, card.id, &error).version, card.version);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestBoardRepository::itemsReturnsOnlyVisibleItems()
{
    const QList<PipelineItem> lost = stageItems(QStringLiteral("sales"), QStringLiteral("lost"));
    QVERIFY(lost.size() >= 2);
    const QString a = lost.at(0).id;
    const QString b = lost.at(1).id;
    QString error;

    const QList<PipelineItem> found = BoardRepository::items(
        m_staff,
        {a, m_globexItemId, m_deletedId, QStringLiteral("no-such-item"), b, QStringLiteral("x' OR 'a'='a")},
        &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList ids;
    for (const PipelineItem& item : found)
        ids << item.id;
    ids.sort();
    QStringList expected{a, b};
    expected.sort();
    QCOMPARE(ids, expected);
    for (const PipelineItem& item : found) {
        const Row row = adminRow(item.id);
        QCOMPARE(item.version, row.version);
        QCOMPARE(item.stageId, row.stageId);
    }

    QCOMPARE(BoardRepository::item(m_staff, a, &error).id, a);
    QVERIFY(BoardRepository::item(m_staff, m_globexItemId, &error).id.isEmpty());
    QVERIFY(BoardRepository::item(m_staff, m_deletedId, &error).id.isEmpty());
    QVERIFY(BoardRepository::items(m_staff, {}, &error).isEmpty());
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // The superuser sees the hidden ones: the filter is row-level security and "deletedAt".
    QCOMPARE(BoardRepository::items(m_admin, {m_globexItemId, m_deletedId, a}, &error).size(), 2);
}

QTEST_GUILESS_MAIN(TestBoardRepository)
#include "tst_boardrepository.moc"
