// OfflineStore's typed calls (what the Sync panel and the conflict dialog use) and its promise
// that work sent before it is destroyed is done, against a real cache file.
#include "BoardCache.h"
#include "LocalCache.h"
#include "OfflineStore.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

const QString kPipeline = QStringLiteral("pipeline-1");

PipelineItem card(const QString& id, const QString& title)
{
    PipelineItem item;
    item.id = id;
    item.stageId = QStringLiteral("stage-1");
    item.title = title;
    item.description = QStringLiteral("The plan");
    item.position = 1024;
    item.priority = 2;
    item.version = 1;
    return item;
}

// Waits for the one answer of a typed call.
template <typename T>
T answerOf(const std::function<void(QObject*, std::function<void(const T&)>)>& ask)
{
    QObject context;
    std::optional<T> answer;
    ask(&context, [&answer](const T& value) { answer = value; });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 10000))
        qFatal("no answer from the offline store");
    return *answer;
}

} // namespace

class TestOfflineStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void workSentBeforeDestructionIsDone();
    void withoutCacheNothingIsDone();
    void entriesAndDecisions();
    void keepBothMakesACopyWithMine();
    void lastOnlineRoundTrips();

private:
    // Runs work on the store's cache thread and waits for it; work returns what went wrong.
    QString onCache(const std::function<QString(LocalCache&)>& work);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<OfflineStore> m_store;
    QString m_path;
};

void TestOfflineStore::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestOfflineStore::init()
{
    m_store.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("cache.sqlite"));
    m_store = std::make_unique<OfflineStore>();
    QSignalSpy opened(m_store.get(), &OfflineStore::opened);
    m_store->open(m_path);
    QVERIFY(opened.wait(10000));
    QVERIFY(opened.first().first().toBool());
}

QString TestOfflineStore::onCache(const std::function<QString(LocalCache&)>& work)
{
    std::optional<QString> error;
    m_store->run(
        this, [work](LocalCache& cache) { return QVariant(work(cache)); },
        [&error](const QVariant& value) { error = value.toString(); });
    if (!QTest::qWaitFor([&error] { return error.has_value(); }, 10000))
        return QStringLiteral("the cache thread did not answer");
    return *error;
}

void TestOfflineStore::workSentBeforeDestructionIsDone()
{
    // astralis-cli exits right after an answer, with the cache's part of the work (storing what
    // the server sent) still queued: destroying the store must not drop it.
    constexpr int kJobs = 300;
    for (int i = 0; i < kJobs; ++i) {
        m_store->run(this, [i](LocalCache& cache) {
            cache.meta().setValue(QStringLiteral("job%1").arg(i), QString::number(i));
            return QVariant();
        });
    }
    m_store.reset();

    LocalCache cache;
    QString error;
    QVERIFY2(cache.open(m_path, &error), qPrintable(error));
    for (int i = 0; i < kJobs; ++i)
        QCOMPARE(cache.meta().value(QStringLiteral("job%1").arg(i)), QString::number(i));
}

void TestOfflineStore::withoutCacheNothingIsDone()
{
    OfflineStore closed;
    const OutboxListing listing = answerOf<OutboxListing>(
        [&closed](QObject* context, auto done) { closed.entries(context, std::move(done)); });
    QCOMPARE(listing.error.code, OfflineError::Code::NoCache);
    const OfflineError decided = answerOf<OfflineError>([&closed](QObject* context, auto done) {
        closed.decide(context, 1, OutboxDecision::Discard, std::move(done));
    });
    QCOMPARE(decided.code, OfflineError::Code::NoCache);
}

void TestOfflineStore::entriesAndDecisions()
{
    const QString queued = onCache([](LocalCache& cache) {
        QString error;
        const PipelineItem item = card(QStringLiteral("c1"), QStringLiteral("Kickoff"));
        ItemChanges changes;
        changes.title = QStringLiteral("Kickoff call");
        QList<OutboxEntry> entries = {BoardCache::editEntry(item, changes)};
        if (!BoardCache::storeItems(&cache, {item}, &error) || !cache.outbox().enqueue(&entries, &error))
            return error.isEmpty() ? QStringLiteral("?") : error;
        return QString();
    });
    QVERIFY2(queued.isEmpty(), qPrintable(queued));
    const auto listed = [this] {
        return answerOf<OutboxListing>(
            [this](QObject* context, auto done) { m_store->entries(context, std::move(done)); });
    };
    const OutboxListing before = listed();
    QVERIFY(!before.error.isError());
    QCOMPARE(before.entries.size(), 1);
    QCOMPARE(before.entries.first().fields.value(QStringLiteral("title")).toString(),
             QStringLiteral("Kickoff call"));

    // Retrying a change that is waiting anyway is no error; discarding it empties the outbox.
    const qint64 seq = before.entries.first().seq;
    const OfflineError retried = answerOf<OfflineError>([this, seq](QObject* context, auto done) {
        m_store->decide(context, seq, OutboxDecision::RetryNow, std::move(done));
    });
    QVERIFY2(!retried.isError(), qPrintable(retried.detail));
    const OfflineError discarded = answerOf<OfflineError>([this, seq](QObject* context, auto done) {
        m_store->decide(context, seq, OutboxDecision::Discard, std::move(done));
    });
    QVERIFY2(!discarded.isError(), qPrintable(discarded.detail));
    QCOMPARE(listed().entries.size(), 0);

    // A change that is not there: the cache says so, typed as a failure.
    const OfflineError missing = answerOf<OfflineError>([this, seq](QObject* context, auto done) {
        m_store->decide(context, seq, OutboxDecision::KeepMine, std::move(done));
    });
    QCOMPARE(missing.code, OfflineError::Code::Failed);
}

void TestOfflineStore::keepBothMakesACopyWithMine()
{
    const PipelineItem original = card(QStringLiteral("c2"), QStringLiteral("Budget"));
    const QString queued = onCache([original](LocalCache& cache) {
        QString error;
        ItemChanges changes;
        changes.title = QStringLiteral("Budget 2027");
        changes.priority = 3;
        QList<OutboxEntry> entries = {BoardCache::editEntry(original, changes)};
        if (!BoardCache::storeItems(&cache, {original}, &error) || !cache.outbox().enqueue(&entries, &error)
            || !cache.outbox().markConflict(entries.first(),
                                            {{QStringLiteral("title"), QStringLiteral("Budget Q1")}}, 2,
                                            {QStringLiteral("title")}, &error))
            return error.isEmpty() ? QStringLiteral("?") : error;
        return QString();
    });
    QVERIFY2(queued.isEmpty(), qPrintable(queued));
    const OutboxListing conflicts = answerOf<OutboxListing>(
        [this](QObject* context, auto done) { m_store->entries(context, std::move(done)); });
    QCOMPARE(conflicts.entries.size(), 1);
    const OutboxEntry conflict = conflicts.entries.first();
    QCOMPARE(conflict.state, OutboxEntry::State::Conflict);
    QVERIFY(OfflineStore::canKeepBoth(conflict));

    const OfflineError kept = answerOf<OfflineError>([this, conflict](QObject* context, auto done) {
        m_store->keepBoth(context, conflict, kPipeline, QStringLiteral("%1 (my version)"), std::move(done));
    });
    QVERIFY2(!kept.isError(), qPrintable(kept.detail));
    // Theirs stays on the card (my change is gone); a new card beside it carries mine.
    const OutboxListing after = answerOf<OutboxListing>(
        [this](QObject* context, auto done) { m_store->entries(context, std::move(done)); });
    QCOMPARE(after.entries.size(), 1);
    const OutboxEntry copy = after.entries.first();
    QCOMPARE(copy.op, OutboxEntry::Op::Create);
    QVERIFY(copy.rowId != original.id);
    QCOMPARE(copy.label, QStringLiteral("Budget 2027 (my version)"));
    QCOMPARE(copy.fields.value(QStringLiteral("title")).toString(),
             QStringLiteral("Budget 2027 (my version)"));
    QCOMPARE(copy.fields.value(QStringLiteral("stageId")).toString(), original.stageId);
    QCOMPARE(copy.fields.value(QStringLiteral("priority")).toInt(), 3);
}

void TestOfflineStore::lastOnlineRoundTrips()
{
    const QDateTime never = answerOf<QDateTime>(
        [this](QObject* context, auto done) { m_store->lastOnline(context, std::move(done)); });
    QVERIFY(!never.isValid());
    const QDateTime when = QDateTime(QDate(2026, 12, 6), QTime(9, 30), Qt::UTC);
    m_store->setLastOnline(when);
    const QDateTime read = answerOf<QDateTime>(
        [this](QObject* context, auto done) { m_store->lastOnline(context, std::move(done)); });
    QCOMPARE(read, when);
}

QTEST_GUILESS_MAIN(TestOfflineStore)
#include "tst_offlinestore.moc"
