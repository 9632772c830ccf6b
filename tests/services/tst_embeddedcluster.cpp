// The local demo workspace's private cluster, as consoles use it: created, deployed and seeded
// once, shared by two consoles, stopped by the last, recovered after a crash and a stale lock.

#include "DatabaseConnector.h"
#include "EmbeddedCluster.h"
#include "SessionCheck.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <optional>

namespace {

qint64 postmasterPid(const QString& root)
{
    QFile pid(root + QStringLiteral("/data/postmaster.pid"));
    if (!pid.open(QIODevice::ReadOnly))
        return 0;
    return pid.readLine().trimmed().toLongLong();
}

bool running(const QString& root)
{
    const qint64 pid = postmasterPid(root);
    return pid > 0 && ::kill(pid_t(pid), 0) == 0;
}

} // namespace

class TestEmbeddedCluster : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void startsSeedsAndSignsInAsDemoStaff();
    void secondConsoleSharesTheServer();
    void lastConsoleStopsIt();
    void concurrentFirstStartsDoNotCollide();
    void recoversFromACrash();
    void staleLockIsTakenOver();

private:
    EmbeddedCluster::Result start(EmbeddedCluster& cluster);
    QString freshRoot();

    QTemporaryDir m_tmp{QStringLiteral("/tmp/aec-XXXXXX")};
    QString m_root;
    int m_roots = 0;
};

void TestEmbeddedCluster::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    // As root the server runs as postgres, which must be able to enter the folder.
    QFile::setPermissions(m_tmp.path(),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther
                              | QFile::ExeOther | QFile::ReadGroup | QFile::ExeGroup);
    QVERIFY2(!EmbeddedCluster::serverBinDir().isEmpty(), "PostgreSQL's server binaries are missing");
    m_root = freshRoot();
}

QString TestEmbeddedCluster::freshRoot()
{
    return m_tmp.path() + QStringLiteral("/c%1").arg(++m_roots);
}

EmbeddedCluster::Result TestEmbeddedCluster::start(EmbeddedCluster& cluster)
{
    auto answer = std::make_shared<std::optional<EmbeddedCluster::Result>>();
    cluster.start([answer](const EmbeddedCluster::Result& r) { *answer = r; });
    if (!QTest::qWaitFor([&] { return answer->has_value(); }, 120000))
        return {};
    return **answer;
}

void TestEmbeddedCluster::startsSeedsAndSignsInAsDemoStaff()
{
    EmbeddedCluster cluster(m_root);
    QStringList steps;
    connect(&cluster, &EmbeddedCluster::progress, this, [&steps](const QString& step) { steps << step; });
    const EmbeddedCluster::Result result = start(cluster);
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(steps.size() >= 3); // created, started, deployed, seeded: the person saw progress
    QCOMPARE(result.settings.user, QStringLiteral("demo_staff"));
    QVERIFY(result.settings.isUnixSocket());
    QVERIFY(result.settings.password.isEmpty());

    // The console's own sign-in path: a staff login, linked, subject to row-level security.
    const ConnectResult opened = DatabaseConnector::open(result.settings, QStringLiteral("demo"));
    QVERIFY2(opened.ok(), qPrintable(opened.error.detail));
    {
        QSqlDatabase db = QSqlDatabase::database(QStringLiteral("demo"));
        const SessionCheckResult check = SessionCheck::run(db);
        QVERIFY2(!check.error.isError(), qPrintable(check.error.detail));
        QCOMPARE(check.organizationName, QStringLiteral("Northwind Studio"));
        QSqlQuery query(db);
        QVERIFY(query.exec(
            QStringLiteral("SELECT current_setting('listen_addresses'), "
                           "(SELECT count(*) FROM organization), (SELECT count(*) FROM \"pipelineItem\")")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), QString()); // Unix socket only: no TCP port
        QCOMPARE(query.value(1).toInt(), 1); // only its own organization, although two exist
        QCOMPARE(query.value(2).toInt(), 300);
    }
    DatabaseConnector::close(QStringLiteral("demo"));
    // Socket folder private to this user.
    QCOMPARE(QFile::permissions(cluster.socketDir())
                 & (QFile::ReadOther | QFile::ExeOther | QFile::ReadGroup),
             QFile::Permissions());
    cluster.release();
    QVERIFY(!running(m_root));
}

void TestEmbeddedCluster::secondConsoleSharesTheServer()
{
    EmbeddedCluster first(m_root);
    QVERIFY(start(first).ok);
    const qint64 pid = postmasterPid(m_root);
    QVERIFY(pid > 0);
    EmbeddedCluster second(m_root);
    const EmbeddedCluster::Result again = start(second);
    QVERIFY2(again.ok, qPrintable(again.error));
    QCOMPARE(postmasterPid(m_root), pid); // the same server, not a second one on the same data
    QVERIFY(again.notice.isEmpty());
    first.release();
    QVERIFY(running(m_root)); // the second console still uses it
    second.release();
    QVERIFY(!running(m_root));
}

void TestEmbeddedCluster::lastConsoleStopsIt()
{
    {
        EmbeddedCluster cluster(m_root);
        QVERIFY(start(cluster).ok);
        QVERIFY(running(m_root));
    } // destroyed: released
    QVERIFY(!running(m_root));
}

void TestEmbeddedCluster::concurrentFirstStartsDoNotCollide()
{
    const QString root = freshRoot();
    EmbeddedCluster a(root);
    EmbeddedCluster b(root);
    auto ra = std::make_shared<std::optional<EmbeddedCluster::Result>>();
    auto rb = std::make_shared<std::optional<EmbeddedCluster::Result>>();
    a.start([ra](const EmbeddedCluster::Result& r) { *ra = r; });
    b.start([rb](const EmbeddedCluster::Result& r) { *rb = r; });
    QTRY_VERIFY_WITH_TIMEOUT(ra->has_value() && rb->has_value(), 180000);
    QVERIFY2((*ra)->ok, qPrintable((*ra)->error));
    QVERIFY2((*rb)->ok, qPrintable((*rb)->error));
    // Seeded once: one demo organization, not two attempts half-done.
    const ConnectResult opened = DatabaseConnector::open((*ra)->settings, QStringLiteral("both"));
    QVERIFY(opened.ok());
    {
        QSqlQuery query(QSqlDatabase::database(QStringLiteral("both")));
        QVERIFY(query.exec(QStringLiteral("SELECT count(*) FROM \"pipelineItem\"")) && query.next());
        QCOMPARE(query.value(0).toInt(), 300);
    }
    DatabaseConnector::close(QStringLiteral("both"));
    a.release();
    b.release();
    QVERIFY(!running(root));
}

void TestEmbeddedCluster::recoversFromACrash()
{
    {
        EmbeddedCluster cluster(m_root);
        QVERIFY(start(cluster).ok);
        const qint64 pid = postmasterPid(m_root);
        QVERIFY(::kill(pid_t(pid), SIGKILL) == 0);
        QTRY_VERIFY_WITH_TIMEOUT(::kill(pid_t(pid), 0) != 0, 10000);
        // The crashed console never released; a new one starts over the wreck.
    }
    EmbeddedCluster cluster(m_root);
    const EmbeddedCluster::Result result = start(cluster);
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY2(result.notice.contains(QLatin1String("not shut down cleanly")), qPrintable(result.notice));
    cluster.release();
    QVERIFY(!running(m_root));
}

void TestEmbeddedCluster::staleLockIsTakenOver()
{
    // A lock left by a console that died: QLockFile's format, with a process id that is gone.
    QFile lock(m_root + QStringLiteral("/cluster.lock"));
    QVERIFY(lock.open(QIODevice::WriteOnly));
    lock.write("999999\nastralis-console\n");
    lock.write(QSysInfo::machineHostName().toUtf8() + "\n");
    lock.close();
    EmbeddedCluster cluster(m_root);
    const EmbeddedCluster::Result result = start(cluster);
    QVERIFY2(result.ok, qPrintable(result.error));
    cluster.release();
}

QTEST_GUILESS_MAIN(TestEmbeddedCluster)
#include "tst_embeddedcluster.moc"
