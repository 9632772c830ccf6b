#include "ConnectError.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace {

// Gives lupdate and the translator one context for this file's strings.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ConnectError)
};

QString serverOf(const ConnectionSettings& s)
{
    return s.isUnixSocket() ? s.host : s.host + QLatin1Char(':') + QString::number(s.port);
}

// Quoted names (users, databases, hosts, files) are blanked first, so a login called
// "tls_only" or a database called "ssl_certs" cannot steer the classification. English messages
// quote with "…", German ones with »…«.
QString blankQuotedNames(const QString& message)
{
    static const QRegularExpression quoted(QStringLiteral("\"[^\"]*\"|»[^«]*«"));
    return QString(message).replace(quoted, QStringLiteral("\"\""));
}

// libpq's text, in English and in German (Debian's libpq5 and glibc catalogues, PostgreSQL
// 12–17). The connector pins libpq's own messages to English; German is here for where that
// pin is not available, and for the server's words when no SQLSTATE could be read. First match
// wins: the server's rejections before the client's own failures, so a German server message
// with "SSL" in it is not taken for a TLS failure.
ConnectErrorCode classifyText(const QString& message)
{
    const QString m = blankQuotedNames(message).toLower();
    auto has = [&m](const char* needle) { return m.contains(QString::fromUtf8(needle)); };

    if (m.isEmpty())
        return ConnectErrorCode::Unknown;
    if (has("driver not loaded") || has("qpsql"))
        return ConnectErrorCode::DriverMissing;
    // fe_sendauth: libpq does not translate this one.
    if (has("no password supplied"))
        return ConnectErrorCode::PasswordRequired;
    // An explicit "reject" line in pg_hba.conf: "authentication failed for user …: host rejected".
    if (has("host rejected") || has("host abgelehnt"))
        return ConnectErrorCode::AccessRejected;
    if (has("password authentication failed") || has("authentication failed for user")
        || has("role \"\" does not exist") || has("authentifizierung für benutzer \"\" fehlgeschlagen")
        || has("rolle \"\" existiert nicht"))
        return ConnectErrorCode::AuthenticationFailed;
    if (has("pg_hba.conf") || has("not permitted to log in") || has("keine berechtigung zum einloggen")
        || has("permission denied for database") || has("keine berechtigung für datenbank"))
        return ConnectErrorCode::AccessRejected;
    if (has("database \"\" does not exist") || has("datenbank \"\" existiert nicht"))
        return ConnectErrorCode::DatabaseMissing;
    if (has("too many clients") || has("too many connections") || has("connection slots are reserved")
        || has("starting up") || has("shutting down") || has("in recovery mode")
        || has("database system is not yet accepting") || has("database system is not accepting")
        || has("zu viele verbindungen") || has("verbleibenden verbindungen sind für")
        || has("datenbanksystem startet") || has("datenbanksystem fährt herunter")
        || has("wiederherstellungsmodus") || has("datenbanksystem nimmt"))
        return ConnectErrorCode::ServerBusy;
    // TLS before "unreachable": a failed handshake also reports the connection as failed.
    if (has("ssl") || has("certificate") || has("tls") || has("channel binding") || has("zertifikat")
        || has("channel-binding"))
        return ConnectErrorCode::TlsFailed;
    if (has("could not translate host name") || has("name or service not known")
        || has("temporary failure in name resolution") || has("no address associated with hostname")
        || has("konnte hostnamen") || has("der name oder der dienst ist nicht bekannt")
        || has("temporärer fehler bei der namensauflösung")
        || has("zu diesem hostnamen gehört keine adresse"))
        return ConnectErrorCode::HostUnknown;
    if (has("timeout expired") || has("timed out") || has("timeout abgelaufen")
        || has("wartezeit für die verbindung ist abgelaufen"))
        return ConnectErrorCode::Timeout;
    if (has("connection refused") || has("no route to host") || has("network is unreachable")
        || has("no such file or directory") || has("could not connect") || has("host is down")
        || has("verbindungsaufbau abgelehnt") || has("keine route zum zielrechner")
        || has("das netzwerk ist nicht erreichbar") || has("datei oder verzeichnis nicht gefunden")
        || has("der rechner ist nicht aktiv"))
        return ConnectErrorCode::HostUnreachable;
    return ConnectErrorCode::Unknown;
}

// The SQLSTATE of a server's rejection; the same in every server language.
ConnectErrorCode fromSqlState(const QString& state, const QString& message)
{
    if (state == QLatin1String("28P01")) // invalid_password
        return ConnectErrorCode::AuthenticationFailed;
    if (state.startsWith(QLatin1String("28"))) {
        // 28000 invalid_authorization_specification: pg_hba.conf refusals and NOLOGIN roles, but
        // also unknown roles (trust, peer) and failed LDAP, PAM, RADIUS or certificate logins.
        // The server's words tell them apart where we know its language.
        return classifyText(message) == ConnectErrorCode::AuthenticationFailed
            ? ConnectErrorCode::AuthenticationFailed
            : ConnectErrorCode::AccessRejected;
    }
    if (state == QLatin1String("3D000")) // invalid_catalog_name
        return ConnectErrorCode::DatabaseMissing;
    if (state == QLatin1String("42501")) // insufficient_privilege: no CONNECT on the database
        return ConnectErrorCode::AccessRejected;
    // 53300 too_many_connections (server, role or database limit) and the rest of class 53
    // (out of memory, disk full); 57P01/57P02 shutting down, 57P03 cannot_connect_now (starting
    // up, recovering, shutting down).
    if (state.startsWith(QLatin1String("53")) || state == QLatin1String("57P01")
        || state == QLatin1String("57P02") || state == QLatin1String("57P03"))
        return ConnectErrorCode::ServerBusy;
    return ConnectErrorCode::Unknown;
}

} // namespace

bool ConnectError::isPermanent() const
{
    switch (code) {
    case ConnectErrorCode::MalformedUrl:
    case ConnectErrorCode::DriverMissing:
    case ConnectErrorCode::PasswordRequired:
    case ConnectErrorCode::AuthenticationFailed:
    case ConnectErrorCode::AccessRejected:
    case ConnectErrorCode::TlsFailed:
    case ConnectErrorCode::DatabaseMissing:
    case ConnectErrorCode::SchemaMissing:
    case ConnectErrorCode::SchemaBehind:
    case ConnectErrorCode::NotLinked:
        return true;
    default:
        return false;
    }
}

namespace ConnectErrors {

ConnectErrorCode classify(const QString& message, const QStringList& sqlStates)
{
    // Several states when libpq tried twice (sslmode=prefer: with TLS, then without); the most
    // specific one wins, in the order classifyText() checks them.
    static const ConnectErrorCode kPreference[] = {
        ConnectErrorCode::AuthenticationFailed,
        ConnectErrorCode::AccessRejected,
        ConnectErrorCode::DatabaseMissing,
        ConnectErrorCode::ServerBusy,
    };
    QList<ConnectErrorCode> codes;
    for (const QString& state : sqlStates)
        codes << fromSqlState(state, message);
    for (ConnectErrorCode code : kPreference) {
        if (codes.contains(code))
            return code;
    }
    return classifyText(message);
}

bool carriesServerError(const QString& message)
{
    return blankQuotedNames(message).contains(QLatin1String(":  "));
}

QStringList sqlStatesOf(const QString& verboseMessage)
{
    // pqBuildErrorMessage3(): "%s:  " (severity), then with PQERRORS_VERBOSE "%s: " (SQLSTATE).
    static const QRegularExpression sqlState(QStringLiteral(":  ([0-9A-Z]{5}): "));
    QStringList states;
    auto it = sqlState.globalMatch(blankQuotedNames(verboseMessage));
    while (it.hasNext())
        states << it.next().captured(1);
    return states;
}

QString title(ConnectErrorCode code)
{
    switch (code) {
    case ConnectErrorCode::None:
        return {};
    case ConnectErrorCode::MalformedUrl:
        return Text::tr("Invalid database URL");
    case ConnectErrorCode::DriverMissing:
        return Text::tr("PostgreSQL driver missing");
    case ConnectErrorCode::PasswordRequired:
        return Text::tr("Password required");
    case ConnectErrorCode::AuthenticationFailed:
        return Text::tr("Wrong user name or password");
    case ConnectErrorCode::AccessRejected:
        return Text::tr("Server does not accept this login");
    case ConnectErrorCode::HostUnknown:
        return Text::tr("Unknown server name");
    case ConnectErrorCode::HostUnreachable:
        return Text::tr("Server unreachable");
    case ConnectErrorCode::Timeout:
        return Text::tr("Connection timed out");
    case ConnectErrorCode::TlsFailed:
        return Text::tr("Secure connection (TLS) failed");
    case ConnectErrorCode::DatabaseMissing:
        return Text::tr("Database not found");
    case ConnectErrorCode::ServerBusy:
        return Text::tr("Server busy");
    case ConnectErrorCode::SchemaMissing:
        return Text::tr("Not an Astralis database");
    case ConnectErrorCode::SchemaBehind:
        return Text::tr("Database needs an update");
    case ConnectErrorCode::NotLinked:
        return Text::tr("Login not linked");
    case ConnectErrorCode::Unknown:
        break;
    }
    return Text::tr("Connection failed");
}

QString describe(const ConnectError& error, const ConnectionSettings& s)
{
    QString advice;
    switch (error.code) {
    case ConnectErrorCode::None:
        return {};
    case ConnectErrorCode::MalformedUrl:
        return error.detail; // the parser's message already says what to change
    case ConnectErrorCode::DriverMissing:
        advice = Text::tr("The Qt PostgreSQL driver is not installed. Install the package libqt6sql6-psql "
                          "(or reinstall Astralis Console) and start the console again.");
        break;
    case ConnectErrorCode::PasswordRequired:
        advice = Text::tr("The server at %1 needs a password for \"%2\". Enter it and connect again.")
                     .arg(serverOf(s), s.user);
        break;
    case ConnectErrorCode::AuthenticationFailed:
        advice = Text::tr("The server at %1 refused the user name \"%2\" or its password. Check both; if "
                          "you have forgotten the password, ask your administrator to reset it.")
                     .arg(serverOf(s), s.user);
        break;
    case ConnectErrorCode::AccessRejected:
        advice = Text::tr("The server at %1 does not allow \"%2\" to connect from this computer (or without "
                          "TLS). Try sslmode=require, or ask your administrator to allow your login.")
                     .arg(serverOf(s), s.user);
        break;
    case ConnectErrorCode::HostUnknown:
        advice = Text::tr("The name \"%1\" could not be found. Check the spelling of the host, or connect "
                          "to your company VPN if the server is internal.")
                     .arg(s.host);
        break;
    case ConnectErrorCode::HostUnreachable:
        advice = Text::tr("Nothing answered at %1. Check the host and port, your network or VPN, and "
                          "whether the database server is running.")
                     .arg(serverOf(s));
        break;
    case ConnectErrorCode::Timeout:
        advice = Text::tr("%1 did not answer within %2 seconds. The network may be slow or a firewall may "
                          "be dropping the connection; try again or raise connect_timeout in the URL.")
                     .arg(serverOf(s), QString::number(s.connectTimeoutSeconds));
        break;
    case ConnectErrorCode::TlsFailed:
        if (error.detail.contains(QLatin1String("channel binding"), Qt::CaseInsensitive)
            || error.detail.contains(QLatin1String("channel-binding"), Qt::CaseInsensitive)) {
            advice
                = Text::tr("The server at %1 did not prove over this connection that it holds the password "
                           "verifier (channel binding). Something between you and the server may be "
                           "relaying the connection; or the server stores the password as MD5, which cannot "
                           "be bound: ask your administrator to set it again with SCRAM. channel_binding="
                           "prefer in the URL turns the check off.")
                      .arg(serverOf(s));
            break;
        }
        advice = Text::tr("The encrypted connection to %1 could not be set up (sslmode=%2). Check the "
                          "sslmode and the root certificate file (sslrootcert; without one the system's "
                          "certificate authorities are used); for verify-full the host name must match the "
                          "server's certificate. A server with a certificate of its own CA needs "
                          "sslrootcert=/path/to/ca.crt.")
                     .arg(serverOf(s), sslModeName(s.sslMode));
        break;
    case ConnectErrorCode::DatabaseMissing:
        advice = Text::tr("The server at %1 has no database named \"%2\". Check the database name at the "
                          "end of the URL.")
                     .arg(serverOf(s), s.database);
        break;
    case ConnectErrorCode::ServerBusy:
        advice = Text::tr("The server at %1 cannot take a connection right now (busy, starting or "
                          "shutting down). The console will keep trying.")
                     .arg(serverOf(s));
        break;
    case ConnectErrorCode::SchemaMissing:
        advice
            = Text::tr("The database \"%1\" has no Astralis schema. Check that the URL names the platform's "
                       "database, or ask your administrator to run 'astralis-cli db deploy'.")
                  .arg(s.database);
        break;
    case ConnectErrorCode::SchemaBehind:
        advice
            = Text::tr("The database \"%1\" is older than this console (migrations not yet applied: %2). Ask "
                       "your administrator to run 'astralis-cli db deploy'.")
                  .arg(s.database, error.detail);
        return advice;
    case ConnectErrorCode::NotLinked:
        return Text::tr(
                   "This login is not linked to an Astralis user. The PostgreSQL login \"%1\" works, but no "
                   "staff member is linked to it (or it was disabled). Ask your administrator to run "
                   "'astralis-cli staff add --email YOUR-EMAIL --login %1'.")
            .arg(s.user);
    case ConnectErrorCode::Unknown:
        advice = Text::tr("Connecting to %1 failed.").arg(serverOf(s));
        break;
    }
    if (!error.detail.isEmpty())
        advice += QLatin1Char('\n') + Text::tr("Server said: %1").arg(error.detail);
    return advice;
}

int exitCode(ConnectErrorCode code)
{
    switch (code) {
    case ConnectErrorCode::None:
        return 0;
    case ConnectErrorCode::MalformedUrl:
        return 3;
    case ConnectErrorCode::PasswordRequired:
    case ConnectErrorCode::AuthenticationFailed:
    case ConnectErrorCode::AccessRejected:
        return 4;
    case ConnectErrorCode::HostUnknown:
    case ConnectErrorCode::HostUnreachable:
    case ConnectErrorCode::Timeout:
    case ConnectErrorCode::ServerBusy:
        return 5;
    case ConnectErrorCode::TlsFailed:
        return 6;
    case ConnectErrorCode::DatabaseMissing:
        return 7;
    case ConnectErrorCode::DriverMissing:
        return 8;
    case ConnectErrorCode::SchemaMissing:
    case ConnectErrorCode::SchemaBehind:
        return 9;
    case ConnectErrorCode::NotLinked:
        return 4;
    case ConnectErrorCode::Unknown:
        break;
    }
    return 1;
}

} // namespace ConnectErrors
