// astralis-cli offline, as a script would see it: board move and item edit against a PostgreSQL
// server of the test's own that it crashes (pg_ctl stop -m immediate) and restarts. Changes made
// while the server is gone are queued in the local outbox ("Queued: …", exit 0), listed by sync
// status, sent exactly once by sync push, merged or shown as conflicts when someone else changed
// the card meanwhile (resolved with sync resolve), and rejected when the server refuses them
// (sent again with sync retry). The CLI and this test open the same cache file: same application
// names, same XDG_DATA_HOME (set per test by CTest).

#include "BoardCache.h"
#include "BoardSql.h"
#include "CliRun.h"
#include "ConnectionUrl.h"
#include "LocalCache.h"
#include "PgCluster.h"
#include "SqlProbe.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

namespace {

const QString kPassword = QStringLiteral("cli-sync-pass-1");

using Run = CliRun;

} // namespace

class TestCliSync : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();
    void onlineMoveIsSentAtOnce();
    void offlineChangesAreQueuedAndSentOnce();
    void pushWhileServerIsDownKeepsEverything();
    void sameFieldChangedIsAConflictUntilResolved();
    void differentFieldsChangedMerge();
    void laterChangeWaitsBehindAConflict();
    void deletedOnServerIsRecreatedOnRequest();
    void refusedChangeIsRejectedUntilRetried();
    void cardNeverLoadedCannotBeChangedOffline();
    void refusedLoginIsNotOffline();
    void resolveNeedsANumberAndOneChoice();

private:
    Run cli(const QStringList& args, const QString& url = {});
    Run push()
    {
        return cli({QStringLiteral("sync"), QStringLiteral("push"), QStringLiteral("--timeout"),
                    QStringLiteral("5")});
    }
    QString scalar(const QString& sql) { return m_pg->scalar(sql, m_demo.database).toString(); }
    bool exec(const QString& sql) { return m_pg->exec(sql, nullptr, m_demo.database); }
    QString itemField(const QString& id, const QString& column);
    int version(const QString& id) { return itemField(id, QStringLiteral("version")).toInt(); }
    QString stageKey(const QString& id);
    // Another stage of the card's pipeline: one without a WIP limit, terminal if possible.
    QString otherStage(const QString& id);
    // Northwind's cards, by id: of one pipeline, or of every pipeline but that one.
    QStringList cards(const QString& pipelineKey, bool otherPipelines = false);
    QJsonArray statusJson();
    // The card's title as this computer's cache shows it (local changes included).
    QString cachedTitle(const QString& id);
    bool crash();
    bool resume();
    void removeCache();

    std::unique_ptr<PgCluster> m_pg;
    PgCluster::DemoDatabase m_demo;
    QString m_url;
    QString m_cachePath;
    // Northwind's cards: of the "sales" board, and of the other boards (loaded one by one with
    // item show; the last one never). Each test uses cards of its own.
    QStringList m_sales;
    QStringList m_others;
    bool m_down = false;
    QElapsedTimer m_clock;
};

void TestCliSync::initTestCase()
{
    m_clock.start();
    QCoreApplication::setOrganizationName(QStringLiteral("Astralis"));
    QCoreApplication::setApplicationName(QStringLiteral("Astralis Console"));
    m_pg = PgCluster::startOwn();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    m_demo = m_pg->createDemoDatabase(QStringLiteral("clisync"), 60, kPassword);
    QVERIFY2(m_demo.error.isEmpty(), qPrintable(m_demo.error));
    m_url = m_pg->tcpUrl(m_demo.login, kPassword, m_demo.database);
    const UrlParseResult parsed = ConnectionUrl::parse(m_url);
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    m_cachePath = CacheFiles::pathFor(parsed.settings);
    removeCache(); // nothing loaded on this computer yet
    m_sales = cards(QStringLiteral("sales"));
    QVERIFY2(m_sales.size() >= 3, qPrintable(QString::number(m_sales.size())));
    m_others = cards(QStringLiteral("sales"), true);
    QVERIFY2(m_others.size() >= 8, qPrintable(QString::number(m_others.size())));
}

void TestCliSync::cleanup()
{
    // A failed test must not leave the server down or changes queued for the next one.
    if (m_down) {
        QString error;
        if (!m_pg->resume(&error))
            qWarning("resume: %s", qPrintable(error));
        m_down = false;
    }
    if (!QFile::exists(m_cachePath))
        return;
    LocalCache cache;
    QString error;
    if (!cache.open(m_cachePath, &error))
        return;
    for (const OutboxEntry& e : cache.outbox().entries(&error)) {
        qWarning("discarding change #%lld left by the test", e.seq);
        cache.outbox().discard(e.seq, &error);
    }
}

void TestCliSync::cleanupTestCase()
{
    qInfo("took %lld ms", m_clock.elapsed());
    removeCache();
}

void TestCliSync::removeCache()
{
    // The cache file is this test's own (its own XDG_DATA_HOME, a database name of this run).
    for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(m_cachePath + suffix);
}

Run TestCliSync::cli(const QStringList& args, const QString& url)
{
    return runCli(QStringLiteral(ASTRALIS_CLI), args, {url.isEmpty() ? m_url : url});
}

QString TestCliSync::itemField(const QString& id, const QString& column)
{
    return scalar(QStringLiteral("SELECT \"%1\" FROM \"pipelineItem\" WHERE id = '%2'").arg(column, id));
}

QString TestCliSync::stageKey(const QString& id)
{
    return scalar(BoardSql::stageKeyOf(id));
}

QString TestCliSync::otherStage(const QString& id)
{
    return scalar(BoardSql::otherStageOf(id));
}

QString TestCliSync::cachedTitle(const QString& id)
{
    LocalCache cache;
    QString error;
    if (!cache.open(m_cachePath, &error)) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    const std::optional<PipelineItem> item = BoardCache::item(&cache, id, &error);
    return item ? item->title : QString();
}

QStringList TestCliSync::cards(const QString& pipelineKey, bool otherPipelines)
{
    return scalar(QStringLiteral("SELECT string_agg(i.id, ',' ORDER BY i.id) FROM \"pipelineItem\" i "
                                 "JOIN \"pipelineStage\" s ON s.id = i.\"stageId\" JOIN pipeline p ON p.id = "
                                 "s.\"pipelineId\" JOIN organization o ON o.id = p.\"orgId\" WHERE o.slug = "
                                 "'northwind' AND p.key %1 '%2' AND i.\"deletedAt\" IS NULL")
                      .arg(otherPipelines ? QStringLiteral("<>") : QStringLiteral("="), pipelineKey))
        .split(QLatin1Char(','), Qt::SkipEmptyParts);
}

QJsonArray TestCliSync::statusJson()
{
    // A failure comes back as an array of one message, so no size check passes by accident.
    const Run r = cli({QStringLiteral("sync"), QStringLiteral("status"), QStringLiteral("--json")});
    if (r.exitCode != 0)
        return {QStringLiteral("sync status --json: exit %1: %2").arg(r.exitCode).arg(r.err)};
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &parseError);
    if (!doc.isArray())
        return {QString(QStringLiteral("sync status --json is not an array: ") + parseError.errorString())};
    return doc.array();
}

bool TestCliSync::crash()
{
    QString error;
    if (!m_pg->crash(&error)) {
        qWarning("crash: %s", qPrintable(error));
        return false;
    }
    m_down = true;
    return true;
}

bool TestCliSync::resume()
{
    QString error;
    if (!m_pg->resume(&error)) {
        qWarning("resume: %s", qPrintable(error));
        return false;
    }
    m_down = false;
    return true;
}

void TestCliSync::onlineMoveIsSentAtOnce()
{
    const QString id = m_sales.at(0);
    const QString target = otherStage(id);
    const int before = version(id);
    const Run move = cli({QStringLiteral("board"), QStringLiteral("move"), id, target});
    QVERIFY2(move.exitCode == 0, qPrintable(move.err));
    QVERIFY2(move.out.contains(QLatin1String("Moved")), qPrintable(move.out));
    QVERIFY2(!move.out.contains(QLatin1String("Queued")), qPrintable(move.out));
    QCOMPARE(stageKey(id), target);
    QCOMPARE(version(id), before + 1);

    const Run status = cli({QStringLiteral("sync"), QStringLiteral("status")});
    QVERIFY2(status.exitCode == 0, qPrintable(status.err));
    QVERIFY2(status.out.contains(QLatin1String("Nothing to send")), qPrintable(status.out));
    QCOMPARE(statusJson().size(), 0);
}

void TestCliSync::offlineChangesAreQueuedAndSentOnce()
{
    const QString moved = m_sales.at(1);
    const QString edited = m_sales.at(2);
    // Read once while online: the board, and one card on its own.
    const Run list = cli({QStringLiteral("board"), QStringLiteral("list"), QStringLiteral("--pipeline"),
                          QStringLiteral("sales")});
    QVERIFY2(list.exitCode == 0, qPrintable(list.err));
    const Run show = cli({QStringLiteral("item"), QStringLiteral("show"), edited});
    QVERIFY2(show.exitCode == 0, qPrintable(show.err));
    const QString fromStage = stageKey(moved);
    const QString fromStageId = itemField(moved, QStringLiteral("stageId"));
    const QString target = otherStage(moved);
    const QString title = itemField(edited, QStringLiteral("title"));
    const QString description = itemField(edited, QStringLiteral("description"));
    const int movedVersion = version(moved);
    const int editedVersion = version(edited);

    QVERIFY(crash());
    const Run move = cli({QStringLiteral("board"), QStringLiteral("move"), moved, target});
    QVERIFY2(move.exitCode == 0, qPrintable(move.err));
    QVERIFY2(move.out.startsWith(QLatin1String("Queued")), qPrintable(move.out));
    QVERIFY2(move.err.contains(QLatin1String("not reachable")), qPrintable(move.err));
    const Run editTitle = cli({QStringLiteral("item"), QStringLiteral("edit"), edited,
                               QStringLiteral("--title"), QStringLiteral("Written offline")});
    QVERIFY2(editTitle.exitCode == 0, qPrintable(editTitle.err));
    QVERIFY2(editTitle.out.startsWith(QLatin1String("Queued")), qPrintable(editTitle.out));
    const Run editDescription = cli({QStringLiteral("item"), QStringLiteral("edit"), edited,
                                     QStringLiteral("--description"), QStringLiteral("Also offline")});
    QVERIFY2(editDescription.exitCode == 0, qPrintable(editDescription.err));
    QVERIFY2(editDescription.out.startsWith(QLatin1String("Queued")), qPrintable(editDescription.out));

    // The board from the cache, with the changes made here laid over it.
    auto shownBoard = [&](QString* movedIn, QString* editedTitle) {
        const Run r = cli({QStringLiteral("board"), QStringLiteral("list"), QStringLiteral("--pipeline"),
                           QStringLiteral("sales"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray stages
            = QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("stages")).toArray();
        for (const QJsonValue& stage : stages) {
            for (const QJsonValue& card : stage.toObject().value(QStringLiteral("items")).toArray()) {
                const QString id = card.toObject().value(QStringLiteral("id")).toString();
                if (id == moved)
                    *movedIn = stage.toObject().value(QStringLiteral("key")).toString();
                if (id == edited)
                    *editedTitle = card.toObject().value(QStringLiteral("title")).toString();
            }
        }
    };
    QString movedShownIn;
    QString editedShownAs;
    shownBoard(&movedShownIn, &editedShownAs);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(movedShownIn, target);
    QCOMPARE(editedShownAs, QStringLiteral("Written offline"));
    const Run offlineShow
        = cli({QStringLiteral("item"), QStringLiteral("show"), edited, QStringLiteral("--json")});
    QVERIFY2(offlineShow.exitCode == 0, qPrintable(offlineShow.err));
    QCOMPARE(QJsonDocument::fromJson(offlineShow.out.toUtf8())
                 .object()
                 .value(QStringLiteral("description"))
                 .toString(),
             QStringLiteral("Also offline"));

    // Back up: nothing arrived by itself.
    QVERIFY(resume());
    QCOMPARE(stageKey(moved), fromStage);
    QCOMPARE(version(moved), movedVersion);
    QCOMPARE(itemField(edited, QStringLiteral("title")), title);
    QCOMPARE(itemField(edited, QStringLiteral("description")), description);
    QCOMPARE(version(edited), editedVersion);
    // Reading the board online again shows the local changes and sends nothing.
    movedShownIn.clear();
    editedShownAs.clear();
    shownBoard(&movedShownIn, &editedShownAs);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(movedShownIn, target);
    QCOMPARE(editedShownAs, QStringLiteral("Written offline"));
    QCOMPARE(version(moved), movedVersion);
    QCOMPARE(version(edited), editedVersion);

    const Run status = cli({QStringLiteral("sync"), QStringLiteral("status")});
    QVERIFY2(status.exitCode == 0, qPrintable(status.err));
    QVERIFY2(status.out.contains(QLatin1String("3 pending, 0 in conflict, 0 rejected")),
             qPrintable(status.out));
    QVERIFY2(status.out.contains(moved) && status.out.contains(edited), qPrintable(status.out));
    QVERIFY2(status.out.contains(QLatin1String("\"Written offline\"")), qPrintable(status.out));

    const QJsonArray entries = statusJson();
    QCOMPARE(entries.size(), 3);
    QStringList mutationIds;
    qint64 previousSeq = 0;
    for (const QJsonValue& value : entries) {
        const QJsonObject e = value.toObject();
        for (const char* key :
             {"seq", "mutationId", "state", "entity", "rowId", "op", "fields", "before", "error"})
            QVERIFY2(e.contains(QLatin1String(key)), key);
        QVERIFY(e.value(QStringLiteral("seq")).toInteger() > previousSeq); // replay order
        previousSeq = e.value(QStringLiteral("seq")).toInteger();
        QCOMPARE(e.value(QStringLiteral("state")).toString(), QStringLiteral("pending"));
        QCOMPARE(e.value(QStringLiteral("entity")).toString(), QStringLiteral("pipelineItem"));
        QCOMPARE(e.value(QStringLiteral("op")).toString(), QStringLiteral("update"));
        QVERIFY(!e.value(QStringLiteral("mutationId")).toString().isEmpty());
        mutationIds << e.value(QStringLiteral("mutationId")).toString();
    }
    const QJsonObject moveEntry = entries.at(0).toObject();
    QCOMPARE(moveEntry.value(QStringLiteral("rowId")).toString(), moved);
    QCOMPARE(moveEntry.value(QStringLiteral("before")).toObject().value(QStringLiteral("stageId")).toString(),
             fromStageId);
    QVERIFY(moveEntry.value(QStringLiteral("fields")).toObject().contains(QStringLiteral("stageId")));
    const QJsonObject titleEntry = entries.at(1).toObject();
    QCOMPARE(titleEntry.value(QStringLiteral("rowId")).toString(), edited);
    QCOMPARE(titleEntry.value(QStringLiteral("fields")).toObject().value(QStringLiteral("title")).toString(),
             QStringLiteral("Written offline"));
    QCOMPARE(titleEntry.value(QStringLiteral("before")).toObject().value(QStringLiteral("title")).toString(),
             title);
    QCOMPARE(entries.at(2).toObject().value(QStringLiteral("rowId")).toString(), edited);

    const Run pushed = push();
    QVERIFY2(pushed.exitCode == 0, qPrintable(pushed.err + pushed.out));
    QVERIFY2(pushed.out.contains(QLatin1String("Everything is on the server")), qPrintable(pushed.out));
    QCOMPARE(stageKey(moved), target);
    QCOMPARE(itemField(edited, QStringLiteral("title")), QStringLiteral("Written offline"));
    QCOMPARE(itemField(edited, QStringLiteral("description")), QStringLiteral("Also offline"));
    // Exactly once: one version per change, each mutation recorded on the server.
    QCOMPARE(version(moved), movedVersion + 1);
    QCOMPARE(version(edited), editedVersion + 2);
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM client_mutation WHERE id IN (%1)")
                        .arg(SqlProbe::quoted(mutationIds))),
             QStringLiteral("3"));

    const Run after = cli({QStringLiteral("sync"), QStringLiteral("status")});
    QVERIFY2(after.exitCode == 0, qPrintable(after.err));
    QVERIFY2(after.out.contains(QLatin1String("Nothing to send")), qPrintable(after.out));
    // A second push has nothing to do and changes nothing.
    const Run again = push();
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(version(edited), editedVersion + 2);
}

void TestCliSync::pushWhileServerIsDownKeepsEverything()
{
    // Loaded on its own (item show): the card and its board's stages, so it can be moved offline.
    const QString id = m_others.at(0);
    const Run show = cli({QStringLiteral("item"), QStringLiteral("show"), id});
    QVERIFY2(show.exitCode == 0, qPrintable(show.err));
    const QString title = itemField(id, QStringLiteral("title"));
    const QString fromStage = stageKey(id);
    const QString target = otherStage(id);
    const int before = version(id);

    QVERIFY(crash());
    const Run move = cli({QStringLiteral("board"), QStringLiteral("move"), id, target});
    QVERIFY2(move.exitCode == 0, qPrintable(move.err));
    QVERIFY2(move.out.startsWith(QLatin1String("Queued")), qPrintable(move.out));
    const Run edit = cli({QStringLiteral("item"), QStringLiteral("edit"), id, QStringLiteral("--title"),
                          QStringLiteral("Waiting for the server")});
    QVERIFY2(edit.exitCode == 0, qPrintable(edit.err));
    QVERIFY2(edit.out.startsWith(QLatin1String("Queued")), qPrintable(edit.out));
    const Run down = push();
    QCOMPARE(down.exitCode, 5);
    // sync status needs no server.
    const Run status = cli({QStringLiteral("sync"), QStringLiteral("status")});
    QVERIFY2(status.exitCode == 0, qPrintable(status.err));
    QVERIFY2(status.out.contains(QLatin1String("2 pending")), qPrintable(status.out));
    const QJsonArray entries = statusJson();
    QCOMPARE(entries.size(), 2);
    for (const QJsonValue& e : entries) {
        QCOMPARE(e.toObject().value(QStringLiteral("rowId")).toString(), id);
        QCOMPARE(e.toObject().value(QStringLiteral("state")).toString(), QStringLiteral("pending"));
    }

    QVERIFY(resume());
    QCOMPARE(itemField(id, QStringLiteral("title")), title);
    QCOMPARE(stageKey(id), fromStage);
    const Run later = push();
    QVERIFY2(later.exitCode == 0, qPrintable(later.err + later.out));
    QCOMPARE(itemField(id, QStringLiteral("title")), QStringLiteral("Waiting for the server"));
    QCOMPARE(stageKey(id), target);
    QCOMPARE(version(id), before + 2);
    QCOMPARE(statusJson().size(), 0);
}

void TestCliSync::sameFieldChangedIsAConflictUntilResolved()
{
    const QString kept = m_others.at(1); // keep mine
    const QString given = m_others.at(2); // take theirs
    for (const QString& id : {kept, given}) {
        const Run show = cli({QStringLiteral("item"), QStringLiteral("show"), id});
        QVERIFY2(show.exitCode == 0, qPrintable(show.err));
    }
    const QString base = itemField(kept, QStringLiteral("title"));
    const int keptVersion = version(kept);
    const int givenVersion = version(given);

    QVERIFY(crash());
    for (const QString& id : {kept, given}) {
        const Run edit = cli({QStringLiteral("item"), QStringLiteral("edit"), id, QStringLiteral("--title"),
                              QStringLiteral("Mine offline")});
        QVERIFY2(edit.exitCode == 0, qPrintable(edit.err));
        QVERIFY2(edit.out.startsWith(QLatin1String("Queued")), qPrintable(edit.out));
    }
    QVERIFY(resume());
    // Meanwhile someone else changed the same field.
    QVERIFY(
        exec(QStringLiteral("UPDATE \"pipelineItem\" SET title = 'Theirs meanwhile', version = version + 1 "
                            "WHERE id IN ('%1', '%2')")
                 .arg(kept, given)));

    const Run conflicted = push();
    QCOMPARE(conflicted.exitCode, 1);
    QVERIFY2(conflicted.err.contains(QLatin1String("2 in conflict")), qPrintable(conflicted.err));
    for (const QString& id : {kept, given})
        QCOMPARE(itemField(id, QStringLiteral("title")), QStringLiteral("Theirs meanwhile"));
    QCOMPARE(version(kept), keptVersion + 1);

    const Run status = cli({QStringLiteral("sync"), QStringLiteral("status")});
    QVERIFY2(status.exitCode == 0, qPrintable(status.err));
    QVERIFY2(status.out.contains(QLatin1String("0 pending, 2 in conflict, 0 rejected")),
             qPrintable(status.out));
    const QString line
        = QStringLiteral("title: base \"%1\", mine \"Mine offline\", theirs \"Theirs meanwhile\"").arg(base);
    QVERIFY2(status.out.contains(line), qPrintable(status.out));
    QHash<QString, QString> seqOf;
    for (const QJsonValue& value : statusJson()) {
        const QJsonObject conflict = value.toObject();
        const QString id = conflict.value(QStringLiteral("rowId")).toString();
        seqOf.insert(id, QString::number(conflict.value(QStringLiteral("seq")).toInteger()));
        QCOMPARE(conflict.value(QStringLiteral("state")).toString(), QStringLiteral("conflict"));
        QCOMPARE(conflict.value(QStringLiteral("conflicting")).toArray(),
                 QJsonArray{QStringLiteral("title")});
        QCOMPARE(
            conflict.value(QStringLiteral("fields")).toObject().value(QStringLiteral("title")).toString(),
            QStringLiteral("Mine offline"));
        QCOMPARE(
            conflict.value(QStringLiteral("theirs")).toObject().value(QStringLiteral("title")).toString(),
            QStringLiteral("Theirs meanwhile"));
        if (id == kept)
            QCOMPARE(
                conflict.value(QStringLiteral("before")).toObject().value(QStringLiteral("title")).toString(),
                base);
    }
    QCOMPARE(seqOf.size(), 2);
    QVERIFY(seqOf.contains(kept) && seqOf.contains(given));

    // A conflict is not retried, nor sent again by a push; it waits for a decision.
    const Run retry = cli({QStringLiteral("sync"), QStringLiteral("retry"), seqOf.value(kept)});
    QCOMPARE(retry.exitCode, 1);
    QVERIFY2(retry.err.contains(QLatin1String("conflict")), qPrintable(retry.err));
    QCOMPARE(push().exitCode, 1);
    QCOMPARE(itemField(kept, QStringLiteral("title")), QStringLiteral("Theirs meanwhile"));

    const Run keep = cli({QStringLiteral("sync"), QStringLiteral("resolve"), seqOf.value(kept),
                          QStringLiteral("--keep-mine")});
    QVERIFY2(keep.exitCode == 0, qPrintable(keep.err));
    QVERIFY2(keep.out.contains(QStringLiteral("#%1").arg(seqOf.value(kept))), qPrintable(keep.out));
    const Run take = cli({QStringLiteral("sync"), QStringLiteral("resolve"), seqOf.value(given),
                          QStringLiteral("--take-theirs")});
    QVERIFY2(take.exitCode == 0, qPrintable(take.err));
    const Run pushed = push();
    QVERIFY2(pushed.exitCode == 0, qPrintable(pushed.err + pushed.out));
    QCOMPARE(itemField(kept, QStringLiteral("title")), QStringLiteral("Mine offline"));
    QCOMPARE(version(kept), keptVersion + 2);
    QCOMPARE(itemField(given, QStringLiteral("title")), QStringLiteral("Theirs meanwhile"));
    QCOMPARE(version(given), givenVersion + 1);
    QCOMPARE(cachedTitle(given), QStringLiteral("Theirs meanwhile"));
    QCOMPARE(statusJson().size(), 0);
}

void TestCliSync::differentFieldsChangedMerge()
{
    const QString id = m_others.at(3);
    const Run show = cli({QStringLiteral("item"), QStringLiteral("show"), id});
    QVERIFY2(show.exitCode == 0, qPrintable(show.err));
    const int before = version(id);

    QVERIFY(crash());
    const Run edit = cli({QStringLiteral("item"), QStringLiteral("edit"), id, QStringLiteral("--title"),
                          QStringLiteral("My title offline")});
    QVERIFY2(edit.exitCode == 0, qPrintable(edit.err));
    QVERIFY2(edit.out.startsWith(QLatin1String("Queued")), qPrintable(edit.out));
    QVERIFY(resume());
    QVERIFY(exec(QStringLiteral("UPDATE \"pipelineItem\" SET description = 'Their description', version = "
                                "version + 1 WHERE id = '%1'")
                     .arg(id)));

    const Run merged = push();
    QVERIFY2(merged.exitCode == 0, qPrintable(merged.err + merged.out));
    QVERIFY2(merged.out.contains(QLatin1String("1 merged")), qPrintable(merged.out));
    QCOMPARE(itemField(id, QStringLiteral("title")), QStringLiteral("My title offline"));
    QCOMPARE(itemField(id, QStringLiteral("description")), QStringLiteral("Their description"));
    QCOMPARE(version(id), before + 2);
    QCOMPARE(statusJson().size(), 0);
    // And the card as this computer now shows it has both.
    const Run shown = cli({QStringLiteral("item"), QStringLiteral("show"), id, QStringLiteral("--json")});
    const QJsonObject card = QJsonDocument::fromJson(shown.out.toUtf8()).object();
    QCOMPARE(card.value(QStringLiteral("title")).toString(), QStringLiteral("My title offline"));
    QCOMPARE(card.value(QStringLiteral("description")).toString(), QStringLiteral("Their description"));
}

void TestCliSync::laterChangeWaitsBehindAConflict()
{
    const QString id = m_others.at(6);
    const Run show = cli({QStringLiteral("item"), QStringLiteral("show"), id});
    QVERIFY2(show.exitCode == 0, qPrintable(show.err));
    const int before = version(id);
    QVERIFY(crash());
    const Run edit = cli({QStringLiteral("item"), QStringLiteral("edit"), id, QStringLiteral("--title"),
                          QStringLiteral("Mine first")});
    QVERIFY2(edit.exitCode == 0, qPrintable(edit.err));
    QVERIFY(resume());
    QVERIFY(exec(QStringLiteral("UPDATE \"pipelineItem\" SET title = 'Theirs first', version = version + 1 "
                                "WHERE id = '%1'")
                     .arg(id)));
    QCOMPARE(push().exitCode, 1);

    // Online now: a later change of the same card is queued behind the conflict, not sent
    // before it. Nothing can be sent for that card until a person decides, so the commands
    // say so and return at once instead of waiting out their timeout.
    QElapsedTimer clock;
    clock.start();
    const Run later = cli({QStringLiteral("item"), QStringLiteral("edit"), id,
                           QStringLiteral("--description"), QStringLiteral("Mine later")});
    const qint64 editMs = clock.restart();
    QVERIFY2(later.exitCode == 0, qPrintable(later.err));
    QVERIFY2(later.out.startsWith(QLatin1String("Queued")), qPrintable(later.out));
    QVERIFY(itemField(id, QStringLiteral("description")) != QLatin1String("Mine later"));
    const Run waiting = cli(
        {QStringLiteral("sync"), QStringLiteral("push"), QStringLiteral("--timeout"), QStringLiteral("2")});
    const qint64 pushMs = clock.elapsed();
    QCOMPARE(waiting.exitCode, 1);
    QVERIFY2(waiting.err.contains(QLatin1String("1 pending, 1 in conflict")), qPrintable(waiting.err));
    QStringList problems;
    if (!later.out.contains(QLatin1String("conflict")))
        problems << QStringLiteral("item edit does not say the change waits behind a conflict: ")
                + later.out.trimmed();
    if (editMs >= 5000)
        problems << QStringLiteral("item edit took %1 ms").arg(editMs);
    if (pushMs >= 1500)
        problems << QStringLiteral("sync push --timeout 2 took %1 ms").arg(pushMs);

    // Once decided, both of my changes arrive, in order.
    const QJsonArray entries = statusJson();
    QCOMPARE(entries.size(), 2);
    const QString seq = QString::number(entries.first().toObject().value(QStringLiteral("seq")).toInteger());
    const Run keep
        = cli({QStringLiteral("sync"), QStringLiteral("resolve"), seq, QStringLiteral("--keep-mine")});
    QVERIFY2(keep.exitCode == 0, qPrintable(keep.err));
    const Run pushed = push();
    QVERIFY2(pushed.exitCode == 0, qPrintable(pushed.err + pushed.out));
    QCOMPARE(itemField(id, QStringLiteral("title")), QStringLiteral("Mine first"));
    QCOMPARE(itemField(id, QStringLiteral("description")), QStringLiteral("Mine later"));
    QCOMPARE(version(id), before + 3);
    QCOMPARE(statusJson().size(), 0);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1String("; "))));
}

void TestCliSync::deletedOnServerIsRecreatedOnRequest()
{
    const QString id = m_others.at(4);
    const Run show = cli({QStringLiteral("item"), QStringLiteral("show"), id});
    QVERIFY2(show.exitCode == 0, qPrintable(show.err));

    QVERIFY(crash());
    const Run edit = cli({QStringLiteral("item"), QStringLiteral("edit"), id, QStringLiteral("--title"),
                          QStringLiteral("Edited while deleted")});
    QVERIFY2(edit.exitCode == 0, qPrintable(edit.err));
    QVERIFY(resume());
    QVERIFY(exec(QStringLiteral("UPDATE \"pipelineItem\" SET \"deletedAt\" = now(), version = version + 1 "
                                "WHERE id = '%1'")
                     .arg(id)));
    const int deletedVersion = version(id);

    QCOMPARE(push().exitCode, 1);
    const Run status = cli({QStringLiteral("sync"), QStringLiteral("status")});
    QVERIFY2(status.out.contains(QLatin1String("deleted on the server")), qPrintable(status.out));
    QCOMPARE(itemField(id, QStringLiteral("deletedAt")).isEmpty(), false);
    const QJsonArray entries = statusJson();
    QCOMPARE(entries.size(), 1);
    const QString seq = QString::number(entries.first().toObject().value(QStringLiteral("seq")).toInteger());
    // Keeping my values needs the card: only recreate or discard apply.
    const Run keep
        = cli({QStringLiteral("sync"), QStringLiteral("resolve"), seq, QStringLiteral("--keep-mine")});
    QCOMPARE(keep.exitCode, 1);
    const Run recreate
        = cli({QStringLiteral("sync"), QStringLiteral("resolve"), seq, QStringLiteral("--recreate")});
    QVERIFY2(recreate.exitCode == 0, qPrintable(recreate.err));
    const Run pushed = push();
    QVERIFY2(pushed.exitCode == 0, qPrintable(pushed.err + pushed.out));
    QCOMPARE(itemField(id, QStringLiteral("deletedAt")), QString());
    QCOMPARE(itemField(id, QStringLiteral("title")), QStringLiteral("Edited while deleted"));
    QCOMPARE(version(id), deletedVersion + 1);
    QCOMPARE(statusJson().size(), 0);
}

void TestCliSync::refusedChangeIsRejectedUntilRetried()
{
    const QString id = m_others.at(5);
    const Run show = cli({QStringLiteral("item"), QStringLiteral("show"), id});
    QVERIFY2(show.exitCode == 0, qPrintable(show.err));
    const QString title = itemField(id, QStringLiteral("title"));
    const int before = version(id);

    QVERIFY(crash());
    const Run edit = cli({QStringLiteral("item"), QStringLiteral("edit"), id, QStringLiteral("--title"),
                          QStringLiteral("Refused title")});
    QVERIFY2(edit.exitCode == 0, qPrintable(edit.err));
    QVERIFY(resume());
    // A rule the server got meanwhile: the change is refused for good, not retried.
    QVERIFY(
        exec(QStringLiteral("ALTER TABLE \"pipelineItem\" ADD CONSTRAINT tst_cli_sync_refused CHECK (title "
                            "<> 'Refused title') NOT VALID")));
    const Run refused = push();
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(QLatin1String("1 rejected")), qPrintable(refused.err));
    QCOMPARE(itemField(id, QStringLiteral("title")), title);
    const Run status = cli({QStringLiteral("sync"), QStringLiteral("status")});
    QVERIFY2(status.out.contains(QLatin1String("0 pending, 0 in conflict, 1 rejected")),
             qPrintable(status.out));
    QVERIFY2(status.out.contains(QLatin1String("tst_cli_sync_refused")), qPrintable(status.out));
    const QJsonArray entries = statusJson();
    QCOMPARE(entries.size(), 1);
    const QJsonObject rejected = entries.first().toObject();
    QCOMPARE(rejected.value(QStringLiteral("state")).toString(), QStringLiteral("rejected"));
    QVERIFY(!rejected.value(QStringLiteral("error")).toString().isEmpty());
    // The card shows the server's title again on this computer.
    QCOMPARE(cachedTitle(id), title);

    QVERIFY(exec(QStringLiteral("ALTER TABLE \"pipelineItem\" DROP CONSTRAINT tst_cli_sync_refused")));
    const QString seq = QString::number(rejected.value(QStringLiteral("seq")).toInteger());
    const Run retry = cli({QStringLiteral("sync"), QStringLiteral("retry"), seq});
    QVERIFY2(retry.exitCode == 0, qPrintable(retry.err));
    const Run pushed = push();
    QVERIFY2(pushed.exitCode == 0, qPrintable(pushed.err + pushed.out));
    QCOMPARE(itemField(id, QStringLiteral("title")), QStringLiteral("Refused title"));
    QCOMPARE(version(id), before + 1);
    QCOMPARE(statusJson().size(), 0);
}

void TestCliSync::cardNeverLoadedCannotBeChangedOffline()
{
    const QString id = m_others.last();
    {
        LocalCache cache;
        QString error;
        QVERIFY2(cache.open(m_cachePath, &error), qPrintable(error));
        QVERIFY(!cache.rows().get(BoardCache::kItem, id, &error));
    }
    const QString title = itemField(id, QStringLiteral("title"));
    const QString target = otherStage(id);
    const int before = version(id);

    QVERIFY(crash());
    const Run edit = cli({QStringLiteral("item"), QStringLiteral("edit"), id, QStringLiteral("--title"),
                          QStringLiteral("Never loaded")});
    QVERIFY2(edit.exitCode != 0 && edit.exitCode != -1, qPrintable(edit.err));
    QVERIFY2(edit.err.contains(id), qPrintable(edit.err));
    QVERIFY2(!edit.out.contains(QLatin1String("Queued")), qPrintable(edit.out));
    const Run move = cli({QStringLiteral("board"), QStringLiteral("move"), id, target});
    QVERIFY2(move.exitCode != 0 && move.exitCode != -1, qPrintable(move.err));
    QVERIFY2(move.err.contains(id), qPrintable(move.err));
    const Run show = cli({QStringLiteral("item"), QStringLiteral("show"), id});
    QVERIFY2(show.exitCode != 0 && show.exitCode != -1, qPrintable(show.err));
    QCOMPARE(statusJson().size(), 0);

    QVERIFY(resume());
    QCOMPARE(itemField(id, QStringLiteral("title")), title);
    QCOMPARE(version(id), before);
}

void TestCliSync::refusedLoginIsNotOffline()
{
    // A wrong password is not "the server is unreachable": nothing is queued.
    const QString id = m_sales.at(0); // in the cache since the first test
    const QString wrong = m_pg->tcpUrl(m_demo.login, QStringLiteral("not-the-password"), m_demo.database);
    const Run move = cli({QStringLiteral("board"), QStringLiteral("move"), id, otherStage(id)}, wrong);
    QCOMPARE(move.exitCode, 4);
    QVERIFY2(!move.out.contains(QLatin1String("Queued")), qPrintable(move.out));
    QCOMPARE(statusJson().size(), 0);
}

void TestCliSync::resolveNeedsANumberAndOneChoice()
{
    const QList<QStringList> wrong = {
        {QStringLiteral("resolve")},
        {QStringLiteral("resolve"), QStringLiteral("--keep-mine")},
        {QStringLiteral("resolve"), QStringLiteral("abc"), QStringLiteral("--keep-mine")},
        {QStringLiteral("resolve"), QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("--discard")},
        {QStringLiteral("resolve"), QStringLiteral("1")},
        {QStringLiteral("resolve"), QStringLiteral("1"), QStringLiteral("--keep-mine"),
         QStringLiteral("--discard")},
        {QStringLiteral("resolve"), QStringLiteral("1"), QStringLiteral("--keep-theirs")},
        {QStringLiteral("retry")},
        {QStringLiteral("retry"), QStringLiteral("x")},
        {QStringLiteral("push"), QStringLiteral("--timeout"), QStringLiteral("soon")},
    };
    for (const QStringList& args : wrong) {
        const Run r = cli(QStringList{QStringLiteral("sync")} + args);
        QVERIFY2(r.exitCode == 2,
                 qPrintable(QStringLiteral("sync %1: exit %2, %3")
                                .arg(args.join(QLatin1Char(' ')))
                                .arg(r.exitCode)
                                .arg(r.err)));
        QVERIFY2(r.err.startsWith(QLatin1String("astralis-cli: ")) && r.err.size() > 20, qPrintable(r.err));
    }
    // A well-formed request for a change that does not exist is a failure, not a usage error.
    const Run missing = cli({QStringLiteral("sync"), QStringLiteral("resolve"), QStringLiteral("999999"),
                             QStringLiteral("--discard")});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains(QLatin1String("999999")), qPrintable(missing.err));
}

QTEST_GUILESS_MAIN(TestCliSync)
#include "tst_cli_sync.moc"
