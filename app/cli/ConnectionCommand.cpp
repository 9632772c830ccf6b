#include "ConnectionCommand.h"

#include "CliApp.h"
#include "CliDatabase.h"

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
    return Text::tr(
        "Usage: astralis-cli connection check [--database-url URL] [--json]\n"
        "       astralis-cli connection show  [--database-url URL] [--json]\n"
        "\n"
        "  check   Connect and print the login role, database, server version and TLS state.\n"
        "  show    Print how the URL is understood, without connecting; the password is hidden.\n"
        "\n"
        "Options:\n"
        "  --database-url URL   postgresql://USER@HOST:PORT/DATABASE?sslmode=… without a password\n"
        "                       (default: the DATABASE_URL environment variable, which may\n"
        "                       hold one; or see astralis-cli --password-stdin)\n"
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
            {QStringLiteral("channelBinding"), s.channelBinding},
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
    const QString urlOption = options.value(QStringLiteral("--database-url"));
    const bool json = options.has(QStringLiteral("--json"));
    if (sub == QLatin1String("show")) {
        ConnectionSettings settings;
        if (const int code = Cli::connectionSettings(urlOption, &settings))
            return code;
        if (json) {
            Cli::out(QString::fromUtf8(QJsonDocument(describe(settings)).toJson(QJsonDocument::Compact))
                     + QLatin1Char('\n'));
        } else {
            const ConnectionSettings& s = settings;
            Cli::out(Text::tr("user:      %1\nserver:    %2\ndatabase:  %3\nschema:    %4\nsslmode:   %5\n"
                              "password:  %6\n")
                         .arg(s.user,
                              s.isUnixSocket() ? s.host : s.host + QLatin1Char(':') + QString::number(s.port),
                              s.database, s.schema, sslModeName(s.sslMode),
                              s.password.isEmpty() ? Text::tr("(none)") : Text::tr("(given, hidden)")));
        }
        return Cli::Ok;
    }

    CliDatabase database;
    if (const int code = database.open(urlOption))
        return code;
    const SessionInfo& s = database.session();
    if (json) {
        const QJsonObject object{{QStringLiteral("role"), s.role},
                                 {QStringLiteral("database"), s.database},
                                 {QStringLiteral("serverVersion"), s.serverVersion},
                                 {QStringLiteral("server"), s.serverLabel},
                                 {QStringLiteral("tls"), s.tls},
                                 {QStringLiteral("tlsVersion"), s.tlsVersion},
                                 {QStringLiteral("tlsCipher"), s.tlsCipher},
                                 {QStringLiteral("sslmode"), s.sslMode},
                                 {QStringLiteral("channelBinding"), s.channelBinding}};
        Cli::out(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
    } else {
        Cli::out(
            Text::tr("Connected to %1 as %2 (PostgreSQL %3).\n").arg(s.database, s.role, s.serverVersion));
        if (s.unixSocket)
            Cli::out(Text::tr("Connection: local socket, not encrypted (it never leaves this computer).\n"));
        else if (!s.tls)
            Cli::out(Text::tr("Connection: NOT encrypted (sslmode=%1).\n").arg(s.sslMode));
        else if (s.channelBinding == QLatin1String("require"))
            Cli::out(Text::tr("Connection: %1, %2, sslmode=%3, channel binding required.\n")
                         .arg(s.tlsVersion, s.tlsCipher, s.sslMode));
        else
            Cli::out(Text::tr("Connection: %1, %2, sslmode=%3.\n").arg(s.tlsVersion, s.tlsCipher, s.sslMode));
    }
    return Cli::Ok;
}

} // namespace ConnectionCommand
