#include "SecurityAudit.h"

#include "DirectConnectionSql.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace SecurityAudit {

namespace {

// Does astralis_staff hold each table privilege? (directly or through PUBLIC)
const char kTables[] = R"(
SELECT c.relname, (SELECT tc.access FROM astralis.table_class tc WHERE tc.table_name = c.relname),
       EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'orgId' AND NOT a.attisdropped),
       c.relrowsecurity, c.relforcerowsecurity,
       EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid
               AND (p.polroles = '{0}' OR (SELECT oid FROM pg_roles WHERE rolname = 'astralis_staff') = ANY (p.polroles))),
       has_any_column_privilege('astralis_staff', c.oid, 'SELECT'),
       has_any_column_privilege('astralis_staff', c.oid, 'INSERT') OR has_any_column_privilege('astralis_staff', c.oid, 'UPDATE')
           OR has_table_privilege('astralis_staff', c.oid, 'DELETE') OR has_table_privilege('astralis_staff', c.oid, 'TRUNCATE'),
       NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid
               AND ((p.polcmd <> 'a' AND p.polqual IS NULL)
                    OR (p.polcmd IN ('*', 'a', 'w') AND p.polwithcheck IS NULL))),
       -- The staff policy must filter by the login's organization (not "true"), both ways.
       EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'tenant_isolation'
               AND pg_get_expr(p.polqual, p.polrelid) = '("orgId" = ( SELECT astralis_current_org() AS astralis_current_org))'
               AND pg_get_expr(p.polwithcheck, p.polrelid) = '("orgId" = ( SELECT astralis_current_org() AS astralis_current_org))'),
       -- Permissive policies are OR-ed: any other one reaching staff would widen access.
       EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname <> 'tenant_isolation'
               AND p.polpermissive AND (p.polroles = '{0}'
                   OR (SELECT oid FROM pg_roles WHERE rolname = 'astralis_staff') = ANY (p.polroles)))
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
ORDER BY c.relname)";

// Every column of every table in the schemas the console owns, with its classification (if
// any) and what astralis_staff may really do with it. The classification is the migrations'
// astralis.column_class; its absence from the catalog means an unmigrated database.
const char kColumns[] = R"(
SELECT CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END,
       a.attname, tc.access, cc.class,
       has_column_privilege('astralis_staff', c.oid, a.attnum, 'SELECT'),
       has_column_privilege('astralis_staff', c.oid, a.attnum, 'INSERT'),
       has_column_privilege('astralis_staff', c.oid, a.attnum, 'UPDATE'),
       has_table_privilege('astralis_staff', c.oid, 'DELETE') OR has_table_privilege('astralis_staff', c.oid, 'TRUNCATE')
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN astralis.table_class tc ON tc.table_name = c.relname AND n.nspname = 'public'
LEFT JOIN astralis.column_class cc ON cc.table_name = tc.table_name AND cc.column_name = a.attname
WHERE n.nspname IN ('public', 'astralis') AND c.relkind IN ('r', 'p')
ORDER BY 1, a.attnum)";

// Classified columns that no longer exist (a renamed column would otherwise go unnoticed).
const char kStaleClassification[] = R"(
SELECT cc.table_name, cc.column_name FROM astralis.column_class cc
WHERE NOT EXISTS (SELECT 1 FROM pg_attribute a
                  WHERE a.attrelid = to_regclass(format('public.%I', cc.table_name))
                    AND a.attname = cc.column_name AND a.attnum > 0 AND NOT a.attisdropped))";

// The database's own guards on staff writes: audit trail, row version, status flows.
const char kGuards[] = R"(
SELECT c.relname, tc.access,
       EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'orgId' AND NOT a.attisdropped),
       EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'version' AND NOT a.attisdropped),
       EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'astralis_audit' AND g.tgenabled <> 'D'),
       EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'astralis_version' AND g.tgenabled <> 'D'),
       (SELECT count(DISTINCT f.column_name) FROM astralis.status_flow f WHERE f.table_name = c.relname),
       (SELECT count(*) FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'astralis_status_flow' AND g.tgenabled <> 'D')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN astralis.table_class tc ON tc.table_name = c.relname
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
ORDER BY c.relname)";

// Materialized views have no row-level security at all.
const char kMaterializedViews[] = R"(
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind = 'm' AND has_table_privilege('astralis_staff', c.oid, 'SELECT'))";

// Roles a staff login is itself a member of (walking up): any with powers row-level security
// does not bind, or the predefined roles that read or write everything.
const char kStaffEscalations[] = R"(
WITH RECURSIVE staff(oid) AS (
    SELECT m.member FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE g.rolname = 'astralis_staff'
), up(login, oid) AS (
    SELECT s.oid, m.roleid FROM staff s JOIN pg_auth_members m ON m.member = s.oid
    UNION
    SELECT up.login, m.roleid FROM up JOIN pg_auth_members m ON m.member = up.oid
)
SELECT l.rolname, r.rolname FROM up JOIN pg_roles l ON l.oid = up.login JOIN pg_roles r ON r.oid = up.oid
WHERE r.rolsuper OR r.rolbypassrls OR r.rolname IN ('astralis_web', 'pg_read_all_data', 'pg_write_all_data',
      'pg_execute_server_program', 'pg_read_server_files', 'pg_write_server_files'))";

const char kDefinerFunctions[] = R"(
SELECT p.oid::regprocedure::text, coalesce(array_to_string(p.proconfig, ','), '')
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.prosecdef AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND has_function_privilege('astralis_staff', p.oid, 'EXECUTE'))";

const char kViews[] = R"(
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind = 'v'
  AND NOT coalesce(c.reloptions @> ARRAY['security_invoker=true'], false))";

// Members of astralis_staff that could step around row-level security. pg_auth_members, not
// pg_has_role(): a superuser "has" every role without being a member.
const char kStaffRoles[] = R"(
WITH RECURSIVE members(oid) AS (
    SELECT oid FROM pg_roles WHERE rolname = 'astralis_staff'
    UNION
    SELECT m.member FROM pg_auth_members m JOIN members ON m.roleid = members.oid
)
SELECT r.rolname, r.rolsuper, r.rolbypassrls,
       EXISTS (SELECT 1 FROM pg_class c WHERE c.relowner = r.oid),
       r.rolname = 'astralis_staff' AND r.rolcanlogin
FROM pg_roles r JOIN members ON members.oid = r.oid)";

} // namespace

const QStringList& reviewedDefinerFunctions()
{
    // Each runs with the migration owner's rights because it must read what staff may not,
    // and each returns only what belongs to the caller's own organization.
    static const QStringList functions = {
        // staff_login and users: the organization of the signed-in login while its user still
        // qualifies (row-level security of every tenant table is built on it).
        QStringLiteral("astralis_current_org()"),
        // The same check, answering with the user's id (own-profile policy on users).
        QStringLiteral("astralis_current_user()"),
        // The login's own organization's notification channel, derived from a secret.
        QStringLiteral("astralis_feed_channel()"),
        // The login's own organization's change_log rows, without the shared counter.
        QStringLiteral("astralis_change_feed(bigint,bigint[],bigint,integer,integer)"),
    };
    return functions;
}

namespace {

struct Expected
{
    bool select = false;
    bool insert = false;
    bool update = false;
};

// What a column of a given class, in a table of a given access mode, grants astralis_staff.
Expected expectedFor(const QString& access, const QString& columnClass)
{
    Expected e;
    if (columnClass == QLatin1String("secret") || access == QLatin1String("none"))
        return e;
    e.select = true;
    const bool writable = columnClass == QLatin1String("fixed") || columnClass == QLatin1String("staff");
    e.insert = writable && (access == QLatin1String("tenant") || access == QLatin1String("append"));
    e.update = columnClass == QLatin1String("staff")
        && (access == QLatin1String("tenant") || access == QLatin1String("profile"));
    return e;
}

QString verbs(const Expected& e)
{
    QStringList v;
    if (e.select)
        v << QStringLiteral("SELECT");
    if (e.insert)
        v << QStringLiteral("INSERT");
    if (e.update)
        v << QStringLiteral("UPDATE");
    return v.isEmpty() ? QStringLiteral("nothing") : v.join(QLatin1String(", "));
}

void checkColumns(const QSqlDatabase& db, Report& report)
{
    QSqlQuery q(db);
    if (!q.exec(QLatin1String(kColumns))) {
        report.problems << QStringLiteral("cannot read the column classification (astralis.column_class): %1")
                               .arg(q.lastError().text());
        return;
    }
    QSet<QString> unclassifiedTables;
    QSet<QString> deletableReported;
    while (q.next()) {
        const QString table = q.value(0).toString();
        const QString column = q.value(1).toString();
        const QString access = q.value(2).toString();
        const QString columnClass = q.value(3).toString();
        const Expected actual{q.value(4).toBool(), q.value(5).toBool(), q.value(6).toBool()};
        const bool deletable = q.value(7).toBool();

        if (table.startsWith(QLatin1String("astralis."))) {
            // The console's own metadata: staff read the instance id and nothing else.
            const bool allowed = table == QLatin1String("astralis.instance") && column == QLatin1String("id");
            const Expected expected{allowed, false, false};
            if (actual.select != expected.select || actual.insert || actual.update || deletable)
                report.problems << QStringLiteral("staff may %1 %2.\"%3\" (expected: %4)")
                                       .arg(verbs(actual), table, column, verbs(expected));
            continue;
        }
        if (access.isEmpty()) {
            if (!unclassifiedTables.contains(table)) {
                unclassifiedTables.insert(table);
                report.problems
                    << QStringLiteral("table \"%1\" is not classified: add SELECT astralis.classify('%1', …) "
                                      "to a migration, naming every column as secret, platform, fixed or "
                                      "staff")
                           .arg(table);
            }
            continue;
        }
        if (columnClass.isEmpty()) {
            report.problems << QStringLiteral(
                                   "column %1.\"%2\" is not classified (secret, platform, fixed or staff)")
                                   .arg(table, column);
            if (actual.select || actual.insert || actual.update)
                report.problems << QStringLiteral("staff may %1 the unclassified column %2.\"%3\"")
                                       .arg(verbs(actual), table, column);
            continue;
        }
        ++report.columnsByClass[columnClass];
        const Expected expected = expectedFor(access, columnClass);
        if (actual.select != expected.select || actual.insert != expected.insert
            || actual.update != expected.update)
            report.problems << QStringLiteral(
                                   "staff may %1 %2.\"%3\", a %4 column of a %5 table (expected: %6)")
                                   .arg(verbs(actual), table, column, columnClass, access, verbs(expected));
        if (deletable != (access == QLatin1String("tenant")) && !deletableReported.contains(table)) {
            deletableReported.insert(table);
            report.problems << QStringLiteral("staff %1 delete rows of the %2 table \"%3\"")
                                   .arg(deletable ? QStringLiteral("may") : QStringLiteral("may not"), access,
                                        table);
        }
    }

    QSqlQuery stale(db);
    if (stale.exec(QLatin1String(kStaleClassification))) {
        while (stale.next())
            report.problems << QStringLiteral("the classification names %1.\"%2\", which does not exist")
                                   .arg(stale.value(0).toString(), stale.value(1).toString());
    }
}

void checkGuards(const QSqlDatabase& db, Report& report)
{
    QSqlQuery q(db);
    if (!q.exec(QLatin1String(kGuards))) {
        report.problems << QStringLiteral("cannot read the write guards: %1").arg(q.lastError().text());
        return;
    }
    // Trails and bookkeeping are not audited themselves (see astralis_secure()).
    static const QStringList unaudited = {QStringLiteral("client_mutation"),
                                          QStringLiteral("DocumentEmbedding"), QStringLiteral("DecisionLog")};
    while (q.next()) {
        const QString table = q.value(0).toString();
        const QString access = q.value(1).toString();
        const bool writable = access == QLatin1String("tenant") || access == QLatin1String("append")
            || access == QLatin1String("profile");
        if (writable && q.value(2).toBool() && !unaudited.contains(table) && !q.value(4).toBool())
            report.problems << QStringLiteral(
                                   "table \"%1\": staff writes leave no audit trail (trigger astralis_audit)")
                                   .arg(table);
        if (q.value(3).toBool() && !q.value(5).toBool())
            report.problems << QStringLiteral(
                                   "table \"%1\": \"version\" is not kept by the database (trigger "
                                   "astralis_version)")
                                   .arg(table);
        if (q.value(6).toInt() != q.value(7).toInt())
            report.problems << QStringLiteral("table \"%1\": its status flow is not enforced (trigger "
                                              "astralis_status_flow)")
                                   .arg(table);
    }
}

} // namespace

Report run(const QSqlDatabase& db)
{
    Report report;
    QSqlQuery tables(db);
    if (!tables.exec(QLatin1String(kTables))) {
        report.problems << QStringLiteral("cannot read the catalog: %1").arg(tables.lastError().text());
        return report;
    }
    while (tables.next()) {
        const QString name = tables.value(0).toString();
        const QString access = tables.value(1).toString();
        const bool hasOrg = tables.value(2).toBool();
        const bool rls = tables.value(3).toBool();
        const bool forced = tables.value(4).toBool();
        const bool staffPolicy = tables.value(5).toBool();
        const bool policiesComplete = tables.value(8).toBool();
        const bool policyFiltersByOrg = tables.value(9).toBool();
        const bool extraPermissivePolicy = tables.value(10).toBool();

        if (access == QLatin1String("own_row")) {
            // organization and staff_login: their own, stricter, own-row policies.
            ++report.otherTables;
            if (!rls || !forced || !staffPolicy)
                report.problems << QStringLiteral(
                                       "table \"%1\" needs forced row-level security with a staff policy")
                                       .arg(name);
            continue;
        }
        if (!hasOrg) {
            ++report.otherTables; // grants checked column by column below
            continue;
        }
        report.tenantTables << name;
        if (!rls || !forced)
            report.problems << QStringLiteral(
                                   "table \"%1\" holds tenant data but row-level security is not %2")
                                   .arg(name, rls ? QStringLiteral("forced") : QStringLiteral("enabled"));
        if (!staffPolicy)
            report.problems << QStringLiteral(
                                   "table \"%1\" has no row-level security policy for astralis_staff")
                                   .arg(name);
        if (!policiesComplete)
            report.problems
                << QStringLiteral("table \"%1\" has a policy without USING or WITH CHECK").arg(name);
        if (extraPermissivePolicy)
            report.problems << QStringLiteral("table \"%1\" has another permissive policy for staff besides "
                                              "tenant_isolation (policies are OR-ed)")
                                   .arg(name);
        if (!policyFiltersByOrg)
            report.problems << QStringLiteral(
                                   "table \"%1\": the tenant_isolation policy does not filter by the "
                                   "login's organization")
                                   .arg(name);
    }

    checkColumns(db, report);
    checkGuards(db, report);

    QSqlQuery functions(db);
    if (functions.exec(QLatin1String(kDefinerFunctions))) {
        while (functions.next()) {
            const QString signature = functions.value(0).toString();
            if (!reviewedDefinerFunctions().contains(signature))
                report.problems << QStringLiteral(
                                       "SECURITY DEFINER function %1 is executable by staff and not reviewed")
                                       .arg(signature);
            else if (!functions.value(1).toString().contains(QLatin1String("search_path=")))
                report.problems << QStringLiteral("SECURITY DEFINER function %1 has no pinned search_path")
                                       .arg(signature);
        }
    } else {
        report.problems << QStringLiteral("cannot read functions: %1").arg(functions.lastError().text());
    }

    QSqlQuery matviews(db);
    if (matviews.exec(QLatin1String(kMaterializedViews))) {
        while (matviews.next())
            report.problems << QStringLiteral(
                                   "materialized view \"%1\" is readable by staff (no row-level security)")
                                   .arg(matviews.value(0).toString());
    }
    QSqlQuery escalations(db);
    if (escalations.exec(QLatin1String(kStaffEscalations))) {
        while (escalations.next())
            report.problems << QStringLiteral(
                                   "staff login %1 is a member of %2, which row-level security does not bind")
                                   .arg(escalations.value(0).toString(), escalations.value(1).toString());
    }

    QSqlQuery views(db);
    if (views.exec(QLatin1String(kViews))) {
        while (views.next())
            report.problems
                << QStringLiteral("view \"%1\" is not security_invoker").arg(views.value(0).toString());
    }

    QSqlQuery roles(db);
    if (!roles.exec(QLatin1String(kStaffRoles))) {
        report.problems << QStringLiteral("cannot read roles: %1").arg(roles.lastError().text());
        return report;
    }
    bool groupExists = false;
    while (roles.next()) {
        const QString role = roles.value(0).toString();
        groupExists |= role == QLatin1String("astralis_staff");
        if (roles.value(1).toBool())
            report.problems << QStringLiteral("staff role %1 is a superuser").arg(role);
        if (roles.value(2).toBool())
            report.problems << QStringLiteral("staff role %1 has BYPASSRLS").arg(role);
        if (roles.value(3).toBool())
            report.problems << QStringLiteral(
                                   "staff role %1 owns tables (row-level security does not bind owners)")
                                   .arg(role);
        if (roles.value(4).toBool())
            report.problems << QStringLiteral("astralis_staff must be a NOLOGIN group role");
    }
    if (!groupExists)
        report.problems << QStringLiteral("the group role astralis_staff does not exist");
    return report;
}

Report run(const DirectConnection& connection)
{
    return run(sqlDatabase(connection));
}

} // namespace SecurityAudit
