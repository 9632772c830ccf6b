// Tenant isolation, generated from the catalog: for every table with an "orgId" column, a staff
// login of organization A sees no row of organization B, cannot insert a row with B's orgId
// (42501), and updates or deletes none of B's rows — whatever SQL it sends. A table added
// later is covered automatically, and must come with seed data for both organizations.

#include "MigrationRunner.h"
#include "PgCluster.h"
#include "SecurityAudit.h"
#include "Seeder.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

namespace {

const QString kPassword = QStringLiteral("isolation-pass-5");

} // namespace

class TestTenantIsolation : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void auditFindsNoProblem();
    void everyTenantTable_data();
    void everyTenantTable();
    void credentialsTablesAreOutOfReach_data();
    void credentialsTablesAreOutOfReach();
    void staffCannotBecomeAnotherLogin();
    void passwordHashesAreHidden();
    void crossOrganizationReferencesAreRefused_data();
    void crossOrganizationReferencesAreRefused();
    void changeLogCannotBeForged();
    void colleaguesAreReadNotManaged();
    void secretColumnsAreHidden();
    void auditTrailsAreAppendOnly();
    void webPlatformRoleReachesEveryOrganization();

private:
    QSqlDatabase open(const QString& name, const QString& user, bool tcp);
    qint64 count(QSqlDatabase& db, const QString& sql);

    PgCluster* m_pg = nullptr;
    QString m_database;
    QString m_suffix; // this run's demo login names
    QString m_orgA; // Northwind Studio, the demo login's organization
    QString m_orgB; // Globex Logistics
    QSqlDatabase m_admin;
    QSqlDatabase m_staffA;
};

QSqlDatabase TestTenantIsolation::open(const QString& name, const QString& user, bool tcp)
{
    return m_pg->connect(name, m_database, user, kPassword, tcp);
}

qint64 TestTenantIsolation::count(QSqlDatabase& db, const QString& sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next()) {
        qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
        return -1;
    }
    return query.value(0).toLongLong();
}

void TestTenantIsolation::initTestCase()
{
    m_pg = &PgCluster::instance();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    m_database = m_pg->createDatabase(QStringLiteral("isolation"));
    m_admin = open(QStringLiteral("admin"), QStringLiteral("postgres"), false);
    QVERIFY(m_admin.isOpen());
    const MigrationRunner::DeployResult deployed = MigrationRunner(m_admin).deploy();
    QVERIFY2(deployed.ok, qPrintable(deployed.error));
    // Own login names: roles are cluster-wide and other tests seed demos at the same time.
    m_suffix = QStringLiteral("_iso%1").arg(QCoreApplication::applicationPid());
    const Seeder::Result seeded = Seeder(m_admin).seedDemo(60, m_suffix);
    QVERIFY2(seeded.ok, qPrintable(seeded.error));
    // Known passwords for the demo logins (roles are cluster-wide; other tests may share them).
    for (const QString& login :
         QStringList{Seeder::demoLogin() + m_suffix, Seeder::otherOrgLogin() + m_suffix})
        QVERIFY(m_pg->exec(QStringLiteral("ALTER ROLE %1 PASSWORD '%2'").arg(login, kPassword)));
    m_orgA = m_pg->scalar(QStringLiteral("SELECT id FROM organization WHERE slug = 'northwind'"), m_database)
                 .toString();
    m_orgB = m_pg->scalar(QStringLiteral("SELECT id FROM organization WHERE slug = 'globex'"), m_database)
                 .toString();
    QVERIFY(!m_orgA.isEmpty() && !m_orgB.isEmpty());
    m_staffA = open(QStringLiteral("staffA"), Seeder::demoLogin() + m_suffix, true);
    QVERIFY(m_staffA.isOpen());
}

void TestTenantIsolation::auditFindsNoProblem()
{
    const SecurityAudit::Report report = SecurityAudit::run(m_admin);
    QVERIFY2(report.problems.isEmpty(), qPrintable(report.problems.join(QLatin1Char('\n'))));
    QVERIFY(report.tenantTables.size() >= 60);
}

void TestTenantIsolation::everyTenantTable_data()
{
    QTest::addColumn<QString>("table");
    // From the catalog, not from a list: a new tenant table is tested without anyone adding it.
    QSqlQuery tables(m_admin);
    QVERIFY(tables.exec(QStringLiteral(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'orgId' AND NOT a.attisdropped "
        "WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname")));
    int rows = 0;
    while (tables.next()) {
        const QString table = tables.value(0).toString();
        QTest::newRow(qPrintable(table)) << table;
        ++rows;
    }
    QVERIFY(rows >= 60);
}

void TestTenantIsolation::everyTenantTable()
{
    QFETCH(QString, table);
    const QString t = QLatin1Char('"') + table + QLatin1Char('"');
    const QString ofB = QStringLiteral("\"orgId\" = '%1'").arg(m_orgB);
    const qint64 before = count(m_admin, QStringLiteral("SELECT count(*) FROM %1 WHERE %2").arg(t, ofB));
    // Without rows of B the checks below would prove nothing: the seed must cover every table.
    QVERIFY2(
        before > 0,
        qPrintable(QStringLiteral("the demo seed has no rows of the second organization in %1").arg(table)));

    // Sees no row of B, by any filter.
    QCOMPARE(count(m_staffA, QStringLiteral("SELECT count(*) FROM %1 WHERE %2").arg(t, ofB)), 0);
    QCOMPARE(
        count(m_staffA,
              QStringLiteral("SELECT count(*) FROM %1 WHERE \"orgId\" IS DISTINCT FROM '%2'").arg(t, m_orgA)),
        0);
    // …but does see its own organization's rows (the policy is not simply "nothing").
    QVERIFY(count(m_staffA, QStringLiteral("SELECT count(*) FROM %1").arg(t)) > 0);

    // Cannot insert a row carrying B's orgId: a copy of one of B's rows, under a new id.
    QSqlQuery sample(m_admin);
    QVERIFY(
        sample.exec(QStringLiteral("SELECT row_to_json(x)::text FROM %1 x WHERE %2 LIMIT 1").arg(t, ofB)));
    QVERIFY(sample.next());
    QString json = sample.value(0).toString();
    QSqlQuery insert(m_staffA);
    insert.prepare(
        QStringLiteral(
            "INSERT INTO %1 SELECT * FROM json_populate_record(NULL::%1, "
            "jsonb_set(CAST(:row AS jsonb), '{id}', to_jsonb('isolation-probe'::text), false)::json)")
            .arg(t));
    insert.bindValue(QStringLiteral(":row"), json);
    QVERIFY2(!insert.exec(), "a staff login inserted a row into another organization");
    QCOMPARE(insert.lastError().nativeErrorCode(), QStringLiteral("42501"));

    // Updates and deletes reach none of B's rows (refused outright, or matching nothing).
    QSqlQuery update(m_staffA);
    if (update.exec(QStringLiteral("UPDATE %1 SET \"orgId\" = \"orgId\" WHERE %2").arg(t, ofB)))
        QCOMPARE(update.numRowsAffected(), 0);
    else
        QCOMPARE(update.lastError().nativeErrorCode(), QStringLiteral("42501"));
    QSqlQuery remove(m_staffA);
    if (remove.exec(QStringLiteral("DELETE FROM %1 WHERE %2").arg(t, ofB)))
        QCOMPARE(remove.numRowsAffected(), 0);
    else
        QCOMPARE(remove.lastError().nativeErrorCode(), QStringLiteral("42501"));
    // Moving one's own rows into B is refused too.
    QSqlQuery move(m_staffA);
    if (move.exec(QStringLiteral("UPDATE %1 SET \"orgId\" = '%2'").arg(t, m_orgB)))
        QFAIL("a staff login moved its rows into another organization");
    // Refused by row-level security (42501), or first by the reference check, whose parents
    // stay in the old organization (23503).
    QVERIFY2(move.lastError().nativeErrorCode() == QLatin1String("42501")
                 || move.lastError().nativeErrorCode() == QLatin1String("23503"),
             qPrintable(move.lastError().text()));

    QCOMPARE(count(m_admin, QStringLiteral("SELECT count(*) FROM %1 WHERE %2").arg(t, ofB)), before);
}

void TestTenantIsolation::credentialsTablesAreOutOfReach_data()
{
    QTest::addColumn<QString>("table");
    for (auto it = SecurityAudit::nonTenantTables().cbegin(); it != SecurityAudit::nonTenantTables().cend();
         ++it) {
        if (it->access == SecurityAudit::Access::None)
            QTest::newRow(qPrintable(it.key())) << it.key();
    }
}

void TestTenantIsolation::credentialsTablesAreOutOfReach()
{
    QFETCH(QString, table);
    QSqlQuery query(m_staffA);
    QVERIFY(!query.exec(QStringLiteral("SELECT * FROM \"%1\" LIMIT 1").arg(table)));
    QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("42501"));
}

void TestTenantIsolation::staffCannotBecomeAnotherLogin()
{
    QSqlQuery query(m_staffA);
    QVERIFY(!query.exec(QStringLiteral("SET ROLE %1").arg(Seeder::otherOrgLogin() + m_suffix)));
    QVERIFY(!query.exec(QStringLiteral("SET ROLE postgres")));
    // A temporary table named like the mapping cannot stand in for it (pinned search_path).
    QVERIFY(query.exec(QStringLiteral(
        "CREATE TEMP TABLE staff_login (login name, \"orgId\" text, \"disabledAt\" timestamp)")));
    QVERIFY(query.exec(
        QStringLiteral("INSERT INTO pg_temp.staff_login VALUES (current_user, '%1', NULL)").arg(m_orgB)));
    QCOMPARE(
        count(m_staffA,
              QStringLiteral("SELECT count(*) FROM \"pipelineItem\" WHERE \"orgId\" = '%1'").arg(m_orgB)),
        0);
    QVERIFY(query.exec(QStringLiteral("DROP TABLE pg_temp.staff_login")));
}

void TestTenantIsolation::passwordHashesAreHidden()
{
    QSqlQuery query(m_staffA);
    QVERIFY(!query.exec(QStringLiteral("SELECT password FROM users")));
    QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("42501"));
    QVERIFY(query.exec(QStringLiteral("SELECT email, name, role FROM users")));
}

void TestTenantIsolation::crossOrganizationReferencesAreRefused_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("parent");
    QTest::addColumn<QString>("parentColumn");
    // Every single-column foreign key from a tenant table to a tenant table, from the catalog.
    QSqlQuery fks(m_admin);
    QVERIFY(fks.exec(QStringLiteral(
        "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, pa.attname "
        "FROM pg_constraint c "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
        "JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1] "
        "WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 AND a.attname <> 'orgId' "
        "AND EXISTS (SELECT 1 FROM pg_attribute o WHERE o.attrelid = c.conrelid AND o.attname = 'orgId') "
        "AND EXISTS (SELECT 1 FROM pg_attribute o WHERE o.attrelid = c.confrelid AND o.attname = 'orgId') "
        "AND EXISTS (SELECT 1 FROM pg_attribute o WHERE o.attrelid = c.conrelid AND o.attname = 'id') "
        "AND c.conrelid::regclass::text NOT IN ('staff_login', 'users') ORDER BY 1, 2")));
    int rows = 0;
    while (fks.next()) {
        const QString table = fks.value(0).toString();
        QTest::newRow(qPrintable(table + QLatin1Char('.') + fks.value(1).toString()))
            << table << fks.value(1).toString() << fks.value(2).toString() << fks.value(3).toString();
        ++rows;
    }
    QVERIFY(rows >= 40);
}

void TestTenantIsolation::crossOrganizationReferencesAreRefused()
{
    QFETCH(QString, table);
    QFETCH(QString, column);
    QFETCH(QString, parent);
    QFETCH(QString, parentColumn);
    // Names from regclass are already quoted where needed.
    const QString ownRow
        = m_pg->scalar(QStringLiteral("SELECT id FROM %1 WHERE \"orgId\" = '%2' LIMIT 1").arg(table, m_orgA),
                       m_database)
              .toString();
    const QString theirs
        = m_pg->scalar(QStringLiteral("SELECT \"%1\"::text FROM %2 WHERE \"orgId\" = '%3' LIMIT 1")
                           .arg(parentColumn, parent, m_orgB),
                       m_database)
              .toString();
    QVERIFY2(!ownRow.isEmpty() && !theirs.isEmpty(), "the demo seed covers both sides of every reference");

    auto attempt = [&](const QString& value) {
        QSqlQuery update(m_staffA);
        update.prepare(QStringLiteral("UPDATE %1 SET \"%2\" = :value WHERE id = :id").arg(table, column));
        update.bindValue(QStringLiteral(":value"), value);
        update.bindValue(QStringLiteral(":id"), ownRow);
        const bool ok = update.exec();
        return QPair<bool, QString>(ok, update.lastError().nativeErrorCode());
    };
    const auto other = attempt(theirs);
    const auto missing = attempt(QStringLiteral("no-such-row-anywhere"));
    QVERIFY2(!other.first, "a staff login pointed its row at another organization's row");
    // Refused the same way as a row that does not exist: the refusal reveals nothing.
    QCOMPARE(other.second, missing.second);
    QVERIFY(other.second == QLatin1String("23503") || other.second == QLatin1String("42501")
            || other.second == QLatin1String("22P02"));
}

void TestTenantIsolation::changeLogCannotBeForged()
{
    QSqlQuery query(m_staffA);
    QVERIFY(!query.exec(QStringLiteral("INSERT INTO change_log (\"tableName\", \"rowId\", op, \"orgId\") "
                                       "VALUES ('pipelineItem', 'forged', 'U', '%1')")
                            .arg(m_orgA)));
    QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("42501"));
    QVERIFY(!query.exec(QStringLiteral("SELECT nextval('change_log_seq_seq')")));
    QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("42501"));
    // Staff still read their organization's changes, and their writes still record them.
    QVERIFY(count(m_staffA, QStringLiteral("SELECT count(*) FROM change_log")) > 0);
    const qint64 before = count(m_admin, QStringLiteral("SELECT count(*) FROM change_log"));
    QVERIFY(query.exec(QStringLiteral("UPDATE \"pipelineItem\" SET title = title WHERE id = "
                                      "(SELECT id FROM \"pipelineItem\" LIMIT 1)")));
    QCOMPARE(count(m_admin, QStringLiteral("SELECT count(*) FROM change_log")), before + 1);
}

void TestTenantIsolation::colleaguesAreReadNotManaged()
{
    QSqlQuery query(m_staffA);
    QVERIFY(!query.exec(
        QStringLiteral("UPDATE users SET role = 'ADMIN' WHERE email = 'demo@northwind.example'")));
    QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("42501"));
    QVERIFY(!query.exec(
        QStringLiteral("UPDATE users SET email = 'x@evil.example' WHERE email = 'demo@northwind.example'")));
    QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("42501"));
    QVERIFY(!query.exec(QStringLiteral("DELETE FROM users")));
    QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("42501"));
    QVERIFY(!query.exec(QStringLiteral(
        "INSERT INTO users (id, email, \"updatedAt\") VALUES ('u-new', 'probe@example.test', now())")));
    QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("42501"));
    // Profile fields stay editable.
    QVERIFY(query.exec(QStringLiteral("UPDATE users SET timezone = 'Europe/Berlin', \"updatedAt\" = now() "
                                      "WHERE email = 'demo@northwind.example'")));
    QCOMPARE(query.numRowsAffected(), 1);
}

void TestTenantIsolation::secretColumnsAreHidden()
{
    QSqlQuery query(m_staffA);
    QVERIFY(!query.exec(QStringLiteral("SELECT \"accessToken\" FROM \"CalendarConnection\"")));
    QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("42501"));
    QVERIFY(!query.exec(QStringLiteral("SELECT \"refreshToken\" FROM \"CalendarConnection\"")));
    QVERIFY(query.exec(QStringLiteral("SELECT provider FROM \"CalendarConnection\"")));
}

void TestTenantIsolation::auditTrailsAreAppendOnly()
{
    for (const char* table : {"AuditLog", "ActivityLog", "DecisionLog"}) {
        QSqlQuery query(m_staffA);
        QVERIFY(
            !query.exec(QStringLiteral("UPDATE \"%1\" SET \"orgId\" = \"orgId\"").arg(QLatin1String(table))));
        QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("42501"));
        QVERIFY(!query.exec(QStringLiteral("DELETE FROM \"%1\"").arg(QLatin1String(table))));
        QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("42501"));
    }
}

void TestTenantIsolation::webPlatformRoleReachesEveryOrganization()
{
    // The web platform logs in as astralis_web itself (BYPASSRLS is not inherited).
    QVERIFY(m_pg->exec(QStringLiteral("ALTER ROLE astralis_web LOGIN PASSWORD '%1'").arg(kPassword)));
    QSqlDatabase web = open(QStringLiteral("web"), QStringLiteral("astralis_web"), true);
    QVERIFY(web.isOpen());
    QCOMPARE(count(web, QStringLiteral("SELECT count(DISTINCT \"orgId\") FROM \"pipelineItem\"")), 2);
    const qint64 before = count(m_admin, QStringLiteral("SELECT count(*) FROM change_log"));
    QSqlQuery query(web);
    QVERIFY2(query.exec(QStringLiteral("UPDATE \"pipelineItem\" SET title = title WHERE id = "
                                       "(SELECT id FROM \"pipelineItem\" WHERE \"orgId\" = '%1' LIMIT 1)")
                            .arg(m_orgB)),
             qPrintable(query.lastError().text()));
    QCOMPARE(count(m_admin, QStringLiteral("SELECT count(*) FROM change_log")), before + 1);
}

QTEST_GUILESS_MAIN(TestTenantIsolation)
#include "tst_tenant_isolation.moc"
