// astralis-cli and astralis-console's text-only options, run as processes: Unix conventions
// (--help, --version, stderr, meaningful exit codes) and DATABASE_URL handling.

#include "CliRun.h"
#include "PgCluster.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

const QString kPassword = QStringLiteral("cli-pass-Zq7");

using Run = CliRun;

Run run(const QString& program, const QStringList& args, const QString& databaseUrl = {},
        const QByteArray& input = {})
{
    CliRunOptions options{databaseUrl, input, 30000};
    options.environment = [](QProcessEnvironment* env) {
        env->remove(QStringLiteral("DISPLAY")); // --help/--version must not need one
        env->insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
    };
    return runCli(program, args, options);
}

Run cli(const QStringList& args, const QString& databaseUrl = {}, const QByteArray& input = {})
{
    return run(QStringLiteral(ASTRALIS_CLI), args, databaseUrl, input);
}

// Runs astralis-cli on a pseudo-terminal, as a person in a shell would, and answers its password
// prompt. out is everything the terminal showed.
Run cliOnTerminal(const QStringList& args, const QString& databaseUrl, const QByteArray& answer)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DATABASE_URL"), databaseUrl);
    QList<QByteArray> argvBytes{QByteArrayLiteral(ASTRALIS_CLI)};
    for (const QString& arg : args)
        argvBytes << arg.toLocal8Bit();
    QList<QByteArray> envBytes;
    for (const QString& entry : env.toStringList())
        envBytes << entry.toLocal8Bit();
    std::vector<char*> argv, envp;
    for (QByteArray& a : argvBytes)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    for (QByteArray& e : envBytes)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    Run r;
    int master = -1;
    const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
    if (pid < 0) {
        r.err = QStringLiteral("forkpty failed");
        return r;
    }
    if (pid == 0) {
        execve(argv[0], argv.data(), envp.data());
        _exit(127);
    }
    QByteArray shown;
    bool answered = false;
    const QDeadlineTimer deadline(30000);
    while (!deadline.hasExpired()) {
        pollfd fd{master, POLLIN, 0};
        if (poll(&fd, 1, int(qMax<qint64>(1, deadline.remainingTime()))) <= 0)
            break;
        char buffer[512];
        const ssize_t n = read(master, buffer, sizeof buffer);
        if (n <= 0)
            break; // EIO: the program ended and closed the terminal
        shown.append(buffer, n);
        if (!answered && shown.contains("Password for")) {
            answered = true;
            if (write(master, answer.constData(), size_t(answer.size())) != answer.size())
                break;
        }
    }
    close(master);
    int status = 0;
    if (deadline.hasExpired())
        kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -2;
    r.out = QString::fromUtf8(shown);
    return r;
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
    void passwordInDatabaseUrlOptionRefused_data();
    void passwordInDatabaseUrlOptionRefused();
    void passwordFromStdin();
    void passwordPromptOnATerminal();
    void checkReportsTls_data();
    void checkReportsTls();
    void weakTlsToARemoteServerWarns();
    void consoleRefusesPasswordInDatabaseUrl();
    void consoleSignsInFromDatabaseUrlEnvironment();

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
    // No password in the option (see passwordInDatabaseUrlOptionRefused): the socket needs none.
    const Run r = cli({QStringLiteral("connection"), QStringLiteral("check"),
                       QStringLiteral("--database-url"), m_pg->socketUrl(m_role, m_database)},
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

void TestCli::passwordInDatabaseUrlOptionRefused_data()
{
    QTest::addColumn<QStringList>("args");
    const QString url = m_pg->tcpUrl(m_role, kPassword, m_database);
    QTest::newRow("connection check") << QStringList{QStringLiteral("connection"), QStringLiteral("check"),
                                                     QStringLiteral("--database-url"), url};
    QTest::newRow("connection show") << QStringList{QStringLiteral("connection"), QStringLiteral("show"),
                                                    QStringLiteral("--database-url=") + url};
    QTest::newRow("db status") << QStringList{QStringLiteral("db"), QStringLiteral("status"),
                                              QStringLiteral("--database-url"), url};
    QTest::newRow("password parameter")
        << QStringList{QStringLiteral("connection"), QStringLiteral("show"), QStringLiteral("--database-url"),
                       QStringLiteral("postgresql://bob@db.example.com/x?password=") + kPassword};
    QTest::newRow("malformed, with a password") << QStringList{
        QStringLiteral("connection"), QStringLiteral("check"), QStringLiteral("--database-url"),
        QStringLiteral("postgresql://bob:") + kPassword + QStringLiteral("@db:x/y")};
}

void TestCli::passwordInDatabaseUrlOptionRefused()
{
    // Arguments are visible to every user in ps: refused before anything is tried.
    QFETCH(QStringList, args);
    const Run r = cli(args);
    QVERIFY2(r.exitCode == 2, qPrintable(QStringLiteral("exit %1: %2").arg(r.exitCode).arg(r.err)));
    QVERIFY(r.out.isEmpty());
    QVERIFY2(!r.err.contains(kPassword), qPrintable(r.err));
    for (const char* alternative : {"DATABASE_URL", "--password-stdin", "asks for it", "keychain", "ps"})
        QVERIFY2(r.err.contains(QLatin1String(alternative)), qPrintable(r.err));

    // The same URL in the environment is fine.
    const Run env = cli({QStringLiteral("connection"), QStringLiteral("check")},
                        m_pg->tcpUrl(m_role, kPassword, m_database));
    QVERIFY2(env.exitCode == 0, qPrintable(env.err));
}

void TestCli::passwordFromStdin()
{
    const QString url = m_pg->tcpUrl(m_role, QString(), m_database);
    QVERIFY(!url.contains(kPassword));
    // Before the command, or among its options.
    const Run before = cli({QStringLiteral("--password-stdin"), QStringLiteral("connection"),
                            QStringLiteral("check"), QStringLiteral("--database-url"), url},
                           {}, kPassword.toUtf8() + "\n");
    QVERIFY2(before.exitCode == 0, qPrintable(before.err));
    QVERIFY(before.out.contains(m_role));
    const Run after
        = cli({QStringLiteral("connection"), QStringLiteral("check"), QStringLiteral("--password-stdin")},
              url, kPassword.toUtf8());
    QVERIFY2(after.exitCode == 0, qPrintable(after.err));
    // The stdin password wins over none in the URL, and a wrong one is a wrong password.
    const Run wrong
        = cli({QStringLiteral("--password-stdin"), QStringLiteral("connection"), QStringLiteral("check")},
              url, QByteArrayLiteral("nope-wrong\n"));
    QCOMPARE(wrong.exitCode, 4);
    const Run empty = cli(
        {QStringLiteral("--password-stdin"), QStringLiteral("connection"), QStringLiteral("check")}, url);
    QCOMPARE(empty.exitCode, 2);
    QVERIFY2(empty.err.contains(QLatin1String("--password-stdin")), qPrintable(empty.err));
    // Without the option, nothing is read and no prompt appears without a terminal.
    const Run none
        = cli({QStringLiteral("connection"), QStringLiteral("check")}, url, kPassword.toUtf8() + "\n");
    QCOMPARE(none.exitCode, 4);
    QVERIFY2(none.err.contains(QLatin1String("Password required")), qPrintable(none.err));

    const Run help = cli({QStringLiteral("--help")});
    QVERIFY(help.out.contains(QLatin1String("--password-stdin")));
}

void TestCli::passwordPromptOnATerminal()
{
    const QString url = m_pg->tcpUrl(m_role, QString(), m_database);
    const Run r = cliOnTerminal({QStringLiteral("connection"), QStringLiteral("check")}, url,
                                kPassword.toUtf8() + "\n");
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QStringLiteral("Password for %1@127.0.0.1").arg(m_role)), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("Connected to")), qPrintable(r.out));
    QVERIFY2(!r.out.contains(kPassword), qPrintable(r.out)); // not echoed
}

void TestCli::checkReportsTls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("tls");
    QTest::addColumn<QString>("channelBinding");
    QTest::addColumn<QString>("text");
    QTest::newRow("loopback, libpq's prefer") << m_pg->tcpUrl(m_role, kPassword, m_database) << true
                                              << QString() << QStringLiteral("sslmode=prefer.");
    QTest::newRow("require: channel binding")
        << m_pg->tcpUrl(m_role, kPassword, m_database, QStringLiteral("sslmode=require")) << true
        << QStringLiteral("require") << QStringLiteral("channel binding required");
    QTest::newRow("verify-full with the test CA")
        << m_pg->tcpUrl(m_role, kPassword, m_database,
                        QStringLiteral("sslmode=verify-full&sslrootcert=") + m_pg->caFile())
        << true << QStringLiteral("require")
        << QStringLiteral("sslmode=verify-full, channel binding required");
    QTest::newRow("disable") << m_pg->tcpUrl(m_role, kPassword, m_database, QStringLiteral("sslmode=disable"))
                             << false << QString() << QStringLiteral("NOT encrypted");
    QTest::newRow("socket") << m_pg->socketUrl(m_role, m_database) << false << QString()
                            << QStringLiteral("local socket");
}

void TestCli::checkReportsTls()
{
    QFETCH(QString, url);
    QFETCH(bool, tls);
    QFETCH(QString, channelBinding);
    QFETCH(QString, text);
    const Run json
        = cli({QStringLiteral("connection"), QStringLiteral("check"), QStringLiteral("--json")}, url);
    QVERIFY2(json.exitCode == 0, qPrintable(json.err));
    const QJsonObject object = QJsonDocument::fromJson(json.out.toUtf8()).object();
    QCOMPARE(object.value(QStringLiteral("tls")).toBool(), tls);
    if (tls) {
        QVERIFY2(object.value(QStringLiteral("tlsVersion")).toString().startsWith(QLatin1String("TLSv1.")),
                 qPrintable(json.out));
        QVERIFY(!object.value(QStringLiteral("tlsCipher")).toString().isEmpty());
    }
    QCOMPARE(object.value(QStringLiteral("channelBinding")).toString(), channelBinding);

    const Run plain = cli({QStringLiteral("connection"), QStringLiteral("check")}, url);
    QVERIFY2(plain.exitCode == 0, qPrintable(plain.err));
    QVERIFY2(plain.out.contains(text), qPrintable(plain.out));
    QVERIFY2(plain.err.isEmpty(), qPrintable(plain.err)); // loopback: no downgrade warning
}

void TestCli::weakTlsToARemoteServerWarns()
{
    const Run prefer = cli({QStringLiteral("connection"), QStringLiteral("show")},
                           QStringLiteral("postgresql://bob@db.example.com/astralis?sslmode=prefer"));
    QCOMPARE(prefer.exitCode, 0);
    QVERIFY2(prefer.err.contains(QLatin1String("warning: with sslmode=prefer")), qPrintable(prefer.err));
    QVERIFY(prefer.err.contains(QLatin1String("verify-full")));

    // No sslmode: verify-full for a server on the network, and nothing to warn about.
    const Run byDefault
        = cli({QStringLiteral("connection"), QStringLiteral("show"), QStringLiteral("--json")},
              QStringLiteral("postgresql://bob@db.example.com/astralis"));
    QCOMPARE(byDefault.exitCode, 0);
    QVERIFY2(byDefault.err.isEmpty(), qPrintable(byDefault.err));
    QCOMPARE(
        QJsonDocument::fromJson(byDefault.out.toUtf8()).object().value(QStringLiteral("sslmode")).toString(),
        QStringLiteral("verify-full"));
}

void TestCli::consoleRefusesPasswordInDatabaseUrl()
{
    // Refused before a window (or a display) is needed.
    const Run r = run(QStringLiteral(ASTRALIS_CONSOLE),
                      {QStringLiteral("--database-url"), m_pg->tcpUrl(m_role, kPassword, m_database)});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(!r.err.contains(kPassword), qPrintable(r.err));
    for (const char* alternative : {"DATABASE_URL", "keychain", "--profile", "asks for it"})
        QVERIFY2(r.err.contains(QLatin1String(alternative)), qPrintable(r.err));
}

void TestCli::consoleSignsInFromDatabaseUrlEnvironment()
{
    // The console takes DATABASE_URL, password included, from the environment as the CLI does.
    const PgCluster::Workspace workspace
        = m_pg->createWorkspace(QStringLiteral("clienv"), QStringLiteral("Env Org"), kPassword);
    QVERIFY2(workspace.error.isEmpty(), qPrintable(workspace.error));
    QTemporaryDir home;
    QProcess console;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DATABASE_URL"), m_pg->tcpUrl(workspace.login, kPassword, workspace.database));
    env.insert(QStringLiteral("ASTRALIS_STARTUP_REPORT"), QStringLiteral("1"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    for (const char* name : {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"})
        env.insert(QString::fromLatin1(name), home.path() + QLatin1Char('/') + QString::fromLatin1(name));
    console.setProcessEnvironment(env);
    console.start(QStringLiteral(ASTRALIS_CONSOLE), {});
    QVERIFY(console.waitForStarted(10000));
    console.closeWriteChannel();
    QVERIFY(console.waitForFinished(60000));
    const QString out = QString::fromUtf8(console.readAllStandardOutput());
    QVERIFY2(out.contains(QLatin1String("signed_in_epoch_ms=")),
             qPrintable(out + QString::fromUtf8(console.readAllStandardError())));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
