// The local demo workspace's private cluster, as consoles use it: created, deployed and seeded
// once, shared by two consoles, stopped by the last, recovered after a crash and a stale lock.
// And its folder, which as root is shared with the postgres account: folders that others can
// change are refused, links swapped in are never followed, nothing the console did not make is
// deleted, and what it does clear it clears as postgres, not as root.

#include "DatabaseConnector.h"
#include "EmbeddedCluster.h"
#include "SessionCheck.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <optional>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

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

bool isRoot()
{
    return ::geteuid() == 0;
}

uid_t uidOf(const char* name)
{
    const struct passwd* pw = ::getpwnam(name);
    return pw ? pw->pw_uid : uid_t(-1);
}

bool makeDir(const QString& path, mode_t mode)
{
    return ::mkdir(QFile::encodeName(path).constData(), mode) == 0
        && ::chmod(QFile::encodeName(path).constData(), mode) == 0;
}

bool writeFile(const QString& path, const QByteArray& contents)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(contents) == contents.size();
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
}

// The running consoles' marks: in the demo folder itself, which only its owner can write in.
QString consolesDir(const QString& root)
{
    return root + QStringLiteral("/consoles");
}

// A server a failing test may have left behind, stopped the way the console does.
void stopServer(const QString& root)
{
    if (!running(root))
        return;
    QStringList command{EmbeddedCluster::serverBinDir() + QStringLiteral("/pg_ctl"),
                        QStringLiteral("-D"),
                        root + QStringLiteral("/data"),
                        QStringLiteral("-m"),
                        QStringLiteral("immediate"),
                        QStringLiteral("-w"),
                        QStringLiteral("stop")};
    if (isRoot())
        command = QStringList{QStringLiteral("runuser"), QStringLiteral("-u"), QStringLiteral("postgres"),
                              QStringLiteral("--")}
            + command;
    QProcess::execute(command.first(), command.mid(1));
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
    void socketPathLimitIsCountedInBytes();
    void tooLongSocketPathIsRefusedBeforeAnythingIsMade();
    void folderWritableByOthersIsRefused_data();
    void folderWritableByOthersIsRefused();
    void folderOfAnotherAccountIsRefused_data();
    void folderOfAnotherAccountIsRefused();
    void dataNotMadeByTheConsoleIsKept();
    void symlinkedDataIsNeverFollowed();
    void staleMarksNeverLeadOutside();
    void interruptedFirstRunIsStartedOver();
    void clearingRunsAsThePostgresAccount();

private:
    EmbeddedCluster::Result start(EmbeddedCluster& cluster);
    QString freshRoot();

    QTemporaryDir m_tmp{QStringLiteral("/tmp/aec-XXXXXX")};
    QString m_root;
    QString m_halfMadeRoot;
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

void TestEmbeddedCluster::socketPathLimitIsCountedInBytes()
{
    // "/run/.s.PGSQL.5432" is 18 bytes: a folder of 89 bytes gives a socket path of 107, the
    // most sun_path holds with its NUL.
    const QString fits = QStringLiteral("/") + QString(88, QLatin1Char('a'));
    QCOMPARE(EmbeddedCluster::socketFile(fits).toUtf8().size(), 107);
    QVERIFY(EmbeddedCluster::socketPathFits(fits));
    QVERIFY(!EmbeddedCluster::socketPathFits(fits + QLatin1Char('a')));
    // Bytes, not characters: "é" takes two in UTF-8.
    const QString accented = QStringLiteral("/") + QString(44, QChar(0xE9));
    QCOMPARE(EmbeddedCluster::socketFile(accented).toUtf8().size(), 107);
    QVERIFY(EmbeddedCluster::socketPathFits(accented));
    QVERIFY(!EmbeddedCluster::socketPathFits(accented + QChar(0xE9)));
}

void TestEmbeddedCluster::tooLongSocketPathIsRefusedBeforeAnythingIsMade()
{
    // 90 characters: the old check let this through, but its socket path is 108 bytes.
    const QString prefix = m_tmp.path() + QStringLiteral("/long-");
    const QString root = prefix + QString(90 - prefix.size(), QLatin1Char('x'));
    QCOMPARE(EmbeddedCluster::socketFile(root).toUtf8().size(), 108);
    EmbeddedCluster cluster(root);
    const EmbeddedCluster::Result result = start(cluster);
    stopServer(root);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(QLatin1String("ASTRALIS_DEMO_DIR")), qPrintable(result.error));
    QVERIFY2(result.error.contains(QLatin1String("108")), qPrintable(result.error));
    QVERIFY(!QFileInfo::exists(root));
}

void TestEmbeddedCluster::folderWritableByOthersIsRefused_data()
{
    QTest::addColumn<int>("mode");
    QTest::newRow("world-writable") << 0777;
    QTest::newRow("group-writable") << 0770;
    QTest::newRow("others may write") << 0703;
    QTest::newRow("sticky, like /tmp") << 01777;
}

void TestEmbeddedCluster::folderWritableByOthersIsRefused()
{
    QFETCH(int, mode);
    const QString root = freshRoot();
    QVERIFY(makeDir(root, mode_t(mode)));
    EmbeddedCluster cluster(root);
    const EmbeddedCluster::Result result = start(cluster);
    stopServer(root);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(root) && result.error.contains(QLatin1String("writable")),
             qPrintable(result.error));
    QVERIFY(QDir(root).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot)); // nothing made
}

void TestEmbeddedCluster::folderOfAnotherAccountIsRefused_data()
{
    QTest::addColumn<QString>("owner");
    QTest::addColumn<bool>("parentOnly"); // the demo folder is ours, but a folder above it is not
    QTest::newRow("nobody's") << QStringLiteral("nobody") << false;
    // As root, a folder pre-created in a shared place by the postgres account.
    QTest::newRow("postgres's") << QStringLiteral("postgres") << false;
    QTest::newRow("inside nobody's") << QStringLiteral("nobody") << true;
}

void TestEmbeddedCluster::folderOfAnotherAccountIsRefused()
{
    QFETCH(QString, owner);
    QFETCH(bool, parentOnly);
    if (!isRoot())
        QSKIP("Only root can make a folder that belongs to another account");
    const uid_t uid = uidOf(owner.toLatin1().constData());
    QVERIFY(uid != uid_t(-1));
    const QString owned = freshRoot();
    QVERIFY(makeDir(owned, 0755));
    QVERIFY(::chown(QFile::encodeName(owned).constData(), uid, gid_t(-1)) == 0);
    const QString root = parentOnly ? owned + QStringLiteral("/demo") : owned;
    EmbeddedCluster cluster(root);
    const EmbeddedCluster::Result result = start(cluster);
    stopServer(root);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(owned) && result.error.contains(owner), qPrintable(result.error));
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/data")));
}

void TestEmbeddedCluster::dataNotMadeByTheConsoleIsKept()
{
    // ASTRALIS_DEMO_DIR=$HOME, say: its data/ is the person's, not a half-made cluster.
    const QString root = freshRoot();
    QVERIFY(makeDir(root, 0711));
    QVERIFY(makeDir(root + QStringLiteral("/data"), 0755));
    QVERIFY(writeFile(root + QStringLiteral("/data/thesis.txt"), "chapter one"));
    EmbeddedCluster cluster(root);
    const EmbeddedCluster::Result result = start(cluster);
    stopServer(root);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(root + QStringLiteral("/data"))
                 && result.error.contains(QLatin1String("left untouched")),
             qPrintable(result.error));
    QCOMPARE(readFile(root + QStringLiteral("/data/thesis.txt")), QByteArray("chapter one"));
}

void TestEmbeddedCluster::symlinkedDataIsNeverFollowed()
{
    // The workspace made by the first tests, its data/ swapped for a link to another folder
    // (as the postgres account could do when data/ sat in a folder it owned).
    const QString data = m_root + QStringLiteral("/data");
    QVERIFY(QFileInfo(data + QStringLiteral("/PG_VERSION")).exists());
    QVERIFY(!running(m_root));
    const QString elsewhere = m_tmp.path() + QStringLiteral("/elsewhere");
    QVERIFY(makeDir(elsewhere, 0777));
    QVERIFY(writeFile(elsewhere + QStringLiteral("/canary"), "alive"));
    QVERIFY(QDir().rename(data, data + QStringLiteral(".moved")));
    const auto restore = qScopeGuard([&] {
        QFile::remove(data);
        QDir().rename(data + QStringLiteral(".moved"), data);
    });
    QVERIFY(QFile::link(elsewhere, data));
    {
        EmbeddedCluster cluster(m_root);
        const EmbeddedCluster::Result result = start(cluster);
        stopServer(m_root);
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(data) && result.error.contains(QLatin1String("symbolic link")),
                 qPrintable(result.error));
    }
    QCOMPARE(readFile(elsewhere + QStringLiteral("/canary")), QByteArray("alive"));
    QCOMPARE(QDir(elsewhere).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList{QStringLiteral("canary")}); // and no cluster made there either
}

void TestEmbeddedCluster::staleMarksNeverLeadOutside()
{
    const QString outside = m_tmp.path() + QStringLiteral("/outside");
    QVERIFY(makeDir(outside, 0755));
    QVERIFY(writeFile(outside + QStringLiteral("/canary"), "alive"));
    // A file whose name is no live console: a stale mark, were it in the console folder.
    QVERIFY(writeFile(outside + QStringLiteral("/0-passwd"), "alive"));

    // A stale mark that is a link to a file elsewhere: the link goes, the file stays intact.
    {
        EmbeddedCluster cluster(m_root);
        QVERIFY(start(cluster).ok);
        QVERIFY(QFile::link(outside + QStringLiteral("/canary"),
                            consolesDir(m_root) + QStringLiteral("/999999-1")));
        cluster.release();
        QVERIFY(!running(m_root)); // the only live console is gone: stopped
        QVERIFY(!QFileInfo(consolesDir(m_root) + QStringLiteral("/999999-1")).isSymLink());
        QCOMPARE(readFile(outside + QStringLiteral("/canary")), QByteArray("alive"));
    }

    // The whole folder of marks swapped for a link to another folder: not a file in it goes.
    const QString consoles = consolesDir(m_root);
    {
        EmbeddedCluster cluster(m_root);
        QVERIFY(start(cluster).ok);
        QVERIFY(QDir().rename(consoles, consoles + QStringLiteral(".moved")));
        const auto restore = qScopeGuard([&] {
            QFile::remove(consoles);
            QDir().rename(consoles + QStringLiteral(".moved"), consoles);
        });
        QVERIFY(QFile::link(outside, consoles));
        cluster.release();
        QCOMPARE(readFile(outside + QStringLiteral("/canary")), QByteArray("alive"));
        QCOMPARE(readFile(outside + QStringLiteral("/0-passwd")), QByteArray("alive"));
    }
    // The released console's mark is stale now; a last console stops the server.
    for (const QString& name : QDir(consoles).entryList(QDir::Files))
        QVERIFY(QFile::remove(consoles + QLatin1Char('/') + name));
    EmbeddedCluster last(m_root);
    QVERIFY(start(last).ok);
    last.release();
    QVERIFY(!running(m_root));
}

void TestEmbeddedCluster::interruptedFirstRunIsStartedOver()
{
    // A first run interrupted in initdb: data/ without PG_VERSION, made by the console.
    const QString root = freshRoot();
    {
        EmbeddedCluster cluster(root);
        const EmbeddedCluster::Result result = start(cluster);
        QVERIFY2(result.ok, qPrintable(result.error));
    }
    QVERIFY(!running(root));
    QVERIFY(QFile::remove(root + QStringLiteral("/data/PG_VERSION")));
    EmbeddedCluster cluster(root);
    const EmbeddedCluster::Result result = start(cluster);
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(QFileInfo::exists(root + QStringLiteral("/data/PG_VERSION")));
    cluster.release();
    QVERIFY(!running(root));
    m_halfMadeRoot = root;
}

void TestEmbeddedCluster::clearingRunsAsThePostgresAccount()
{
    if (!isRoot())
        QSKIP("Only as root does the server run as another account");
    QVERIFY(!m_halfMadeRoot.isEmpty());
    // The console's own half-made cluster, with a folder in it that postgres could not have
    // made and may not empty: root could delete it, postgres cannot, and it is postgres that
    // clears the folder.
    const QString data = m_halfMadeRoot + QStringLiteral("/data");
    QVERIFY(QFile::remove(data + QStringLiteral("/PG_VERSION")));
    QVERIFY(makeDir(data + QStringLiteral("/roots"), 0755));
    QVERIFY(writeFile(data + QStringLiteral("/roots/canary"), "alive"));
    EmbeddedCluster cluster(m_halfMadeRoot);
    const EmbeddedCluster::Result result = start(cluster);
    stopServer(m_halfMadeRoot);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(data) && result.error.contains(QLatin1String("could not be cleared")),
             qPrintable(result.error));
    QCOMPARE(readFile(data + QStringLiteral("/roots/canary")), QByteArray("alive"));
}

QTEST_GUILESS_MAIN(TestEmbeddedCluster)
#include "tst_embeddedcluster.moc"
