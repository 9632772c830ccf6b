// One outbox per database, not per address: astralis-cli against two databases deployed from the
// same migrations (so with different instance ids) and reached with the SAME URL — host, port,
// database name and login — one after the other, as behind an SSH tunnel switched to another
// server or a database dropped and restored. The demo seed makes the same card ids in both, so
// a change sent to the wrong one would land on a real card.
//
// A change queued offline against the first database is not sent to the second (sync push and
// sync status say why and exit 12); with the first database back it is sent. A cache made
// before caches knew their database is adopted by the first one it reaches. The databases are
// swapped under one name with ALTER DATABASE … RENAME, in a server of the test's own.

#include "BoardSql.h"
#include "CliRun.h"
#include "ConnectionUrl.h"
#include "LocalCache.h"
#include "PgCluster.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>

namespace {

const QString kPassword = QStringLiteral("cli-instance-pass-1");

using Run = CliRun;

} // namespace

class TestCliSyncInstance : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void queuedChangeGoesOnlyToItsOwnDatabase();
    void cacheFromBeforeInstanceIdsIsAdopted();
    void databaseWithoutInstanceIdIsRefused();

private:
    Run cli(const QStringList& args);
    Run push()
    {
        return cli({QStringLiteral("sync"), QStringLiteral("push"), QStringLiteral("--timeout"),
                    QStringLiteral("5")});
    }
    Run status() { return cli({QStringLiteral("sync"), QStringLiteral("status")}); }
    // Whatever database is reached under the URL's name now.
    QString scalar(const QString& sql) { return m_pg->scalar(sql, m_first.database).toString(); }
    QString stageKey(const QString& id);
    QString otherStage(const QString& id);
    QString salesCard();
    bool crash();
    bool resume();
    bool swap();

    std::unique_ptr<PgCluster> m_pg;
    PgCluster::DemoDatabase m_first; // its name is the URL's; m_second's is the other one
    PgCluster::DemoDatabase m_second;
    bool m_swapped = false;
    bool m_down = false;
    QString m_url;
    ConnectionSettings m_settings;
    QElapsedTimer m_clock;
};

void TestCliSyncInstance::initTestCase()
{
    m_clock.start();
    // astralis-cli finds the same cache files: same application names, same XDG_DATA_HOME.
    QCoreApplication::setOrganizationName(QStringLiteral("Astralis"));
    QCoreApplication::setApplicationName(QStringLiteral("Astralis Console"));
    m_pg = PgCluster::startOwn();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    m_first = m_pg->createDemoDatabase(QStringLiteral("inst"), 20, kPassword);
    QVERIFY2(m_first.error.isEmpty(), qPrintable(m_first.error));
    // The same migrations and seed, the same login and password: only the instance differs.
    m_second = m_pg->createDemoDatabase(QStringLiteral("instb"), 20, kPassword, m_first);
    QVERIFY2(m_second.error.isEmpty(), qPrintable(m_second.error));
    QCOMPARE(m_second.login, m_first.login);
    m_url = m_pg->tcpUrl(m_first.login, kPassword, m_first.database);
    const UrlParseResult parsed = ConnectionUrl::parse(m_url);
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    m_settings = parsed.settings;
}

void TestCliSyncInstance::init()
{
    // Nothing loaded on this computer yet, and the first database under the URL's name.
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/cache"))
        .removeRecursively();
    if (m_swapped)
        QVERIFY(swap());
}

void TestCliSyncInstance::cleanup()
{
    if (m_down)
        resume();
}

Run TestCliSyncInstance::cli(const QStringList& args)
{
    return runCli(QStringLiteral(ASTRALIS_CLI), args, {m_url});
}

QString TestCliSyncInstance::stageKey(const QString& id)
{
    return scalar(BoardSql::stageKeyOf(id));
}

QString TestCliSyncInstance::otherStage(const QString& id)
{
    return scalar(BoardSql::otherStageOf(id));
}

QString TestCliSyncInstance::salesCard()
{
    return scalar(
        QStringLiteral("SELECT min(i.id) FROM \"pipelineItem\" i JOIN \"pipelineStage\" s ON s.id = "
                       "i.\"stageId\" JOIN pipeline p ON p.id = s.\"pipelineId\" JOIN organization o "
                       "ON o.id = p.\"orgId\" WHERE o.slug = 'northwind' AND p.key = 'sales' AND "
                       "i.\"deletedAt\" IS NULL"));
}

bool TestCliSyncInstance::crash()
{
    QString error;
    m_down = m_pg->crash(&error);
    if (!m_down)
        qWarning("crash: %s", qPrintable(error));
    return m_down;
}

bool TestCliSyncInstance::resume()
{
    QString error;
    m_down = !m_pg->resume(&error);
    if (m_down)
        qWarning("resume: %s", qPrintable(error));
    return !m_down;
}

bool TestCliSyncInstance::swap()
{
    QString error;
    if (!m_pg->swapDatabases(m_first.database, m_second.database, &error)) {
        qWarning("swap: %s", qPrintable(error));
        return false;
    }
    m_swapped = !m_swapped;
    return true;
}

void TestCliSyncInstance::queuedChangeGoesOnlyToItsOwnDatabase()
{
    const QString firstInstance = scalar(QStringLiteral("SELECT astralis_instance_id()"));
    QVERIFY(!firstInstance.isEmpty());
    const QString id = salesCard();
    QVERIFY(!id.isEmpty());
    const QString from = stageKey(id);
    const QString target = otherStage(id);
    QVERIFY(!target.isEmpty() && target != from);

    // Loaded once while online; moved while the server is down: queued here.
    const Run list = cli({QStringLiteral("board"), QStringLiteral("list"), QStringLiteral("--pipeline"),
                          QStringLiteral("sales")});
    QVERIFY2(list.exitCode == 0, qPrintable(list.err));
    QVERIFY(crash());
    const Run move = cli({QStringLiteral("board"), QStringLiteral("move"), id, target});
    QVERIFY2(move.exitCode == 0, qPrintable(move.err));
    QVERIFY2(move.out.startsWith(QLatin1String("Queued")), qPrintable(move.out));
    QVERIFY(resume());
    QString mutation;
    {
        LocalCache cache;
        QString error;
        QVERIFY2(cache.open(CacheFiles::pathFor(m_settings), &error), qPrintable(error));
        QCOMPARE(cache.outbox().entries().size(), 1);
        mutation = cache.outbox().entries().first().mutationId;
    }
    const QString recorded
        = QStringLiteral("SELECT count(*) FROM client_mutation WHERE id = '%1'").arg(mutation);

    // The same URL now leads to the other database: same card ids, another instance.
    QVERIFY(swap());
    const QString secondInstance = scalar(QStringLiteral("SELECT astralis_instance_id()"));
    QVERIFY(!secondInstance.isEmpty() && secondInstance != firstInstance);
    QCOMPARE(stageKey(id), from); // the same card is there, untouched

    const Run refused = push();
    QVERIFY2(
        refused.exitCode == 12,
        qPrintable(QStringLiteral("exit %1\n%2\n%3").arg(refused.exitCode).arg(refused.out, refused.err)));
    QVERIFY2(refused.err.contains(QLatin1String("belongs to another database")), qPrintable(refused.err));
    QVERIFY2(refused.err.contains(QLatin1String("1 unsent change")), qPrintable(refused.err));
    QVERIFY2(refused.err.contains(CacheFiles::shortInstance(firstInstance)), qPrintable(refused.err));
    QVERIFY2(!refused.err.contains(firstInstance), qPrintable(refused.err)); // the short form only
    QCOMPARE(stageKey(id), from);
    QCOMPARE(scalar(recorded), QStringLiteral("0"));

    // Asked again, and by sync status: still held, still said.
    const Run again = push();
    QCOMPARE(again.exitCode, 12);
    QVERIFY2(again.err.contains(QLatin1String("held")), qPrintable(again.err));
    const Run held = status();
    QCOMPARE(held.exitCode, 12);
    QVERIFY2(held.out.contains(QLatin1String("another database")), qPrintable(held.out));
    QVERIFY2(held.out.contains(CacheFiles::shortInstance(firstInstance)), qPrintable(held.out));
    // Work against this database goes into its own cache, and out to it.
    const Run here = cli({QStringLiteral("board"), QStringLiteral("move"), id, target});
    QVERIFY2(here.exitCode == 0, qPrintable(here.err));
    QCOMPARE(stageKey(id), target);
    QCOMPARE(scalar(recorded), QStringLiteral("0")); // its own change, not the held one
    {
        LocalCache first;
        QString error;
        QVERIFY2(first.open(CacheFiles::basePathFor(m_settings), &error), qPrintable(error));
        QCOMPARE(first.meta().instanceId(), firstInstance);
        QCOMPARE(first.outbox().counts().pending, 1); // kept, for its own database
    }

    // The first database is back under the name: its change goes out, once.
    QVERIFY(swap());
    QCOMPARE(stageKey(id), from);
    const Run sent = push();
    QVERIFY2(sent.exitCode == 0,
             qPrintable(QStringLiteral("exit %1\n%2\n%3").arg(sent.exitCode).arg(sent.out, sent.err)));
    QVERIFY2(sent.out.contains(QLatin1String("Everything is on the server")), qPrintable(sent.out));
    QCOMPARE(stageKey(id), target);
    QCOMPARE(scalar(recorded), QStringLiteral("1"));
    const Run clean = status();
    QVERIFY2(clean.exitCode == 0, qPrintable(clean.out + clean.err));
    QVERIFY2(clean.out.contains(QLatin1String("Nothing to send")), qPrintable(clean.out));
}

void TestCliSyncInstance::cacheFromBeforeInstanceIdsIsAdopted()
{
    const QString instance = scalar(QStringLiteral("SELECT astralis_instance_id()"));
    const QString id = salesCard();
    const QString target = otherStage(id);
    const Run show = cli({QStringLiteral("item"), QStringLiteral("show"), id});
    QVERIFY2(show.exitCode == 0, qPrintable(show.err));
    // The file as the previous version left it: no instance id, no index beside it.
    const QString path = CacheFiles::basePathFor(m_settings);
    {
        LocalCache old;
        QString error;
        QVERIFY2(old.open(path, &error), qPrintable(error));
        QSqlQuery q(old.database());
        QVERIFY(q.exec(QStringLiteral("DELETE FROM meta WHERE key = 'instanceId'")));
        QVERIFY(old.meta().instanceId().isEmpty());
    }
    for (const QString& name : QDir(QFileInfo(path).absolutePath()).entryList({QStringLiteral("*.index")}))
        QVERIFY(QFile::remove(QFileInfo(path).absolutePath() + QLatin1Char('/') + name));
    QCOMPARE(CacheFiles::pathFor(m_settings), path);

    QVERIFY(crash());
    const Run move = cli({QStringLiteral("board"), QStringLiteral("move"), id, target});
    QVERIFY2(move.exitCode == 0, qPrintable(move.err));
    QVERIFY2(move.out.startsWith(QLatin1String("Queued")), qPrintable(move.out));
    QVERIFY(resume());

    // The first database it reaches adopts it, and gets what waited.
    const Run sent = push();
    QVERIFY2(sent.exitCode == 0, qPrintable(sent.out + sent.err));
    QCOMPARE(stageKey(id), target);
    LocalCache cache;
    QString error;
    QVERIFY2(cache.open(path, &error), qPrintable(error));
    QCOMPARE(cache.meta().instanceId(), instance);
    QCOMPARE(cache.outbox().counts().total(), 0);
    QCOMPARE(CacheFiles::pathFor(m_settings), path);
}

void TestCliSyncInstance::databaseWithoutInstanceIdIsRefused()
{
    // A database the migration never reached (the session check refuses those too): nothing is
    // sent to it, with a message that says what to do.
    const Run list = cli({QStringLiteral("board"), QStringLiteral("list")});
    QVERIFY2(list.exitCode == 0, qPrintable(list.err));
    QVERIFY(m_pg->exec(
        QStringLiteral("ALTER FUNCTION astralis_instance_id() RENAME TO astralis_instance_id_gone"), nullptr,
        m_first.database));
    const Run refused = push();
    QVERIFY(m_pg->exec(
        QStringLiteral("ALTER FUNCTION astralis_instance_id_gone() RENAME TO astralis_instance_id"), nullptr,
        m_first.database));
    QVERIFY2(refused.exitCode == 9,
             qPrintable(QStringLiteral("exit %1: %2").arg(refused.exitCode).arg(refused.err)));
    QVERIFY2(refused.err.contains(QLatin1String("astralis_instance_id")), qPrintable(refused.err));
    QVERIFY2(refused.err.contains(QLatin1String("db deploy")), qPrintable(refused.err));
    qInfo("took %lld ms", m_clock.elapsed());
}

QTEST_GUILESS_MAIN(TestCliSyncInstance)
#include "tst_cli_sync_instance.moc"
