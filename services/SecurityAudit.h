#pragma once

#include <QHash>
#include <QSqlDatabase>
#include <QStringList>

// Reads the live catalog and reports every way a staff login could reach another tenant's
// data: a table with "orgId" without forced row-level security and a staff policy, a
// non-tenant table that is not on the reviewed list or has more grants than its class allows,
// a SECURITY DEFINER function staff may call that is not reviewed, a view that is not
// security_invoker, a staff role that is superuser, BYPASSRLS or owns a table.
namespace SecurityAudit {

enum class Access
{
    None, // not granted to astralis_staff at all
    ReadOnly, // SELECT only
    OwnRow, // SELECT of the login's own row (row-level security)
};

struct Classification
{
    Access access;
    QString reason;
};

// Tables in schema public without an "orgId" column, and why.
const QHash<QString, Classification>& nonTenantTables();
// SECURITY DEFINER functions astralis_staff may execute (reviewed; search_path pinned).
const QStringList& reviewedDefinerFunctions();

struct Report
{
    QStringList problems;
    QStringList tenantTables;
    int otherTables = 0;
};

Report run(const QSqlDatabase& db);

} // namespace SecurityAudit
