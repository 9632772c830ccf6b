#include "ConnectionSettings.h"

#include <QDir>
#include <QFileInfo>
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

bool isVerifying(SslMode mode)
{
    return mode == SslMode::VerifyCa || mode == SslMode::VerifyFull;
}

bool isLoopbackAddress(const QString& host)
{
    const QString h = host.toLower();
    if (h == QLatin1String("localhost") || h == QLatin1String("localhost.") || h == QLatin1String("::1")
        || h == QLatin1String("0:0:0:0:0:0:0:1"))
        return true;
    // 127.0.0.0/8, written as four decimal numbers.
    const QStringList parts = h.split(QLatin1Char('.'));
    if (parts.size() != 4 || parts.first() != QLatin1String("127"))
        return false;
    for (const QString& part : parts) {
        bool ok = false;
        const int value = part.toInt(&ok);
        if (!ok || value < 0 || value > 255)
            return false;
    }
    return true;
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

bool ConnectionSettings::isLocal() const
{
    return isUnixSocket() || isLoopbackAddress(host);
}

bool ConnectionSettings::tlsDowngradePossible() const
{
    return !isLocal()
        && (sslMode == SslMode::Disable || sslMode == SslMode::Allow || sslMode == SslMode::Prefer);
}

QString ConnectionSettings::systemCaBundle()
{
#if defined(Q_OS_WIN)
    return {}; // the system store is no file; libpq then reads %APPDATA%\postgresql\root.crt
#elif defined(Q_OS_MACOS)
    return QStringLiteral("/etc/ssl/cert.pem");
#else
    // Debian/Ubuntu, Fedora/RHEL, openSUSE, Alpine and the BSDs keep it in different places.
    static const QString bundle = [] {
        const QStringList candidates
            = {QStringLiteral("/etc/ssl/certs/ca-certificates.crt"),
               QStringLiteral("/etc/pki/tls/certs/ca-bundle.crt"), QStringLiteral("/etc/ssl/ca-bundle.pem"),
               QStringLiteral("/etc/ssl/cert.pem")};
        for (const QString& candidate : candidates) {
            if (QFileInfo::exists(candidate))
                return candidate;
        }
        return candidates.first(); // missing: libpq says so by name
    }();
    return bundle;
#endif
}

QString ConnectionSettings::effectiveSslRootCert() const
{
    if (!sslRootCert.isEmpty() || !isVerifying(sslMode))
        return sslRootCert;
    // libpq's own choice first, as before: PGSSLROOTCERT, then ~/.postgresql/root.crt.
    if (qEnvironmentVariableIsSet("PGSSLROOTCERT")
        || QFileInfo::exists(QDir::homePath() + QStringLiteral("/.postgresql/root.crt")))
        return {};
    // libpq 15 (Debian 12's) knows no sslrootcert=system (PostgreSQL 16 brought it) and without
    // a file fails verify-full: name the system's CA bundle, so that a server with a certificate
    // from a public CA is checked without any setup.
    return systemCaBundle();
}

QString ConnectionSettings::effectiveChannelBinding() const
{
    if (!channelBinding.isEmpty())
        return channelBinding;
    // Only with TLS that cannot be stripped, and only where SCRAM (a password) is used: with a
    // client certificate or trust there is no SCRAM exchange to bind, and libpq would refuse.
    if ((sslMode == SslMode::Require || isVerifying(sslMode)) && !password.isEmpty())
        return QStringLiteral("require");
    return {};
}

QStringList ConnectionSettings::channelBindingNames()
{
    return {QStringLiteral("disable"), QStringLiteral("prefer"), QStringLiteral("require")};
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
    if (sslMode != defaultSslMode())
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
    if (!channelBinding.isEmpty())
        query.addQueryItem(QStringLiteral("channel_binding"), channelBinding);
    if (!query.isEmpty())
        url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

QString ConnectionSettings::libpqOptions() const
{
    QStringList options;
    options << QStringLiteral("sslmode=") + sslModeName(sslMode);
    const QString rootCert = effectiveSslRootCert();
    if (!rootCert.isEmpty())
        options << QStringLiteral("sslrootcert=") + quoted(rootCert);
    const QString binding = effectiveChannelBinding();
    if (!binding.isEmpty())
        options << QStringLiteral("channel_binding=") + binding;
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
