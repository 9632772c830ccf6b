#include "ConnectionUrl.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace {

// Gives lupdate and the translator one context for this file's strings.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ConnectionUrl)
};

UrlParseResult failure(const QString& error)
{
    UrlParseResult result;
    result.error = error;
    return result;
}

// Parameters Prisma's engine understands that do not change how libpq connects here.
const QStringList& ignoredPrismaParameters()
{
    static const QStringList names = {QStringLiteral("pgbouncer"), QStringLiteral("statement_cache_size"),
                                      QStringLiteral("socket_timeout"), QStringLiteral("sslaccept")};
    return names;
}

const QStringList& supportedParameters()
{
    static const QStringList names = {QStringLiteral("schema"),          QStringLiteral("host"),
                                      QStringLiteral("sslmode"),         QStringLiteral("sslrootcert"),
                                      QStringLiteral("sslcert"),         QStringLiteral("sslkey"),
                                      QStringLiteral("connect_timeout"), QStringLiteral("connection_limit"),
                                      QStringLiteral("pool_timeout"),    QStringLiteral("application_name"),
                                      QStringLiteral("channel_binding")};
    return names;
}

bool parseCount(const QString& name, const QString& value, int minimum, int* out, QString* error)
{
    bool ok = false;
    const int number = value.toInt(&ok);
    if (!ok || number < minimum) {
        *error = Text::tr("The URL parameter %1=%2 must be a whole number of at least %3.")
                     .arg(name, value, QString::number(minimum));
        return false;
    }
    *out = number;
    return true;
}

} // namespace

namespace ConnectionUrl {

UrlParseResult parse(const QString& input)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return failure(Text::tr("No database URL was given. Expected the form "
                                "postgresql://USER:PASSWORD@HOST:5432/DATABASE."));

    const int schemeEnd = text.indexOf(QLatin1String("://"));
    const QString scheme = schemeEnd > 0 ? text.left(schemeEnd).toLower() : QString();
    if (scheme != QLatin1String("postgresql") && scheme != QLatin1String("postgres")) {
        // Quote the scheme only when it is one; anything else may be a user name and password.
        static const QRegularExpression schemeLike(QStringLiteral("^[a-z][a-z0-9+.-]{0,20}$"));
        if (schemeLike.match(scheme).hasMatch())
            return failure(Text::tr("The database URL must start with postgresql:// (it starts with %1://).")
                               .arg(scheme));
        return failure(Text::tr("The database URL must start with postgresql://, as in "
                                "postgresql://jane@db.example.com:5432/astralis."));
    }

    // The port is the commonest typo; name it before QUrl's generic complaint.
    const QString authority
        = text.mid(schemeEnd + 3).section(QRegularExpression(QStringLiteral("[/?#]")), 0, 0);
    const QString hostPort = authority.section(QLatin1Char('@'), -1);
    const int portSeparator = hostPort.lastIndexOf(QLatin1Char(':'));
    if (portSeparator >= 0 && portSeparator > hostPort.lastIndexOf(QLatin1Char(']'))) {
        const QString port = hostPort.mid(portSeparator + 1);
        bool numeric = false;
        const int number = port.toInt(&numeric);
        if (!port.isEmpty() && (!numeric || number < 1 || number > 65535))
            // Not quoted back: with an unencoded '/' or '#' in the password, this "port" is
            // part of the password.
            return failure(Text::tr("The port in the database URL is not a number between 1 and 65535. If "
                                    "the password contains / # ? or @, percent-encode them (/ as %2F, # as "
                                    "%23, ? as %3F, @ as %40)."));
    }

    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid()) {
        // QUrl's message quotes the whole input after a ';': keep only its first sentence, so a
        // password never reaches the screen.
        return failure(Text::tr("The database URL is not well-formed (%1). Special characters in the user "
                                "name or password must be percent-encoded, for example @ as %40.")
                           .arg(url.errorString().section(QLatin1Char(';'), 0, 0)));
    }

    UrlParseResult result;
    ConnectionSettings& s = result.settings;
    s.user = url.userName(QUrl::FullyDecoded);
    s.password = url.password(QUrl::FullyDecoded);
    s.host = url.host(QUrl::FullyDecoded);
    s.port = url.port(5432);
    s.database = url.path(QUrl::FullyDecoded);
    if (s.database.startsWith(QLatin1Char('/')))
        s.database.remove(0, 1);

    bool sslModeGiven = false;
    const QUrlQuery query(url);
    for (const auto& [rawName, rawValue] : query.queryItems(QUrl::FullyDecoded)) {
        const QString name = rawName.toLower();
        const QString& value = rawValue;
        if (value.contains(QLatin1Char(';')))
            return failure(Text::tr("The URL parameter %1 must not contain a semicolon.").arg(name));
        QString error;
        if (name == QLatin1String("schema")) {
            static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_][A-Za-z0-9_$]{0,62}$"));
            if (!identifier.match(value).hasMatch())
                return failure(
                    Text::tr("The schema \"%1\" is not a valid PostgreSQL schema name.").arg(value));
            s.schema = value;
        } else if (name == QLatin1String("host")) {
            if (!value.startsWith(QLatin1Char('/')))
                return failure(Text::tr("host=%1 must be an absolute socket folder such as "
                                        "/var/run/postgresql; put a host name before the path instead.")
                                   .arg(value));
            s.host = value;
        } else if (name == QLatin1String("sslmode")) {
            if (!sslModeFromName(value.toLower(), &s.sslMode))
                return failure(Text::tr("sslmode=%1 is not one of: %2.")
                                   .arg(value, sslModeNames().join(QLatin1String(", "))));
            sslModeGiven = true;
        } else if (name == QLatin1String("channel_binding")) {
            s.channelBinding = value.toLower();
            if (!ConnectionSettings::channelBindingNames().contains(s.channelBinding))
                return failure(
                    Text::tr("channel_binding=%1 is not one of: %2.")
                        .arg(value, ConnectionSettings::channelBindingNames().join(QLatin1String(", "))));
        } else if (name == QLatin1String("sslrootcert")) {
            s.sslRootCert = value;
        } else if (name == QLatin1String("sslcert")) {
            s.sslCert = value;
        } else if (name == QLatin1String("sslkey")) {
            s.sslKey = value;
        } else if (name == QLatin1String("connect_timeout")) {
            if (!parseCount(name, value, 1, &s.connectTimeoutSeconds, &error))
                return failure(error);
        } else if (name == QLatin1String("connection_limit")) {
            if (!parseCount(name, value, 1, &s.connectionLimit, &error))
                return failure(error);
        } else if (name == QLatin1String("pool_timeout")) {
            if (!parseCount(name, value, 0, &s.poolTimeoutSeconds, &error))
                return failure(error);
        } else if (name == QLatin1String("application_name")) {
            s.applicationName = value;
        } else if (!ignoredPrismaParameters().contains(name)) {
            return failure(Text::tr("The database URL parameter \"%1\" is not supported. Supported: %2.")
                               .arg(name, supportedParameters().join(QLatin1String(", "))));
        }
    }

    if (s.host.isEmpty())
        return failure(Text::tr("The database URL names no server: put a host after the @, or a socket "
                                "folder in ?host=/path."));
    if (s.user.isEmpty())
        return failure(Text::tr("The database URL names no user: put your login before the host, as in "
                                "postgresql://jane@db.example.com/astralis."));
    if (s.database.isEmpty() || s.database.contains(QLatin1Char('/')))
        return failure(Text::tr("The database URL names no database: add it after the host, as in "
                                "postgresql://jane@db.example.com:5432/astralis."));
    // No sslmode: verify-full unless the server is local (see defaultSslMode()). One the URL
    // names is used as it is, prefer and disable included: the person chose it.
    if (!sslModeGiven)
        s.sslMode = s.defaultSslMode();
    if ((s.sslMode == SslMode::VerifyCa || s.sslMode == SslMode::VerifyFull) && s.isUnixSocket())
        return failure(Text::tr("sslmode=%1 needs a TCP connection; a Unix socket is never encrypted. "
                                "Use a host name, or sslmode=disable for the socket.")
                           .arg(sslModeName(s.sslMode)));
    if (s.channelBinding == QLatin1String("require") && (s.sslMode == SslMode::Disable || s.isUnixSocket()))
        return failure(
            Text::tr("channel_binding=require needs an encrypted TCP connection: use sslmode=require "
                     "or verify-full, or leave channel_binding out."));

    result.ok = true;
    return result;
}

QString redacted(const QString& url)
{
    // scheme://user:secret@ → scheme://user:***@ ; also password=… query parameters.
    static const QRegularExpression userInfo(QStringLiteral("(://[^:/@\\s]*:)[^/?#\\s]*@"));
    static const QRegularExpression passwordParam(QStringLiteral("([?&;]password=)[^&\\s]*"),
                                                  QRegularExpression::CaseInsensitiveOption);
    QString out = url;
    out.replace(userInfo, QStringLiteral("\\1***@"));
    out.replace(passwordParam, QStringLiteral("\\1***"));
    return out;
}

bool hasPassword(const QString& url)
{
    static const QRegularExpression passwordParam(QStringLiteral("[?&;]password="),
                                                  QRegularExpression::CaseInsensitiveOption);
    return withoutPassword(url) != url.trimmed() || url.contains(passwordParam);
}

QString withoutPassword(const QString& url, QString* password)
{
    QUrl parsed(url.trimmed(), QUrl::StrictMode);
    if (!parsed.isValid()) {
        // Unparseable, but it may still carry a password: cut whatever sits between the
        // user name's ':' and the last '@' of the authority.
        static const QRegularExpression userInfo(QStringLiteral("^([a-z][a-z0-9+.-]*://[^:/@\\s]*):[^/?#]*@"),
                                                 QRegularExpression::CaseInsensitiveOption);
        QString stripped = url.trimmed();
        stripped.replace(userInfo, QStringLiteral("\\1@"));
        return stripped;
    }
    if (parsed.password().isEmpty())
        return url.trimmed();
    if (password)
        *password = parsed.password(QUrl::FullyDecoded);
    parsed.setPassword(QString());
    return parsed.toString(QUrl::FullyEncoded);
}

} // namespace ConnectionUrl
