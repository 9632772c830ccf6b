#pragma once

#include <QMap>
#include <QStringList>

class DirectConnection;
class QSqlDatabase;

// Reads the live catalog and reports every way a staff login could reach more than the
// migrations' classification allows: a table or column missing from the classification
// (astralis.table_class / astralis.column_class), a column whose grants differ from its class
// (secret: nothing; platform: read; fixed: read and insert; staff: read, insert, update), a
// tenant table without forced row-level security and the staff policy, a staff-writable table
// without its audit trail, a "version" the database does not keep, a status flow it does not
// enforce, a SECURITY DEFINER function staff may call that is not reviewed, a view that is not
// security_invoker, a staff role that is superuser, BYPASSRLS or owns a table.
namespace SecurityAudit {

// SECURITY DEFINER functions astralis_staff may execute (reviewed; search_path pinned).
const QStringList& reviewedDefinerFunctions();

struct Report
{
    QStringList problems;
    QStringList tenantTables;
    int otherTables = 0;
    QMap<QString, int> columnsByClass; // secret, platform, fixed, staff → columns
};

Report run(const QSqlDatabase& db);
Report run(const DirectConnection& connection);

} // namespace SecurityAudit
