#include "StaffAdmin.h"

#include "DbResult.h"
#include "DirectConnectionSql.h"
#include "LogCategories.h"
#include "LogRedactor.h"
#include "ScramVerifier.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace {

// Role names and passwords cannot be bound parameters in CREATE/ALTER ROLE. The server quotes
// them itself — format()'s %I and %L, from bound parameters — so no value is pasted into SQL by
// this program. The password is sent only as its SCRAM verifier, so no server log can show it.
bool execRoleStatement(QSqlDatabase& db, const QString& pattern, const QVariantList& values, QString* error)
{
    QSqlQuery quote(db);
    QString placeholders;
    for (int i = 0; i < values.size(); ++i)
        placeholders += QStringLiteral(", CAST(? AS text)");
    quote.prepare(QStringLiteral("SELECT format(CAST(? AS text)") + placeholders + QLatin1Char(')'));
    quote.addBindValue(pattern);
    for (const QVariant& value : values)
        quote.addBindValue(value);
    if (!quote.exec() || !quote.next()) {
        *error = DbResult::fromQuery(quote).error;
        return false;
    }
    QSqlQuery run(db);
    if (!run.exec(quote.value(0).toString())) {
        *error = DbResult::fromQuery(run).error;
        return false;
    }
    return true;
}

} // namespace

StaffAdmin::StaffAdmin(const QSqlDatabase& db)
    : m_db(std::make_unique<QSqlDatabase>(db))
{ }

StaffAdmin::StaffAdmin(const DirectConnection& connection)
    : StaffAdmin(sqlDatabase(connection))
{ }

StaffAdmin::~StaffAdmin() = default;

bool StaffAdmin::isValidLogin(const QString& login)
{
    // Lower-case identifiers: no quoting surprises in psql, pg_hba.conf or connection URLs.
    static const QRegularExpression pattern(QStringLiteral("^[a-z_][a-z0-9_.-]{1,62}$"));
    return pattern.match(login).hasMatch() && !login.startsWith(QLatin1String("pg_"))
        && login != QLatin1String("astralis_staff");
}

QString StaffAdmin::generatePassword()
{
    // 24 characters from a 56-symbol alphabet without look-alikes: about 139 bits.
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    QString password;
    auto* random = QRandomGenerator::system();
    for (int i = 0; i < 24; ++i)
        password += QLatin1Char(alphabet[random->bounded(int(sizeof(alphabet) - 1))]);
    return password;
}

StaffAdmin::Result StaffAdmin::add(const QString& email, const QString& login, const QString& givenPassword)
{
    Result result;
    if (!isValidLogin(login)) {
        result.error
            = QStringLiteral("'%1' is not a valid login: use 2-63 lower-case letters, digits, _ . or -, "
                             "starting with a letter or _")
                  .arg(login);
        return result;
    }
    const QString password = givenPassword.isEmpty() ? generatePassword() : givenPassword;
    LogRedactor::addSecret(password);

    QSqlQuery user(*m_db);
    user.prepare(QStringLiteral(
        "SELECT id, \"orgId\", role::text, role::text = ANY (astralis_staff_roles()) FROM users "
        "WHERE lower(email) = lower(:email) AND \"deletedAt\" IS NULL"));
    user.bindValue(QStringLiteral(":email"), email);
    if (!user.exec()) {
        result.error = DbResult::fromQuery(user).error;
        return result;
    }
    if (!user.next()) {
        result.error
            = QStringLiteral("no Astralis user has the e-mail address %1; create the user first").arg(email);
        return result;
    }
    const QString userId = user.value(0).toString();
    const QString orgId = user.value(1).toString();
    if (!user.value(3).toBool()) {
        // The database would show such a login nothing (astralis_current_org()): say why now.
        result.error
            = QStringLiteral("%1 has the role %2, which is not a staff role (%3); change the role in "
                             "the web platform first")
                  .arg(email, user.value(2).toString(),
                       QStringLiteral("ADMIN, PM, OPERATOR, EDITOR, AUTHOR"));
        return result;
    }
    if (orgId.isEmpty()) {
        result.error
            = QStringLiteral("%1 belongs to no organization yet (onboarding not finished); a staff login "
                             "needs one")
                  .arg(email);
        return result;
    }

    // An existing role is reused only when it already is a plain staff login for this same
    // user: never turn an administrator, the web platform's role or another person's login
    // into this one (resetting its password on the way).
    QSqlQuery existing(*m_db);
    existing.prepare(
        QStringLiteral("SELECT r.rolsuper OR r.rolbypassrls OR r.rolcreaterole OR r.rolcreatedb, "
                       "EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                       "        WHERE m.member = r.oid AND g.rolname = 'astralis_staff'), "
                       "(SELECT \"userId\" FROM staff_login WHERE login = r.rolname) "
                       "FROM pg_roles r WHERE r.rolname = :login"));
    existing.bindValue(QStringLiteral(":login"), login);
    if (!existing.exec()) {
        result.error = DbResult::fromQuery(existing).error;
        return result;
    }
    const bool roleExists = existing.next();
    if (roleExists) {
        const QString mappedUser = existing.value(2).toString();
        if (existing.value(0).toBool() || !existing.value(1).toBool()
            || (!mappedUser.isEmpty() && mappedUser != userId)) {
            result.error
                = QStringLiteral("the PostgreSQL role %1 exists and is not a staff login of %2; choose "
                                 "another login name")
                      .arg(login, email);
            return result;
        }
    }

    if (!m_db->transaction()) {
        result.error = m_db->lastError().text();
        return result;
    }
    QSqlQuery query(*m_db);
    const QString roleSql = roleExists
        ? QStringLiteral("ALTER ROLE %I LOGIN PASSWORD %L")
        : QStringLiteral("CREATE ROLE %I LOGIN PASSWORD %L NOSUPERUSER NOCREATEDB "
                         "NOCREATEROLE NOBYPASSRLS IN ROLE astralis_staff");
    QString roleError;
    bool ok = execRoleStatement(*m_db, roleSql, {login, ScramVerifier::make(password)}, &roleError);
    // A console left idle inside a transaction holds back vacuum and keeps its locks: ended
    // after a minute (the change feed no longer waits for it; a login may lower it for itself).
    ok = ok
        && execRoleStatement(*m_db,
                             QStringLiteral("ALTER ROLE %I SET idle_in_transaction_session_timeout = '60s'"),
                             {login}, &roleError);
    if (ok) {
        query.prepare(QStringLiteral(
            "INSERT INTO staff_login (login, \"userId\", \"orgId\", \"createdAt\", \"disabledAt\") "
            "VALUES (:login, :user, :org, now(), NULL) "
            "ON CONFLICT (login) DO UPDATE SET \"orgId\" = excluded.\"orgId\", \"disabledAt\" = NULL"));
        query.bindValue(QStringLiteral(":login"), login);
        query.bindValue(QStringLiteral(":user"), userId);
        query.bindValue(QStringLiteral(":org"), orgId);
        ok = query.exec();
    }
    if (!ok) {
        result.error = roleError.isEmpty() ? DbResult::fromQuery(query).error : roleError;
        m_db->rollback();
        return result;
    }
    if (!m_db->commit()) {
        result.error = m_db->lastError().text();
        return result;
    }
    qCInfo(lcDatabase) << "staff login" << login << "linked to" << email;
    result.ok = true;
    result.password = password;
    return result;
}

StaffAdmin::Result StaffAdmin::disable(const QString& login)
{
    Result result;
    if (!isValidLogin(login)) {
        result.error = QStringLiteral("'%1' is not a staff login").arg(login);
        return result;
    }
    QSqlQuery query(*m_db);
    query.prepare(QStringLiteral("UPDATE staff_login SET \"disabledAt\" = now() WHERE login = :login"));
    query.bindValue(QStringLiteral(":login"), login);
    if (!query.exec()) {
        result.error = DbResult::fromQuery(query).error;
        return result;
    }
    if (query.numRowsAffected() == 0) {
        result.error = QStringLiteral("there is no staff login named %1").arg(login);
        return result;
    }
    if (!execRoleStatement(*m_db, QStringLiteral("ALTER ROLE %I NOLOGIN"), {login}, &result.error))
        return result;
    QSqlQuery kill(*m_db);
    kill.prepare(
        QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :login"));
    kill.bindValue(QStringLiteral(":login"), login);
    kill.exec();
    result.ok = true;
    return result;
}

QList<StaffAdmin::Staff> StaffAdmin::list(QString* error) const
{
    QList<Staff> staff;
    QSqlQuery query(*m_db);
    if (!query.exec(QStringLiteral("SELECT s.login, u.email, coalesce(u.name, ''), o.name, s.\"disabledAt\" "
                                   "IS NOT NULL OR NOT coalesce(r.rolcanlogin, false), "
                                   "s.\"createdAt\" FROM staff_login s JOIN users u ON u.id = s.\"userId\" "
                                   "JOIN organization o ON o.id = s.\"orgId\" "
                                   "LEFT JOIN pg_roles r ON r.rolname = s.login ORDER BY o.name, s.login"))) {
        if (error)
            *error = DbResult::fromQuery(query).error;
        return staff;
    }
    while (query.next()) {
        staff.append({query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
                      query.value(3).toString(), query.value(4).toBool(), query.value(5).toDateTime()});
    }
    return staff;
}
