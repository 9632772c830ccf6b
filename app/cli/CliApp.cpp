#include "CliApp.h"

#include "BoardCommand.h"
#include "ConnectionCommand.h"
#include "DbCommand.h"
#include "LogHandler.h"
#include "StaffCommand.h"
#include "SyncCommand.h"

#include <QCoreApplication>

namespace Cli {

namespace {

// Gives lupdate and the translator one context for this file's strings.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

QString usage()
{
    return Text::tr(
        "Usage: astralis-cli [--verbose] COMMAND [ARGS…]\n"
        "\n"
        "Astralis Console's command-line companion.\n"
        "\n"
        "Commands:\n"
        "  connection check   Connect to the database and report who you are signed in as\n"
        "  connection show    Show how a DATABASE_URL is understood (the password is hidden)\n"
        "  db status          Compare the database's migrations with this program's\n"
        "  db deploy          Apply pending migrations\n"
        "  db reset --force   Drop everything and deploy again (local servers only, or --allow-remote)\n"
        "  db seed            Add the default organization, admin user, pipelines and templates\n"
        "  db seed --demo     Add the two demo organizations (--size N pipeline items)\n"
        "  db validate        Check migrations and tenant isolation in the live database\n"
        "  board list|move    The pipeline boards: list pipelines or cards, move a card\n"
        "  item show|edit     Show or change one card (recorded in the activity log)\n"
        "  sync status|push   Changes made offline: list them, send them (also resolve, retry)\n"
        "  staff add|disable|list\n"
        "                     Manage staff logins (needs a privileged connection)\n"
        "  help [COMMAND]     Show help for a command\n"
        "\n"
        "Global options:\n"
        "  -h, --help         Show this help\n"
        "  -V, --version      Show the version\n"
        "  -v, --verbose      Also print the log to stderr\n"
        "\n"
        "The database URL comes from --database-url or the DATABASE_URL environment variable:\n"
        "  postgresql://USER:PASSWORD@HOST:5432/DATABASE?sslmode=require\n"
        "\n"
        "Exit codes: 0 success, 1 failure, 2 usage error, 3 invalid database URL, 4 login refused,\n"
        "5 server unreachable, 6 TLS failure, 7 database missing, 8 PostgreSQL driver missing.\n");
}

} // namespace

void out(const QString& text)
{
    std::fputs(text.toUtf8().constData(), stdout);
    std::fflush(stdout);
}

void err(const QString& text)
{
    std::fputs(text.toUtf8().constData(), stderr);
    std::fflush(stderr);
}

std::optional<int> takeSubcommand(QStringList* args, QString* sub, const QString& usage)
{
    *sub = args->isEmpty() ? QString() : args->takeFirst();
    if (!sub->isEmpty() && *sub != QLatin1String("--help") && *sub != QLatin1String("-h"))
        return std::nullopt;
    out(usage);
    return sub->isEmpty() ? Usage : Ok;
}

int fail(int code, const QString& message)
{
    err(QStringLiteral("astralis-cli: ") + message + QLatin1Char('\n'));
    return code;
}

Args Args::parse(const QStringList& args, const QStringList& valueOptions, const QStringList& flagOptions)
{
    Args parsed;
    for (int i = 0; i < args.size(); ++i) {
        const QString& arg = args.at(i);
        if (!arg.startsWith(QLatin1String("--"))) {
            if (arg == QLatin1String("-h"))
                parsed.flags.insert(QStringLiteral("--help"));
            else
                parsed.positional << arg;
            continue;
        }
        const QString name = arg.section(QLatin1Char('='), 0, 0);
        if (valueOptions.contains(name)) {
            if (arg.contains(QLatin1Char('='))) {
                parsed.values.insert(name, arg.section(QLatin1Char('='), 1));
            } else if (i + 1 < args.size()) {
                parsed.values.insert(name, args.at(++i));
            } else {
                parsed.error = Text::tr("%1 needs a value.").arg(name);
                return parsed;
            }
        } else if (flagOptions.contains(arg) || arg == QLatin1String("--help")) {
            parsed.flags.insert(arg);
        } else {
            parsed.error = Text::tr("unknown argument '%1'.").arg(arg);
            return parsed;
        }
    }
    return parsed;
}

QString databaseUrl(const QString& option)
{
    return option.isEmpty() ? qEnvironmentVariable("DATABASE_URL") : option;
}

int run(const QStringList& arguments)
{
    QStringList args = arguments.mid(1);
    // Global options come before the command.
    while (!args.isEmpty() && args.first().startsWith(QLatin1Char('-'))) {
        const QString option = args.takeFirst();
        if (option == QLatin1String("-h") || option == QLatin1String("--help")) {
            out(usage());
            return Ok;
        }
        if (option == QLatin1String("-V") || option == QLatin1String("--version")) {
            out(QStringLiteral("astralis-cli %1\n").arg(QCoreApplication::applicationVersion()));
            return Ok;
        }
        if (option == QLatin1String("-v") || option == QLatin1String("--verbose")) {
            LogHandler::setStderrLevel(QtDebugMsg);
            continue;
        }
        err(Text::tr("astralis-cli: unknown option %1\nTry 'astralis-cli --help'.\n").arg(option));
        return Usage;
    }
    if (args.isEmpty()) {
        err(usage());
        return Usage;
    }

    const QString command = args.takeFirst();
    if (command == QLatin1String("help")) {
        if (args.isEmpty()) {
            out(usage());
            return Ok;
        }
        const QString topic = args.takeFirst();
        if (topic == QLatin1String("connection"))
            return ConnectionCommand::run({QStringLiteral("--help")});
        if (topic == QLatin1String("db"))
            return DbCommand::run({QStringLiteral("--help")});
        if (topic == QLatin1String("staff"))
            return StaffCommand::run({QStringLiteral("--help")});
        if (topic == QLatin1String("board"))
            return BoardCommand::runBoard({QStringLiteral("--help")});
        if (topic == QLatin1String("item"))
            return BoardCommand::runItem({QStringLiteral("--help")});
        if (topic == QLatin1String("sync"))
            return SyncCommand::run({QStringLiteral("--help")});
        err(Text::tr("astralis-cli: no help for unknown command '%1'\n").arg(topic));
        return Usage;
    }
    if (command == QLatin1String("connection"))
        return ConnectionCommand::run(args);
    if (command == QLatin1String("db"))
        return DbCommand::run(args);
    if (command == QLatin1String("staff"))
        return StaffCommand::run(args);
    if (command == QLatin1String("board"))
        return BoardCommand::runBoard(args);
    if (command == QLatin1String("item"))
        return BoardCommand::runItem(args);
    if (command == QLatin1String("sync"))
        return SyncCommand::run(args);

    err(Text::tr("astralis-cli: '%1' is not a command. See 'astralis-cli --help'.\n").arg(command));
    return Usage;
}

} // namespace Cli
