// astralis-cli db … and staff … as an operator runs them: a process against a real PostgreSQL
// server, checked by exit code, output and what ends up in the database.

#include "CliRun.h"
#include "Migrations.h"
#include "PgCluster.h"
#include "ScramVerifier.h"

#include <QCoreApplication>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

namespace {

using Run = CliRun;

// stdin is always closed: the CLI reads a piped password from it and must never wait.
Run cli(const QStringList& args, const QString& databaseUrl = {}, const QByteArray& input = {})
{
    return runCli(QStringLiteral(ASTRALIS_CLI), args, {databaseUrl, input});
}

QString describe(const Run& r)
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3").arg(r.exitCode).arg(r.out, r.err);
}

QStringList migrationNames()
{
    QStringList names;
    for (const Migration& m : Migrations::embedded())
        names << m.name;
    return names;
}

} // namespace

class TestCliDb : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void helpExitsZero();
    void topLevelHelpListsDbAndStaff();
    void usageErrors_data();
    void usageErrors();

    void statusOnEmptyDatabaseListsPending();
    void deployAppliesEachMigration();
    void validatePassesAndFails();
    void resetWithoutForceChangesNothing();
    void resetForceOnLocalServer();
    void resetRefusesRemoteServer();

    void staffAddWithPipedPassword();
    void staffAddGeneratesPasswordOnce();
    void staffAddRefusesACustomer();
    void staffAddUnknownEmail();
    void staffListShowsLogin();
    void staffDisableStopsSignIn();
    void invalidLoginRefused_data();
    void invalidLoginRefused();
    void invalidLoginRefusedBeforeConnecting();
    void staffAddNonAsciiPassword();
    void verifierMatchesServer_data();
    void verifierMatchesServer();

    void seedNeedsADeployedSchema();
    void seedBaseIsIdempotent();
    void seedDemoCreatesBothOrganizationsAndLogins();
    void sizeOnlyWithDemo();

private:
    QString deployedDatabase(); // a fresh database with every migration applied
    bool addUser(const QString& id, const QString& email);
    QString scalar(const QString& sql) { return m_pg->scalar(sql, m_database).toString(); }

    PgCluster* m_pg = nullptr;
    QString m_database;
    QString m_url; // superuser over the Unix socket: local, privileged
    QString m_tag; // makes role names unique in a shared cluster
    QString m_login; // created by staffAddWithPipedPassword
    QString m_password;
};

void TestCliDb::initTestCase()
{
    m_pg = &PgCluster::instance();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    m_database = m_pg->createDatabase(QStringLiteral("clidb"));
    QVERIFY(!m_database.isEmpty());
    m_url = m_pg->socketUrl(QStringLiteral("postgres"), m_database);
    m_tag = QString::number(QCoreApplication::applicationPid());
    QVERIFY(migrationNames().size() >= 3);
}

bool TestCliDb::addUser(const QString& id, const QString& email)
{
    QString error;
    const bool ok
        = m_pg->exec(QStringLiteral("INSERT INTO organization (id, name, slug, \"updatedAt\") VALUES "
                                    "('org_%1', 'Org %1', 'org-%1', now()) ON CONFLICT DO NOTHING")
                         .arg(id),
                     &error, m_database)
        && m_pg->exec(
            QStringLiteral("INSERT INTO users (id, \"orgId\", email, name, role, \"updatedAt\") VALUES "
                           "('user_%1', 'org_%1', '%2', 'User %1', 'OPERATOR', now())")
                .arg(id, email),
            &error, m_database);
    if (!ok)
        qWarning("addUser: %s", qPrintable(error));
    return ok;
}

void TestCliDb::helpExitsZero()
{
    const Run db = cli({QStringLiteral("db"), QStringLiteral("--help")});
    QVERIFY2(db.exitCode == 0, qPrintable(describe(db)));
    QVERIFY(db.out.startsWith(QLatin1String("Usage: astralis-cli db")));
    for (const char* word : {"status", "deploy", "reset --force", "validate", "--allow-remote"})
        QVERIFY2(db.out.contains(QLatin1String(word)), word);
    QVERIFY(db.err.isEmpty());

    const Run helpDb = cli({QStringLiteral("help"), QStringLiteral("db")});
    QCOMPARE(helpDb.exitCode, 0);
    QCOMPARE(helpDb.out, db.out);

    const Run staff = cli({QStringLiteral("staff"), QStringLiteral("--help")});
    QVERIFY2(staff.exitCode == 0, qPrintable(describe(staff)));
    QVERIFY(staff.out.startsWith(QLatin1String("Usage: astralis-cli staff")));
    for (const char* word : {"add --email EMAIL --login LOGIN", "disable --login LOGIN", "list"})
        QVERIFY2(staff.out.contains(QLatin1String(word)), word);
    const Run helpStaff = cli({QStringLiteral("help"), QStringLiteral("staff")});
    QCOMPARE(helpStaff.exitCode, 0);
    QCOMPARE(helpStaff.out, staff.out);

    // "-h" after a subcommand, too.
    const Run deployHelp = cli({QStringLiteral("db"), QStringLiteral("deploy"), QStringLiteral("-h")});
    QCOMPARE(deployHelp.exitCode, 0);
    QCOMPARE(deployHelp.out, db.out);
}

void TestCliDb::topLevelHelpListsDbAndStaff()
{
    const Run help = cli({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.out.contains(QRegularExpression(QStringLiteral("\\n  db "))), qPrintable(help.out));
    QVERIFY2(help.out.contains(QRegularExpression(QStringLiteral("\\n  staff "))), qPrintable(help.out));
}

void TestCliDb::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("db alone") << QStringList{QStringLiteral("db")}
                              << QStringLiteral("Usage: astralis-cli db");
    QTest::newRow("unknown db command") << QStringList{QStringLiteral("db"), QStringLiteral("frob")}
                                        << QStringLiteral("'db frob' is not a command");
    QTest::newRow("unknown staff command") << QStringList{QStringLiteral("staff"), QStringLiteral("frob")}
                                           << QStringLiteral("'staff frob' is not a command");
    QTest::newRow("unknown db option")
        << QStringList{QStringLiteral("db"), QStringLiteral("deploy"), QStringLiteral("--frob")}
        << QStringLiteral("unknown argument '--frob'");
    QTest::newRow("staff add without login")
        << QStringList{QStringLiteral("staff"), QStringLiteral("add"), QStringLiteral("--email"),
                       QStringLiteral("a@example.test")}
        << QStringLiteral("needs --email and --login");
    QTest::newRow("staff disable without login")
        << QStringList{QStringLiteral("staff"), QStringLiteral("disable")} << QStringLiteral("needs --login");
}

void TestCliDb::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const QString before = scalar(QStringLiteral("SELECT count(*) FROM pg_class"));
    const Run r = cli(args, m_url);
    QVERIFY2(r.exitCode == 2, qPrintable(describe(r)));
    QVERIFY2(QString(r.err + r.out).contains(message), qPrintable(describe(r)));
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM pg_class")), before);
}

void TestCliDb::statusOnEmptyDatabaseListsPending()
{
    const Run r = cli({QStringLiteral("db"), QStringLiteral("status")}, m_url);
    QVERIFY2(r.exitCode == 1, qPrintable(describe(r)));
    QVERIFY2(r.out.contains(QLatin1String("no Astralis schema yet")), qPrintable(r.out));
    QVERIFY(r.out.contains(QLatin1String("Not yet applied")));
    int previous = -1;
    for (const QString& name : migrationNames()) {
        const int at = r.out.indexOf(QStringLiteral("  ") + name + QLatin1Char('\n'));
        QVERIFY2(at > previous, qPrintable(name));
        previous = at;
    }
    // Reading the status creates nothing.
    QCOMPARE(scalar(QStringLiteral("SELECT to_regclass('\"_prisma_migrations\"') IS NULL")),
             QStringLiteral("true"));
}

void TestCliDb::deployAppliesEachMigration()
{
    const Run deploy = cli({QStringLiteral("db"), QStringLiteral("deploy")}, m_url);
    QVERIFY2(deploy.exitCode == 0, qPrintable(describe(deploy)));
    QStringList expected;
    for (const QString& name : migrationNames())
        expected << QStringLiteral("Applied ") + name;
    QCOMPARE(deploy.out.trimmed().split(QLatin1Char('\n')), expected);
    QCOMPARE(
        scalar(QStringLiteral("SELECT count(*) FROM \"_prisma_migrations\" WHERE finished_at IS NOT NULL")),
        QString::number(expected.size()));

    const Run status = cli({QStringLiteral("db"), QStringLiteral("status")}, m_url);
    QVERIFY2(status.exitCode == 0, qPrintable(describe(status)));
    QVERIFY2(status.out.contains(QLatin1String("up to date")), qPrintable(status.out));

    const Run again = cli({QStringLiteral("db"), QStringLiteral("deploy")}, m_url);
    QVERIFY2(again.exitCode == 0, qPrintable(describe(again)));
    QCOMPARE(again.out, QStringLiteral("No pending migrations.\n"));
}

void TestCliDb::validatePassesAndFails()
{
    const Run valid = cli({QStringLiteral("db"), QStringLiteral("validate")}, m_url);
    QVERIFY2(valid.exitCode == 0, qPrintable(describe(valid)));
    QVERIFY2(valid.out.startsWith(QLatin1String("Valid:")), qPrintable(valid.out));
    QVERIFY(valid.err.isEmpty());

    QVERIFY(
        m_pg->exec(QStringLiteral("CREATE TABLE cli_leaky (id text, \"orgId\" text)"), nullptr, m_database));
    const Run leaky = cli({QStringLiteral("db"), QStringLiteral("validate")}, m_url);
    QVERIFY(m_pg->exec(QStringLiteral("DROP TABLE cli_leaky"), nullptr, m_database));
    QVERIFY2(leaky.exitCode == 1, qPrintable(describe(leaky)));
    QVERIFY2(leaky.err.contains(QLatin1String("\"cli_leaky\"")), qPrintable(leaky.err));
    QVERIFY(!leaky.out.contains(QLatin1String("Valid:")));
}

void TestCliDb::resetWithoutForceChangesNothing()
{
    QVERIFY(m_pg->exec(QStringLiteral("INSERT INTO organization (id, name, slug, \"updatedAt\") VALUES "
                                      "('org_keep', 'Keep', 'keep', now())"),
                       nullptr, m_database));
    const Run r = cli({QStringLiteral("db"), QStringLiteral("reset")}, m_url);
    QVERIFY2(r.exitCode == 2, qPrintable(describe(r)));
    QVERIFY2(r.err.contains(QLatin1String("--force")), qPrintable(r.err));
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM organization WHERE id = 'org_keep'")),
             QStringLiteral("1"));
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM \"_prisma_migrations\"")),
             QString::number(migrationNames().size()));
}

void TestCliDb::resetForceOnLocalServer()
{
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM organization")), QStringLiteral("1"));
    const QString idsBefore
        = scalar(QStringLiteral("SELECT string_agg(id, ',') FROM \"_prisma_migrations\""));
    QVERIFY(!idsBefore.isEmpty());

    const Run r = cli({QStringLiteral("db"), QStringLiteral("reset"), QStringLiteral("--force")}, m_url);
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY2(r.out.startsWith(QStringLiteral("Dropped every table in ") + m_database), qPrintable(r.out));
    for (const QString& name : migrationNames())
        QVERIFY2(r.out.contains(QStringLiteral("Applied ") + name), qPrintable(r.out));

    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM organization")), QStringLiteral("0"));
    // A new history: every migration ran again.
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM \"_prisma_migrations\" WHERE NOT id = ANY "
                                   "(string_to_array('%1', ','))")
                        .arg(idsBefore)),
             QString::number(migrationNames().size()));
    const Run status = cli({QStringLiteral("db"), QStringLiteral("status")}, m_url);
    QVERIFY2(status.exitCode == 0, qPrintable(describe(status)));
    const Run validate = cli({QStringLiteral("db"), QStringLiteral("validate")}, m_url);
    QVERIFY2(validate.exitCode == 0, qPrintable(describe(validate)));
}

void TestCliDb::resetRefusesRemoteServer()
{
    // Refused for what the URL says, before any connection is tried: an operator must not learn
    // "server unreachable" and fix the network only to delete a production database next time.
    const Run r = cli({QStringLiteral("db"), QStringLiteral("reset"), QStringLiteral("--force")},
                      QStringLiteral("postgresql://postgres@db.example.com/x"));
    QVERIFY2(r.exitCode == 1, qPrintable(describe(r)));
    QVERIFY2(r.err.contains(QLatin1String("refusing to reset")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QLatin1String("--allow-remote")), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
}

void TestCliDb::staffAddWithPipedPassword()
{
    const QString email = QStringLiteral("ada.%1@example.test").arg(m_tag);
    QVERIFY(addUser(QStringLiteral("ada") + m_tag, email));
    m_login = QStringLiteral("cli_ada_") + m_tag;
    m_password = QStringLiteral("Piped-pass 7!");

    // The e-mail address is matched case-insensitively.
    const Run r = cli({QStringLiteral("staff"), QStringLiteral("add"), QStringLiteral("--email"),
                       email.toUpper(), QStringLiteral("--login"), m_login},
                      m_url, m_password.toUtf8() + "\n");
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY2(r.out.contains(QStringLiteral("Created login ") + m_login), qPrintable(r.out));
    QVERIFY(!r.out.contains(m_password));
    QVERIFY(!r.out.contains(QLatin1String("Password")));
    QCOMPARE(scalar(QStringLiteral("SELECT rolcanlogin AND NOT rolsuper AND NOT rolbypassrls AND NOT "
                                   "rolcreaterole AND pg_has_role('%1', 'astralis_staff', 'MEMBER') FROM "
                                   "pg_roles WHERE rolname = '%1'")
                        .arg(m_login)),
             QStringLiteral("true"));
    QCOMPARE(
        scalar(QStringLiteral("SELECT \"userId\" || '/' || \"orgId\" FROM staff_login WHERE login = '%1'")
                   .arg(m_login)),
        QStringLiteral("user_ada%1/org_ada%1").arg(m_tag));

    const Run check = cli({QStringLiteral("connection"), QStringLiteral("check")},
                          m_pg->tcpUrl(m_login, m_password, m_database));
    QVERIFY2(check.exitCode == 0, qPrintable(describe(check)));
    QVERIFY(check.out.contains(m_login));
}

void TestCliDb::staffAddRefusesACustomer()
{
    // A login for a user whose role is not a staff role would see nothing (the database checks
    // the role at every statement): refused at once, with the reason and what to do.
    const QString email = QStringLiteral("carol.%1@example.test").arg(m_tag);
    QVERIFY(addUser(QStringLiteral("carol") + m_tag, email));
    QVERIFY(m_pg->exec(QStringLiteral("UPDATE users SET role = 'CLIENT' WHERE email = '%1'").arg(email),
                       nullptr, m_database));
    const Run r = cli({QStringLiteral("staff"), QStringLiteral("add"), QStringLiteral("--email"), email,
                       QStringLiteral("--login"), QStringLiteral("carol_%1").arg(m_tag)},
                      m_url);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("has the role CLIENT, which is not a staff role")),
             qPrintable(describe(r)));
    QCOMPARE(
        m_pg->scalar(QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname = 'carol_%1'").arg(m_tag)),
        QVariant(qint64(0)));
}

void TestCliDb::staffAddGeneratesPasswordOnce()
{
    const QString email = QStringLiteral("bob.%1@example.test").arg(m_tag);
    QVERIFY(addUser(QStringLiteral("bob") + m_tag, email));
    const QString login = QStringLiteral("cli_bob_") + m_tag;
    const Run r = cli({QStringLiteral("staff"), QStringLiteral("add"), QStringLiteral("--email"), email,
                       QStringLiteral("--login"), login},
                      m_url);
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    static const QRegularExpression shown(QStringLiteral("Password \\(shown once[^)]*\\): (\\S+)\\n"));
    const QRegularExpressionMatch match = shown.match(r.out);
    QVERIFY2(match.hasMatch(), qPrintable(r.out));
    const QString password = match.captured(1);
    QVERIFY2(password.size() >= 20, qPrintable(password));
    QCOMPARE(r.out.count(password), 1);
    QVERIFY(!r.err.contains(password));

    const Run check = cli({QStringLiteral("connection"), QStringLiteral("check")},
                          m_pg->tcpUrl(login, password, m_database));
    QVERIFY2(check.exitCode == 0, qPrintable(describe(check)));
    const Run wrong = cli({QStringLiteral("connection"), QStringLiteral("check")},
                          m_pg->tcpUrl(login, password + QLatin1Char('x'), m_database));
    QCOMPARE(wrong.exitCode, 4);
}

void TestCliDb::staffAddUnknownEmail()
{
    const QString email = QStringLiteral("nobody.%1@example.test").arg(m_tag);
    const QString login = QStringLiteral("cli_nobody_") + m_tag;
    const Run r = cli({QStringLiteral("staff"), QStringLiteral("add"), QStringLiteral("--email"), email,
                       QStringLiteral("--login"), login},
                      m_url, QByteArrayLiteral("some-pass-1\n"));
    QVERIFY2(r.exitCode == 1, qPrintable(describe(r)));
    QVERIFY2(r.err.contains(email), qPrintable(r.err));
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname = '%1'").arg(login)),
             QStringLiteral("0"));
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM staff_login WHERE login = '%1'").arg(login)),
             QStringLiteral("0"));
}

void TestCliDb::staffListShowsLogin()
{
    QVERIFY(!m_login.isEmpty());
    const Run r = cli({QStringLiteral("staff"), QStringLiteral("list")}, m_url);
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines.contains(QStringLiteral("%1\tada.%2@example.test\tOrg ada%2\tactive").arg(m_login, m_tag)),
             qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("cli_bob_") + m_tag));
}

void TestCliDb::staffDisableStopsSignIn()
{
    QVERIFY(!m_login.isEmpty());
    const Run r = cli(
        {QStringLiteral("staff"), QStringLiteral("disable"), QStringLiteral("--login"), m_login}, m_url);
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY(r.out.contains(m_login));

    const Run check = cli({QStringLiteral("connection"), QStringLiteral("check")},
                          m_pg->tcpUrl(m_login, m_password, m_database));
    QVERIFY2(check.exitCode != 0, qPrintable(describe(check)));
    QCOMPARE(check.exitCode, 4);

    const Run list = cli({QStringLiteral("staff"), QStringLiteral("list")}, m_url);
    QVERIFY(list.out.contains(
        QStringLiteral("%1\tada.%2@example.test\tOrg ada%2\tdisabled").arg(m_login, m_tag)));
    // The user row stays.
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM users WHERE id = 'user_ada%1'").arg(m_tag)),
             QStringLiteral("1"));

    const Run unknown = cli({QStringLiteral("staff"), QStringLiteral("disable"), QStringLiteral("--login"),
                             QStringLiteral("cli_never_") + m_tag},
                            m_url);
    QCOMPARE(unknown.exitCode, 1);
}

void TestCliDb::invalidLoginRefused_data()
{
    QTest::addColumn<QString>("login");
    QTest::newRow("space") << QStringLiteral("Bad Name");
    QTest::newRow("reserved pg_ prefix") << QStringLiteral("pg_x");
    QTest::newRow("the group role") << QStringLiteral("astralis_staff");
    QTest::newRow("upper case") << QStringLiteral("Admin");
    QTest::newRow("one character") << QStringLiteral("a");
    QTest::newRow("quote") << QStringLiteral("x\"; DROP ROLE postgres; --");
    QTest::newRow("starts with digit") << QStringLiteral("1abc");
}

void TestCliDb::invalidLoginRefused()
{
    QFETCH(QString, login);
    const QString email = QStringLiteral("ada.%1@example.test").arg(m_tag);
    // Other tests create roles in the shared cluster at the same time: look at this name only.
    const QString roleExists = QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname = '%1'")
                                   .arg(QString(login).replace(QLatin1Char('\''), QLatin1String("''")));
    const QString existedBefore = scalar(roleExists); // "astralis_staff" exists, and must stay as it is
    const QString mapped = scalar(QStringLiteral("SELECT count(*) FROM staff_login"));
    const Run r = cli({QStringLiteral("staff"), QStringLiteral("add"), QStringLiteral("--email"), email,
                       QStringLiteral("--login"), login},
                      m_url, QByteArrayLiteral("some-pass-1\n"));
    QVERIFY2(r.exitCode == 1, qPrintable(describe(r)));
    QVERIFY2(r.err.contains(QLatin1String("not a valid login")), qPrintable(r.err));
    QCOMPARE(scalar(roleExists), existedBefore);
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname = 'postgres'")),
             QStringLiteral("1"));
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM staff_login")), mapped);
}

void TestCliDb::invalidLoginRefusedBeforeConnecting()
{
    // The login is checked from the arguments alone: no server is needed to say it is invalid.
    const QString missing
        = m_pg->socketUrl(QStringLiteral("postgres"), QStringLiteral("no_such_database_") + m_tag);
    for (const QString& login : {QStringLiteral("Bad Name"), QStringLiteral("pg_x")}) {
        const Run r = cli({QStringLiteral("staff"), QStringLiteral("add"), QStringLiteral("--email"),
                           QStringLiteral("a@example.test"), QStringLiteral("--login"), login},
                          missing, QByteArrayLiteral("some-pass-1\n"));
        QVERIFY2(r.exitCode == 1, qPrintable(login + QLatin1Char('\n') + describe(r)));
        QVERIFY2(r.err.contains(QLatin1String("not a valid login")), qPrintable(r.err));
    }
}

void TestCliDb::staffAddNonAsciiPassword()
{
    // libpq prepares the password with SASLprep before SCRAM: the verifier staff add stores must
    // be made from the prepared form, or this login could never sign in.
    const QString email = QStringLiteral("uwe.%1@example.test").arg(m_tag);
    QVERIFY(addUser(QStringLiteral("uwe") + m_tag, email));
    const QString login = QStringLiteral("cli_uwe_") + m_tag;
    const QString password = QStringLiteral("p\u00E4ssw\u00F6rd\u00A0\u2168");
    const Run r = cli({QStringLiteral("staff"), QStringLiteral("add"), QStringLiteral("--email"), email,
                       QStringLiteral("--login"), login},
                      m_url, password.toUtf8() + "\n");
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));

    const Run check = cli({QStringLiteral("connection"), QStringLiteral("check")},
                          m_pg->tcpUrl(login, password, m_database));
    QVERIFY2(check.exitCode == 0, qPrintable(describe(check)));
    QVERIFY(check.out.contains(login));
    // What SASLprep makes of it works too: it is the same password to PostgreSQL.
    const Run prepared = cli({QStringLiteral("connection"), QStringLiteral("check")},
                             m_pg->tcpUrl(login, QStringLiteral("p\u00E4ssw\u00F6rd IX"), m_database));
    QVERIFY2(prepared.exitCode == 0, qPrintable(describe(prepared)));
    const Run wrong = cli({QStringLiteral("connection"), QStringLiteral("check")},
                          m_pg->tcpUrl(login, QStringLiteral("p\u00E4ssw\u00F6rd IX2"), m_database));
    QCOMPARE(wrong.exitCode, 4);
}

void TestCliDb::verifierMatchesServer_data()
{
    QTest::addColumn<QString>("password");
    QTest::newRow("ASCII") << QStringLiteral("Piped-pass 7!");
    QTest::newRow("umlauts, no-break space, roman numeral")
        << QStringLiteral("p\u00E4ssw\u00F6rd\u00A0\u2168");
    QTest::newRow("mapped to nothing") << QStringLiteral("I\u00ADX\u200D\u00E9");
    QTest::newRow("ligature and combining mark") << QStringLiteral("\uFB01a\u0308");
    QTest::newRow("prohibited: raw") << QStringLiteral("\u2168\uE000");
    QTest::newRow("unassigned in Unicode 3.2: raw") << QStringLiteral("\u2168\U0001F600");
    QTest::newRow("only mapped to nothing: raw") << QStringLiteral("\u00AD");
    QTest::newRow("bidi violation: raw") << QStringLiteral("\u0627\u2168\u0628");
    QTest::newRow("bidi, well formed") << QStringLiteral("\u0627\u2460\u0628");
}

void TestCliDb::verifierMatchesServer()
{
    // The server makes its own verifier from a plain-text password (with pg_saslprep): ours, with
    // the same salt and iteration count, must be identical.
    QFETCH(QString, password);
    const QString role = m_pg->createRole(QStringLiteral("scram"), password);
    QVERIFY(!role.isEmpty());
    const QString stored
        = m_pg->scalar(QStringLiteral("SELECT rolpassword FROM pg_authid WHERE rolname = '%1'").arg(role))
              .toString();
    QVERIFY(m_pg->exec(QStringLiteral("DROP ROLE \"%1\"").arg(role)));
    static const QRegularExpression form(QStringLiteral("^SCRAM-SHA-256\\$(\\d+):([^$]+)\\$"));
    const QRegularExpressionMatch match = form.match(stored);
    QVERIFY2(match.hasMatch(), qPrintable(stored));
    QCOMPARE(ScramVerifier::make(password, QByteArray::fromBase64(match.captured(2).toLatin1()),
                                 match.captured(1).toInt()),
             stored);
}

QString TestCliDb::deployedDatabase()
{
    const QString db = m_pg->createDatabase(QStringLiteral("seeddb"));
    const Run deployed = cli({QStringLiteral("db"), QStringLiteral("deploy")},
                             m_pg->socketUrl(QStringLiteral("postgres"), db));
    return deployed.exitCode == 0 ? db : QString();
}

void TestCliDb::seedNeedsADeployedSchema()
{
    const QString db = m_pg->createDatabase(QStringLiteral("bare"));
    const Run r = cli({QStringLiteral("db"), QStringLiteral("seed")},
                      m_pg->socketUrl(QStringLiteral("postgres"), db));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("db deploy")), qPrintable(r.err));
    QCOMPARE(m_pg->scalar(QStringLiteral("SELECT to_regclass('organization') IS NULL"), db).toBool(), true);
}

void TestCliDb::seedBaseIsIdempotent()
{
    const QString db = deployedDatabase();
    QVERIFY(!db.isEmpty());
    const QString url = m_pg->socketUrl(QStringLiteral("postgres"), db);
    const Run first = cli({QStringLiteral("db"), QStringLiteral("seed")}, url);
    QVERIFY2(first.exitCode == 0, qPrintable(describe(first)));
    const QString counts
        = QStringLiteral("SELECT (SELECT count(*) FROM organization WHERE slug = 'astralis') || '/' || "
                         "(SELECT count(*) FROM users WHERE role = 'ADMIN') || '/' || (SELECT count(*) FROM "
                         "pipeline) || '/' || "
                         "(SELECT count(*) FROM \"pipelineStage\") || '/' || (SELECT count(*) FROM "
                         "\"TaskTemplate\") || '/' || "
                         "(SELECT count(*) FROM \"AutomationTemplate\")");
    const QString after = m_pg->scalar(counts, db).toString();
    const QStringList parts = after.split(QLatin1Char('/'));
    QCOMPARE(parts.value(0), QStringLiteral("1")); // the default organization
    QCOMPARE(parts.value(1), QStringLiteral("1")); // its admin user
    QVERIFY(parts.value(2).toInt() >= 3); // sample pipelines …
    QVERIFY(parts.value(3).toInt() >= 12); // … with stages
    QVERIFY(parts.value(4).toInt() >= 3);
    QVERIFY(parts.value(5).toInt() >= 3);
    const Run second = cli({QStringLiteral("db"), QStringLiteral("seed")}, url);
    QVERIFY2(second.exitCode == 0, qPrintable(describe(second)));
    QCOMPARE(m_pg->scalar(counts, db).toString(), after);
}

void TestCliDb::seedDemoCreatesBothOrganizationsAndLogins()
{
    const QString db = deployedDatabase();
    QVERIFY(!db.isEmpty());
    const QString url = m_pg->socketUrl(QStringLiteral("postgres"), db);
    const Run r = cli({QStringLiteral("db"), QStringLiteral("seed"), QStringLiteral("--demo"),
                       QStringLiteral("--size"), QStringLiteral("40")},
                      url);
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY(r.out.contains(QLatin1String("demo_staff")));
    auto items = [&](const char* slug) {
        return m_pg
            ->scalar(QStringLiteral(
                         "SELECT count(*) FROM \"pipelineItem\" i JOIN organization o ON o.id = i.\"orgId\" "
                         "WHERE o.slug = '%1'")
                         .arg(QLatin1String(slug)),
                     db)
            .toInt();
    };
    QCOMPARE(items("northwind"), 40);
    QVERIFY(items("globex") >= 20);
    const Run staff = cli({QStringLiteral("staff"), QStringLiteral("list")}, url);
    QCOMPARE(staff.exitCode, 0);
    QVERIFY(staff.out.contains(QLatin1String("demo_staff")));
    QVERIFY(staff.out.contains(QLatin1String("globex_staff")));
    QVERIFY(staff.out.contains(QLatin1String("Northwind Studio")));
    // Twice is refused, and adds nothing.
    const Run again = cli({QStringLiteral("db"), QStringLiteral("seed"), QStringLiteral("--demo")}, url);
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains(QLatin1String("exist already")), qPrintable(again.err));
    QCOMPARE(items("northwind"), 40);
}

void TestCliDb::sizeOnlyWithDemo()
{
    const Run r
        = cli({QStringLiteral("db"), QStringLiteral("seed"), QStringLiteral("--size"), QStringLiteral("10")},
              m_url);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QLatin1String("--size only applies with --demo")));
    const Run bad = cli({QStringLiteral("db"), QStringLiteral("seed"), QStringLiteral("--demo"),
                         QStringLiteral("--size"), QStringLiteral("lots")},
                        m_url);
    QCOMPARE(bad.exitCode, 2);
}

QTEST_GUILESS_MAIN(TestCliDb)
#include "tst_cli_db.moc"
