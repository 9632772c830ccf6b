#include "SecurityAudit.h"

#include <QSqlError>
#include <QSqlQuery>

namespace SecurityAudit {

namespace {

// Does astralis_staff hold each table privilege? (directly or through PUBLIC)
const char kTables[] = R"(
SELECT c.relname,
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

// Secret-looking columns staff can touch, anywhere in the schema.
const char kSecretColumns[] = R"(
SELECT c.relname, a.attname
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
  AND a.attname ~* '(token|secret|password)'
  AND (has_column_privilege('astralis_staff', c.oid, a.attnum, 'SELECT')
       OR has_column_privilege('astralis_staff', c.oid, a.attnum, 'UPDATE')))";

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

const QHash<QString, Classification>& nonTenantTables()
{
    static const QHash<QString, Classification> tables = {
        {QStringLiteral("organization"),
         {Access::OwnRow,
          QStringLiteral("the tenant root itself: staff read their own organization's row only")}},
        {QStringLiteral("staff_login"),
         {Access::OwnRow,
          QStringLiteral("maps PostgreSQL logins to users; each login reads its own row, which "
                         "row-level security on every tenant table is built on")}},
        {QStringLiteral("_prisma_migrations"),
         {Access::ReadOnly,
          QStringLiteral("schema version history, no tenant data: the console reads it to tell "
                         "whether the database is behind or ahead")}},
        {QStringLiteral("TaskTemplate"),
         {Access::ReadOnly,
          QStringLiteral("platform-wide catalog of task templates shared by every organization")}},
        {QStringLiteral("AutomationTemplate"),
         {Access::ReadOnly,
          QStringLiteral("platform-wide catalog of automation templates shared by every "
                         "organization")}},
        {QStringLiteral("Account"),
         {Access::None,
          QStringLiteral("the web platform's OAuth tokens (NextAuth): secrets the console never needs")}},
        {QStringLiteral("Session"),
         {Access::None,
          QStringLiteral("the web platform's browser sessions: a session token is a credential")}},
        {QStringLiteral("VerificationToken"),
         {Access::None,
          QStringLiteral("e-mail sign-in tokens of the web platform: credentials, no org column")}},
        {QStringLiteral("password_reset_tokens"),
         {Access::None, QStringLiteral("password reset tokens of the web platform: credentials")}},
    };
    return tables;
}

const QStringList& reviewedDefinerFunctions()
{
    // Empty on purpose: every function staff call runs with their own rights.
    static const QStringList functions;
    return functions;
}

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
        const bool hasOrg = tables.value(1).toBool();
        const bool rls = tables.value(2).toBool();
        const bool forced = tables.value(3).toBool();
        const bool staffPolicy = tables.value(4).toBool();
        const bool canRead = tables.value(5).toBool();
        const bool canWrite = tables.value(6).toBool();
        const bool policiesComplete = tables.value(7).toBool();
        const bool policyFiltersByOrg = tables.value(8).toBool();
        const bool extraPermissivePolicy = tables.value(9).toBool();

        // Classified tables first: staff_login has an "orgId" but its own, stricter policy.
        const bool classified = nonTenantTables().contains(name);
        if (!classified && hasOrg) {
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
                report.problems << QStringLiteral(
                                       "table \"%1\" has another permissive policy for staff besides "
                                       "tenant_isolation (policies are OR-ed)")
                                       .arg(name);
            if (!policyFiltersByOrg)
                report.problems << QStringLiteral(
                                       "table \"%1\": the tenant_isolation policy does not filter by the "
                                       "login's organization")
                                       .arg(name);
            continue;
        }
        ++report.otherTables;
        const auto it = nonTenantTables().constFind(name);
        if (it == nonTenantTables().constEnd()) {
            report.problems << QStringLiteral(
                                   "table \"%1\" has no \"orgId\" and is not classified: add it to "
                                   "SecurityAudit::nonTenantTables() with a reason, or give it an orgId")
                                   .arg(name);
            continue;
        }
        switch (it->access) {
        case Access::None:
            if (canRead || canWrite)
                report.problems << QStringLiteral("table \"%1\" must not be granted to astralis_staff (%2)")
                                       .arg(name, it->reason);
            break;
        case Access::ReadOnly:
            if (canWrite)
                report.problems
                    << QStringLiteral("table \"%1\" must be read-only for astralis_staff").arg(name);
            break;
        case Access::OwnRow:
            if (canWrite)
                report.problems
                    << QStringLiteral("table \"%1\" must be read-only for astralis_staff").arg(name);
            if (!rls || !forced || !staffPolicy)
                report.problems << QStringLiteral(
                                       "table \"%1\" needs forced row-level security with a staff policy")
                                       .arg(name);
            break;
        }
    }

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

    QSqlQuery secrets(db);
    if (secrets.exec(QLatin1String(kSecretColumns))) {
        while (secrets.next())
            report.problems << QStringLiteral("staff can read or change the secret column %1.\"%2\"")
                                   .arg(secrets.value(0).toString(), secrets.value(1).toString());
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

} // namespace SecurityAudit
