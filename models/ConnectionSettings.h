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
    SslMode sslMode = SslMode::Prefer;
    QString sslRootCert; // CA file for verify-ca / verify-full
    QString sslCert; // client certificate (libpq's sslcert)
    QString sslKey; // client key (libpq's sslkey)
    int connectTimeoutSeconds = 5; // libpq connect_timeout; Prisma's connect_timeout
    int connectionLimit = 0; // Prisma's connection_limit; 0 = the console's default
    int poolTimeoutSeconds = 10; // Prisma's pool_timeout: how long a query may wait for a connection
    QString applicationName = QStringLiteral("astralis-console");

    bool isUnixSocket() const { return host.startsWith(QLatin1Char('/')); }
    // "user@host:port/database" — what a person recognises; never contains the password.
    QString displayName() const;
    // The DATABASE_URL form. The password is included only when asked for explicitly.
    QString toUrl(bool includePassword = false) const;
    // Options for QSqlDatabase::setConnectOptions(): TLS, timeouts and keepalives for libpq.
    QString libpqOptions() const;
    // A key that identifies the login across sessions (keychain entry name).
    QString secretKey() const;
};
