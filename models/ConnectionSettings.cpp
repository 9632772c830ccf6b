#include "ConnectionSettings.h"

#include <QUrl>
#include <QUrlQuery>

namespace {

struct SslModeEntry
{
    SslMode mode;
    const char* name;
};

constexpr SslModeEntry kSslModes[] = {
    {SslMode::Disable, "disable"}, {SslMode::Allow, "allow"},        {SslMode::Prefer, "prefer"},
    {SslMode::Require, "require"}, {SslMode::VerifyCa, "verify-ca"}, {SslMode::VerifyFull, "verify-full"},
};

// libpq conninfo quoting: single quotes, backslash-escaped. QPSQL turns ';' into spaces,
// so the URL parser refuses values that contain one.
QString quoted(const QString& value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

} // namespace

QString sslModeName(SslMode mode)
{
    for (const auto& entry : kSslModes) {
        if (entry.mode == mode)
            return QString::fromLatin1(entry.name);
    }
    return QStringLiteral("prefer");
}

bool sslModeFromName(const QString& name, SslMode* mode)
{
    for (const auto& entry : kSslModes) {
        if (name == QLatin1String(entry.name)) {
            *mode = entry.mode;
            return true;
        }
    }
    return false;
}

QStringList sslModeNames()
{
    QStringList names;
    for (const auto& entry : kSslModes)
        names << QString::fromLatin1(entry.name);
    return names;
}

QString ConnectionSettings::displayName() const
{
    const QString where = isUnixSocket() ? host : host + QLatin1Char(':') + QString::number(port);
    return user + QLatin1Char('@') + where + QLatin1Char('/') + database;
}

QString ConnectionSettings::toUrl(bool includePassword) const
{
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setUserName(user);
    if (includePassword && !password.isEmpty())
        url.setPassword(password);
    QUrlQuery query;
    if (isUnixSocket()) {
        url.setHost(QStringLiteral("localhost"));
        query.addQueryItem(QStringLiteral("host"), host);
    } else {
        url.setHost(host);
    }
    url.setPort(port);
    url.setPath(QLatin1Char('/') + database);
    if (schema != QLatin1String("public"))
        query.addQueryItem(QStringLiteral("schema"), schema);
    if (sslMode != SslMode::Prefer)
        query.addQueryItem(QStringLiteral("sslmode"), sslModeName(sslMode));
    if (!sslRootCert.isEmpty())
        query.addQueryItem(QStringLiteral("sslrootcert"), sslRootCert);
    if (!sslCert.isEmpty())
        query.addQueryItem(QStringLiteral("sslcert"), sslCert);
    if (!sslKey.isEmpty())
        query.addQueryItem(QStringLiteral("sslkey"), sslKey);
    if (connectTimeoutSeconds != 5)
        query.addQueryItem(QStringLiteral("connect_timeout"), QString::number(connectTimeoutSeconds));
    if (connectionLimit > 0)
        query.addQueryItem(QStringLiteral("connection_limit"), QString::number(connectionLimit));
    if (poolTimeoutSeconds != 10)
        query.addQueryItem(QStringLiteral("pool_timeout"), QString::number(poolTimeoutSeconds));
    if (applicationName != QLatin1String("astralis-console"))
        query.addQueryItem(QStringLiteral("application_name"), applicationName);
    if (!query.isEmpty())
        url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

QString ConnectionSettings::libpqOptions() const
{
    QStringList options;
    options << QStringLiteral("sslmode=") + sslModeName(sslMode);
    if (!sslRootCert.isEmpty())
        options << QStringLiteral("sslrootcert=") + quoted(sslRootCert);
    if (!sslCert.isEmpty())
        options << QStringLiteral("sslcert=") + quoted(sslCert);
    if (!sslKey.isEmpty())
        options << QStringLiteral("sslkey=") + quoted(sslKey);
    options << QStringLiteral("connect_timeout=") + QString::number(connectTimeoutSeconds);
    options << QStringLiteral("application_name=") + quoted(applicationName);
    if (!isUnixSocket()) {
        // A silently dropped network (VPN, Wi-Fi) must surface within seconds, not after the
        // kernel's two-hour keepalive default; the heartbeat then takes the console offline.
        options << QStringLiteral("keepalives=1") << QStringLiteral("keepalives_idle=5")
                << QStringLiteral("keepalives_interval=2") << QStringLiteral("keepalives_count=3")
                << QStringLiteral("tcp_user_timeout=10000");
    }
    return options.join(QLatin1Char(';'));
}

QString ConnectionSettings::secretKey() const
{
    return QStringLiteral("postgresql/") + displayName();
}
