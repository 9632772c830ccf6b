#include "ConnectionCommand.h"

#include "CliApp.h"
#include "ConnectionUrl.h"
#include "DatabaseConnector.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

// Gives lupdate and the translator one context for this file's strings.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ConnectionCommand)
};

QString usage()
{
    return Text::tr("Usage: astralis-cli connection check [--database-url URL] [--json]\n"
                    "       astralis-cli connection show  [--database-url URL] [--json]\n"
                    "\n"
                    "  check   Connect and print the login role, database and server version.\n"
                    "  show    Print how the URL is understood, without connecting; the password is hidden.\n"
                    "\n"
                    "Options:\n"
                    "  --database-url URL   postgresql://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=…\n"
                    "                       (default: the DATABASE_URL environment variable)\n"
                    "  --json               Print one JSON object instead of text\n"
                    "  -h, --help           Show this help\n");
}

QJsonObject describe(const ConnectionSettings& s)
{
    return {{QStringLiteral("user"), s.user},
            {QStringLiteral("host"), s.host},
            {QStringLiteral("port"), s.port},
            {QStringLiteral("database"), s.database},
            {QStringLiteral("schema"), s.schema},
            {QStringLiteral("sslmode"), sslModeName(s.sslMode)},
            {QStringLiteral("sslrootcert"), s.sslRootCert},
            {QStringLiteral("connectTimeout"), s.connectTimeoutSeconds},
            {QStringLiteral("connectionLimit"), s.connectionLimit},
            {QStringLiteral("poolTimeout"), s.poolTimeoutSeconds},
            {QStringLiteral("passwordGiven"), !s.password.isEmpty()},
            {QStringLiteral("url"), s.toUrl(false)}};
}

} // namespace

namespace ConnectionCommand {

int run(const QStringList& args)
{
    QStringList rest = args;
    QString sub;
    if (const std::optional<int> done = Cli::takeSubcommand(&rest, &sub, usage()))
        return *done;
    if (sub != QLatin1String("check") && sub != QLatin1String("show"))
        return Cli::fail(Cli::Usage,
                         Text::tr("'connection %1' is not a command; use check or show.").arg(sub));

    const Cli::Args options
        = Cli::Args::parse(rest, {QStringLiteral("--database-url")}, {QStringLiteral("--json")});
    if (!options.error.isEmpty())
        return Cli::fail(Cli::Usage, options.error + Text::tr(" See 'astralis-cli connection --help'."));
    if (options.has(QStringLiteral("--help"))) {
        Cli::out(usage());
        return Cli::Ok;
    }
    if (!options.positional.isEmpty())
        return Cli::fail(Cli::Usage,
                         Text::tr("unexpected argument '%1'. See 'astralis-cli connection --help'.")
                             .arg(options.positional.first()));
    QString url = options.value(QStringLiteral("--database-url"));
    const bool json = options.has(QStringLiteral("--json"));
    url = Cli::databaseUrl(url);
    if (url.isEmpty())
        return Cli::fail(3, Text::tr("no database URL: pass --database-url or set DATABASE_URL."));
    const UrlParseResult parsed = ConnectionUrl::parse(url);
    if (!parsed.ok)
        return Cli::fail(3, parsed.error);

    if (sub == QLatin1String("show")) {
        if (json) {
            Cli::out(
                QString::fromUtf8(QJsonDocument(describe(parsed.settings)).toJson(QJsonDocument::Compact))
                + QLatin1Char('\n'));
        } else {
            const ConnectionSettings& s = parsed.settings;
            Cli::out(Text::tr("user:      %1\nserver:    %2\ndatabase:  %3\nschema:    %4\nsslmode:   %5\n"
                              "password:  %6\n")
                         .arg(s.user,
                              s.isUnixSocket() ? s.host : s.host + QLatin1Char(':') + QString::number(s.port),
                              s.database, s.schema, sslModeName(s.sslMode),
                              s.password.isEmpty() ? Text::tr("(none)") : Text::tr("(given, hidden)")));
        }
        return Cli::Ok;
    }

    const ConnectResult result = DatabaseConnector::open(parsed.settings, QStringLiteral("cli"));
    DatabaseConnector::close(QStringLiteral("cli"));
    if (!result.ok()) {
        return Cli::fail(ConnectErrors::exitCode(result.error.code),
                         ConnectErrors::title(result.error.code) + QStringLiteral(": ")
                             + ConnectErrors::describe(result.error, parsed.settings));
    }
    const SessionInfo& s = result.session;
    if (json) {
        const QJsonObject object{{QStringLiteral("role"), s.role},
                                 {QStringLiteral("database"), s.database},
                                 {QStringLiteral("serverVersion"), s.serverVersion},
                                 {QStringLiteral("server"), s.serverLabel}};
        Cli::out(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
    } else {
        Cli::out(
            Text::tr("Connected to %1 as %2 (PostgreSQL %3).\n").arg(s.database, s.role, s.serverVersion));
    }
    return Cli::Ok;
}

} // namespace ConnectionCommand
