// MigrationRunner against a real PostgreSQL 15 server, each test on a fresh database: deploys
// that behave like `prisma migrate deploy` (same table, same checksums, same advisory lock),
// refusals that change nothing, failures that roll back to the previous migration, concurrent
// deploys, reset — and SecurityAudit on the deployed schema, passing and failing.

#include "MigrationRunner.h"
#include "Migrations.h"
#include "PgCluster.h"
#include "SecurityAudit.h"
#include "SqlScript.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

#include <atomic>
#include <thread>

namespace {

const QString kLockKey = QStringLiteral("72707369");

// A superuser connection over the Unix socket, opened and closed on the calling thread.
class Connection
{
public:
    Connection(const PgCluster& pg, const QString& database)
        : m_name(QStringLiteral("tst_migrations-%1").arg(++s_counter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_name);
        db.setHostName(pg.socketDir());
        db.setPort(pg.port());
        db.setUserName(QStringLiteral("postgres"));
        db.setDatabaseName(database);
        if (!db.open())
            m_error = db.lastError().text();
    }
    ~Connection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    bool isOpen() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

    // Every row as "a|b|c"; an error as "ERROR: …" so a comparison shows it.
    QStringList rows(const QString& sql) const
    {
        QSqlQuery query(db());
        if (!query.exec(sql))
            return {QStringLiteral("ERROR: ") + query.lastError().text()};
        QStringList rows;
        while (query.next()) {
            QStringList fields;
            for (int i = 0; i < query.record().count(); ++i)
                fields << (query.isNull(i) ? QStringLiteral("NULL") : query.value(i).toString());
            rows << fields.join(QLatin1Char('|'));
        }
        return rows;
    }
    QString value(const QString& sql) const
    {
        const QStringList all = rows(sql);
        return all.isEmpty() ? QStringLiteral("(no row)") : all.first();
    }
    QString exec(const QString& sql) const
    {
        QSqlQuery query(db());
        return query.exec(sql) ? QString() : query.lastError().text();
    }

private:
    static inline std::atomic<int> s_counter{0};
    QString m_name;
    QString m_error;
};

QStringList namesOf(const QList<Migration>& migrations)
{
    QStringList names;
    for (const Migration& m : migrations)
        names << m.name;
    return names;
}

// Prisma writes "-- CreateTable" and the like above each statement.
QString withoutLeadingLineComments(QString text)
{
    text = text.trimmed();
    while (text.startsWith(QLatin1String("--"))) {
        const int end = text.indexOf(QLatin1Char('\n'));
        text = end < 0 ? QString() : text.mid(end + 1).trimmed();
    }
    return text;
}

// What a migration can leave behind: relations, types, functions, the history and test data.
QStringList fingerprint(const Connection& c)
{
    QStringList all;
    all << c.rows(QStringLiteral("SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = "
                                 "c.relnamespace WHERE n.nspname = 'public' ORDER BY 1"));
    all << c.rows(QStringLiteral("SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = "
                                 "t.typnamespace WHERE n.nspname = 'public' ORDER BY 1"));
    all << c.rows(QStringLiteral("SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = "
                                 "p.pronamespace WHERE n.nspname = 'public' ORDER BY 1"));
    all << c.rows(QStringLiteral("SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, "
                                 "started_at, applied_steps_count FROM \"_prisma_migrations\" ORDER BY "
                                 "migration_name"));
    return all;
}

QString advisoryLocksHeld(const Connection& c)
{
    // This database only: other tests deploy into the same cluster at the same time.
    return c.value(
        QStringLiteral("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
                       "(SELECT oid FROM pg_database WHERE datname = current_database()) AND objid = ")
        + kLockKey);
}

} // namespace

class TestMigrations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void embeddedMigrationsAreTheFiles();
    void embeddedMigrationsSplitIntoStatements();
    void initMigrationCreatesEveryTable();

    void deployAppliesAllInOrder();
    void migrationsTableHasPrismasColumns();
    void secondDeployAppliesNothing();
    void deployWaitsForPrismasAdvisoryLock();
    void refusesModifiedMigration();
    void unknownMigrationMeansDatabaseIsAhead();
    void refusesUnfinishedMigration();
    void failedMigrationRollsBackToPreviousOne();
    void failureNamesTheStatementNotTheCommentAboveIt();
    void commentedOutBlockDoesNotFailDeploy();
    void concurrentDeploysRecordEachMigrationOnce();
    void resetDropsEverythingAndDeployWorksAgain();
    void concurrentIndexRunsOutsideATransaction();
    void failedStepwiseMigrationIsRecordedAsFailed();

    void auditPassesOnDeployedSchema();
    void auditFindsTenantTableWithoutRowLevelSecurity();
    void auditFindsStaffLoginWithBypassRls();
    void unclassifiedColumnIsGrantedNothingAndReported();
    void auditFindsGrantBeyondTheColumnsClass();
    void auditFindsStaffWritesWithoutTheirGuards();
    void changeLogIsPruned();

private:
    QString freshDatabase() { return m_pg->createDatabase(QStringLiteral("mig")); }

    PgCluster* m_pg = nullptr;
    QList<Migration> m_embedded;
};

void TestMigrations::initTestCase()
{
    m_pg = &PgCluster::instance();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    m_embedded = Migrations::embedded();
    QVERIFY(m_embedded.size() >= 3);
}

void TestMigrations::embeddedMigrationsAreTheFiles()
{
    const QDir dir(QStringLiteral(ASTRALIS_MIGRATIONS_DIR));
    const QStringList folders = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    QCOMPARE(namesOf(m_embedded), folders);
    static const QRegularExpression name(QStringLiteral("^\\d{14}_[a-z0-9_]+$"));
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    for (const Migration& m : m_embedded) {
        QVERIFY2(name.match(m.name).hasMatch(), qPrintable(m.name));
        QFile file(dir.filePath(m.name + QStringLiteral("/migration.sql")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        // Prisma hashes the file byte for byte; a resource that changed line endings would differ.
        QCOMPARE(m.script, bytes);
        QCOMPARE(m.checksum,
                 QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
        QVERIFY(hex.match(m.checksum).hasMatch());
    }
    const Migration custom = Migrations::fromScript(QStringLiteral("x"), QByteArrayLiteral("SELECT 1;\n"));
    QCOMPARE(custom.checksum,
             QStringLiteral("b4e0497804e46e0a0b0b8c31975b062152d551bac49c3c2e80932567b4085dcd"));
}

void TestMigrations::embeddedMigrationsSplitIntoStatements()
{
    for (const Migration& m : m_embedded) {
        const QList<SqlStatement> statements = SqlScript::split(QString::fromUtf8(m.script));
        QVERIFY2(!statements.isEmpty(), qPrintable(m.name));
        int previousLine = 0;
        for (const SqlStatement& s : statements) {
            QVERIFY2(!withoutLeadingLineComments(s.text).isEmpty(),
                     qPrintable(m.name + QLatin1Char(' ') + s.text));
            QVERIFY2(!s.text.endsWith(QLatin1Char(';')), qPrintable(s.text));
            QVERIFY(s.line > previousLine);
            previousLine = s.line;
        }
    }
}

void TestMigrations::initMigrationCreatesEveryTable()
{
    const Migration& init = m_embedded.first();
    QVERIFY(init.name.endsWith(QLatin1String("_init")));
    QStringList declared;
    static const QRegularExpression createTable(QStringLiteral("^CREATE TABLE \"([^\"]+)\""));
    for (const SqlStatement& s : SqlScript::split(QString::fromUtf8(init.script))) {
        const QRegularExpressionMatch match = createTable.match(withoutLeadingLineComments(s.text));
        if (match.hasMatch())
            declared << match.captured(1);
    }
    QVERIFY(declared.size() > 10);
    declared.sort();

    Connection c(*m_pg, freshDatabase());
    QVERIFY2(c.isOpen(), qPrintable(c.error()));
    const MigrationRunner::DeployResult result = MigrationRunner(c.db(), {init}).deploy();
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.applied, QStringList{init.name});
    const QStringList tables
        = c.rows(QStringLiteral("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                "'public' AND table_type = 'BASE TABLE' AND table_name <> "
                                "'_prisma_migrations' ORDER BY table_name COLLATE \"C\""));
    QCOMPARE(tables.size(), declared.size());
    QCOMPARE(tables, declared);
}

void TestMigrations::deployAppliesAllInOrder()
{
    Connection c(*m_pg, freshDatabase());
    QVERIFY2(c.isOpen(), qPrintable(c.error()));
    MigrationRunner runner(c.db());

    const MigrationRunner::Status before = runner.status();
    QVERIFY2(before.ok(), qPrintable(before.error));
    QVERIFY(!before.hasMigrationsTable);
    QCOMPARE(before.pending, namesOf(m_embedded));
    QVERIFY(before.behind());
    QVERIFY(!before.upToDate());

    const MigrationRunner::DeployResult result = runner.deploy();
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.applied, namesOf(m_embedded));
    QVERIFY(result.error.isEmpty());
    QVERIFY(result.failedMigration.isEmpty());

    const MigrationRunner::Status after = runner.status();
    QVERIFY(after.hasMigrationsTable);
    QVERIFY(after.upToDate());
    QCOMPARE(after.applied, namesOf(m_embedded));
    QVERIFY(after.pending.isEmpty() && after.modified.isEmpty() && after.failed.isEmpty()
            && after.unknown.isEmpty());

    // One finished row per migration, in the order they ran, with the checksum Prisma computes.
    QStringList expected;
    for (const Migration& m : m_embedded)
        expected << m.name + QLatin1Char('|')
                + QString::fromLatin1(QCryptographicHash::hash(m.script, QCryptographicHash::Sha256).toHex())
                + QStringLiteral("|true|1|NULL|NULL|36");
    QCOMPARE(c.rows(QStringLiteral(
                 "SELECT migration_name, checksum, finished_at IS NOT NULL AND finished_at >= started_at, "
                 "applied_steps_count, logs, rolled_back_at, length(id) FROM \"_prisma_migrations\" "
                 "ORDER BY started_at, migration_name")),
             expected);
    QCOMPARE(c.value(QStringLiteral("SELECT count(DISTINCT id) FROM \"_prisma_migrations\"")),
             QString::number(m_embedded.size()));
    // The ids are UUIDs, as Prisma writes them.
    QCOMPARE(c.value(QStringLiteral("SELECT bool_and(id::uuid IS NOT NULL) FROM \"_prisma_migrations\"")),
             QStringLiteral("true"));
    QCOMPARE(advisoryLocksHeld(c), QStringLiteral("0"));
}

void TestMigrations::migrationsTableHasPrismasColumns()
{
    Connection c(*m_pg, freshDatabase());
    QVERIFY2(c.isOpen(), qPrintable(c.error()));
    QVERIFY(MigrationRunner(c.db()).deploy().ok);
    const QStringList expected = {
        QStringLiteral("id|character varying|36|NO|"),
        QStringLiteral("checksum|character varying|64|NO|"),
        QStringLiteral("finished_at|timestamp with time zone||YES|"),
        QStringLiteral("migration_name|character varying|255|NO|"),
        QStringLiteral("logs|text||YES|"),
        QStringLiteral("rolled_back_at|timestamp with time zone||YES|"),
        QStringLiteral("started_at|timestamp with time zone||NO|now()"),
        QStringLiteral("applied_steps_count|integer||NO|0"),
    };
    QCOMPARE(c.rows(QStringLiteral(
                 "SELECT column_name, data_type, coalesce(character_maximum_length::text, ''), is_nullable, "
                 "coalesce(column_default, '') FROM information_schema.columns WHERE table_schema = 'public' "
                 "AND table_name = '_prisma_migrations' ORDER BY ordinal_position")),
             expected);
    QCOMPARE(c.rows(QStringLiteral("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = "
                                   "i.indrelid AND a.attnum = ANY (i.indkey) WHERE i.indrelid = "
                                   "'\"_prisma_migrations\"'::regclass AND i.indisprimary")),
             QStringList{QStringLiteral("id")});
}

void TestMigrations::secondDeployAppliesNothing()
{
    Connection c(*m_pg, freshDatabase());
    QVERIFY2(c.isOpen(), qPrintable(c.error()));
    MigrationRunner runner(c.db());
    QVERIFY(runner.deploy().ok);
    const QStringList before = fingerprint(c);

    const MigrationRunner::DeployResult again = runner.deploy();
    QVERIFY2(again.ok, qPrintable(again.error));
    QVERIFY(again.applied.isEmpty());
    QCOMPARE(fingerprint(c), before);
    QVERIFY(runner.status().upToDate());
}

void TestMigrations::deployWaitsForPrismasAdvisoryLock()
{
    const QString database = freshDatabase();
    Connection holder(*m_pg, database);
    Connection observer(*m_pg, database);
    QVERIFY2(holder.isOpen() && observer.isOpen(), qPrintable(holder.error() + observer.error()));
    // What a running `prisma migrate deploy` holds.
    QCOMPARE(holder.exec(QStringLiteral("SELECT pg_advisory_lock(") + kLockKey + QLatin1Char(')')),
             QString());

    MigrationRunner::DeployResult result;
    std::thread worker([this, database, &result] {
        Connection c(*m_pg, database);
        if (c.isOpen())
            result = MigrationRunner(c.db()).deploy();
        else
            result.error = c.error();
    });
    auto release = qScopeGuard([&] {
        holder.exec(QStringLiteral("SELECT pg_advisory_unlock_all()"));
        worker.join();
    });

    QTRY_COMPARE_WITH_TIMEOUT(
        observer.value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                      "current_database() AND wait_event_type = 'Lock' AND wait_event = "
                                      "'advisory'")),
        QStringLiteral("1"), 10000);
    // Waiting, and nothing done yet.
    QCOMPARE(observer.value(QStringLiteral("SELECT to_regclass('\"_prisma_migrations\"') IS NULL")),
             QStringLiteral("true"));

    release.dismiss();
    QCOMPARE(holder.exec(QStringLiteral("SELECT pg_advisory_unlock_all()")), QString());
    worker.join();
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.applied, namesOf(m_embedded));
    QCOMPARE(advisoryLocksHeld(observer), QStringLiteral("0"));
}

void TestMigrations::refusesModifiedMigration()
{
    Connection c(*m_pg, freshDatabase());
    QVERIFY2(c.isOpen(), qPrintable(c.error()));
    QVERIFY(MigrationRunner(c.db()).deploy().ok);
    const QString changed = m_embedded.at(1).name;
    QCOMPARE(c.exec(QStringLiteral("UPDATE \"_prisma_migrations\" SET checksum = repeat('0', 64) WHERE "
                                   "migration_name = '%1'")
                        .arg(changed)),
             QString());

    // A newer program with one more migration must not apply it on top of a changed history.
    QList<Migration> migrations = m_embedded;
    migrations << Migrations::fromScript(QStringLiteral("29990101000000_extra"),
                                         QByteArrayLiteral("CREATE TABLE extra_table (id int);\n"));
    MigrationRunner runner(c.db(), migrations);
    const MigrationRunner::Status status = runner.status();
    QVERIFY(status.ok());
    QCOMPARE(status.modified, QStringList{changed});
    QCOMPARE(status.pending, QStringList{QStringLiteral("29990101000000_extra")});
    QVERIFY(!status.upToDate());
    QVERIFY(!status.applied.contains(changed));

    const QStringList before = fingerprint(c);
    const MigrationRunner::DeployResult result = runner.deploy();
    QVERIFY(!result.ok);
    QVERIFY(result.applied.isEmpty());
    QVERIFY2(result.error.contains(changed), qPrintable(result.error));
    QCOMPARE(fingerprint(c), before);
    QCOMPARE(c.value(QStringLiteral("SELECT to_regclass('extra_table') IS NULL")), QStringLiteral("true"));
    QCOMPARE(advisoryLocksHeld(c), QStringLiteral("0"));
}

void TestMigrations::unknownMigrationMeansDatabaseIsAhead()
{
    Connection c(*m_pg, freshDatabase());
    QVERIFY2(c.isOpen(), qPrintable(c.error()));
    MigrationRunner runner(c.db());
    QVERIFY(runner.deploy().ok);
    QCOMPARE(c.exec(QStringLiteral(
                 "INSERT INTO \"_prisma_migrations\" (id, checksum, finished_at, migration_name, "
                 "applied_steps_count) VALUES (gen_random_uuid()::text, repeat('a', 64), now(), "
                 "'29990101000000_from_the_future', 1)")),
             QString());
    const MigrationRunner::Status status = runner.status();
    QVERIFY(status.ok());
    QCOMPARE(status.unknown, QStringList{QStringLiteral("29990101000000_from_the_future")});
    QVERIFY(status.ahead());
    QVERIFY(!status.behind());
    QVERIFY(!status.upToDate());
    QCOMPARE(status.applied, namesOf(m_embedded));
    QVERIFY(status.pending.isEmpty() && status.modified.isEmpty() && status.failed.isEmpty());
}

void TestMigrations::refusesUnfinishedMigration()
{
    Connection c(*m_pg, freshDatabase());
    QVERIFY2(c.isOpen(), qPrintable(c.error()));
    const QList<Migration> migrations = {
        Migrations::fromScript(QStringLiteral("20200101000000_first"),
                               QByteArrayLiteral("CREATE TABLE first_table (id int);\n")),
        Migrations::fromScript(QStringLiteral("20200102000000_second"),
                               QByteArrayLiteral("CREATE TABLE second_table (id int);\n")),
    };
    QVERIFY(MigrationRunner(c.db(), {migrations.first()}).deploy().ok);
    // What a deploy that crashed half-way leaves behind.
    QCOMPARE(c.exec(QStringLiteral("INSERT INTO \"_prisma_migrations\" (id, checksum, migration_name) VALUES "
                                   "(gen_random_uuid()::text, '%1', '%2')")
                        .arg(migrations.at(1).checksum, migrations.at(1).name)),
             QString());

    MigrationRunner runner(c.db(), migrations);
    const MigrationRunner::Status status = runner.status();
    QVERIFY(status.ok());
    QCOMPARE(status.failed, QStringList{migrations.at(1).name});
    QCOMPARE(status.applied, QStringList{migrations.first().name});
    QVERIFY(status.pending.isEmpty());
    QVERIFY(!status.upToDate());

    const QStringList before = fingerprint(c);
    const MigrationRunner::DeployResult result = runner.deploy();
    QVERIFY(!result.ok);
    QVERIFY(result.applied.isEmpty());
    QVERIFY2(result.error.contains(migrations.at(1).name), qPrintable(result.error));
    QCOMPARE(fingerprint(c), before);
    QCOMPARE(c.value(QStringLiteral("SELECT to_regclass('second_table') IS NULL")), QStringLiteral("true"));
}

void TestMigrations::failedMigrationRollsBackToPreviousOne()
{
    Connection c(*m_pg, freshDatabase());
    QVERIFY2(c.isOpen(), qPrintable(c.error()));
    const Migration first = Migrations::fromScript(
        QStringLiteral("20200101000000_first"),
        QByteArrayLiteral("CREATE TABLE one (id int);\nINSERT INTO one VALUES (1);\n"));
    const Migration second = Migrations::fromScript(QStringLiteral("20200102000000_second"),
                                                    QByteArrayLiteral("CREATE TABLE two (id int);\n"
                                                                      "\n"
                                                                      "INSERT INTO one VALUES (2);\n"
                                                                      "\n"
                                                                      "\n"
                                                                      "INSERT INTO missing_table (id)\n"
                                                                      "    VALUES (3);\n"
                                                                      "CREATE TABLE three (id int);\n"));
    QVERIFY(MigrationRunner(c.db(), {first}).deploy().ok);
    const QStringList afterFirst = fingerprint(c);
    const QStringList dataAfterFirst = c.rows(QStringLiteral("SELECT id FROM one ORDER BY id"));
    QCOMPARE(dataAfterFirst, QStringList{QStringLiteral("1")});

    MigrationRunner runner(c.db(), {first, second});
    const MigrationRunner::DeployResult result = runner.deploy();
    QVERIFY(!result.ok);
    QVERIFY(result.applied.isEmpty());
    QCOMPARE(result.failedMigration, second.name);
    QCOMPARE(result.failedStatement, 3);
    QCOMPARE(result.failedLine, 6);
    QVERIFY2(result.error.contains(second.name), qPrintable(result.error));
    QVERIFY2(result.error.contains(QLatin1String("INSERT INTO missing_table (id)")),
             qPrintable(result.error));
    QVERIFY2(result.error.contains(QLatin1String("relation \"missing_table\" does not exist")),
             qPrintable(result.error));

    // Exactly as after the first migration: no table, row or history entry of the second.
    QCOMPARE(fingerprint(c), afterFirst);
    QCOMPARE(c.rows(QStringLiteral("SELECT id FROM one ORDER BY id")), dataAfterFirst);
    QCOMPARE(c.rows(QStringLiteral("SELECT migration_name FROM \"_prisma_migrations\"")),
             QStringList{first.name});
    QCOMPARE(advisoryLocksHeld(c), QStringLiteral("0"));
    // The connection is usable and out of the failed transaction.
    const MigrationRunner::Status status = runner.status();
    QVERIFY2(status.ok(), qPrintable(status.error));
    QCOMPARE(status.applied, QStringList{first.name});
    QCOMPARE(status.pending, QStringList{second.name});

    // Fixed, the same migration applies.
    const Migration fixed
        = Migrations::fromScript(second.name, QByteArrayLiteral("CREATE TABLE two (id int);\n"));
    const MigrationRunner::DeployResult retry = MigrationRunner(c.db(), {first, fixed}).deploy();
    QVERIFY2(retry.ok, qPrintable(retry.error));
    QCOMPARE(retry.applied, QStringList{second.name});
}

void TestMigrations::failureNamesTheStatementNotTheCommentAboveIt()
{
    // Prisma's layout: a comment line above each statement.
    Connection c(*m_pg, freshDatabase());
    QVERIFY2(c.isOpen(), qPrintable(c.error()));
    const Migration migration
        = Migrations::fromScript(QStringLiteral("20200101000000_fk"),
                                 QByteArrayLiteral("-- CreateTable\n"
                                                   "CREATE TABLE a (id int);\n"
                                                   "\n"
                                                   "-- AddForeignKey\n"
                                                   "ALTER TABLE a ADD CONSTRAINT a_fk FOREIGN KEY (id) "
                                                   "REFERENCES nowhere(id);\n"));
    const MigrationRunner::DeployResult result = MigrationRunner(c.db(), {migration}).deploy();
    QVERIFY(!result.ok);
    QCOMPARE(result.failedStatement, 2);
    QVERIFY2(result.error.contains(QLatin1String("ALTER TABLE a ADD CONSTRAINT a_fk")),
             qPrintable(result.error));
    QVERIFY2(result.error.contains(QLatin1String("relation \"nowhere\" does not exist")),
             qPrintable(result.error));
    QCOMPARE(result.failedLine, 5);
}

void TestMigrations::commentedOutBlockDoesNotFailDeploy()
{
    // A nested block comment that disables a statement at the end of a script.
    Connection c(*m_pg, freshDatabase());
    QVERIFY2(c.isOpen(), qPrintable(c.error()));
    const Migration migration = Migrations::fromScript(QStringLiteral("20200101000000_kept"),
                                                       QByteArrayLiteral("CREATE TABLE kept (id int);\n"
                                                                         "/* disabled:\n"
                                                                         "/* old */\n"
                                                                         "DROP TABLE kept;\n"
                                                                         "*/\n"));
    const MigrationRunner::DeployResult result = MigrationRunner(c.db(), {migration}).deploy();
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(c.value(QStringLiteral("SELECT to_regclass('kept') IS NOT NULL")), QStringLiteral("true"));
}

void TestMigrations::concurrentDeploysRecordEachMigrationOnce()
{
    const QString database = freshDatabase();
    std::atomic<int> ready{0};
    MigrationRunner::DeployResult results[2];
    auto deploy = [&](int i) {
        Connection c(*m_pg, database);
        ++ready;
        while (ready.load() < 2)
            std::this_thread::yield();
        if (c.isOpen())
            results[i] = MigrationRunner(c.db()).deploy();
        else
            results[i].error = c.error();
    };
    std::thread a(deploy, 0);
    std::thread b(deploy, 1);
    a.join();
    b.join();

    QVERIFY2(results[0].ok, qPrintable(results[0].error));
    QVERIFY2(results[1].ok, qPrintable(results[1].error));
    QStringList applied = results[0].applied + results[1].applied;
    applied.sort();
    QCOMPARE(applied, namesOf(m_embedded));

    Connection c(*m_pg, database);
    QVERIFY2(c.isOpen(), qPrintable(c.error()));
    QCOMPARE(c.rows(QStringLiteral("SELECT migration_name, count(*) FROM \"_prisma_migrations\" GROUP BY "
                                   "migration_name HAVING count(*) > 1")),
             QStringList());
    QCOMPARE(
        c.value(QStringLiteral("SELECT count(*) FROM \"_prisma_migrations\" WHERE finished_at IS NOT NULL")),
        QString::number(m_embedded.size()));
    QVERIFY(MigrationRunner(c.db()).status().upToDate());
}

void TestMigrations::resetDropsEverythingAndDeployWorksAgain()
{
    Connection c(*m_pg, freshDatabase());
    QVERIFY2(c.isOpen(), qPrintable(c.error()));
    MigrationRunner runner(c.db());
    QVERIFY(runner.deploy().ok);
    QCOMPARE(c.exec(QStringLiteral("INSERT INTO organization (id, name, slug, \"updatedAt\") VALUES "
                                   "('org_reset', 'Reset Org', 'reset-org', now())")),
             QString());

    QString error;
    QVERIFY2(runner.reset(&error), qPrintable(error));
    const QStringList empty = fingerprint(c);
    QCOMPARE(empty.size(), 1); // the history query's error: the table is gone
    QVERIFY2(empty.first().contains(QLatin1String("_prisma_migrations")), qPrintable(empty.first()));
    const MigrationRunner::Status status = runner.status();
    QVERIFY(status.ok());
    QVERIFY(!status.hasMigrationsTable);
    QCOMPARE(status.pending, namesOf(m_embedded));
    QCOMPARE(c.value(QStringLiteral("SELECT count(*) FROM pg_namespace WHERE nspname = 'public'")),
             QStringLiteral("1"));

    const MigrationRunner::DeployResult again = runner.deploy();
    QVERIFY2(again.ok, qPrintable(again.error));
    QCOMPARE(again.applied, namesOf(m_embedded));
    QVERIFY(runner.status().upToDate());
    QCOMPARE(c.value(QStringLiteral("SELECT count(*) FROM organization")), QStringLiteral("0"));
    QVERIFY(SecurityAudit::run(c.db()).problems.isEmpty());
}

void TestMigrations::concurrentIndexRunsOutsideATransaction()
{
    Connection c(*m_pg, freshDatabase());
    QVERIFY2(c.isOpen(), qPrintable(c.error()));
    const QList<Migration> migrations = {
        Migrations::fromScript(QStringLiteral("20200101000000_table"),
                               QByteArrayLiteral("CREATE TABLE t (id int);\n")),
        Migrations::fromScript(
            QStringLiteral("20200102000000_index"),
            QByteArrayLiteral("-- CreateIndex\nCREATE INDEX CONCURRENTLY t_id_idx ON t (id);\n")),
    };
    QVERIFY(
        MigrationRunner::managesTransactions(SqlScript::split(QString::fromUtf8(migrations.at(1).script))));
    QVERIFY(
        !MigrationRunner::managesTransactions(SqlScript::split(QString::fromUtf8(migrations.at(0).script))));
    const MigrationRunner::DeployResult result = MigrationRunner(c.db(), migrations).deploy();
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(c.value(QStringLiteral("SELECT to_regclass('t_id_idx') IS NOT NULL")), QStringLiteral("true"));
    QVERIFY(MigrationRunner(c.db(), migrations).status().upToDate());
}

void TestMigrations::failedStepwiseMigrationIsRecordedAsFailed()
{
    Connection c(*m_pg, freshDatabase());
    QVERIFY2(c.isOpen(), qPrintable(c.error()));
    const QList<Migration> migrations = {
        Migrations::fromScript(QStringLiteral("20200101000000_own_transactions"),
                               QByteArrayLiteral("BEGIN;\nCREATE TABLE kept (id int);\nCOMMIT;\n"
                                                 "CREATE INDEX CONCURRENTLY broken_idx ON nowhere (id);\n")),
    };
    const MigrationRunner::DeployResult result = MigrationRunner(c.db(), migrations).deploy();
    QVERIFY(!result.ok);
    QCOMPARE(result.failedStatement, 4);
    QVERIFY2(result.error.contains(QLatin1String("nowhere")), qPrintable(result.error));
    // Like Prisma: recorded as failed with its log, and refused until a person resolves it.
    const MigrationRunner::Status status = MigrationRunner(c.db(), migrations).status();
    QCOMPARE(status.failed, QStringList{migrations.first().name});
    QVERIFY(c.value(QStringLiteral("SELECT logs FROM \"_prisma_migrations\""))
                .contains(QLatin1String("nowhere")));
    QVERIFY(!MigrationRunner(c.db(), migrations).deploy().ok);
}

void TestMigrations::auditPassesOnDeployedSchema()
{
    Connection c(*m_pg, freshDatabase());
    QVERIFY2(c.isOpen(), qPrintable(c.error()));
    QVERIFY(MigrationRunner(c.db()).deploy().ok);
    const SecurityAudit::Report report = SecurityAudit::run(c.db());
    QVERIFY2(report.problems.isEmpty(), qPrintable(report.problems.join(QLatin1Char('\n'))));
    // Every table with "orgId" is checked as a tenant table, except staff_login, which is
    // classified with its own stricter own-row policy; every other table is classified.
    QStringList tenant = report.tenantTables;
    tenant.sort();
    QCOMPARE(tenant,
             c.rows(QStringLiteral(
                 "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
                 "n.nspname = 'public' AND c.relkind = 'r' AND EXISTS (SELECT 1 FROM pg_attribute a WHERE "
                 "a.attrelid = c.oid AND a.attname = 'orgId') AND c.relname <> 'staff_login' "
                 "ORDER BY c.relname COLLATE \"C\"")));
    QVERIFY(tenant.contains(QStringLiteral("users")));
    QVERIFY(!tenant.contains(QStringLiteral("organization")));
    QCOMPARE(QString::number(report.otherTables + tenant.size()),
             c.value(QStringLiteral("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = "
                                    "c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'")));
    QVERIFY(report.otherTables >= 8);
}

void TestMigrations::auditFindsTenantTableWithoutRowLevelSecurity()
{
    Connection c(*m_pg, freshDatabase());
    QVERIFY2(c.isOpen(), qPrintable(c.error()));
    QVERIFY(MigrationRunner(c.db()).deploy().ok);
    QCOMPARE(c.exec(QStringLiteral("CREATE TABLE leaky (id text PRIMARY KEY, \"orgId\" text)")), QString());

    SecurityAudit::Report report = SecurityAudit::run(c.db());
    QVERIFY(report.tenantTables.contains(QStringLiteral("leaky")));
    QVERIFY2(report.problems.contains(
                 QStringLiteral("table \"leaky\" holds tenant data but row-level security is not enabled")),
             qPrintable(report.problems.join(QLatin1Char('\n'))));
    QVERIFY(report.problems.contains(
        QStringLiteral("table \"leaky\" has no row-level security policy for astralis_staff")));

    // Enabled but not forced still lets the owner through.
    QCOMPARE(c.exec(QStringLiteral("ALTER TABLE leaky ENABLE ROW LEVEL SECURITY")), QString());
    report = SecurityAudit::run(c.db());
    QVERIFY2(report.problems.contains(
                 QStringLiteral("table \"leaky\" holds tenant data but row-level security is not forced")),
             qPrintable(report.problems.join(QLatin1Char('\n'))));

    QCOMPARE(c.exec(QStringLiteral("DROP TABLE leaky")), QString());
    report = SecurityAudit::run(c.db());
    QVERIFY2(report.problems.isEmpty(), qPrintable(report.problems.join(QLatin1Char('\n'))));
}

void TestMigrations::auditFindsStaffLoginWithBypassRls()
{
    const PgCluster::Workspace workspace = m_pg->createWorkspace(QStringLiteral("migaudit"));
    QVERIFY2(workspace.error.isEmpty(), qPrintable(workspace.error));
    Connection c(*m_pg, workspace.database);
    QVERIFY2(c.isOpen(), qPrintable(c.error()));
    QVERIFY2(SecurityAudit::run(c.db()).problems.isEmpty(),
             qPrintable(SecurityAudit::run(c.db()).problems.join(QLatin1Char('\n'))));

    // Roles are cluster-wide: put it back whatever happens, or every other database fails.
    auto restore
        = qScopeGuard([&] { c.exec(QStringLiteral("ALTER ROLE \"%1\" NOBYPASSRLS").arg(workspace.login)); });
    QCOMPARE(c.exec(QStringLiteral("ALTER ROLE \"%1\" BYPASSRLS").arg(workspace.login)), QString());
    const SecurityAudit::Report report = SecurityAudit::run(c.db());
    QVERIFY2(report.problems.contains(QStringLiteral("staff role %1 has BYPASSRLS").arg(workspace.login)),
             qPrintable(report.problems.join(QLatin1Char('\n'))));

    restore.dismiss();
    QCOMPARE(c.exec(QStringLiteral("ALTER ROLE \"%1\" NOBYPASSRLS").arg(workspace.login)), QString());
    QVERIFY(SecurityAudit::run(c.db()).problems.isEmpty());
}

void TestMigrations::unclassifiedColumnIsGrantedNothingAndReported()
{
    Connection c(*m_pg, freshDatabase());
    QVERIFY2(c.isOpen(), qPrintable(c.error()));
    QVERIFY(MigrationRunner(c.db()).deploy().ok);
    // A later migration adds a column and a table and forgets to classify them. Before, a
    // column was granted to staff unless its name looked like a secret; "signingKey" does not.
    QCOMPARE(c.exec(QStringLiteral("ALTER TABLE \"pipelineItem\" ADD COLUMN \"signingKey\" text")),
             QString());
    QCOMPARE(c.exec(QStringLiteral("CREATE TABLE vault (id text PRIMARY KEY, \"orgId\" text, blob text)")),
             QString());
    QCOMPARE(c.value(QStringLiteral("SELECT astralis_secure() > 0")), QStringLiteral("true"));
    QCOMPARE(c.value(QStringLiteral("SELECT has_column_privilege('astralis_staff', '\"pipelineItem\"', "
                                    "'signingKey', 'SELECT')")),
             QStringLiteral("false"));
    QCOMPARE(c.value(QStringLiteral("SELECT has_any_column_privilege('astralis_staff', 'vault', 'SELECT')")),
             QStringLiteral("false"));
    const SecurityAudit::Report report = SecurityAudit::run(c.db());
    QVERIFY2(report.problems.contains(QStringLiteral(
                 "column pipelineItem.\"signingKey\" is not classified (secret, platform, fixed or staff)")),
             qPrintable(report.problems.join(QLatin1Char('\n'))));
    QVERIFY2(report.problems.filter(QStringLiteral("table \"vault\" is not classified")).size() == 1,
             qPrintable(report.problems.join(QLatin1Char('\n'))));
    // Classified, it is granted as its class says and validation passes again.
    QCOMPARE(
        c.exec(QStringLiteral("SELECT astralis.classify('vault', 'tenant', 'test data', secret => '{blob}', "
                              "fixed => '{id,orgId}')")),
        QString());
    QCOMPARE(
        c.exec(QStringLiteral("DELETE FROM astralis.column_class WHERE table_name = 'pipelineItem'; "
                              "INSERT INTO astralis.column_class SELECT 'pipelineItem', a.attname, 'staff' "
                              "FROM pg_attribute a WHERE a.attrelid = '\"pipelineItem\"'::regclass AND "
                              "a.attnum > 0 AND NOT a.attisdropped")),
        QString());
    QCOMPARE(c.exec(QStringLiteral("UPDATE astralis.column_class SET class = 'secret' WHERE table_name = "
                                   "'pipelineItem' AND column_name = 'signingKey'")),
             QString());
    QCOMPARE(c.exec(QStringLiteral(
                 "UPDATE astralis.column_class SET class = 'fixed' WHERE table_name = "
                 "'pipelineItem' AND column_name IN ('id', 'orgId', 'createdById', 'createdAt')")),
             QString());
    QCOMPARE(c.value(QStringLiteral("SELECT astralis_secure() > 0")), QStringLiteral("true"));
    const SecurityAudit::Report after = SecurityAudit::run(c.db());
    QVERIFY2(after.problems.isEmpty(), qPrintable(after.problems.join(QLatin1Char('\n'))));
    QCOMPARE(
        c.value(QStringLiteral("SELECT has_column_privilege('astralis_staff', 'vault', 'blob', 'SELECT')")),
        QStringLiteral("false"));
    // A name in the classification that is not a column is refused outright (a typo must not
    // leave the real column unclassified).
    QVERIFY(!c.exec(QStringLiteral(
                        "SELECT astralis.classify('vault', 'tenant', 'x', staff => '{id,orgId,blobb}')"))
                 .isEmpty());
}

void TestMigrations::auditFindsGrantBeyondTheColumnsClass()
{
    Connection c(*m_pg, freshDatabase());
    QVERIFY2(c.isOpen(), qPrintable(c.error()));
    QVERIFY(MigrationRunner(c.db()).deploy().ok);
    // A hand-made grant that lets staff redirect the platform's calendar token.
    QCOMPARE(
        c.exec(QStringLiteral("GRANT UPDATE (\"serverUrl\") ON \"CalendarConnection\" TO astralis_staff")),
        QString());
    QCOMPARE(c.exec(QStringLiteral("GRANT SELECT (\"credentialData\") ON \"IntegrationCredential\" TO "
                                   "astralis_staff")),
             QString());
    const SecurityAudit::Report report = SecurityAudit::run(c.db());
    QVERIFY2(
        report.problems.contains(QStringLiteral(
            "staff may SELECT, UPDATE CalendarConnection.\"serverUrl\", a platform column of a read table "
            "(expected: SELECT)")),
        qPrintable(report.problems.join(QLatin1Char('\n'))));
    QVERIFY2(report.problems.contains(QStringLiteral(
                 "staff may SELECT IntegrationCredential.\"credentialData\", a secret column of a read table "
                 "(expected: nothing)")),
             qPrintable(report.problems.join(QLatin1Char('\n'))));
    // astralis_secure() puts the grants back to what the classification says.
    QCOMPARE(c.value(QStringLiteral("SELECT astralis_secure() > 0")), QStringLiteral("true"));
    QVERIFY(SecurityAudit::run(c.db()).problems.isEmpty());
}

void TestMigrations::auditFindsStaffWritesWithoutTheirGuards()
{
    Connection c(*m_pg, freshDatabase());
    QVERIFY2(c.isOpen(), qPrintable(c.error()));
    QVERIFY(MigrationRunner(c.db()).deploy().ok);
    QCOMPARE(c.exec(QStringLiteral("DROP TRIGGER astralis_audit ON \"Company\"")), QString());
    QCOMPARE(c.exec(QStringLiteral("ALTER TABLE \"Task\" DISABLE TRIGGER astralis_version")), QString());
    QCOMPARE(c.exec(QStringLiteral("DROP TRIGGER astralis_status_flow ON \"Task\"")), QString());
    const QStringList problems = SecurityAudit::run(c.db()).problems;
    QVERIFY2(problems.contains(QStringLiteral(
                 "table \"Company\": staff writes leave no audit trail (trigger astralis_audit)")),
             qPrintable(problems.join(QLatin1Char('\n'))));
    QVERIFY(problems.contains(QStringLiteral(
        "table \"Task\": \"version\" is not kept by the database (trigger astralis_version)")));
    QVERIFY(problems.contains(
        QStringLiteral("table \"Task\": its status flow is not enforced (trigger astralis_status_flow)")));
}

void TestMigrations::changeLogIsPruned()
{
    Connection c(*m_pg, freshDatabase());
    QVERIFY2(c.isOpen(), qPrintable(c.error()));
    QVERIFY(MigrationRunner(c.db()).deploy().ok);
    // A week and a day of someone's writes, and today's.
    QCOMPARE(c.exec(QStringLiteral("INSERT INTO change_log (\"tableName\", \"rowId\", op, \"orgId\", at) "
                                   "SELECT 'pipelineItem', 'r' || g, 'U', 'o', now() - interval '8 days' "
                                   "FROM generate_series(1, 7000) g")),
             QString());
    QCOMPARE(
        c.exec(QStringLiteral("INSERT INTO change_log (\"tableName\", \"rowId\", op, \"orgId\") "
                              "SELECT 'pipelineItem', 'n' || g, 'U', 'o' FROM generate_series(1, 10) g")),
        QString());
    // Bounded work per call: 5,000, then the rest; today's rows stay.
    QCOMPARE(c.value(QStringLiteral("SELECT astralis_prune_change_log()")), QStringLiteral("5000"));
    QCOMPARE(c.value(QStringLiteral("SELECT astralis_prune_change_log()")), QStringLiteral("2000"));
    QCOMPARE(c.value(QStringLiteral("SELECT count(*) FROM change_log")), QStringLiteral("10"));
    // And the change trigger calls it by itself on every 1,000th change.
    QCOMPARE(c.exec(QStringLiteral("INSERT INTO change_log (\"tableName\", \"rowId\", op, \"orgId\", at) "
                                   "SELECT 'pipelineItem', 'q' || g, 'U', 'o', now() - interval '9 days' "
                                   "FROM generate_series(1, 100) g")),
             QString());
    QCOMPARE(
        c.exec(QStringLiteral("INSERT INTO organization (id, name, slug, \"updatedAt\") VALUES ('o', 'O', "
                              "'o', now()); INSERT INTO pipeline (id, \"orgId\", key, name, type, "
                              "\"updatedAt\") SELECT 'p' || g, 'o', 'k' || g, 'n', 'SALES', now() "
                              "FROM generate_series(1, 1000) g")),
        QString());
    QCOMPARE(c.value(QStringLiteral("SELECT count(*) FROM change_log WHERE at < now() - interval '7 days'")),
             QStringLiteral("0"));
}

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
