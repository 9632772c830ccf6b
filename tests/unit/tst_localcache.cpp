#include "BoardCache.h"
#include "CacheSchema.h"
#include "ConnectionSettings.h"
#include "LocalCache.h"

#include <QDir>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>
#include <sys/stat.h>
#include <sys/types.h>

namespace {

// Spelled out, not BoardCache::kItem: globals of another translation unit may not be
// initialised yet while this one's are (initTestCase checks they agree).
const QString kItem = QStringLiteral("pipelineItem");
const QString kPipeline = QStringLiteral("pipeline-1");
const QString kOtherPipeline = QStringLiteral("pipeline-2");

CachedRow card(const QString& id, int version, const QVariantMap& data, const QString& parent = kPipeline)
{
    return {kItem, id, parent, version, data, false};
}

// A card as the board loads it from the server.
QVariantMap cardData(const QString& title, const QString& stageId, double position)
{
    return {{QStringLiteral("title"), title},       {QStringLiteral("stageId"), stageId},
            {QStringLiteral("position"), position}, {QStringLiteral("description"), QVariant()},
            {QStringLiteral("priority"), 2},        {QStringLiteral("deletedAt"), false}};
}

OutboxEntry update(const QString& id, const QVariantMap& fields)
{
    OutboxEntry e;
    e.entity = kItem;
    e.rowId = id;
    e.op = OutboxEntry::Op::Update;
    e.fields = fields;
    e.label = id;
    return e;
}

// The permission bits exactly as the file system has them (QFileInfo mixes in the user's view).
int modeOf(const QString& path)
{
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

QString pragma(const LocalCache& cache, const QString& name)
{
    QSqlQuery q(cache.database());
    if (!q.exec(QStringLiteral("PRAGMA ") + name) || !q.next())
        return QStringLiteral("<failed>");
    return q.value(0).toString();
}

} // namespace

class TestLocalCache : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void upgradesACacheWrittenByTheFirstVersion();
    void upgradesTheDeletedVersionOfVersionTwoConflicts();
    void refusesACacheFromANewerConsole();

    void openCreatesPrivateFileAndFolder();
    void openTightensExistingFolder();
    void journalModeIsWal();
    void storeRowsRoundTrip();
    void rowsAreScopedByEntityAndParent();
    void replaceParentDropsMissingCleanRows();
    void storeWithoutReplaceKeepsMissingRows();
    void enqueueFillsIdBaseVersionAndBefore();
    void enqueueKeepsGivenMutationId();
    void enqueueOverlaysDataAndMarksDirty();
    void enqueueCreateInsertsRowUnderParent();
    void createAppliedBecomesServerRow();
    void discardCreateRemovesRow();
    void outboxKeepsValuesExact();
    void enqueueUncachedUpdateFailsAndWritesNothing();
    void refreshKeepsLocalFieldsOverServerValues();
    void markAppliedRemovesEntryAndSetsVersion();
    void markAppliedRebasesOnlySameRow();
    void markRetryKeepsEntryPending();
    void markRejectedRestoresServerValue();
    void markRejectedKeepsLaterChangeOfSameField();
    void retryNowReappliesRejectedChange();
    void markConflictRecordsTheirs();
    void keepMineRebasesOnTheirs();
    void discardConflictShowsTheirs();
    void discardPendingShowsServerValues();
    void recreateRefusedForNormalConflict();
    void recreateRestoresRowDeletedOnServer();
    void countsByState();
    void secondConnectionSeesCommittedChanges();
    void metaRoundTrip();
    void providerCacheRoundTripAndOverwrite();
    void pathForIdentifiesServerAndLogin_data();
    void pathForIdentifiesServerAndLogin();
    void pathForNeverContainsPassword();
    void instanceFitDecides_data();
    void instanceFitDecides();
    void chooseAdoptsOldCacheThenKeepsDatabasesApart();
    void indexNeverLeadsOutOfTheCacheFolder();

private:
    // Two cards of pipeline-1 as loaded from the server: card-1 at version 7, card-2 at 4.
    bool seedCards();
    QString dataOf(const QString& id, const QString& field);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalCache> m_cache;
    QString m_path;
};

void TestLocalCache::initTestCase()
{
    // pathFor() writes under AppDataLocation: keep it away from the real profile.
    QStandardPaths::setTestModeEnabled(true);
    QCOMPARE(BoardCache::kItem, kItem);
}

void TestLocalCache::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("cache/test.sqlite"));
    m_cache = std::make_unique<LocalCache>();
    QString error;
    QVERIFY2(m_cache->open(m_path, &error), qPrintable(error));
    QVERIFY(m_cache->isOpen());
    QCOMPARE(m_cache->path(), m_path);
}

void TestLocalCache::cleanup()
{
    m_cache.reset();
    m_dir.reset();
}

bool TestLocalCache::seedCards()
{
    QString error;
    const bool stored = m_cache->rows().store(
        kItem, kPipeline,
        {card(QStringLiteral("card-1"), 7, cardData(QStringLiteral("Kickoff"), QStringLiteral("s1"), 1024.0)),
         card(QStringLiteral("card-2"), 4, cardData(QStringLiteral("Budget"), QStringLiteral("s1"), 2048.0))},
        true, &error);
    if (!stored)
        qWarning("seedCards: %s", qPrintable(error));
    return stored;
}

QString TestLocalCache::dataOf(const QString& id, const QString& field)
{
    QString error;
    const std::optional<CachedRow> row = m_cache->rows().get(kItem, id, &error);
    if (!row)
        return QStringLiteral("<no row: %1>").arg(error);
    return row->data.value(field).toString();
}

void TestLocalCache::openCreatesPrivateFileAndFolder()
{
    // A permissive umask, as on most desktops: the cache must not inherit it.
    const mode_t previous = ::umask(022);
    const QString path = m_dir->filePath(QStringLiteral("fresh/cache.sqlite"));
    LocalCache cache;
    QString error;
    const bool opened = cache.open(path, &error);
    QVERIFY2(opened, qPrintable(error));
    // A write creates the -wal file next to the cache: it holds the same data.
    const bool stored = cache.meta().setValue(QStringLiteral("lastSync"), QStringLiteral("1"), &error);
    ::umask(previous);
    QVERIFY2(stored, qPrintable(error));

    QCOMPARE(modeOf(path), 0600);
    QCOMPARE(modeOf(QFileInfo(path).absolutePath()), 0700);
    QVERIFY(QFile::exists(path + QStringLiteral("-wal")));
    QCOMPARE(modeOf(path + QStringLiteral("-wal")), 0600);
}

void TestLocalCache::openTightensExistingFolder()
{
    // The app data folder usually exists already, made with the user's umask.
    const QString folder = m_dir->filePath(QStringLiteral("existing"));
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(QFile::setPermissions(folder,
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                      | QFileDevice::ReadGroup | QFileDevice::ExeGroup
                                      | QFileDevice::ReadOther | QFileDevice::ExeOther));
    QCOMPARE(modeOf(folder), 0755);

    LocalCache cache;
    QString error;
    QVERIFY2(cache.open(folder + QStringLiteral("/cache.sqlite"), &error), qPrintable(error));
    QCOMPARE(modeOf(folder), 0700);
    QCOMPARE(modeOf(folder + QStringLiteral("/cache.sqlite")), 0600);
}

void TestLocalCache::journalModeIsWal()
{
    // WAL lets the console's threads and astralis-cli read while one of them writes.
    QCOMPARE(pragma(*m_cache, QStringLiteral("journal_mode")), QStringLiteral("wal"));
    // synchronous=FULL (2): a change the UI called saved survives a power cut.
    QCOMPARE(pragma(*m_cache, QStringLiteral("synchronous")), QStringLiteral("2"));
}

void TestLocalCache::storeRowsRoundTrip()
{
    const QVariantMap data{{QStringLiteral("title"), QStringLiteral("Kickoff – Zürich")},
                           {QStringLiteral("empty"), QStringLiteral("")},
                           {QStringLiteral("priority"), 3},
                           {QStringLiteral("dueDate"), qlonglong(1700000000001LL)},
                           {QStringLiteral("position"), 1536.25},
                           {QStringLiteral("description"), QVariant()},
                           {QStringLiteral("isTerminal"), true},
                           {QStringLiteral("deletedAt"), false}};
    QString error;
    QVERIFY2(
        m_cache->rows().store(kItem, kPipeline, {card(QStringLiteral("card-1"), 7, data)}, false, &error),
        qPrintable(error));

    const QList<CachedRow> rows = m_cache->rows().children(kItem, kPipeline, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(rows.size(), 1);
    const std::optional<CachedRow> single = m_cache->rows().get(kItem, QStringLiteral("card-1"), &error);
    QVERIFY(single);

    for (const CachedRow& row : {rows.first(), *single}) {
        QCOMPARE(row.entity, kItem);
        QCOMPARE(row.id, QStringLiteral("card-1"));
        QCOMPARE(row.parent, kPipeline);
        QCOMPARE(row.version, 7);
        QVERIFY(!row.dirty);
        QCOMPARE(row.data.keys(), data.keys());
        QCOMPARE(row.data.value(QStringLiteral("title")).toString(), QStringLiteral("Kickoff – Zürich"));
        QCOMPARE(row.data.value(QStringLiteral("empty")).typeId(), QMetaType::QString);
        QVERIFY(row.data.value(QStringLiteral("empty")).toString().isEmpty());
        QCOMPARE(row.data.value(QStringLiteral("priority")).toLongLong(), 3LL);
        // Exact, not rounded through a double.
        QCOMPARE(row.data.value(QStringLiteral("dueDate")).toLongLong(), 1700000000001LL);
        QCOMPARE(row.data.value(QStringLiteral("position")).typeId(), QMetaType::Double);
        QCOMPARE(row.data.value(QStringLiteral("position")).toDouble(), 1536.25);
        QVERIFY(row.data.value(QStringLiteral("description")).isNull());
        QCOMPARE(row.data.value(QStringLiteral("isTerminal")).typeId(), QMetaType::Bool);
        QCOMPARE(row.data.value(QStringLiteral("isTerminal")).toBool(), true);
        QCOMPARE(row.data.value(QStringLiteral("deletedAt")).typeId(), QMetaType::Bool);
        QCOMPARE(row.data.value(QStringLiteral("deletedAt")).toBool(), false);
    }
}

void TestLocalCache::rowsAreScopedByEntityAndParent()
{
    QString error;
    QVERIFY(m_cache->rows().store(kItem, kPipeline,
                                  {card(QStringLiteral("a"), 1, {{QStringLiteral("n"), 1}})}, false, &error));
    QVERIFY(m_cache->rows().store(kItem, kOtherPipeline,
                                  {card(QStringLiteral("b"), 1, {{QStringLiteral("n"), 2}}, kOtherPipeline)},
                                  false, &error));
    QVERIFY(m_cache->rows().store(QStringLiteral("pipelineStage"), kPipeline,
                                  {{QStringLiteral("pipelineStage"),
                                    QStringLiteral("a"),
                                    kPipeline,
                                    1,
                                    {{QStringLiteral("n"), 3}},
                                    false}},
                                  false, &error));

    const QList<CachedRow> rows = m_cache->rows().children(kItem, kPipeline, &error);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().data.value(QStringLiteral("n")).toInt(), 1);
    QCOMPARE(m_cache->rows().children(kItem, kOtherPipeline, &error).size(), 1);
    QCOMPARE(m_cache->rows()
                 .get(QStringLiteral("pipelineStage"), QStringLiteral("a"), &error)
                 ->data.value(QStringLiteral("n"))
                 .toInt(),
             3);
    // An unknown row is no error, just absent.
    QVERIFY(!m_cache->rows().get(kItem, QStringLiteral("nope"), &error));
    QVERIFY(error.isEmpty());
}

void TestLocalCache::replaceParentDropsMissingCleanRows()
{
    QString error;
    QVERIFY2(
        m_cache->rows().store(
            kItem, kPipeline,
            {card(QStringLiteral("keep"), 1, cardData(QStringLiteral("Keep"), QStringLiteral("s1"), 1)),
             card(QStringLiteral("gone"), 1, cardData(QStringLiteral("Gone"), QStringLiteral("s1"), 2)),
             card(QStringLiteral("edited"), 1, cardData(QStringLiteral("Edited"), QStringLiteral("s1"), 3))},
            false, &error),
        qPrintable(error));
    QVERIFY(m_cache->rows().store(
        kItem, kOtherPipeline,
        {card(QStringLiteral("elsewhere"), 1, cardData(QStringLiteral("Elsewhere"), QStringLiteral("s9"), 1),
              kOtherPipeline)},
        false, &error));
    QList<OutboxEntry> edit{
        update(QStringLiteral("edited"), {{QStringLiteral("title"), QStringLiteral("Mine")}})};
    QVERIFY2(m_cache->outbox().enqueue(&edit, &error), qPrintable(error));

    // The server now lists only "keep": "gone" was deleted there; "edited" has my change.
    QVERIFY2(m_cache->rows().store(kItem, kPipeline,
                                   {card(QStringLiteral("keep"), 2,
                                         cardData(QStringLiteral("Keep 2"), QStringLiteral("s1"), 1))},
                                   true, &error),
             qPrintable(error));

    QSet<QString> ids;
    for (const CachedRow& row : m_cache->rows().children(kItem, kPipeline, &error))
        ids.insert(row.id);
    QCOMPARE(ids, (QSet<QString>{QStringLiteral("keep"), QStringLiteral("edited")}));
    QCOMPARE(dataOf(QStringLiteral("keep"), QStringLiteral("title")), QStringLiteral("Keep 2"));
    QCOMPARE(dataOf(QStringLiteral("edited"), QStringLiteral("title")), QStringLiteral("Mine"));
    // Another parent's rows are not part of this refresh.
    QVERIFY(m_cache->rows().get(kItem, QStringLiteral("elsewhere"), &error));
}

void TestLocalCache::storeWithoutReplaceKeepsMissingRows()
{
    QVERIFY(seedCards());
    QString error;
    QVERIFY(m_cache->rows().store(kItem, kPipeline,
                                  {card(QStringLiteral("card-1"), 8,
                                        cardData(QStringLiteral("Kickoff 2"), QStringLiteral("s1"), 1024.0))},
                                  false, &error));
    QCOMPARE(m_cache->rows().children(kItem, kPipeline, &error).size(), 2);
    QCOMPARE(m_cache->rows().get(kItem, QStringLiteral("card-1"), &error)->version, 8);
}

void TestLocalCache::enqueueFillsIdBaseVersionAndBefore()
{
    QVERIFY(seedCards());
    QString error;
    QList<OutboxEntry> batch{
        BoardCache::moveEntry(
            BoardCache::itemFromRow(*m_cache->rows().get(kItem, QStringLiteral("card-1"), &error)),
            QStringLiteral("s2"), 512.0),
        update(QStringLiteral("card-2"), {{QStringLiteral("description"), QStringLiteral("Q3 numbers")}})};
    batch[0].baseVersion = 0; // enqueue, not the caller, knows the cached version
    QVERIFY2(m_cache->outbox().enqueue(&batch, &error), qPrintable(error));
    QList<OutboxEntry> later{
        update(QStringLiteral("card-1"), {{QStringLiteral("title"), QStringLiteral("Call")}})};
    QVERIFY2(m_cache->outbox().enqueue(&later, &error), qPrintable(error));

    const QList<OutboxEntry> stored = m_cache->outbox().entries(&error);
    QCOMPARE(stored.size(), 3);
    QSet<QString> ids;
    for (const OutboxEntry& e : stored) {
        QVERIFY(!e.mutationId.isEmpty());
        ids.insert(e.mutationId);
        QCOMPARE(e.state, OutboxEntry::State::Pending);
        QVERIFY(e.createdMs > 0);
    }
    QCOMPARE(ids.size(), 3);
    // The caller's list is filled in too: it is how the caller finds its entries again.
    QCOMPARE(batch[0].mutationId, stored[0].mutationId);
    QCOMPARE(batch[0].seq, stored[0].seq);
    QVERIFY(stored[0].seq < stored[1].seq && stored[1].seq < stored[2].seq);

    QCOMPARE(stored[0].rowId, QStringLiteral("card-1"));
    QCOMPARE(stored[0].op, OutboxEntry::Op::Update);
    QCOMPARE(stored[0].baseVersion, 7);
    QCOMPARE(stored[0].before.value(QStringLiteral("stageId")).toString(), QStringLiteral("s1"));
    QCOMPARE(stored[0].before.value(QStringLiteral("position")).toDouble(), 1024.0);
    QCOMPARE(stored[0].before.size(), 2); // only the fields the change touches
    QCOMPARE(stored[0].label, QStringLiteral("Kickoff"));

    QCOMPARE(stored[1].baseVersion, 4);
    QVERIFY(stored[1].before.contains(QStringLiteral("description")));
    QVERIFY(stored[1].before.value(QStringLiteral("description")).isNull());

    // Made on top of the row as shown, my earlier change included; still on the server's v7.
    QCOMPARE(stored[2].baseVersion, 7);
    QCOMPARE(stored[2].before.value(QStringLiteral("title")).toString(), QStringLiteral("Kickoff"));
}

void TestLocalCache::enqueueKeepsGivenMutationId()
{
    // A replay must not get a new id: the server recognises the change by it.
    QVERIFY(seedCards());
    QString error;
    QList<OutboxEntry> batch{
        update(QStringLiteral("card-1"), {{QStringLiteral("title"), QStringLiteral("X")}})};
    batch[0].mutationId = QStringLiteral("7f0d7c3c-6a55-4b83-9d2e-000000000001");
    QVERIFY2(m_cache->outbox().enqueue(&batch, &error), qPrintable(error));
    QCOMPARE(m_cache->outbox().entries(&error).first().mutationId,
             QStringLiteral("7f0d7c3c-6a55-4b83-9d2e-000000000001"));
}

void TestLocalCache::enqueueOverlaysDataAndMarksDirty()
{
    QVERIFY(seedCards());
    QString error;
    QList<OutboxEntry> batch{
        update(QStringLiteral("card-1"),
               {{QStringLiteral("stageId"), QStringLiteral("s2")}, {QStringLiteral("position"), 512.5}})};
    QVERIFY2(m_cache->outbox().enqueue(&batch, &error), qPrintable(error));

    const std::optional<CachedRow> row = m_cache->rows().get(kItem, QStringLiteral("card-1"), &error);
    QVERIFY(row);
    QVERIFY(row->dirty);
    QCOMPARE(row->version, 7); // the server has not seen it yet
    QCOMPARE(row->data.value(QStringLiteral("stageId")).toString(), QStringLiteral("s2"));
    QCOMPARE(row->data.value(QStringLiteral("position")).toDouble(), 512.5);
    QCOMPARE(row->data.value(QStringLiteral("title")).toString(), QStringLiteral("Kickoff"));
    QVERIFY(!m_cache->rows().get(kItem, QStringLiteral("card-2"), &error)->dirty);
}

void TestLocalCache::enqueueCreateInsertsRowUnderParent()
{
    QString error;
    QList<OutboxEntry> batch{BoardCache::createEntry(
        QStringLiteral("new-card"), kPipeline, QStringLiteral("s1"), QStringLiteral("  Fresh  "), 4096.0)};
    QVERIFY2(m_cache->outbox().enqueue(&batch, &error), qPrintable(error));

    const QList<CachedRow> rows = m_cache->rows().children(kItem, kPipeline, &error);
    QCOMPARE(rows.size(), 1);
    const CachedRow& row = rows.first();
    QCOMPARE(row.id, QStringLiteral("new-card"));
    QCOMPARE(row.version, 0); // not on the server yet
    QVERIFY(row.dirty);
    QCOMPARE(row.data.value(QStringLiteral("title")).toString(), QStringLiteral("Fresh"));
    QCOMPARE(row.data.value(QStringLiteral("deletedAt")).toBool(), false); // shown on the board
    QCOMPARE(row.parent, kPipeline); // where the create said it goes
    const OutboxEntry stored = m_cache->outbox().entries(&error).first();
    QCOMPARE(stored.op, OutboxEntry::Op::Create);
    QCOMPARE(stored.baseVersion, 0);
}

void TestLocalCache::createAppliedBecomesServerRow()
{
    QString error;
    QList<OutboxEntry> batch{BoardCache::createEntry(QStringLiteral("new-card"), kPipeline,
                                                     QStringLiteral("s1"), QStringLiteral("Fresh"), 4096.0)};
    QVERIFY2(m_cache->outbox().enqueue(&batch, &error), qPrintable(error));
    QVERIFY2(m_cache->outbox().markApplied(batch[0], 1, &error), qPrintable(error));

    const std::optional<CachedRow> row = m_cache->rows().get(kItem, QStringLiteral("new-card"), &error);
    QVERIFY(row);
    QCOMPARE(row->version, 1);
    QVERIFY(!row->dirty);
    QCOMPARE(row->parent, kPipeline);
    QCOMPARE(row->data.value(QStringLiteral("title")).toString(), QStringLiteral("Fresh"));
    QCOMPARE(row->data.value(QStringLiteral("deletedAt")).toBool(), false);
    // Now a server row like any other: a refresh that no longer lists it drops it.
    QVERIFY(m_cache->rows().store(kItem, kPipeline, {}, true, &error));
    QVERIFY(!m_cache->rows().get(kItem, QStringLiteral("new-card"), &error));
}

void TestLocalCache::discardCreateRemovesRow()
{
    QString error;
    QList<OutboxEntry> batch{BoardCache::createEntry(QStringLiteral("new-card"), kPipeline,
                                                     QStringLiteral("s1"), QStringLiteral("Fresh"), 4096.0)};
    QVERIFY2(m_cache->outbox().enqueue(&batch, &error), qPrintable(error));
    QVERIFY2(m_cache->outbox().discard(batch[0].seq, &error), qPrintable(error));
    // The row never reached the server: nothing of it may linger on the board.
    QVERIFY(!m_cache->rows().get(kItem, QStringLiteral("new-card"), &error));
    QVERIFY(m_cache->rows().children(kItem, kPipeline, &error).isEmpty());
    QCOMPARE(m_cache->outbox().counts().total(), 0);
}

void TestLocalCache::outboxKeepsValuesExact()
{
    QString error;
    QVERIFY(m_cache->rows().store(kItem, kPipeline,
                                  {card(QStringLiteral("card-1"), 3,
                                        {{QStringLiteral("dueDate"), qlonglong(1700000000000LL)},
                                         {QStringLiteral("budgetCents"), qlonglong(9007199254740993LL)},
                                         {QStringLiteral("description"), QStringLiteral("")},
                                         {QStringLiteral("isTerminal"), false}})},
                                  false, &error));
    // The merge on replay compares these values: they must come back as they went in.
    QList<OutboxEntry> batch{update(QStringLiteral("card-1"),
                                    {{QStringLiteral("dueDate"), qlonglong(1700000000001LL)},
                                     {QStringLiteral("budgetCents"), qlonglong(9007199254740995LL)},
                                     {QStringLiteral("description"), QVariant()},
                                     {QStringLiteral("isTerminal"), true}})};
    QVERIFY2(m_cache->outbox().enqueue(&batch, &error), qPrintable(error));

    const OutboxEntry e = m_cache->outbox().entries(&error).first();
    QCOMPARE(e.fields.value(QStringLiteral("dueDate")).toLongLong(), 1700000000001LL);
    QCOMPARE(e.before.value(QStringLiteral("dueDate")).toLongLong(), 1700000000000LL);
    QCOMPARE(e.fields.value(QStringLiteral("budgetCents")).toLongLong(), 9007199254740995LL);
    QCOMPARE(e.before.value(QStringLiteral("budgetCents")).toLongLong(), 9007199254740993LL);
    QVERIFY(e.fields.contains(QStringLiteral("description")));
    QVERIFY(e.fields.value(QStringLiteral("description")).isNull());
    QCOMPARE(e.fields.value(QStringLiteral("isTerminal")).typeId(), QMetaType::Bool);
    QCOMPARE(e.before.value(QStringLiteral("isTerminal")).typeId(), QMetaType::Bool);
    QCOMPARE(e.fields.value(QStringLiteral("isTerminal")).toBool(), true);
    QCOMPARE(dataOf(QStringLiteral("card-1"), QStringLiteral("budgetCents")),
             QStringLiteral("9007199254740995"));
}

void TestLocalCache::enqueueUncachedUpdateFailsAndWritesNothing()
{
    QVERIFY(seedCards());
    QString error;
    // The first entry is fine; the batch is one transaction, so it must not land either.
    QList<OutboxEntry> batch{
        update(QStringLiteral("card-1"), {{QStringLiteral("title"), QStringLiteral("Mine")}}),
        update(QStringLiteral("never-loaded"), {{QStringLiteral("title"), QStringLiteral("X")}})};
    QVERIFY(!m_cache->outbox().enqueue(&batch, &error));
    QVERIFY(error.contains(QStringLiteral("never-loaded")));
    QVERIFY(error.contains(kItem));

    const OutboxStore::Counts counts = m_cache->outbox().counts(&error);
    QCOMPARE(counts.total(), 0);
    QVERIFY(m_cache->outbox().entries().isEmpty());
    QVERIFY(!m_cache->rows().get(kItem, QStringLiteral("never-loaded"), &error));
    const std::optional<CachedRow> row = m_cache->rows().get(kItem, QStringLiteral("card-1"), &error);
    QVERIFY(!row->dirty);
    QCOMPARE(row->data.value(QStringLiteral("title")).toString(), QStringLiteral("Kickoff"));

    // The connection is usable afterwards: no transaction was left open.
    QList<OutboxEntry> ok{
        update(QStringLiteral("card-1"), {{QStringLiteral("title"), QStringLiteral("Mine")}})};
    QVERIFY2(m_cache->outbox().enqueue(&ok, &error), qPrintable(error));
    QCOMPARE(m_cache->outbox().counts().pending, 1);
}

void TestLocalCache::refreshKeepsLocalFieldsOverServerValues()
{
    QVERIFY(seedCards());
    QString error;
    QList<OutboxEntry> batch{
        update(QStringLiteral("card-1"), {{QStringLiteral("stageId"), QStringLiteral("s2")}})};
    QVERIFY2(m_cache->outbox().enqueue(&batch, &error), qPrintable(error));

    // A colleague renamed the card meanwhile; the board reloads.
    QVERIFY2(m_cache->rows().store(
                 kItem, kPipeline,
                 {card(QStringLiteral("card-1"), 8,
                       cardData(QStringLiteral("Kickoff (moved to Friday)"), QStringLiteral("s1"), 1024.0)),
                  card(QStringLiteral("card-2"), 4,
                       cardData(QStringLiteral("Budget"), QStringLiteral("s1"), 2048.0))},
                 true, &error),
             qPrintable(error));

    const std::optional<CachedRow> row = m_cache->rows().get(kItem, QStringLiteral("card-1"), &error);
    QVERIFY(row);
    QCOMPARE(row->version, 8);
    QVERIFY(row->dirty);
    QCOMPARE(row->data.value(QStringLiteral("title")).toString(),
             QStringLiteral("Kickoff (moved to Friday)"));
    QCOMPARE(row->data.value(QStringLiteral("stageId")).toString(), QStringLiteral("s2"));
    // The change still says what it was made against: the merge on replay needs that.
    QCOMPARE(m_cache->outbox().entries(&error).first().baseVersion, 7);
}

void TestLocalCache::markAppliedRemovesEntryAndSetsVersion()
{
    QVERIFY(seedCards());
    QString error;
    QList<OutboxEntry> batch{
        update(QStringLiteral("card-1"), {{QStringLiteral("stageId"), QStringLiteral("s2")}})};
    QVERIFY2(m_cache->outbox().enqueue(&batch, &error), qPrintable(error));
    QVERIFY2(m_cache->outbox().markApplied(batch[0], 8, &error), qPrintable(error));

    QVERIFY(m_cache->outbox().entries(&error).isEmpty());
    QVERIFY(!m_cache->outbox().entry(batch[0].seq));
    const std::optional<CachedRow> row = m_cache->rows().get(kItem, QStringLiteral("card-1"), &error);
    QCOMPARE(row->version, 8);
    QVERIFY(!row->dirty);
    QCOMPARE(row->data.value(QStringLiteral("stageId")).toString(), QStringLiteral("s2"));
    QCOMPARE(row->data.value(QStringLiteral("deletedAt")).toBool(), false);

    // The applied value is now the server's: a later rejected change falls back to it.
    QList<OutboxEntry> next{
        update(QStringLiteral("card-1"), {{QStringLiteral("stageId"), QStringLiteral("s3")}})};
    QVERIFY(m_cache->outbox().enqueue(&next, &error));
    QCOMPARE(next[0].before.value(QStringLiteral("stageId")).toString(), QStringLiteral("s2"));
    QCOMPARE(next[0].baseVersion, 8);
    QVERIFY(m_cache->outbox().markRejected(next[0], QStringLiteral("no"), &error));
    QCOMPARE(dataOf(QStringLiteral("card-1"), QStringLiteral("stageId")), QStringLiteral("s2"));
}

void TestLocalCache::markAppliedRebasesOnlySameRow()
{
    QVERIFY(seedCards());
    QString error;
    QList<OutboxEntry> batch{
        update(QStringLiteral("card-1"), {{QStringLiteral("stageId"), QStringLiteral("s2")}}),
        update(QStringLiteral("card-2"), {{QStringLiteral("title"), QStringLiteral("Budget 2025")}}),
        update(QStringLiteral("card-1"), {{QStringLiteral("title"), QStringLiteral("Kickoff call")}}),
    };
    QVERIFY2(m_cache->outbox().enqueue(&batch, &error), qPrintable(error));
    QVERIFY2(m_cache->outbox().markApplied(batch[0], 8, &error), qPrintable(error));

    const QList<OutboxEntry> left = m_cache->outbox().entries(&error);
    QCOMPARE(left.size(), 2);
    QCOMPARE(left[0].rowId, QStringLiteral("card-2"));
    QCOMPARE(left[0].baseVersion, 4); // another row: untouched
    QCOMPARE(left[1].seq, batch[2].seq);
    QCOMPARE(left[1].baseVersion, 8); // the same row: now made on top of v8

    // card-1 still shows its open change, on top of the applied one.
    const std::optional<CachedRow> row = m_cache->rows().get(kItem, QStringLiteral("card-1"), &error);
    QCOMPARE(row->version, 8);
    QVERIFY(row->dirty);
    QCOMPARE(row->data.value(QStringLiteral("title")).toString(), QStringLiteral("Kickoff call"));
    QCOMPARE(row->data.value(QStringLiteral("stageId")).toString(), QStringLiteral("s2"));

    QVERIFY2(m_cache->outbox().markApplied(left[1], 9, &error), qPrintable(error));
    QVERIFY(!m_cache->rows().get(kItem, QStringLiteral("card-1"), &error)->dirty);
    QCOMPARE(m_cache->rows().get(kItem, QStringLiteral("card-1"), &error)->version, 9);
    QVERIFY(m_cache->rows().get(kItem, QStringLiteral("card-2"), &error)->dirty);
}

void TestLocalCache::markRetryKeepsEntryPending()
{
    QVERIFY(seedCards());
    QString error;
    QList<OutboxEntry> batch{
        update(QStringLiteral("card-1"), {{QStringLiteral("title"), QStringLiteral("Mine")}})};
    QVERIFY(m_cache->outbox().enqueue(&batch, &error));
    QVERIFY2(
        m_cache->outbox().markRetry(batch[0], QStringLiteral("connection refused"), 1700000000000LL, &error),
        qPrintable(error));
    QVERIFY2(m_cache->outbox().markRetry(batch[0], QStringLiteral("timeout"), 1700000005000LL, &error),
             qPrintable(error));

    const OutboxEntry e = *m_cache->outbox().entry(batch[0].seq, &error);
    QCOMPARE(e.state, OutboxEntry::State::Pending);
    QCOMPARE(e.attempts, 2);
    QCOMPARE(e.nextAttemptMs, 1700000005000LL);
    QCOMPARE(e.error, QStringLiteral("timeout"));
    QCOMPARE(dataOf(QStringLiteral("card-1"), QStringLiteral("title")), QStringLiteral("Mine"));
}

void TestLocalCache::markRejectedRestoresServerValue()
{
    QVERIFY(seedCards());
    QString error;
    QList<OutboxEntry> batch{
        update(QStringLiteral("card-1"), {{QStringLiteral("title"), QStringLiteral("Mine")}})};
    QVERIFY(m_cache->outbox().enqueue(&batch, &error));
    QVERIFY2(m_cache->outbox().markRejected(batch[0], QStringLiteral("permission denied"), &error),
             qPrintable(error));

    const std::optional<CachedRow> row = m_cache->rows().get(kItem, QStringLiteral("card-1"), &error);
    QCOMPARE(row->data.value(QStringLiteral("title")).toString(), QStringLiteral("Kickoff"));
    QVERIFY(!row->dirty);
    // Kept for the Sync panel, with the server's reason.
    const OutboxEntry e = *m_cache->outbox().entry(batch[0].seq, &error);
    QCOMPARE(e.state, OutboxEntry::State::Rejected);
    QCOMPARE(e.error, QStringLiteral("permission denied"));
    QCOMPARE(e.attempts, 1);
}

void TestLocalCache::markRejectedKeepsLaterChangeOfSameField()
{
    QVERIFY(seedCards());
    QString error;
    QList<OutboxEntry> batch{
        update(QStringLiteral("card-1"), {{QStringLiteral("title"), QStringLiteral("First")}}),
        update(QStringLiteral("card-1"),
               {{QStringLiteral("title"), QStringLiteral("Second")}, {QStringLiteral("priority"), 5}})};
    QVERIFY(m_cache->outbox().enqueue(&batch, &error));

    // The later change still stands: the row shows it, not the server's value.
    QVERIFY(m_cache->outbox().markRejected(batch[0], QStringLiteral("check constraint"), &error));
    QCOMPARE(dataOf(QStringLiteral("card-1"), QStringLiteral("title")), QStringLiteral("Second"));
    QVERIFY(m_cache->rows().get(kItem, QStringLiteral("card-1"), &error)->dirty);

    // Rejecting the later one instead leaves the earlier one's value.
    QVERIFY(m_cache->outbox().retryNow(batch[0].seq, &error));
    QVERIFY(m_cache->outbox().markRejected(batch[1], QStringLiteral("check constraint"), &error));
    QCOMPARE(dataOf(QStringLiteral("card-1"), QStringLiteral("title")), QStringLiteral("First"));
    QCOMPARE(m_cache->rows()
                 .get(kItem, QStringLiteral("card-1"), &error)
                 ->data.value(QStringLiteral("priority"))
                 .toInt(),
             2);
}

void TestLocalCache::retryNowReappliesRejectedChange()
{
    QVERIFY(seedCards());
    QString error;
    QList<OutboxEntry> batch{
        update(QStringLiteral("card-1"), {{QStringLiteral("title"), QStringLiteral("Mine")}})};
    QVERIFY(m_cache->outbox().enqueue(&batch, &error));
    QVERIFY(m_cache->outbox().markRejected(batch[0], QStringLiteral("row-level security"), &error));
    QVERIFY2(m_cache->outbox().retryNow(batch[0].seq, &error), qPrintable(error));

    const OutboxEntry e = *m_cache->outbox().entry(batch[0].seq, &error);
    QCOMPARE(e.state, OutboxEntry::State::Pending);
    QCOMPARE(e.nextAttemptMs, qint64(0));
    QCOMPARE(dataOf(QStringLiteral("card-1"), QStringLiteral("title")), QStringLiteral("Mine"));
    QVERIFY(m_cache->rows().get(kItem, QStringLiteral("card-1"), &error)->dirty);
}

void TestLocalCache::markConflictRecordsTheirs()
{
    QVERIFY(seedCards());
    QString error;
    QList<OutboxEntry> batch{
        update(QStringLiteral("card-1"), {{QStringLiteral("title"), QStringLiteral("Mine")}})};
    QVERIFY(m_cache->outbox().enqueue(&batch, &error));
    QVERIFY2(m_cache->outbox().markConflict(batch[0], {{QStringLiteral("title"), QStringLiteral("Theirs")}},
                                            9, {QStringLiteral("title")}, &error),
             qPrintable(error));

    const OutboxEntry e = *m_cache->outbox().entry(batch[0].seq, &error);
    QCOMPARE(e.state, OutboxEntry::State::Conflict);
    QCOMPARE(e.theirs.value(QStringLiteral("title")).toString(), QStringLiteral("Theirs"));
    QCOMPARE(e.theirsVersion, 9);
    QCOMPARE(e.conflicting, QStringList{QStringLiteral("title")});
    QVERIFY(!e.rowDeletedOnServer());
    // Until a person decides, my value stays visible and nothing is lost.
    QCOMPARE(dataOf(QStringLiteral("card-1"), QStringLiteral("title")), QStringLiteral("Mine"));
    QCOMPARE(m_cache->outbox().counts().conflicts, 1);
    QCOMPARE(m_cache->outbox().counts().pending, 0);
}

void TestLocalCache::keepMineRebasesOnTheirs()
{
    QVERIFY(seedCards());
    QString error;
    QList<OutboxEntry> batch{
        update(QStringLiteral("card-1"), {{QStringLiteral("title"), QStringLiteral("Mine")}})};
    QVERIFY(m_cache->outbox().enqueue(&batch, &error));
    // keepMine applies only to conflicts.
    QVERIFY(!m_cache->outbox().keepMine(batch[0].seq, &error));
    QVERIFY(!error.isEmpty());
    error.clear();

    QVERIFY(m_cache->outbox().markRetry(batch[0], QStringLiteral("timeout"), 1, &error));
    QVERIFY(m_cache->outbox().markConflict(batch[0], {{QStringLiteral("title"), QStringLiteral("Theirs")}}, 9,
                                           {QStringLiteral("title")}, &error));
    QVERIFY2(m_cache->outbox().keepMine(batch[0].seq, &error), qPrintable(error));

    const OutboxEntry e = *m_cache->outbox().entry(batch[0].seq, &error);
    QCOMPARE(e.state, OutboxEntry::State::Pending);
    QCOMPARE(e.baseVersion, 9);
    QCOMPARE(e.before.value(QStringLiteral("title")).toString(), QStringLiteral("Theirs"));
    QCOMPARE(e.fields.value(QStringLiteral("title")).toString(), QStringLiteral("Mine"));
    QCOMPARE(e.attempts, 0);
    QCOMPARE(e.nextAttemptMs, qint64(0));
    QVERIFY(e.error.isEmpty());
    QCOMPARE(dataOf(QStringLiteral("card-1"), QStringLiteral("title")), QStringLiteral("Mine"));
    QCOMPARE(m_cache->outbox().counts().pending, 1);
    QCOMPARE(m_cache->outbox().counts().conflicts, 0);
}

void TestLocalCache::discardConflictShowsTheirs()
{
    QVERIFY(seedCards());
    QString error;
    QList<OutboxEntry> batch{
        update(QStringLiteral("card-1"), {{QStringLiteral("title"), QStringLiteral("Mine")}})};
    QVERIFY(m_cache->outbox().enqueue(&batch, &error));
    QVERIFY(m_cache->outbox().markConflict(batch[0], {{QStringLiteral("title"), QStringLiteral("Theirs")}}, 9,
                                           {QStringLiteral("title")}, &error));
    QVERIFY2(m_cache->outbox().discard(batch[0].seq, &error), qPrintable(error));

    QVERIFY(m_cache->outbox().entries(&error).isEmpty());
    const std::optional<CachedRow> row = m_cache->rows().get(kItem, QStringLiteral("card-1"), &error);
    QCOMPARE(row->data.value(QStringLiteral("title")).toString(), QStringLiteral("Theirs"));
    QCOMPARE(row->data.value(QStringLiteral("stageId")).toString(),
             QStringLiteral("s1")); // not in theirs: kept
    QCOMPARE(row->version, 9);
    QVERIFY(!row->dirty);

    // Discarding twice is an error, not a silent success.
    QVERIFY(!m_cache->outbox().discard(batch[0].seq, &error));
}

void TestLocalCache::discardPendingShowsServerValues()
{
    QVERIFY(seedCards());
    QString error;
    QList<OutboxEntry> batch{
        update(QStringLiteral("card-1"), {{QStringLiteral("title"), QStringLiteral("Mine")}})};
    QVERIFY(m_cache->outbox().enqueue(&batch, &error));
    QVERIFY2(m_cache->outbox().discard(batch[0].seq, &error), qPrintable(error));

    const std::optional<CachedRow> row = m_cache->rows().get(kItem, QStringLiteral("card-1"), &error);
    QCOMPARE(row->data.value(QStringLiteral("title")).toString(), QStringLiteral("Kickoff"));
    QCOMPARE(row->version, 7);
    QVERIFY(!row->dirty);
}

void TestLocalCache::recreateRefusedForNormalConflict()
{
    QVERIFY(seedCards());
    QString error;
    QList<OutboxEntry> batch{
        update(QStringLiteral("card-1"), {{QStringLiteral("title"), QStringLiteral("Mine")}})};
    QVERIFY(m_cache->outbox().enqueue(&batch, &error));
    // Still pending: nothing to recreate.
    QVERIFY(!m_cache->outbox().recreate(batch[0].seq, &error));
    error.clear();

    // The row exists on the server (version 9): recreating would be wrong.
    QVERIFY(m_cache->outbox().markConflict(batch[0], {{QStringLiteral("title"), QStringLiteral("Theirs")}}, 9,
                                           {QStringLiteral("title")}, &error));
    QVERIFY(!m_cache->outbox().recreate(batch[0].seq, &error));
    QVERIFY(!error.isEmpty());

    const OutboxEntry e = *m_cache->outbox().entry(batch[0].seq);
    QCOMPARE(e.state, OutboxEntry::State::Conflict);
    QCOMPARE(e.op, OutboxEntry::Op::Update);
}

void TestLocalCache::recreateRestoresRowDeletedOnServer()
{
    QVERIFY(seedCards());
    QString error;
    QList<OutboxEntry> batch{
        update(QStringLiteral("card-1"), {{QStringLiteral("title"), QStringLiteral("Mine")}})};
    QVERIFY(m_cache->outbox().enqueue(&batch, &error));
    // Deleted on the server at version 12: theirsVersion 0, deletedVersion 12.
    QVERIFY(m_cache->outbox().markGone(batch[0], {}, 12, {}, &error));
    QVERIFY(m_cache->outbox().entry(batch[0].seq)->rowDeletedOnServer());
    // My values cannot be kept on a row that is gone: that is what recreate is for.
    QVERIFY(!m_cache->outbox().keepMine(batch[0].seq, &error));
    error.clear();

    QVERIFY2(m_cache->outbox().recreate(batch[0].seq, &error), qPrintable(error));
    const OutboxEntry e = *m_cache->outbox().entry(batch[0].seq);
    QCOMPARE(e.state, OutboxEntry::State::Pending);
    QCOMPARE(e.op, OutboxEntry::Op::Restore);
    QCOMPARE(e.baseVersion, 12);
    QCOMPARE(e.fields.value(QStringLiteral("title")).toString(), QStringLiteral("Mine"));
}

void TestLocalCache::countsByState()
{
    QVERIFY(seedCards());
    QString error;
    QCOMPARE(m_cache->outbox().counts(&error).total(), 0);
    QList<OutboxEntry> batch{
        update(QStringLiteral("card-1"), {{QStringLiteral("title"), QStringLiteral("A")}}),
        update(QStringLiteral("card-1"), {{QStringLiteral("title"), QStringLiteral("B")}}),
        update(QStringLiteral("card-2"), {{QStringLiteral("title"), QStringLiteral("C")}}),
        update(QStringLiteral("card-2"), {{QStringLiteral("title"), QStringLiteral("D")}})};
    QVERIFY(m_cache->outbox().enqueue(&batch, &error));
    QVERIFY(m_cache->outbox().markConflict(batch[1], {{QStringLiteral("title"), QStringLiteral("T")}}, 8,
                                           {QStringLiteral("title")}, &error));
    QVERIFY(m_cache->outbox().markRejected(batch[2], QStringLiteral("no"), &error));

    const OutboxStore::Counts counts = m_cache->outbox().counts(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(counts.pending, 2);
    QCOMPARE(counts.conflicts, 1);
    QCOMPARE(counts.rejected, 1);
    QCOMPARE(counts.total(), 4);

    QVERIFY(m_cache->outbox().markApplied(batch[0], 8, &error));
    QCOMPARE(m_cache->outbox().counts().pending, 1);
    QCOMPARE(m_cache->outbox().counts().total(), 3);
}

void TestLocalCache::secondConnectionSeesCommittedChanges()
{
    QVERIFY(seedCards());
    // As another thread or astralis-cli would: its own connection on the same file.
    LocalCache other;
    QString error;
    QVERIFY2(other.open(m_path, &error), qPrintable(error));
    QCOMPARE(other.rows().get(kItem, QStringLiteral("card-1"), &error)->version, 7);

    QList<OutboxEntry> batch{
        update(QStringLiteral("card-1"), {{QStringLiteral("title"), QStringLiteral("Mine")}})};
    QVERIFY(m_cache->outbox().enqueue(&batch, &error));
    const QList<OutboxEntry> seen = other.outbox().entries(&error);
    QCOMPARE(seen.size(), 1);
    QCOMPARE(seen.first().mutationId, batch[0].mutationId);
    QCOMPARE(other.outbox().counts().pending, 1);
    QCOMPARE(other.rows()
                 .get(kItem, QStringLiteral("card-1"), &error)
                 ->data.value(QStringLiteral("title"))
                 .toString(),
             QStringLiteral("Mine"));

    // And the other way round: the replayer on another connection applies it.
    QVERIFY2(other.outbox().markApplied(seen.first(), 8, &error), qPrintable(error));
    QCOMPARE(m_cache->outbox().counts().total(), 0);
    QCOMPARE(m_cache->rows().get(kItem, QStringLiteral("card-1"), &error)->version, 8);
}

void TestLocalCache::metaRoundTrip()
{
    QString error;
    QVERIFY(m_cache->meta().value(QStringLiteral("offlineSince")).isEmpty());
    QVERIFY2(
        m_cache->meta().setValue(QStringLiteral("offlineSince"), QStringLiteral("1700000000000"), &error),
        qPrintable(error));
    QVERIFY(
        m_cache->meta().setValue(QStringLiteral("offlineSince"), QStringLiteral("1700000000500"), &error));
    QCOMPARE(m_cache->meta().value(QStringLiteral("offlineSince")), QStringLiteral("1700000000500"));
}

void TestLocalCache::providerCacheRoundTripAndOverwrite()
{
    QString error;
    QVERIFY(!m_cache->providers().response(QStringLiteral("req-1")));
    // Responses are bytes, not text: embedded NUL and non-UTF-8 must survive.
    const QByteArray first("{\"choices\":[]}\0\xff\xfe", 17);
    QVERIFY2(
        m_cache->providers().storeResponse(QStringLiteral("req-1"), QStringLiteral("openai"), first, &error),
        qPrintable(error));
    QCOMPARE(m_cache->providers().response(QStringLiteral("req-1")).value_or(QByteArray()), first);

    const QByteArray second("{\"choices\":[1]}");
    QVERIFY2(
        m_cache->providers().storeResponse(QStringLiteral("req-1"), QStringLiteral("openai"), second, &error),
        qPrintable(error));
    QCOMPARE(m_cache->providers().response(QStringLiteral("req-1")).value_or(QByteArray()), second);
    QVERIFY(!m_cache->providers().response(QStringLiteral("req-2")));
}

void TestLocalCache::pathForIdentifiesServerAndLogin_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("database");

    QTest::newRow("other login") << QStringLiteral("bob") << QStringLiteral("db.example.com") << 5432
                                 << QStringLiteral("astralis");
    QTest::newRow("other host") << QStringLiteral("alice") << QStringLiteral("db2.example.com") << 5432
                                << QStringLiteral("astralis");
    QTest::newRow("other port") << QStringLiteral("alice") << QStringLiteral("db.example.com") << 5433
                                << QStringLiteral("astralis");
    QTest::newRow("other database") << QStringLiteral("alice") << QStringLiteral("db.example.com") << 5432
                                    << QStringLiteral("astralis_staging");
}

void TestLocalCache::pathForIdentifiesServerAndLogin()
{
    QFETCH(QString, user);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, database);

    ConnectionSettings reference;
    reference.user = QStringLiteral("alice");
    reference.host = QStringLiteral("db.example.com");
    reference.port = 5432;
    reference.database = QStringLiteral("astralis");
    ConnectionSettings other = reference;
    other.user = user;
    other.host = host;
    other.port = port;
    other.database = database;

    const QString path = CacheFiles::pathFor(other);
    QVERIFY(path != CacheFiles::pathFor(reference));
    QCOMPARE(CacheFiles::pathFor(other), path); // stable
    const QString folder
        = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/cache/");
    QVERIFY2(path.startsWith(folder), qPrintable(path));
    QVERIFY(path.endsWith(QStringLiteral(".sqlite")));
}

void TestLocalCache::pathForNeverContainsPassword()
{
    ConnectionSettings settings;
    settings.user = QStringLiteral("alice");
    settings.host = QStringLiteral("db.example.com");
    settings.database = QStringLiteral("astralis");
    settings.password = QStringLiteral("Tr0ub4dor-3");
    const QString path = CacheFiles::pathFor(settings);
    QVERIFY(!path.contains(settings.password));

    // Nor does the password pick the file: a changed password opens the same cache.
    ConnectionSettings changed = settings;
    changed.password = QStringLiteral("correct horse battery staple");
    QCOMPARE(CacheFiles::pathFor(changed), path);
    changed.password.clear();
    QCOMPARE(CacheFiles::pathFor(changed), path);
}

void TestLocalCache::instanceFitDecides_data()
{
    QTest::addColumn<QString>("cached");
    QTest::addColumn<QString>("server");
    QTest::addColumn<int>("fit");
    QTest::newRow("same database") << QStringLiteral("a:1") << QStringLiteral("a:1")
                                   << int(CacheFiles::Fit::Same);
    QTest::newRow("cache from before instance ids")
        << QString() << QStringLiteral("a:1") << int(CacheFiles::Fit::Adopt);
    QTest::newRow("another database")
        << QStringLiteral("a:1") << QStringLiteral("b:1") << int(CacheFiles::Fit::Other);
    // A restored copy in another cluster: same id from the migration, another system identifier.
    QTest::newRow("restored in another cluster")
        << QStringLiteral("a:1") << QStringLiteral("a:2") << int(CacheFiles::Fit::Other);
}

void TestLocalCache::instanceFitDecides()
{
    QFETCH(QString, cached);
    QFETCH(QString, server);
    QFETCH(int, fit);
    QCOMPARE(int(CacheFiles::fit(cached, server)), fit);
}

void TestLocalCache::chooseAdoptsOldCacheThenKeepsDatabasesApart()
{
    ConnectionSettings settings;
    settings.host = QStringLiteral("localhost");
    settings.port = 5433; // an SSH tunnel's local end
    settings.database = QStringLiteral("astralis-%1").arg(QUuid::createUuid().toString(QUuid::Id128));
    settings.user = QStringLiteral("alice");
    const QString base = CacheFiles::basePathFor(settings);
    QCOMPARE(CacheFiles::pathFor(settings), base); // nothing recorded yet
    QString error;
    {
        // A cache made by the previous version: no instance id, one change waiting.
        LocalCache old;
        QVERIFY2(old.open(base, &error), qPrintable(error));
        QVERIFY(old.rows().store(
            kItem, kPipeline,
            {card(QStringLiteral("card-1"), 7, cardData(QStringLiteral("K"), QStringLiteral("s1"), 1.0))},
            true, &error));
        QList<OutboxEntry> entries
            = {update(QStringLiteral("card-1"), {{QStringLiteral("title"), QStringLiteral("Mine")}})};
        QVERIFY2(old.outbox().enqueue(&entries, &error), qPrintable(error));
        QVERIFY(old.meta().instanceId().isEmpty());
    }
    const QString a = QStringLiteral("11111111-aaaa:7001");
    const QString b = QStringLiteral("22222222-bbbb:7002");
    const QString stem = base.left(base.size() - int(qstrlen(".sqlite")));
    const auto removeFiles = qScopeGuard([&] {
        for (const QString& path :
             QStringList{base, CacheFiles::pathFor(settings, a), CacheFiles::pathFor(settings, b),
                         stem + QStringLiteral(".index"), stem + QStringLiteral(".lock")}) {
            for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
                QFile::remove(path + suffix);
        }
    });

    // The first database reached adopts it, changes and all.
    CacheFiles::Choice choice = CacheFiles::choose(settings, a);
    QVERIFY2(choice.ok, qPrintable(choice.error));
    QCOMPARE(choice.path, base);
    QVERIFY(choice.adopted);
    QVERIFY(!choice.switched);
    {
        LocalCache cache;
        QVERIFY(cache.open(base, &error));
        QCOMPARE(cache.meta().instanceId(), a);
        QCOMPARE(cache.meta().adoptInstance(b, &error), a); // tied once, never re-tied
    }

    // Another database behind the same address: a cache of its own; the first keeps its change.
    choice = CacheFiles::choose(settings, b);
    QVERIFY2(choice.ok, qPrintable(choice.error));
    QVERIFY(choice.switched);
    QCOMPARE(choice.previousPath, base);
    QCOMPARE(choice.previousInstance, a);
    QCOMPARE(choice.previousUnsent, 1);
    QCOMPARE(choice.path, CacheFiles::pathFor(settings, b));
    QVERIFY(choice.path != base);
    QCOMPARE(CacheFiles::pathFor(settings), choice.path); // a cold start opens the last one used
    QCOMPARE(modeOf(choice.path), 0600);
    const QList<CacheFiles::Held> held = CacheFiles::held(settings, choice.path);
    QCOMPARE(held.size(), 1);
    QCOMPARE(held.first().path, base);
    QCOMPARE(held.first().instanceId, a);
    QCOMPARE(held.first().unsent, 1);
    {
        LocalCache cache;
        QVERIFY(cache.open(choice.path, &error));
        QCOMPARE(cache.meta().instanceId(), b);
        QCOMPARE(cache.outbox().counts().total(), 0);
    }
    // Asked again: the same answer, nothing switched.
    const CacheFiles::Choice again = CacheFiles::choose(settings, b);
    QVERIFY(again.ok && !again.switched && !again.adopted);
    QCOMPARE(again.path, choice.path);

    // The first database is back: its own cache again, with the change still waiting.
    choice = CacheFiles::choose(settings, a);
    QVERIFY2(choice.ok, qPrintable(choice.error));
    QVERIFY(choice.switched);
    QCOMPARE(choice.previousUnsent, 0);
    QCOMPARE(choice.path, base);
    QCOMPARE(CacheFiles::pathFor(settings), base);
    QVERIFY(CacheFiles::held(settings, base).isEmpty());
    {
        LocalCache cache;
        QVERIFY(cache.open(base, &error));
        QCOMPARE(cache.outbox().counts().pending, 1);
    }
    // Nothing in the file names or the index but hashes: no host, database, login or instance.
    const QDir folder(QFileInfo(base).absolutePath());
    for (const QString& name : folder.entryList(QDir::Files)) {
        for (const QString& part : {settings.database, a, b, QStringLiteral("alice")})
            QVERIFY2(!name.contains(part), qPrintable(name));
        if (name.endsWith(QLatin1String(".index"))) {
            QFile index(folder.filePath(name));
            QVERIFY(index.open(QIODevice::ReadOnly));
            const QByteArray text = index.readAll();
            QVERIFY2(!text.contains(a.toUtf8()) && !text.contains(b.toUtf8()), text.constData());
            QCOMPARE(modeOf(folder.filePath(name)), 0600);
        }
    }
}

void TestLocalCache::indexNeverLeadsOutOfTheCacheFolder()
{
    ConnectionSettings settings;
    settings.host = QStringLiteral("db.example.com");
    settings.database = QStringLiteral("astralis-%1").arg(QUuid::createUuid().toString(QUuid::Id128));
    settings.user = QStringLiteral("bob");
    const QString base = CacheFiles::basePathFor(settings);
    const QString stem = base.left(base.size() - int(qstrlen(".sqlite")));
    const auto removeFiles = qScopeGuard([&] {
        for (const QString& path :
             QStringList{base, base + QStringLiteral("-wal"), base + QStringLiteral("-shm"),
                         stem + QStringLiteral(".index"), stem + QStringLiteral(".lock")})
            QFile::remove(path);
    });
    QVERIFY(CacheFiles::choose(settings, QStringLiteral("c:1")).ok);
    // Someone else's hand in the index: a path elsewhere is not followed.
    const QString indexPath = stem + QStringLiteral(".index");
    QFile index(indexPath);
    QVERIFY(index.exists());
    QVERIFY(index.open(QIODevice::WriteOnly | QIODevice::Truncate));
    index.write(R"({"current":"../../elsewhere.sqlite","caches":["/etc/passwd"]})");
    index.close();
    QCOMPARE(CacheFiles::pathFor(settings), base);
    QVERIFY(CacheFiles::held(settings, base).isEmpty());
}

void TestLocalCache::upgradesACacheWrittenByTheFirstVersion()
{
    // tests/data/cache-v1.sqlite was written by astralis-cli at cache version 1: a Sales board
    // listed, then, offline, a move and a title edit of nw_item_3 queued.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("old.sqlite"));
    QVERIFY(QFile::copy(QStringLiteral(ASTRALIS_TEST_DATA "/cache-v1.sqlite"), path));
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    LocalCache cache;
    QString error;
    QVERIFY2(cache.open(path, &error), qPrintable(error));
    // Upgraded in place, nothing dropped: both queued changes, the rows, the instance it knows.
    QSqlQuery q(cache.database());
    QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
    QCOMPARE(q.value(0).toInt(), CacheSchema::currentVersion());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'outbox_state'"))
            && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    const QList<OutboxEntry> entries = cache.outbox().entries(&error);
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0).fields.value(QStringLiteral("stageId")).toString(),
             QStringLiteral("nw_stage_sales_won"));
    QCOMPARE(entries.at(1).fields.value(QStringLiteral("title")).toString(),
             QStringLiteral("Fixture's title with a 'quote'"));
    const std::optional<CachedRow> card = cache.rows().get(kItem, QStringLiteral("nw_item_3"), &error);
    QVERIFY(card);
    QCOMPARE(card->data.value(QStringLiteral("title")).toString(),
             QStringLiteral("Fixture's title with a 'quote'"));
    QCOMPARE(cache.outbox().counts().pending, 2);
    QVERIFY(!cache.meta().instanceId().isEmpty());
    // And it works on: a new change goes on top of the old ones.
    QList<OutboxEntry> more = {update(QStringLiteral("nw_item_3"), {{QStringLiteral("priority"), 3}})};
    QVERIFY2(cache.outbox().enqueue(&more, &error), qPrintable(error));
    QCOMPARE(cache.outbox().counts().pending, 3);
}

void TestLocalCache::upgradesTheDeletedVersionOfVersionTwoConflicts()
{
    // Up to cache version 2, a change to a row deleted on the server kept the deleted row's
    // version inside the server's values ("_deletedVersion"). Such a file, made here: a v3 file
    // taken back to v2 with that conflict in it.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("v2.sqlite"));
    {
        LocalCache cache;
        QString error;
        QVERIFY2(cache.open(path, &error), qPrintable(error));
        QSqlQuery q(cache.database());
        QVERIFY(q.exec(QStringLiteral(
            "INSERT INTO outbox (mutation_id, entity, row_id, op, base_version, fields, before, state, "
            "theirs, theirs_version, conflicting, created_ms, label) VALUES ('m-1', 'pipelineItem', "
            "'card-9', "
            "'update', 11, '{\"title\":\"Mine\"}', '{\"title\":\"Old\"}', 'conflict', "
            "'{\"title\":\"Theirs\",\"_deletedVersion\":12}', 0, '[\"title\"]', 1, 'Card 9')")));
        QVERIFY2(q.exec(QStringLiteral("ALTER TABLE outbox DROP COLUMN deleted_version")),
                 qPrintable(q.lastError().text()));
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 2")));
    }
    LocalCache cache;
    QString error;
    QVERIFY2(cache.open(path, &error), qPrintable(error));
    const QList<OutboxEntry> entries = cache.outbox().entries(&error);
    QCOMPARE(entries.size(), 1);
    const OutboxEntry& gone = entries.first();
    QVERIFY(gone.rowDeletedOnServer());
    QCOMPARE(gone.deletedVersion, 12);
    QCOMPARE(gone.theirs, (QVariantMap{{QStringLiteral("title"), QStringLiteral("Theirs")}}));
    // Recreate stands on the deleted version.
    QVERIFY2(cache.outbox().recreate(gone.seq, &error), qPrintable(error));
    const std::optional<OutboxEntry> recreated = cache.outbox().entry(gone.seq, &error);
    QVERIFY(recreated);
    QCOMPARE(recreated->op, OutboxEntry::Op::Restore);
    QCOMPARE(recreated->baseVersion, 12);
}

void TestLocalCache::refusesACacheFromANewerConsole()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("newer.sqlite"));
    {
        LocalCache cache;
        QString error;
        QVERIFY2(cache.open(path, &error), qPrintable(error));
        QSqlQuery q(cache.database());
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = %1").arg(CacheSchema::currentVersion() + 1)));
    }
    LocalCache cache;
    QString error;
    QVERIFY(!cache.open(path, &error));
    QVERIFY2(error.contains(QLatin1String("newer Astralis Console")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestLocalCache)

#include "tst_localcache.moc"
