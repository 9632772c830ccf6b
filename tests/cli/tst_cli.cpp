// astralis-cli and astralis-console's text-only options, run as processes: Unix conventions
// (--help, --version, stderr, meaningful exit codes) and DATABASE_URL handling.

#include "PgCluster.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

namespace {

const QString kPassword = QStringLiteral("cli-pass-Zq7");

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QString& program, const QStringList& args, const QString& databaseUrl = {})
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DATABASE_URL"));
    if (!databaseUrl.isEmpty())
        env.insert(QStringLiteral("DATABASE_URL"), databaseUrl);
    env.remove(QStringLiteral("DISPLAY")); // --help/--version must not need one
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
    process.setProcessEnvironment(env);
    process.start(program, args);
    Run r;
    if (!process.waitForFinished(30000)) {
        process.kill();
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    r.out = QString::fromUtf8(process.readAllStandardOutput());
    r.err = QString::fromUtf8(process.readAllStandardError());
    return r;
}

Run cli(const QStringList& args, const QString& databaseUrl = {})
{
    return run(QStringLiteral(ASTRALIS_CLI), args, databaseUrl);
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void helpAndVersion();
    void consoleHelpAndVersionWithoutDisplay();
    void usageErrors_data();
    void usageErrors();
    void checkUsesDatabaseUrlEnvironment();
    void optionOverridesEnvironment();
    void checkFailuresHaveDistinctExitCodes_data();
    void checkFailuresHaveDistinctExitCodes();
    void showNeverPrintsPassword();

private:
    PgCluster* m_pg = nullptr;
    QString m_role;
    QString m_database;
};

void TestCli::initTestCase()
{
    m_pg = &PgCluster::instance();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    m_role = m_pg->createRole(QStringLiteral("cli"), kPassword);
    m_database = m_pg->createDatabase(QStringLiteral("clidb"), m_role);
    QVERIFY(!m_database.isEmpty());
}

void TestCli::helpAndVersion()
{
    const Run help = cli({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.startsWith(QLatin1String("Usage: astralis-cli")));
    QVERIFY(help.out.contains(QLatin1String("connection check")));
    QVERIFY(help.out.contains(QLatin1String("DATABASE_URL")));
    QVERIFY(help.err.isEmpty());

    const Run version = cli({QStringLiteral("--version")});
    QCOMPARE(version.exitCode, 0);
    QCOMPARE(version.out.trimmed(), QStringLiteral("astralis-cli " ASTRALIS_VERSION));

    const Run sub = cli({QStringLiteral("connection"), QStringLiteral("--help")});
    QCOMPARE(sub.exitCode, 0);
    QVERIFY(sub.out.contains(QLatin1String("--database-url")));
    const Run viaHelp = cli({QStringLiteral("help"), QStringLiteral("connection")});
    QCOMPARE(viaHelp.exitCode, 0);
    QCOMPARE(viaHelp.out, sub.out);
}

void TestCli::consoleHelpAndVersionWithoutDisplay()
{
    const Run version = run(QStringLiteral(ASTRALIS_CONSOLE), {QStringLiteral("--version")});
    QCOMPARE(version.exitCode, 0);
    QVERIFY2(version.out.contains(QLatin1String(ASTRALIS_VERSION)), qPrintable(version.out + version.err));
    const Run help = run(QStringLiteral(ASTRALIS_CONSOLE), {QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains(QLatin1String("--database-url")));
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("no command") << QStringList() << QStringLiteral("Usage:");
    QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")}
                                     << QStringLiteral("'frobnicate' is not a command");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--frob")}
                                    << QStringLiteral("unknown option --frob");
    QTest::newRow("unknown subcommand") << QStringList{QStringLiteral("connection"), QStringLiteral("melt")}
                                        << QStringLiteral("'connection melt' is not a command");
    QTest::newRow("missing value") << QStringList{QStringLiteral("connection"), QStringLiteral("check"),
                                                  QStringLiteral("--database-url")}
                                   << QStringLiteral("--database-url needs a value");
    QTest::newRow("unknown argument")
        << QStringList{QStringLiteral("connection"), QStringLiteral("check"), QStringLiteral("--nope")}
        << QStringLiteral("unknown argument '--nope'");
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = cli(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
}

void TestCli::checkUsesDatabaseUrlEnvironment()
{
    const Run r = cli({QStringLiteral("connection"), QStringLiteral("check")},
                      m_pg->tcpUrl(m_role, kPassword, m_database));
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(m_role));
    QVERIFY(r.out.contains(m_database));
    QVERIFY(!r.out.contains(kPassword));

    const Run json = cli({QStringLiteral("connection"), QStringLiteral("check"), QStringLiteral("--json")},
                         m_pg->tcpUrl(m_role, kPassword, m_database));
    QCOMPARE(json.exitCode, 0);
    const QJsonObject object = QJsonDocument::fromJson(json.out.toUtf8()).object();
    QCOMPARE(object.value(QStringLiteral("role")).toString(), m_role);
    QCOMPARE(object.value(QStringLiteral("database")).toString(), m_database);
}

void TestCli::optionOverridesEnvironment()
{
    const QString broken = QStringLiteral("postgresql://x@127.0.0.1:1/none");
    const Run r = cli({QStringLiteral("connection"), QStringLiteral("check"),
                       QStringLiteral("--database-url"), m_pg->tcpUrl(m_role, kPassword, m_database)},
                      broken);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));

    const Run missing = cli({QStringLiteral("connection"), QStringLiteral("check")});
    QCOMPARE(missing.exitCode, 3);
    QVERIFY(missing.err.contains(QLatin1String("DATABASE_URL")));
}

void TestCli::checkFailuresHaveDistinctExitCodes_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("malformed") << QStringLiteral("postgresql://bob@db:port/x") << 3
                               << QStringLiteral("port in the database URL");
    QTest::newRow("wrong password") << m_pg->tcpUrl(m_role, QStringLiteral("nope-wrong"), m_database) << 4
                                    << QStringLiteral("Wrong user name or password");
    QTest::newRow("unreachable") << QStringLiteral("postgresql://bob:pw@127.0.0.1:1/db") << 5
                                 << QStringLiteral("Server unreachable");
    QTest::newRow("TLS") << m_pg->tcpUrl(m_role, kPassword, m_database,
                                         QStringLiteral("sslmode=verify-full&sslrootcert=")
                                             + m_pg->otherCaFile())
                         << 6 << QStringLiteral("Secure connection (TLS) failed");
    QTest::newRow("missing database") << m_pg->tcpUrl(m_role, kPassword, QStringLiteral("not_there")) << 7
                                      << QStringLiteral("Database not found");
}

void TestCli::checkFailuresHaveDistinctExitCodes()
{
    QFETCH(QString, url);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const Run r = cli({QStringLiteral("connection"), QStringLiteral("check")}, url);
    QVERIFY2(r.exitCode == exitCode, qPrintable(QStringLiteral("exit %1: %2").arg(r.exitCode).arg(r.err)));
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
    QVERIFY(!r.err.contains(kPassword));
    QVERIFY(!r.err.contains(QLatin1String("nope-wrong")));
}

void TestCli::showNeverPrintsPassword()
{
    const QString url
        = m_pg->tcpUrl(m_role, kPassword, m_database,
                       QStringLiteral("sslmode=verify-ca&sslrootcert=/etc/ca.pem&connection_limit=3"));
    const Run text = cli({QStringLiteral("connection"), QStringLiteral("show")}, url);
    QCOMPARE(text.exitCode, 0);
    QVERIFY(!text.out.contains(kPassword));
    QVERIFY(text.out.contains(QLatin1String("verify-ca")));

    const Run json
        = cli({QStringLiteral("connection"), QStringLiteral("show"), QStringLiteral("--json")}, url);
    QCOMPARE(json.exitCode, 0);
    QVERIFY(!json.out.contains(kPassword));
    const QJsonObject object = QJsonDocument::fromJson(json.out.toUtf8()).object();
    QCOMPARE(object.value(QStringLiteral("sslmode")).toString(), QStringLiteral("verify-ca"));
    QCOMPARE(object.value(QStringLiteral("sslrootcert")).toString(), QStringLiteral("/etc/ca.pem"));
    QCOMPARE(object.value(QStringLiteral("connectionLimit")).toInt(), 3);
    QCOMPARE(object.value(QStringLiteral("passwordGiven")).toBool(), true);
    QCOMPARE(object.value(QStringLiteral("user")).toString(), m_role);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
