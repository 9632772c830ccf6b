#pragma once

#include "ConnectionSettings.h"

#include <QString>
#include <QStringList>

// Why a connection attempt failed, in terms a person can act on. The service layer classifies
// the server's SQLSTATE or libpq's message; the UI and the CLI turn the code into text with
// describe().
enum class ConnectErrorCode
{
    None,
    MalformedUrl,
    DriverMissing, // the QPSQL plugin is not installed
    PasswordRequired, // the server wants a password and none was given
    AuthenticationFailed, // wrong password or unknown role
    AccessRejected, // pg_hba.conf has no entry for this host/user/database
    HostUnknown, // DNS could not resolve the host
    HostUnreachable, // refused, no route, socket missing
    Timeout,
    TlsFailed,
    DatabaseMissing,
    ServerBusy, // too many clients, starting up, shutting down
    // Connected, but the console cannot work here:
    SchemaMissing, // no Astralis schema in this database
    SchemaBehind, // migrations pending: the database is older than this console
    NotLinked, // the login is not linked to an Astralis user (or was disabled)
    Unknown,
};

struct ConnectError
{
    ConnectErrorCode code = ConnectErrorCode::None;
    QString detail; // the server's or driver's own words, already free of secrets

    bool isError() const { return code != ConnectErrorCode::None; }
    // Retrying cannot help (wrong password, missing database): stop reconnecting and ask.
    bool isPermanent() const;
};

namespace ConnectErrors {

// Classifies a failed PQconnectdb. A rejection the server sent is classified by its SQLSTATEs
// (sqlStates, see sqlStatesOf()) whenever they are known: the server words it in its own
// lc_messages, which no client setting reaches before the login. Everything else is classified
// by libpq's text: English (the connector pins libpq's messages to English) or German (libpq's
// and glibc's catalogues, for a libpq whose language could not be pinned); PostgreSQL 12–17
// wording.
ConnectErrorCode classify(const QString& libpqMessage, const QStringList& sqlStates = {});

// True when libpq's message carries an error the server sent: libpq renders those as
// "SEVERITY:  text" (two spaces, in every language), its own errors never.
bool carriesServerError(const QString& libpqMessage);

// The SQLSTATEs in a message libpq built with PQERRORS_VERBOSE ("SEVERITY:  28P01: text"), in
// order; one per server that refused (sslmode=prefer tries twice).
QStringList sqlStatesOf(const QString& verboseLibpqMessage);

// A short title ("Wrong password") and a sentence saying what to do, both translated.
QString title(ConnectErrorCode code);
QString describe(const ConnectError& error, const ConnectionSettings& settings);

// Process exit status for astralis-cli, stable for scripts (documented in --help).
int exitCode(ConnectErrorCode code);

} // namespace ConnectErrors
