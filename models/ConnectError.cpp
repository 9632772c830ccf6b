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

ConnectErrorCode classify(const QString& message)
{
    // Quoted names (users, databases, hosts, files) are blanked first, so a login called
    // "tls_only" or a database called "ssl_certs" cannot steer the classification.
    static const QRegularExpression quoted(QStringLiteral("\"[^\"]*\""));
    const QString m = QString(message).replace(quoted, QStringLiteral("\"\"")).toLower();
    auto has = [&m](const char* needle) { return m.contains(QLatin1String(needle)); };

    if (m.isEmpty())
        return ConnectErrorCode::Unknown;
    if (has("driver not loaded") || has("qpsql"))
        return ConnectErrorCode::DriverMissing;
    if (has("no password supplied"))
        return ConnectErrorCode::PasswordRequired;
    if (has("password authentication failed") || has("authentication failed for user")
        || has("role \"\" does not exist"))
        return ConnectErrorCode::AuthenticationFailed;
    if (has("pg_hba.conf") || has("not permitted to log in"))
        return ConnectErrorCode::AccessRejected;
    if (has("database \"\" does not exist"))
        return ConnectErrorCode::DatabaseMissing;
    // TLS before "unreachable": a failed handshake also reports the connection as failed.
    if (has("ssl") || has("certificate") || has("tls") || has("channel binding"))
        return ConnectErrorCode::TlsFailed;
    if (has("could not translate host name") || has("name or service not known")
        || has("temporary failure in name resolution"))
        return ConnectErrorCode::HostUnknown;
    if (has("timeout expired") || has("timed out"))
        return ConnectErrorCode::Timeout;
    if (has("connection refused") || has("no route to host") || has("network is unreachable")
        || has("no such file or directory") || has("could not connect") || has("host is down"))
        return ConnectErrorCode::HostUnreachable;
    if (has("too many clients") || has("connection slots are reserved") || has("starting up")
        || has("shutting down") || has("in recovery mode"))
        return ConnectErrorCode::ServerBusy;
    return ConnectErrorCode::Unknown;
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
        if (error.detail.contains(QLatin1String("channel binding"), Qt::CaseInsensitive)) {
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
