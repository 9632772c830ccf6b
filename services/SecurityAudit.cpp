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
       has_table_privilege('astralis_staff', c.oid, 'SELECT'),
       has_table_privilege('astralis_staff', c.oid, 'INSERT') OR has_table_privilege('astralis_staff', c.oid, 'UPDATE')
           OR has_table_privilege('astralis_staff', c.oid, 'DELETE') OR has_table_privilege('astralis_staff', c.oid, 'TRUNCATE'),
       NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid
               AND ((p.polcmd <> 'a' AND p.polqual IS NULL)
                    OR (p.polcmd IN ('*', 'a', 'w') AND p.polwithcheck IS NULL)))
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
ORDER BY c.relname)";

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

        // Classified tables first: staff_login has an "orgId" but its own, stricter policy.
        const bool classified = nonTenantTables().contains(name);
        const bool isJoinTable
            = name.startsWith(QLatin1Char('_')) && name != QLatin1String("_prisma_migrations");
        if (!classified && (hasOrg || isJoinTable)) {
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
        case Access::ThroughParent:
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
