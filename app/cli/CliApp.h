#pragma once

#include "ConnectionSettings.h"

#include <QHash>
#include <QSet>
#include <QStringList>

#include <cstdio>
#include <optional>

// astralis-cli's front door: global options, subcommand dispatch, usage, exit codes.
// Exit codes (stable; scripts rely on them; --help and the README list them). 3–9 are the
// connection's, from ConnectErrors::exitCode().
namespace Cli {

enum ExitCode
{
    Ok = 0,
    Failure = 1,
    Usage = 2,
    InvalidUrl = 3,
    LoginRefused = 4, // wrong password, pg_hba, not linked, no longer staff
    Unreachable = 5,
    TlsFailure = 6,
    DatabaseMissing = 7,
    DriverMissing = 8,
    SchemaNotCurrent = 9, // no Astralis schema, or one older than this program
    ChangedMeanwhile = 10, // item edit --expect-version: someone changed the card
    NoSuchItem = 11,
    HeldForAnotherDatabase = 12, // sync: changes kept for another database at this address
};

// Writes to stdout / stderr (UTF-8).
void out(const QString& text);
void err(const QString& text);

// The URL from --database-url, else DATABASE_URL, as Prisma does. Empty when neither is set.
QString databaseUrl(const QString& option);

// The connection to use: the URL from --database-url, else DATABASE_URL; with --password-stdin,
// the password from the first line of stdin. A password inside --database-url is refused,
// because every user of the computer can read the arguments (ps). Warns about a TLS mode that
// an attacker on the network path can defeat. Prints the error and returns the exit code, or 0.
int connectionSettings(const QString& urlOption, ConnectionSettings* settings);

// --password-stdin was given (anywhere on the command line).
bool passwordFromStdin();

// Asks for the password on the terminal without echo. Empty when there is no terminal.
QString promptPassword(const QString& prompt);

int run(const QStringList& arguments);

// A subcommand's arguments: options that take a value, flags, and positional words.
struct Args
{
    QStringList positional;
    QHash<QString, QString> values;
    QSet<QString> flags;
    QString error; // e.g. "unknown argument '--x'"; empty when parsing succeeded

    static Args parse(const QStringList& args, const QStringList& valueOptions,
                      const QStringList& flagOptions);
    bool has(const QString& flag) const { return flags.contains(flag); }
    QString value(const QString& option) const { return values.value(option); }
};

// Takes a command's subcommand off the front of args into sub. When there is none, or it is
// --help/-h, prints usage and returns the exit code to end with (Usage when missing, Ok for help).
std::optional<int> takeSubcommand(QStringList* args, QString* sub, const QString& usage);

// Prints "astralis-cli: MESSAGE" to stderr and returns code.
int fail(int code, const QString& message);

} // namespace Cli
