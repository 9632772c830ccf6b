// Tenant isolation, generated from the catalog: for every table with an "orgId" column, a staff
// login of organization A sees no row of organization B, cannot insert a row with B's orgId
// (42501), and updates or deletes none of B's rows — whatever SQL it sends. A table added
// later is covered automatically, and must come with seed data for both organizations.
// And the rest of the security model: the column classification (secrets, platform-owned
// columns), deprovisioning, references that reveal nothing, audit trails, versions and status
// flows kept by the database.

#include "MigrationRunner.h"
#include "PgCluster.h"
#include "SecurityAudit.h"
#include "Seeder.h"

#include <QDateTime>
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
    void referencesRevealNoOrganization();
    void platformOwnedColumnsAreReadOnly();
    void everyStaffWriteIsAudited();
    void versionsAreTheDatabases();
    void statusFlowIsEnforcedByTheDatabase();
    void decisionLogsOutliveTheirTask();
    void profileEditsOwnRowOnly();
    void mutationIdsAreScopedByOrganization();
    void loginLosesAccessWhenUserNoLongerQualifies_data();
    void loginLosesAccessWhenUserNoLongerQualifies();
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
        "WHERE n.nspname = 'public' AND c.relkind = 'r' "
        // Tables staff may not read at all are checked by credentialsTablesAreOutOfReach.
        "AND NOT EXISTS (SELECT 1 FROM astralis.table_class t WHERE t.table_name = c.relname AND "
        "t.access = 'none') ORDER BY c.relname")));
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
    // Refused by row-level security (42501), or first by the reference check: the copied row's
    // parents are B's, not the login's (23503, the same as for a missing parent).
    QVERIFY2(insert.lastError().nativeErrorCode() == QLatin1String("42501")
                 || insert.lastError().nativeErrorCode() == QLatin1String("23503"),
             qPrintable(insert.lastError().text()));

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
    // From the classification the migrations made, not from a list in the test.
    QSqlQuery none(m_admin);
    QVERIFY(none.exec(
        QStringLiteral("SELECT table_name FROM astralis.table_class WHERE access = 'none' ORDER BY 1")));
    int rows = 0;
    while (none.next()) {
        QTest::newRow(qPrintable(none.value(0).toString())) << none.value(0).toString();
        ++rows;
    }
    QVERIFY(rows >= 5); // the web platform's four credential tables and change_log
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
    QVERIFY2(other.second == QLatin1String("23503") || other.second == QLatin1String("42501")
                 || other.second == QLatin1String("22P02"),
             qPrintable(other.second));
}

void TestTenantIsolation::referencesRevealNoOrganization()
{
    // The caller chooses "orgId": writing B's organization with B's stage and with a stage that
    // does not exist must give the same answer — before, the reference check compared the stage
    // with the written "orgId" and told which organization any stage id belongs to.
    const QString theirStage
        = m_pg->scalar(QStringLiteral("SELECT id FROM \"pipelineStage\" WHERE \"orgId\" = '%1' LIMIT 1")
                           .arg(m_orgB),
                       m_database)
              .toString();
    QVERIFY(!theirStage.isEmpty());
    auto attempt = [&](const QString& org, const QString& stage) {
        QSqlQuery insert(m_staffA);
        insert.prepare(
            QStringLiteral("INSERT INTO \"pipelineItem\" (id, \"orgId\", \"stageId\", title, "
                           "\"updatedAt\") VALUES (gen_random_uuid()::text, :org, :stage, 'probe', now())"));
        insert.bindValue(QStringLiteral(":org"), org);
        insert.bindValue(QStringLiteral(":stage"), stage);
        insert.exec();
        return insert.lastError().nativeErrorCode();
    };
    const QString existing = attempt(m_orgB, theirStage);
    QVERIFY(!existing.isEmpty());
    QCOMPARE(existing, attempt(m_orgB, QStringLiteral("no-such-stage")));
    QCOMPARE(existing, attempt(m_orgA, theirStage));
    QCOMPARE(existing, attempt(m_orgA, QStringLiteral("no-such-stage")));
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
    // The log's counter, shared by every organization, is not readable: its gaps would count
    // the other organizations' writes.
    QVERIFY(!query.exec(QStringLiteral("SELECT seq FROM change_log")));
    QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("42501"));
    // Staff read their organization's changes through the feed function, and their writes
    // still record them.
    const QString feed = QStringLiteral("SELECT count(*) FROM astralis_change_feed(0, '{}', 0, 0, 1000000)");
    const qint64 before = count(m_staffA, feed);
    QVERIFY(before > 0);
    QVERIFY(query.exec(QStringLiteral("UPDATE \"pipelineItem\" SET title = title || ' ' WHERE id = "
                                      "(SELECT id FROM \"pipelineItem\" LIMIT 1)")));
    QCOMPARE(count(m_staffA, feed), before + 1);
    // Exactly this organization's changes: as many as the log holds for it, none of B's.
    QCOMPARE(
        count(m_staffA, feed),
        count(m_admin, QStringLiteral("SELECT count(*) FROM change_log WHERE \"orgId\" = '%1'").arg(m_orgA)));
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
    // The classification, not a name pattern: credentialData is named like nothing secret.
    QSqlQuery query(m_staffA);
    for (const QString& sql : {QStringLiteral("SELECT \"accessToken\" FROM \"CalendarConnection\""),
                               QStringLiteral("SELECT \"refreshToken\" FROM \"CalendarConnection\""),
                               QStringLiteral("SELECT \"credentialData\" FROM \"IntegrationCredential\""),
                               QStringLiteral("SELECT \"confirmationToken\" FROM newsletter_subscribers"),
                               QStringLiteral("SELECT * FROM \"IntegrationCredential\"")}) {
        QVERIFY2(!query.exec(sql), qPrintable(sql));
        QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("42501"));
    }
    QVERIFY(query.exec(QStringLiteral("SELECT provider FROM \"CalendarConnection\"")));
    QVERIFY(query.exec(QStringLiteral("SELECT provider, name FROM \"IntegrationCredential\"")));
}

void TestTenantIsolation::platformOwnedColumnsAreReadOnly()
{
    // Redirecting the platform's hidden token to one's own server, or rewriting a credential.
    QSqlQuery query(m_staffA);
    for (const QString& sql :
         {QStringLiteral("UPDATE \"CalendarConnection\" SET \"serverUrl\" = 'https://evil.example/dav'"),
          QStringLiteral("UPDATE \"IntegrationCredential\" SET \"credentialData\" = 'x'"),
          QStringLiteral("UPDATE \"IntegrationCredential\" SET \"isActive\" = false"),
          QStringLiteral("DELETE FROM \"CalendarConnection\""),
          QStringLiteral("UPDATE newsletter_subscribers SET \"consentGiven\" = true"),
          QStringLiteral("UPDATE \"Automation\" SET \"webhookUrl\" = 'https://evil.example/hook'"),
          QStringLiteral("UPDATE \"pipelineItem\" SET \"createdById\" = \"createdById\""),
          QStringLiteral("UPDATE \"Task\" SET id = id || 'x'")}) {
        QVERIFY2(!query.exec(sql), qPrintable(sql));
        QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("42501"));
    }
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
    // The trails are the database's: a client cannot write an entry in anyone's name.
    for (const char* table : {"AuditLog", "ActivityLog"}) {
        QSqlQuery query(m_staffA);
        QVERIFY(!query.exec(QStringLiteral("INSERT INTO \"%1\" (id, \"orgId\", \"userId\", action) "
                                           "SELECT 'forged', \"orgId\", id, 'x' FROM users LIMIT 1")
                                .arg(QLatin1String(table))));
        QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("42501"));
    }
}

void TestTenantIsolation::everyStaffWriteIsAudited()
{
    const QString me = m_pg->scalar(QStringLiteral("SELECT \"userId\" FROM staff_login WHERE login = '%1'")
                                        .arg(Seeder::demoLogin() + m_suffix),
                                    m_database)
                           .toString();
    // A plain UPDATE, as any SQL client would send it, with a misleading application name.
    QSqlQuery query(m_staffA);
    QVERIFY(query.exec(QStringLiteral("SET application_name = 'someone-else'")));
    const QString company
        = m_pg->scalar(
                  QStringLiteral("SELECT id FROM \"Company\" WHERE \"orgId\" = '%1' LIMIT 1").arg(m_orgA),
                  m_database)
              .toString();
    QVERIFY(query.exec(QStringLiteral("UPDATE \"Company\" SET notes = 'audited %1' WHERE id = '%2'")
                           .arg(QString::number(QDateTime::currentMSecsSinceEpoch()), company)));
    QCOMPARE(query.numRowsAffected(), 1);
    const QString entry
        = m_pg->scalar(
                  QStringLiteral("SELECT \"userId\" || '|' || action || '|' || \"entityType\" || '|' || "
                                 "(changes ? 'notes')::text || '|' || coalesce(\"ipAddress\", '') FROM "
                                 "\"AuditLog\" WHERE \"entityId\" = '%1' ORDER BY \"createdAt\" DESC LIMIT 1")
                      .arg(company),
                  m_database)
              .toString();
    QCOMPARE(entry.section(QLatin1Char('|'), 0, 3), me + QStringLiteral("|Company.updated|Company|true"));
    QVERIFY2(entry.section(QLatin1Char('|'), 4).startsWith(QLatin1String("127.0.0.1")), qPrintable(entry));
    // A secret column's value never reaches the trail: subscribers' tokens stay out of it.
    QVERIFY(query.exec(QStringLiteral("UPDATE newsletter_subscribers SET name = 'Renamed' WHERE id = "
                                      "(SELECT id FROM newsletter_subscribers LIMIT 1)")));
    QCOMPARE(m_pg->scalar(QStringLiteral("SELECT count(*) FROM \"AuditLog\" WHERE \"entityType\" = "
                                         "'newsletter_subscribers' AND (changes::text LIKE '%Token%' OR "
                                         "changes::text LIKE '%token%')"),
                          m_database)
                 .toInt(),
             0);
    QVERIFY(query.exec(QStringLiteral("RESET application_name")));
}

void TestTenantIsolation::versionsAreTheDatabases()
{
    const QString item
        = m_pg->scalar(QStringLiteral("SELECT id FROM \"pipelineItem\" WHERE \"orgId\" = '%1' LIMIT 1")
                           .arg(m_orgA),
                       m_database)
              .toString();
    const int before
        = m_pg->scalar(QStringLiteral("SELECT version FROM \"pipelineItem\" WHERE id = '%1'").arg(item),
                       m_database)
              .toInt();
    // Writing a version of one's choosing would defeat everyone's optimistic checks.
    QSqlQuery query(m_staffA);
    QVERIFY(query.exec(
        QStringLiteral("UPDATE \"pipelineItem\" SET title = title, version = 1 WHERE id = '%1'").arg(item)));
    QCOMPARE(m_pg->scalar(QStringLiteral("SELECT version FROM \"pipelineItem\" WHERE id = '%1'").arg(item),
                          m_database)
                 .toInt(),
             before + 1);
    // Nor by stepping into the group role: the guards know the session's login, not the role.
    const int audited
        = m_pg->scalar(
                  QStringLiteral("SELECT count(*) FROM \"AuditLog\" WHERE \"entityId\" = '%1'").arg(item),
                  m_database)
              .toInt();
    QVERIFY(query.exec(QStringLiteral("SET ROLE astralis_staff")));
    QVERIFY(query.exec(
        QStringLiteral("UPDATE \"pipelineItem\" SET title = title || '.', version = 1 WHERE id = '%1'")
            .arg(item)));
    QCOMPARE(query.numRowsAffected(), 1);
    QVERIFY(query.exec(QStringLiteral("RESET ROLE")));
    QCOMPARE(m_pg->scalar(QStringLiteral("SELECT version FROM \"pipelineItem\" WHERE id = '%1'").arg(item),
                          m_database)
                 .toInt(),
             before + 2);
    QCOMPARE(
        m_pg->scalar(QStringLiteral("SELECT count(*) FROM \"AuditLog\" WHERE \"entityId\" = '%1'").arg(item),
                     m_database)
            .toInt(),
        audited + 1);
}

void TestTenantIsolation::statusFlowIsEnforcedByTheDatabase()
{
    const QString task = m_pg->scalar(QStringLiteral("SELECT id FROM \"Task\" WHERE \"orgId\" = '%1' AND "
                                                     "status = 'NEW' LIMIT 1")
                                          .arg(m_orgA),
                                      m_database)
                             .toString();
    QVERIFY(!task.isEmpty());
    QSqlQuery query(m_staffA);
    // New → Done skips the work: refused with the transition named, whatever client sent it.
    QVERIFY(!query.exec(QStringLiteral("UPDATE \"Task\" SET status = 'DONE' WHERE id = '%1'").arg(task)));
    QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("P0001"));
    QVERIFY2(query.lastError().databaseText().contains(QStringLiteral("NEW → DONE")),
             qPrintable(query.lastError().databaseText()));
    QVERIFY(
        query.exec(QStringLiteral("UPDATE \"Task\" SET status = 'IN_PROGRESS' WHERE id = '%1'").arg(task)));
    QCOMPARE(query.numRowsAffected(), 1);
}

void TestTenantIsolation::decisionLogsOutliveTheirTask()
{
    const QString task
        = m_pg->scalar(QStringLiteral("SELECT \"taskId\" FROM \"DecisionLog\" WHERE \"orgId\" = '%1' LIMIT 1")
                           .arg(m_orgA),
                       m_database)
              .toString();
    QVERIFY2(!task.isEmpty(), "the demo seed has decision logs");
    const int logs
        = m_pg->scalar(
                  QStringLiteral("SELECT count(*) FROM \"DecisionLog\" WHERE \"taskId\" = '%1'").arg(task),
                  m_database)
              .toInt();
    QSqlQuery query(m_staffA);
    QVERIFY(!query.exec(QStringLiteral("DELETE FROM \"Task\" WHERE id = '%1'").arg(task)));
    QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("23503"));
    QVERIFY2(query.lastError().databaseText().contains(QLatin1String("DecisionLog")),
             qPrintable(query.lastError().databaseText()));
    QCOMPARE(
        m_pg->scalar(QStringLiteral("SELECT count(*) FROM \"DecisionLog\" WHERE \"taskId\" = '%1'").arg(task),
                     m_database)
            .toInt(),
        logs);
}

void TestTenantIsolation::profileEditsOwnRowOnly()
{
    QSqlQuery query(m_staffA);
    QVERIFY(
        query.exec(QStringLiteral("UPDATE users SET name = 'Impostor', image = 'https://evil.example/x.png' "
                                  "WHERE email <> 'demo@northwind.example'")));
    QCOMPARE(query.numRowsAffected(), 0);
    QVERIFY(
        query.exec(QStringLiteral("UPDATE users SET name = name WHERE email = 'demo@northwind.example'")));
    QCOMPARE(query.numRowsAffected(), 1);
}

void TestTenantIsolation::mutationIdsAreScopedByOrganization()
{
    // The same mutation id in both organizations: neither blocks nor reveals the other.
    const QString id = QStringLiteral("shared-mutation-id");
    QVERIFY(
        m_pg->exec(QStringLiteral("INSERT INTO client_mutation (id, \"orgId\", \"entityType\", \"entityId\", "
                                  "\"resultVersion\") VALUES ('%1', '%2', 'pipelineItem', 'x', 1)")
                       .arg(id, m_orgB),
                   nullptr, m_database));
    QSqlQuery query(m_staffA);
    QVERIFY2(
        query.exec(QStringLiteral("INSERT INTO client_mutation (id, \"orgId\", \"entityType\", \"entityId\", "
                                  "\"resultVersion\") VALUES ('%1', '%2', 'pipelineItem', 'y', 1)")
                       .arg(id, m_orgA)),
        qPrintable(query.lastError().text()));
}

void TestTenantIsolation::loginLosesAccessWhenUserNoLongerQualifies_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("undo");
    QTest::newRow("deleted") << QStringLiteral("\"deletedAt\" = now()")
                             << QStringLiteral("\"deletedAt\" = NULL");
    QTest::newRow("moved to another organization")
        << QStringLiteral("\"orgId\" = 'OTHER_ORG'") << QStringLiteral("\"orgId\" = 'OWN_ORG'");
    QTest::newRow("demoted to a customer")
        << QStringLiteral("role = 'CLIENT'") << QStringLiteral("role = 'ADMIN'");
}

void TestTenantIsolation::loginLosesAccessWhenUserNoLongerQualifies()
{
    QFETCH(QString, change);
    QFETCH(QString, undo);
    // A login of its own, so the other tests' session is not affected.
    const PgCluster::Workspace w
        = m_pg->createWorkspace(QStringLiteral("deprov"), QStringLiteral("Deprov"), kPassword);
    QVERIFY2(w.error.isEmpty(), qPrintable(w.error));
    QSqlDatabase staff = m_pg->connect(QStringLiteral("deprov"), w.database, w.login, kPassword, true);
    QVERIFY(staff.isOpen());
    const QString probe = QStringLiteral("SELECT count(*) FROM organization");
    QCOMPARE(count(staff, probe), 1);
    const QString user
        = m_pg->scalar(QStringLiteral("SELECT \"userId\" FROM staff_login WHERE login = '%1'").arg(w.login),
                       w.database)
              .toString();
    // The web platform's change; nobody runs `staff disable`. The same session, next statement.
    const QString other
        = m_pg->scalar(QStringLiteral("INSERT INTO organization (id, name, slug, \"updatedAt\") "
                                      "VALUES ('deprov-other', 'Other', 'deprov-other', now()) "
                                      "ON CONFLICT DO NOTHING RETURNING id"),
                       w.database)
              .toString();
    Q_UNUSED(other);
    change.replace(QLatin1String("OTHER_ORG"), QLatin1String("deprov-other"));
    undo.replace(QLatin1String("OWN_ORG"), w.organizationId);
    QVERIFY(m_pg->exec(QStringLiteral("UPDATE users SET %1 WHERE id = '%2'").arg(change, user), nullptr,
                       w.database));
    QCOMPARE(count(staff, probe), 0);
    QCOMPARE(count(staff, QStringLiteral("SELECT count(*) FROM users")), 0);
    QSqlQuery write(staff);
    QVERIFY(!write.exec(QStringLiteral("INSERT INTO pipeline (id, \"orgId\", key, name, type, \"updatedAt\") "
                                       "VALUES ('p-deprov', '%1', 'k', 'n', 'SALES', now())")
                            .arg(w.organizationId)));
    QCOMPARE(write.lastError().nativeErrorCode(), QStringLiteral("42501"));
    // Reinstated by the platform: access is back, again without any action in the console.
    QVERIFY(m_pg->exec(QStringLiteral("UPDATE users SET %1 WHERE id = '%2'").arg(undo, user), nullptr,
                       w.database));
    QCOMPARE(count(staff, probe), 1);
    write = QSqlQuery();
    staff = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("deprov"));
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
