#include "StaffCommand.h"

#include "CliApp.h"
#include "CliDatabase.h"
#include "StaffAdmin.h"

#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

#include <unistd.h>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(StaffCommand)
};

// A password piped in on stdin (first line); none when stdin is a terminal or empty.
QString passwordFromStdin()
{
    if (isatty(STDIN_FILENO))
        return {};
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(in.readLine()).trimmed();
}

} // namespace

namespace StaffCommand {

QString usage()
{
    return Text::tr(
        "Usage: astralis-cli staff COMMAND [--database-url URL]\n"
        "\n"
        "  add --email EMAIL --login LOGIN   Create the PostgreSQL login LOGIN for the Astralis user\n"
        "                                    with this e-mail; the password is read from stdin, or\n"
        "                                    generated and shown once\n"
        "  disable --login LOGIN             Stop LOGIN from signing in and end its sessions\n"
        "  list                              List staff logins and their users\n"
        "\n"
        "Run with a privileged connection (CREATEROLE), never from a staff login.\n");
}

int run(const QStringList& args)
{
    QStringList rest = args;
    QString sub;
    if (const std::optional<int> done = Cli::takeSubcommand(&rest, &sub, usage()))
        return *done;
    if (sub != QLatin1String("add") && sub != QLatin1String("disable") && sub != QLatin1String("list"))
        return Cli::fail(Cli::Usage,
                         Text::tr("'staff %1' is not a command. See 'astralis-cli staff --help'.").arg(sub));
    const Cli::Args options = Cli::Args::parse(
        rest, {QStringLiteral("--database-url"), QStringLiteral("--email"), QStringLiteral("--login")}, {});
    if (!options.error.isEmpty())
        return Cli::fail(Cli::Usage, options.error + Text::tr(" See 'astralis-cli staff --help'."));
    if (options.has(QStringLiteral("--help"))) {
        Cli::out(usage());
        return Cli::Ok;
    }
    const QString login = options.value(QStringLiteral("--login"));
    const QString email = options.value(QStringLiteral("--email"));
    if (sub == QLatin1String("add") && (login.isEmpty() || email.isEmpty()))
        return Cli::fail(Cli::Usage, Text::tr("'staff add' needs --email and --login."));
    if (sub == QLatin1String("disable") && login.isEmpty())
        return Cli::fail(Cli::Usage, Text::tr("'staff disable' needs --login."));

    // Refused before any connection: nothing about the server matters for a bad name.
    if (!login.isEmpty() && !StaffAdmin::isValidLogin(login))
        return Cli::fail(Cli::Failure,
                         Text::tr("'%1' is not a valid login: use 2-63 lower-case letters, digits, _ . "
                                  "or -, starting with a letter or _.")
                             .arg(login));
    CliDatabase database;
    if (const int code = database.open(options.value(QStringLiteral("--database-url"))))
        return code;
    StaffAdmin admin(database.connection());

    if (sub == QLatin1String("list")) {
        QString error;
        const auto staff = admin.list(&error);
        if (!error.isEmpty())
            return Cli::fail(Cli::Failure, error);
        for (const auto& s : staff)
            Cli::out(QStringLiteral("%1\t%2\t%3\t%4\n")
                         .arg(s.login, s.email, s.organization,
                              s.disabled ? Text::tr("disabled") : Text::tr("active")));
        return Cli::Ok;
    }
    if (sub == QLatin1String("disable")) {
        const StaffAdmin::Result result = admin.disable(login);
        if (!result.ok)
            return Cli::fail(Cli::Failure, result.error);
        Cli::out(Text::tr("Disabled %1; its sessions were ended.\n").arg(login));
        return Cli::Ok;
    }
    const QString given = passwordFromStdin();
    const StaffAdmin::Result result = admin.add(email, login, given);
    if (!result.ok)
        return Cli::fail(Cli::Failure, result.error);
    Cli::out(Text::tr("Created login %1 for %2.\n").arg(login, email));
    if (given.isEmpty())
        Cli::out(Text::tr("Password (shown once; hand it over safely): %1\n").arg(result.password));
    return Cli::Ok;
}

} // namespace StaffCommand
