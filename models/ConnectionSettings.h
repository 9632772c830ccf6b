#pragma once

#include <QString>
#include <QStringList>

// libpq's sslmode values; the console passes them through unchanged.
enum class SslMode
{
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
};

QString sslModeName(SslMode mode);
bool sslModeFromName(const QString& name, SslMode* mode);
QStringList sslModeNames();

// Everything needed to open one PostgreSQL connection, as parsed from a DATABASE_URL.
struct ConnectionSettings
{
    QString user;
    QString password; // never persisted by the console; see SecretStore
    QString host; // host name, IP address, or a Unix socket directory (starts with '/')
    int port = 5432;
    QString database;
    QString schema = QStringLiteral("public");
    // The URL parser fills in defaultSslMode() when the URL names none.
    SslMode sslMode = SslMode::Prefer;
    QString sslRootCert; // CA file for verify-ca / verify-full; empty: see effectiveSslRootCert()
    QString sslCert; // client certificate (libpq's sslcert)
    QString sslKey; // client key (libpq's sslkey)
    int connectTimeoutSeconds = 5; // libpq connect_timeout; Prisma's connect_timeout
    int connectionLimit = 0; // Prisma's connection_limit; 0 = the console's default
    int poolTimeoutSeconds = 10; // Prisma's pool_timeout: how long a query may wait for a connection
    QString applicationName = QStringLiteral("astralis-console");
    // libpq's channel_binding (disable, prefer, require); empty: effectiveChannelBinding() decides.
    QString channelBinding;

    bool isUnixSocket() const { return host.startsWith(QLatin1Char('/')); }
    // A Unix socket or a loopback address (localhost, 127.0.0.0/8, ::1): no network path to
    // attack, so nothing to gain from insisting on TLS.
    bool isLocal() const;
    // Without sslmode in the URL: libpq's prefer for local servers, verify-full for everything
    // else (prefer lets anyone on the path strip TLS and read the password).
    SslMode defaultSslMode() const { return isLocal() ? SslMode::Prefer : SslMode::VerifyFull; }
    // TLS that an attacker on the path can turn off, or none, to a server over the network.
    bool tlsDowngradePossible() const;
    // The CA file libpq gets: sslRootCert; for verify-ca/verify-full without one, libpq's own
    // (PGSSLROOTCERT, ~/.postgresql/root.crt) when present, else the system's CA bundle.
    QString effectiveSslRootCert() const;
    // channel_binding as sent: the URL's; else require when TLS is required and a password is
    // given (SCRAM then also proves the server is the one holding our verifier, so a relay is
    // caught); else empty (libpq's prefer).
    QString effectiveChannelBinding() const;
    // The operating system's bundle of trusted certificate authorities (empty when there is no
    // such file, as on Windows).
    static QString systemCaBundle();
    static QStringList channelBindingNames();
    // "user@host:port/database" — what a person recognises; never contains the password.
    QString displayName() const;
    // The DATABASE_URL form. The password is included only when asked for explicitly; sslmode
    // only when it is not the host's default.
    QString toUrl(bool includePassword = false) const;
    // Options for QSqlDatabase::setConnectOptions(): TLS, timeouts and keepalives for libpq.
    QString libpqOptions() const;
    // A key that identifies the login across sessions (keychain entry name).
    QString secretKey() const;
};
