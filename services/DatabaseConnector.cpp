#include "DatabaseConnector.h"

#include "DbResult.h"
#include "LogCategories.h"
#include "LogRedactor.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace {

const char kDriver[] = "QPSQL";

// UTC like Prisma's sessions: DateTime columns are TIMESTAMP(3) without time zone, and
// now() defaults must not depend on the server's or the user's zone.
// statement_timeout and lock_timeout bound every query, so the database thread can always stop
// (a query waiting on another session's row lock would otherwise never return).
const char kSessionSql[]
    = "SELECT current_user, current_database(), current_setting('server_version'), "
      "pg_backend_pid(), set_config('search_path', :schema, false), "
      "set_config('TimeZone', 'UTC', false), set_config('statement_timeout', '60s', false), "
      "set_config('lock_timeout', '10s', false)";

// What the server says about this connection's encryption (a row for every backend; no privilege
// needed for one's own).
const char kTlsSql[] = "SELECT ssl, version, cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid()";

// Fills in how the connection is protected. Not being able to tell is no reason to refuse the
// connection: the status bar then says nothing about TLS.
void readTls(const QSqlDatabase& db, const ConnectionSettings& s, SessionInfo* session)
{
    session->unixSocket = s.isUnixSocket();
    session->sslMode = sslModeName(s.sslMode);
    session->channelBinding = s.effectiveChannelBinding();
    QSqlQuery query(db);
    if (!query.exec(QLatin1String(kTlsSql)) || !query.next()) {
        qCWarning(lcDatabase) << "could not read the connection's TLS state:" << query.lastError().text();
        return;
    }
    session->tlsKnown = true;
    session->tls = query.value(0).toBool();
    session->tlsVersion = query.value(1).toString();
    session->tlsCipher = query.value(2).toString();
}

// libpq prefixes every line with context ("connection to server at … failed: FATAL:  …");
// keep the server's own words on one line, without secrets.
QString cleanDetail(const QString& text)
{
    QString detail = text.simplified();
    detail.replace(QLatin1String("FATAL: "), QString());
    return LogRedactor::redact(detail.trimmed());
}

} // namespace

namespace DatabaseConnector {

ConnectResult open(const ConnectionSettings& s, const QString& connectionName)
{
    ConnectResult result;
    if (!QSqlDatabase::isDriverAvailable(QLatin1String(kDriver))) {
        result.error = {ConnectErrorCode::DriverMissing, QStringLiteral("QPSQL driver not loaded")};
        return result;
    }
    if (!s.password.isEmpty())
        LogRedactor::addSecret(s.password);

    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QLatin1String(kDriver), connectionName);
        db.setHostName(s.host);
        db.setPort(s.port);
        db.setDatabaseName(s.database);
        db.setUserName(s.user);
        db.setPassword(s.password);
        db.setConnectOptions(s.libpqOptions());

        qCInfo(lcDatabase) << "connecting to" << s.displayName() << "sslmode" << sslModeName(s.sslMode)
                           << "channel_binding" << s.effectiveChannelBinding();
        if (s.tlsDowngradePossible())
            qCWarning(lcDatabase) << "sslmode" << sslModeName(s.sslMode) << "to" << s.host
                                  << "does not protect against an attacker on the network path";
        if (!db.open()) {
            const QSqlError error = db.lastError();
            const QString native = error.databaseText().isEmpty() ? error.text() : error.databaseText();
            result.error = {ConnectErrors::classify(native), cleanDetail(native)};
            qCWarning(lcDatabase) << "connection to" << s.displayName() << "failed:" << result.error.detail;
        } else {
            QSqlQuery query(db);
            query.prepare(QLatin1String(kSessionSql));
            // A schema name is validated as an identifier by the URL parser; quote it for the path.
            query.bindValue(QStringLiteral(":schema"),
                            QString(QLatin1Char('"') + s.schema + QLatin1Char('"')));
            if (query.exec() && query.next()) {
                result.session.role = query.value(0).toString();
                result.session.database = query.value(1).toString();
                result.session.serverVersion = query.value(2).toString();
                result.session.backendPid = query.value(3).toLongLong();
                result.session.serverLabel = s.displayName();
                readTls(db, s, &result.session);
                qCInfo(lcDatabase) << "connected as" << result.session.role << "to" << result.session.database
                                   << "server" << result.session.serverVersion << "TLS"
                                   << (result.session.tls ? result.session.tlsVersion
                                                          : QStringLiteral("off"));
            } else {
                result.error = {ConnectErrorCode::Unknown, DbResult::fromQuery(query).error};
            }
        }
    }
    if (!result.ok())
        close(connectionName);
    return result;
}

void close(const QString& connectionName)
{
    {
        QSqlDatabase db = QSqlDatabase::database(connectionName, false);
        if (db.isValid())
            db.close();
    }
    if (QSqlDatabase::contains(connectionName))
        QSqlDatabase::removeDatabase(connectionName);
}

} // namespace DatabaseConnector
