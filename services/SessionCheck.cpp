#include "SessionCheck.h"

#include "LogCategories.h"
#include "MigrationRunner.h"

#include <QSqlError>
#include <QSqlQuery>

namespace {

// RLS on staff_login shows a login only its own row; organization only its own org.
// astralis_current_org() is NULL when the user no longer qualifies (deleted, moved to another
// organization, not a staff role): the database then shows this login nothing.
const char kIdentity[] = "SELECT coalesce(u.name, u.email), u.email, u.role::text, o.id, o.name, "
                         "astralis_current_org() IS NOT NULL "
                         "FROM staff_login s LEFT JOIN users u ON u.id = s.\"userId\" "
                         "LEFT JOIN organization o ON o.id = s.\"orgId\" "
                         "WHERE s.login = current_user AND s.\"disabledAt\" IS NULL";

} // namespace

SessionCheckResult SessionCheck::run(const QSqlDatabase& db)
{
    SessionCheckResult result;
    // to_regclass needs no privilege: tells "no schema" apart from "may not read it".
    QSqlQuery probe(db);
    if (!probe.exec(QStringLiteral("SELECT to_regclass('\"_prisma_migrations\"') IS NOT NULL, "
                                   "has_any_column_privilege('staff_login', 'SELECT') AND "
                                   "has_any_column_privilege('\"_prisma_migrations\"', 'SELECT')"))
        || !probe.next()) {
        // has_table_privilege fails when staff_login does not exist: an older or foreign schema.
        QSqlQuery exists(db);
        const bool hasHistory
            = exists.exec(QStringLiteral("SELECT to_regclass('\"_prisma_migrations\"') IS NOT NULL"))
            && exists.next() && exists.value(0).toBool();
        result.error = {hasHistory ? ConnectErrorCode::SchemaBehind : ConnectErrorCode::SchemaMissing, {}};
        return result;
    }
    if (!probe.value(0).toBool()) {
        result.error = {ConnectErrorCode::SchemaMissing, {}};
        return result;
    }
    if (!probe.value(1).toBool()) {
        // Not a member of astralis_staff: whoever this is, it is not a staff login.
        result.error = {ConnectErrorCode::NotLinked, {}};
        return result;
    }
    const MigrationRunner::Status status = MigrationRunner(db).status();
    if (!status.ok()) {
        result.error = {ConnectErrorCode::Unknown, status.error};
        return result;
    }
    if (!status.hasMigrationsTable) {
        result.error = {ConnectErrorCode::SchemaMissing, {}};
        return result;
    }
    if (!status.pending.isEmpty()) {
        result.error = {ConnectErrorCode::SchemaBehind, status.pending.join(QStringLiteral(", "))};
        return result;
    }
    // Newer migrations are additive by the platform's rules: work, but say so.
    result.newerMigrations = status.unknown;
    if (!status.unknown.isEmpty())
        qCWarning(lcDatabase) << "database has newer migrations than this console:" << status.unknown;

    QSqlQuery query(db);
    if (!query.exec(QLatin1String(kIdentity))) {
        result.error = {ConnectErrorCode::Unknown, query.lastError().text()};
        return result;
    }
    if (!query.next()) {
        result.error = {ConnectErrorCode::NotLinked, {}};
        return result;
    }
    if (!query.value(5).toBool()) {
        result.error = {ConnectErrorCode::NotLinked,
                        QStringLiteral("the user of this login was deleted, moved to another organization or "
                                       "no longer has a staff role")};
        return result;
    }
    result.userName = query.value(0).toString();
    result.email = query.value(1).toString();
    result.appRole = query.value(2).toString();
    result.organizationId = query.value(3).toString();
    result.organizationName = query.value(4).toString();
    return result;
}

bool SessionCheck::stillConnected(const QSqlDatabase& db)
{
    QSqlQuery ping(db);
    return db.isOpen() && ping.exec(QStringLiteral("SELECT 1")) && ping.next();
}
