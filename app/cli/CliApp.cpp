#include "CliApp.h"

#include "BoardCommand.h"
#include "ConnectionCommand.h"
#include "ConnectionUrl.h"
#include "DbCommand.h"
#include "LogHandler.h"
#include "StaffCommand.h"
#include "SyncCommand.h"

#include <QCoreApplication>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

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
        "  --password-stdin   Read the database password from the first line of stdin (staff add\n"
        "                     then reads the new login's password from the second line)\n"
        "\n"
        "The database URL comes from --database-url or the DATABASE_URL environment variable:\n"
        "  postgresql://USER@HOST:5432/DATABASE\n"
        "A password is never accepted in --database-url: every user of this computer can read the\n"
        "command line. Put it in DATABASE_URL (postgresql://USER:PASSWORD@HOST/DATABASE), pipe it in\n"
        "with --password-stdin, or leave it out: on a terminal, astralis-cli asks for it.\n"
        "Without sslmode, servers other than localhost are reached with sslmode=verify-full.\n"
        "\n"
        "Exit codes: 0 success, 1 failure, 2 usage error, 3 invalid database URL, 4 login refused,\n"
        "5 server unreachable, 6 TLS failure, 7 database missing, 8 PostgreSQL driver missing,\n"
        "9 no Astralis schema or an older one, 10 the card changed meanwhile (item edit\n"
        "--expect-version), 11 no such card, 12 changes held for another database (sync).\n");
}

// --password-stdin: asked for, and the line once read.
bool g_passwordFromStdin = false;
bool g_stdinRead = false;
QString g_stdinPassword;

// Through stdio, so that whatever reads stdin after this (staff add) gets the next line.
QString stdinLine()
{
    QByteArray line;
    for (int c = std::getc(stdin); c != EOF && c != '\n'; c = std::getc(stdin))
        line.append(char(c));
    if (line.endsWith('\r'))
        line.chop(1);
    return QString::fromUtf8(line);
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

bool passwordFromStdin()
{
    return g_passwordFromStdin;
}

int connectionSettings(const QString& urlOption, ConnectionSettings* settings)
{
    if (!urlOption.isEmpty() && ConnectionUrl::hasPassword(urlOption))
        return fail(Usage,
                    Text::tr("--database-url must not contain a password: every user of this computer can "
                             "read it in the process list (ps). Leave it out and use one of: "
                             "DATABASE_URL in the environment (it may hold the password), "
                             "--password-stdin (the password on the first line of stdin), or the "
                             "prompt (on a terminal, astralis-cli asks for it). In the console, a "
                             "saved connection keeps the password in the system keychain."));
    const QString url = databaseUrl(urlOption);
    if (url.isEmpty())
        return fail(InvalidUrl, Text::tr("no database URL: pass --database-url or set DATABASE_URL."));
    const UrlParseResult parsed = ConnectionUrl::parse(url);
    if (!parsed.ok)
        return fail(InvalidUrl, parsed.error);
    *settings = parsed.settings;
    if (g_passwordFromStdin) {
        if (!g_stdinRead) {
            g_stdinPassword = stdinLine();
            g_stdinRead = true;
        }
        if (g_stdinPassword.isEmpty())
            return fail(Usage, Text::tr("--password-stdin: the first line of stdin holds no password."));
        settings->password = g_stdinPassword;
    }
    if (settings->tlsDowngradePossible())
        err(Text::tr("astralis-cli: warning: with sslmode=%1, someone on the network path to %2 can turn "
                     "encryption off and read the password. Use sslmode=verify-full.\n")
                .arg(sslModeName(settings->sslMode), settings->host));
    return 0;
}

QString promptPassword(const QString& prompt)
{
    const int tty = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (tty < 0)
        return {};
    // Echo off before the prompt shows: whatever is typed after it is never displayed.
    termios saved{};
    const bool terminal = tcgetattr(tty, &saved) == 0;
    if (terminal) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(tty, TCSAFLUSH, &quiet);
    }
    const QByteArray text = prompt.toUtf8();
    QByteArray line;
    if (::write(tty, text.constData(), size_t(text.size())) == text.size()) {
        char c = 0;
        while (::read(tty, &c, 1) == 1 && c != '\n')
            line.append(c);
        // The typed newline was not echoed either.
        [[maybe_unused]] const auto written = ::write(tty, "\n", 1);
    }
    if (terminal)
        tcsetattr(tty, TCSAFLUSH, &saved);
    ::close(tty);
    if (line.endsWith('\r'))
        line.chop(1);
    return QString::fromUtf8(line);
}

int run(const QStringList& arguments)
{
    QStringList args = arguments.mid(1);
    // Anywhere on the line, as scripts tend to put it next to the URL.
    g_passwordFromStdin = args.removeAll(QStringLiteral("--password-stdin")) > 0;
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
