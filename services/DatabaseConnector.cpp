#include "DatabaseConnector.h"

#include "DbResult.h"
#include "LogCategories.h"
#include "LogRedactor.h"

#include <QDeadlineTimer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <libpq-fe.h>

#ifndef Q_OS_WIN
#include <cerrno>
#include <locale.h>
#include <poll.h>
#endif

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

#ifndef Q_OS_WIN

// libpq's own messages in English on this thread while it lives.
//
// libpq translates its messages through gettext (LANGUAGE, LC_MESSAGES): on a German desktop
// "Connection refused" arrives as "Verbindungsaufbau abgelehnt", "timeout expired" as "Timeout
// abgelaufen". The client's own failures (DNS, refused, timeout, TLS) carry no SQLSTATE, so
// their words are all there is to classify, and libpq has catalogues for a dozen languages.
// The pin is a locale of this thread only (uselocale) whose LC_MESSAGES is "C": gettext then
// returns the English originals and ignores LANGUAGE, and so do glibc's strerror() and
// gai_strerror(), which libpq quotes. The alternatives change the whole process while other
// threads run: setenv(LANGUAGE)/setlocale() are not thread-safe and PGLOCALEDIR is read once
// per process; PGOPTIONS=-c lc_messages reaches the server only after the login, too late for
// its refusals (those are classified by SQLSTATE instead, see refusalSqlStates()).
class EnglishLibpqMessages
{
public:
    EnglishLibpqMessages()
    {
        const locale_t base = duplocale(uselocale(locale_t(nullptr)));
        if (!base)
            return;
        m_locale = newlocale(LC_MESSAGES_MASK, "C", base);
        if (!m_locale) {
            freelocale(base);
            return;
        }
        m_previous = uselocale(m_locale);
    }
    ~EnglishLibpqMessages()
    {
        if (!m_locale)
            return;
        uselocale(m_previous);
        freelocale(m_locale);
    }
    EnglishLibpqMessages(const EnglishLibpqMessages&) = delete;
    EnglishLibpqMessages& operator=(const EnglishLibpqMessages&) = delete;

private:
    locale_t m_locale = locale_t(nullptr);
    locale_t m_previous = locale_t(nullptr);
};

// Waits until libpq's socket is ready as PQconnectPoll() asked; false on timeout or error.
bool waitForSocket(int socket, bool forReading, const QDeadlineTimer& deadline)
{
    if (socket < 0)
        return false;
    for (;;) {
        const qint64 left = deadline.remainingTime();
        if (left == 0)
            return false;
        pollfd fd{socket, short(forReading ? POLLIN : POLLOUT), 0};
        const int ready = ::poll(&fd, 1, int(left));
        if (ready > 0)
            return true;
        if (ready == 0 || errno != EINTR)
            return false;
    }
}

// The conninfo QPSQL builds from the same settings (QPSQLDriver::open()).
QByteArray conninfoOf(const ConnectionSettings& s)
{
    QString info;
    auto add = [&info](const char* key, const QString& value) {
        QString escaped = value;
        escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
        escaped.replace(QLatin1Char('\''), QLatin1String("\\'"));
        info += QLatin1String(key) + QLatin1String("='") + escaped + QLatin1String("' ");
    };
    if (!s.host.isEmpty())
        add("host", s.host);
    if (!s.database.isEmpty())
        add("dbname", s.database);
    if (!s.user.isEmpty())
        add("user", s.user);
    if (!s.password.isEmpty())
        add("password", s.password);
    add("port", QString::number(s.port));
    info += QString(s.libpqOptions()).replace(QLatin1Char(';'), QLatin1Char(' '));
    return info.toLocal8Bit();
}

// The SQLSTATEs of the server's refusal, for a failed open() whose message carries one.
//
// The server words its refusals in its own lc_messages (a German server: "Passwort-
// Authentifizierung für Benutzer »bob« fehlgeschlagen"), which no client setting reaches before
// the login; the SQLSTATE is the same in every language. QPSQL does not pass it on (a failed
// open() leaves QSqlError::nativeErrorCode() empty and frees its PGconn), and libpq has no call
// for the SQLSTATE of a failed connection; it only prints it in the message with
// PQERRORS_VERBOSE, which must be set before the login runs. So this logs in once more through
// libpq with PQconnectStart(), verbose errors and its own wait. That second attempt happens only
// after the server refused the first: a successful open() and the client's own failures (DNS,
// refused, timeout, TLS) stay a single attempt, and no probe connection is made beforehand,
// which could still hold a slot of a connection-limited role when QPSQL logs in.
QStringList refusalSqlStates(const ConnectionSettings& s)
{
    PGconn* conn = PQconnectStart(conninfoOf(s).constData());
    if (!conn)
        return {};
    PQsetErrorVerbosity(conn, PQERRORS_VERBOSE);
    // libpq's own rule for connect_timeout: at least 2 seconds; 0 would wait forever.
    const int seconds = s.connectTimeoutSeconds > 0 ? std::max(2, s.connectTimeoutSeconds) : 30;
    const QDeadlineTimer deadline(qint64(seconds) * 1000);
    // Before the first PQconnectPoll(), wait as if it had asked for writing (libpq's manual).
    PostgresPollingStatusType polling = PGRES_POLLING_WRITING;
    while (PQstatus(conn) != CONNECTION_BAD && polling != PGRES_POLLING_OK
           && polling != PGRES_POLLING_FAILED) {
        if (!waitForSocket(PQsocket(conn), polling == PGRES_POLLING_READING, deadline))
            break;
        polling = PQconnectPoll(conn);
    }
    QStringList states;
    if (PQstatus(conn) == CONNECTION_BAD)
        states = ConnectErrors::sqlStatesOf(QString::fromUtf8(PQerrorMessage(conn)));
    PQfinish(conn);
    return states;
}

#else

// Windows has no per-thread gettext locale, and no diagnosis here: classify() knows libpq's and
// the server's words in English and German.
class EnglishLibpqMessages
{
public:
    EnglishLibpqMessages() { }
};

QStringList refusalSqlStates(const ConnectionSettings&)
{
    return {};
}

#endif

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
        bool opened = false;
        {
            const EnglishLibpqMessages english;
            opened = db.open();
        }
        if (!opened) {
            const QSqlError error = db.lastError();
            const QString native = error.databaseText().isEmpty() ? error.text() : error.databaseText();
            QStringList sqlStates;
            if (error.nativeErrorCode().size() == 5)
                sqlStates << error.nativeErrorCode(); // should QPSQL ever report it
            else if (ConnectErrors::carriesServerError(native))
                sqlStates = refusalSqlStates(s);
            result.error = {ConnectErrors::classify(native, sqlStates), cleanDetail(native)};
            qCWarning(lcDatabase) << "connection to" << s.displayName() << "failed:" << result.error.detail
                                  << "SQLSTATE" << sqlStates;
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
