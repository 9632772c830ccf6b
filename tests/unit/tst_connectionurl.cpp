#include "ConnectionSettings.h"
#include "ConnectionUrl.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

namespace {

// Every field of the settings as one comparable list, so a round-trip failure names the field.
QStringList fieldsOf(const ConnectionSettings& s)
{
    return {QStringLiteral("user=") + s.user,
            QStringLiteral("password=") + s.password,
            QStringLiteral("host=") + s.host,
            QStringLiteral("port=") + QString::number(s.port),
            QStringLiteral("database=") + s.database,
            QStringLiteral("schema=") + s.schema,
            QStringLiteral("sslmode=") + sslModeName(s.sslMode),
            QStringLiteral("sslrootcert=") + s.sslRootCert,
            QStringLiteral("sslcert=") + s.sslCert,
            QStringLiteral("sslkey=") + s.sslKey,
            QStringLiteral("connect_timeout=") + QString::number(s.connectTimeoutSeconds),
            QStringLiteral("connection_limit=") + QString::number(s.connectionLimit),
            QStringLiteral("pool_timeout=") + QString::number(s.poolTimeoutSeconds),
            QStringLiteral("application_name=") + s.applicationName,
            QStringLiteral("channel_binding=") + s.channelBinding};
}

ConnectionSettings parsedOrFail(const QString& url, bool* ok)
{
    const UrlParseResult result = ConnectionUrl::parse(url);
    *ok = result.ok;
    if (!result.ok)
        qWarning("parse(%s) failed: %s", qPrintable(url), qPrintable(result.error));
    return result.settings;
}

} // namespace

class TestConnectionUrl : public QObject
{
    Q_OBJECT

private slots:
    void parsesValidUrl_data();
    void parsesValidUrl();
    void appliesDefaultsWhenParametersAreAbsent();
    void acceptsEverySslMode_data();
    void acceptsEverySslMode();
    void parsesPrismaParameters();
    void ignoresPrismaOnlyParameters_data();
    void ignoresPrismaOnlyParameters();
    void rejectsInvalidUrl_data();
    void rejectsInvalidUrl();
    void errorNeverContainsPassword_data();
    void errorNeverContainsPassword();

    void libpqOptionsCarryTlsAndTimeouts();
    void tlsDefaultsDependOnTheServer_data();
    void tlsDefaultsDependOnTheServer();
    void verifyWithoutRootCertUsesTheSystemStore();
    void libpqOptionsQuoteValues();
    void libpqOptionsKeepalivesOnlyOverTcp_data();
    void libpqOptionsKeepalivesOnlyOverTcp();

    void toUrlOmitsPasswordUnlessAsked_data();
    void toUrlOmitsPasswordUnlessAsked();
    void toUrlRoundTrips_data();
    void toUrlRoundTrips();
    void displayNameAndSecretKey_data();
    void displayNameAndSecretKey();
    void sslModeNamesRoundTrip();

    void redactedMasksPassword_data();
    void redactedMasksPassword();
    void withoutPasswordExtractsPassword_data();
    void withoutPasswordExtractsPassword();
    void withoutPasswordKeepsPasswordlessUrl();
};

void TestConnectionUrl::parsesValidUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("database");
    QTest::addColumn<bool>("unixSocket");

    QTest::newRow("tcp with port") << "postgresql://bob:secret@db.example.com:6543/astralis"
                                   << "bob"
                                   << "secret"
                                   << "db.example.com" << 6543 << "astralis" << false;
    QTest::newRow("default port") << "postgresql://bob:secret@db.example.com/astralis"
                                  << "bob"
                                  << "secret"
                                  << "db.example.com" << 5432 << "astralis" << false;
    QTest::newRow("empty port means default")
        << "postgresql://bob@db.example.com:/astralis"
        << "bob" << QString() << "db.example.com" << 5432 << "astralis" << false;
    QTest::newRow("postgres scheme") << "postgres://bob@db.example.com/astralis"
                                     << "bob" << QString() << "db.example.com" << 5432 << "astralis" << false;
    QTest::newRow("upper-case scheme")
        << "POSTGRESQL://bob@db.example.com/astralis"
        << "bob" << QString() << "db.example.com" << 5432 << "astralis" << false;
    QTest::newRow("ipv4 address") << "postgresql://bob@127.0.0.1:5433/astralis"
                                  << "bob" << QString() << "127.0.0.1" << 5433 << "astralis" << false;
    QTest::newRow("percent-encoded password") << "postgresql://bob:p%40ss@db.example.com/astralis"
                                              << "bob"
                                              << "p@ss"
                                              << "db.example.com" << 5432 << "astralis" << false;
    QTest::newRow("percent-encoded user and password")
        << "postgresql://j%C3%B6rg%40ops:p%40ss%3Aw%2Frd%25@db.example.com/astralis"
        << QStringLiteral("jörg@ops") << "p@ss:w/rd%"
        << "db.example.com" << 5432 << "astralis" << false;
    QTest::newRow("percent-encoded database")
        << "postgresql://bob@db.example.com/astralis%20ops"
        << "bob" << QString() << "db.example.com" << 5432 << "astralis ops" << false;
    QTest::newRow("ipv6 with port") << "postgresql://bob@[::1]:6543/astralis"
                                    << "bob" << QString() << "::1" << 6543 << "astralis" << false;
    QTest::newRow("ipv6 default port") << "postgresql://bob@[::1]/astralis"
                                       << "bob" << QString() << "::1" << 5432 << "astralis" << false;
    QTest::newRow("unix socket") << "postgresql://jane@localhost/astralis?host=/var/run/postgresql"
                                 << "jane" << QString() << "/var/run/postgresql" << 5432 << "astralis"
                                 << true;
    QTest::newRow("unix socket, encoded folder")
        << "postgresql://jane@localhost:5433/astralis?host=%2Ftmp%2Fpg"
        << "jane" << QString() << "/tmp/pg" << 5433 << "astralis" << true;
    QTest::newRow("surrounding whitespace")
        << "  postgresql://bob@db.example.com/astralis\n"
        << "bob" << QString() << "db.example.com" << 5432 << "astralis" << false;
}

void TestConnectionUrl::parsesValidUrl()
{
    QFETCH(QString, url);

    const UrlParseResult result = ConnectionUrl::parse(url);
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(result.error.isEmpty());

    const ConnectionSettings& s = result.settings;
    QTEST(s.user, "user");
    QTEST(s.password, "password");
    QTEST(s.host, "host");
    QTEST(s.port, "port");
    QTEST(s.database, "database");
    QTEST(s.isUnixSocket(), "unixSocket");
}

void TestConnectionUrl::appliesDefaultsWhenParametersAreAbsent()
{
    const UrlParseResult result
        = ConnectionUrl::parse(QStringLiteral("postgresql://bob@db.example.com/astralis"));
    QVERIFY2(result.ok, qPrintable(result.error));

    const ConnectionSettings& s = result.settings;
    QCOMPARE(s.schema, QStringLiteral("public"));
    // A server on the network: TLS with the certificate and host name checked.
    QCOMPARE(sslModeName(s.sslMode), QStringLiteral("verify-full"));
    QVERIFY(s.channelBinding.isEmpty());
    QVERIFY(s.sslRootCert.isEmpty());
    QVERIFY(s.sslCert.isEmpty());
    QVERIFY(s.sslKey.isEmpty());
    QCOMPARE(s.connectTimeoutSeconds, 5);
    QCOMPARE(s.connectionLimit, 0);
    QCOMPARE(s.poolTimeoutSeconds, 10);
    QCOMPARE(s.applicationName, QStringLiteral("astralis-console"));
}

void TestConnectionUrl::acceptsEverySslMode_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<SslMode>("mode");

    QTest::newRow("disable") << "disable" << SslMode::Disable;
    QTest::newRow("allow") << "allow" << SslMode::Allow;
    QTest::newRow("prefer") << "prefer" << SslMode::Prefer;
    QTest::newRow("require") << "require" << SslMode::Require;
    QTest::newRow("verify-ca") << "verify-ca" << SslMode::VerifyCa;
    QTest::newRow("verify-full") << "verify-full" << SslMode::VerifyFull;
    QTest::newRow("upper case") << "REQUIRE" << SslMode::Require;
}

void TestConnectionUrl::acceptsEverySslMode()
{
    QFETCH(QString, value);
    QFETCH(SslMode, mode);

    const QString url = QStringLiteral("postgresql://bob@db.example.com/astralis?sslrootcert=/etc/astralis/"
                                       "root.crt&sslmode=")
        + value;
    const UrlParseResult result = ConnectionUrl::parse(url);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(sslModeName(result.settings.sslMode), sslModeName(mode));
    QCOMPARE(result.settings.sslRootCert, QStringLiteral("/etc/astralis/root.crt"));
    QVERIFY(result.settings.libpqOptions()
                .split(QLatin1Char(';'))
                .contains(QString(QStringLiteral("sslmode=") + sslModeName(mode))));
}

void TestConnectionUrl::parsesPrismaParameters()
{
    const UrlParseResult result = ConnectionUrl::parse(QStringLiteral(
        "postgresql://bob:secret@db.example.com:5433/astralis?schema=ops_v2&sslmode=verify-full"
        "&sslrootcert=/etc/astralis/root%20ca.crt&sslcert=/home/bob/.postgresql/bob.crt"
        "&sslkey=/home/bob/.postgresql/bob.key&connect_timeout=12&connection_limit=7&pool_timeout=0"
        "&application_name=nightly-report"));
    QVERIFY2(result.ok, qPrintable(result.error));

    const ConnectionSettings& s = result.settings;
    QCOMPARE(s.schema, QStringLiteral("ops_v2"));
    QCOMPARE(sslModeName(s.sslMode), QStringLiteral("verify-full"));
    QCOMPARE(s.sslRootCert, QStringLiteral("/etc/astralis/root ca.crt"));
    QCOMPARE(s.sslCert, QStringLiteral("/home/bob/.postgresql/bob.crt"));
    QCOMPARE(s.sslKey, QStringLiteral("/home/bob/.postgresql/bob.key"));
    QCOMPARE(s.connectTimeoutSeconds, 12);
    QCOMPARE(s.connectionLimit, 7);
    QCOMPARE(s.poolTimeoutSeconds, 0);
    QCOMPARE(s.applicationName, QStringLiteral("nightly-report"));
}

void TestConnectionUrl::ignoresPrismaOnlyParameters_data()
{
    QTest::addColumn<QString>("parameters");

    QTest::newRow("pgbouncer") << "pgbouncer=true";
    QTest::newRow("statement_cache_size") << "statement_cache_size=0";
    QTest::newRow("socket_timeout") << "socket_timeout=5";
    QTest::newRow("sslaccept") << "sslaccept=strict";
    QTest::newRow("all of them") << "pgbouncer=true&statement_cache_size=0&socket_timeout=5&sslaccept=strict";
}

void TestConnectionUrl::ignoresPrismaOnlyParameters()
{
    QFETCH(QString, parameters);

    const QString base = QStringLiteral("postgresql://bob:secret@db.example.com/astralis?sslmode=require");
    const UrlParseResult plain = ConnectionUrl::parse(base);
    QVERIFY2(plain.ok, qPrintable(plain.error));

    const UrlParseResult withExtras = ConnectionUrl::parse(QString(base + QLatin1Char('&') + parameters));
    QVERIFY2(withExtras.ok, qPrintable(withExtras.error));
    QCOMPARE(fieldsOf(withExtras.settings), fieldsOf(plain.settings));
}

void TestConnectionUrl::rejectsInvalidUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("mentions"); // the part of the message that names the problem

    QTest::newRow("empty") << QString() << "No database URL";
    QTest::newRow("whitespace only") << "  \t "
                                     << "No database URL";
    QTest::newRow("wrong scheme") << "mysql://bob@db.example.com/astralis"
                                  << "starts with mysql://";
    QTest::newRow("no scheme") << "db.example.com/astralis"
                               << "must start with postgresql://";
    QTest::newRow("non-numeric port") << "postgresql://bob@db.example.com:54x2/astralis"
                                      << "port in the database URL is not a number";
    QTest::newRow("port 0") << "postgresql://bob@db.example.com:0/astralis"
                            << "port in the database URL is not a number";
    QTest::newRow("port 70000") << "postgresql://bob@db.example.com:70000/astralis"
                                << "port in the database URL is not a number";
    QTest::newRow("missing database") << "postgresql://bob@db.example.com:5432"
                                      << "no database";
    QTest::newRow("missing database, trailing slash") << "postgresql://bob@db.example.com:5432/"
                                                      << "no database";
    QTest::newRow("missing user") << "postgresql://db.example.com/astralis"
                                  << "no user";
    QTest::newRow("missing host") << "postgresql://bob@/astralis"
                                  << "no server";
    QTest::newRow("bad sslmode") << "postgresql://bob@db.example.com/astralis?sslmode=on"
                                 << "sslmode=on is not one of";
    QTest::newRow("unknown parameter") << "postgresql://bob@db.example.com/astralis?sslcompression=1"
                                       << "\"sslcompression\" is not supported";
    QTest::newRow("unknown parameter lists channel_binding")
        << "postgresql://bob@db.example.com/astralis?gssencmode=disable"
        << "application_name, channel_binding";
    QTest::newRow("non-numeric connect_timeout")
        << "postgresql://bob@db.example.com/astralis?connect_timeout=ten"
        << "connect_timeout=ten";
    QTest::newRow("connection_limit 0") << "postgresql://bob@db.example.com/astralis?connection_limit=0"
                                        << "connection_limit=0";
    QTest::newRow("negative pool_timeout") << "postgresql://bob@db.example.com/astralis?pool_timeout=-1"
                                           << "pool_timeout=-1";
    QTest::newRow("schema with a quote") << "postgresql://bob@db.example.com/astralis?schema=pub%27lic"
                                         << "schema \"pub'lic\"";
    QTest::newRow("schema with a space") << "postgresql://bob@db.example.com/astralis?schema=my%20schema"
                                         << "schema \"my schema\"";
    QTest::newRow("relative socket folder") << "postgresql://jane@localhost/astralis?host=var/run/postgresql"
                                            << "host=var/run/postgresql";
    QTest::newRow("semicolon in a value")
        << "postgresql://bob@db.example.com/astralis?application_name=console;sslmode=disable"
        << "application_name must not contain a semicolon";
    QTest::newRow("encoded semicolon in a value")
        << "postgresql://bob@db.example.com/astralis?sslrootcert=/etc/ca.crt%3Bsslmode%3Ddisable"
        << "sslrootcert must not contain a semicolon";
    QTest::newRow("verify-full over a socket")
        << "postgresql://jane@localhost/astralis?host=/var/run/postgresql&sslmode=verify-full"
        << "sslmode=verify-full needs a TCP connection";
    QTest::newRow("bad channel_binding") << "postgresql://bob@db.example.com/astralis?channel_binding=yes"
                                         << "channel_binding=yes is not one of: disable, prefer, require";
    QTest::newRow("channel_binding=require without TLS")
        << "postgresql://bob@db.example.com/astralis?sslmode=disable&channel_binding=require"
        << "channel_binding=require needs an encrypted TCP connection";
    QTest::newRow("verify-ca over a socket")
        << "postgresql://jane@localhost/astralis?sslmode=verify-ca&host=/var/run/postgresql"
        << "sslmode=verify-ca needs a TCP connection";
    QTest::newRow("unencoded space in password") << "postgresql://bob:hunter 2@db.example.com/astralis"
                                                 << "percent-encoded";
}

void TestConnectionUrl::rejectsInvalidUrl()
{
    QFETCH(QString, url);
    QFETCH(QString, mentions);

    const UrlParseResult result = ConnectionUrl::parse(url);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(mentions), qPrintable(result.error));
}

void TestConnectionUrl::errorNeverContainsPassword_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("password"); // as the person typed it

    QTest::newRow("bad port") << "postgresql://bob:Tr0ub4dor@db.example.com:99999/astralis"
                              << "Tr0ub4dor";
    QTest::newRow("bad sslmode") << "postgresql://bob:Tr0ub4dor@db.example.com/astralis?sslmode=sometimes"
                                 << "Tr0ub4dor";
    QTest::newRow("unknown parameter") << "postgresql://bob:Tr0ub4dor@db.example.com/astralis?foo=bar"
                                       << "Tr0ub4dor";
    QTest::newRow("missing database") << "postgresql://bob:Tr0ub4dor@db.example.com:5432"
                                      << "Tr0ub4dor";
    QTest::newRow("missing host") << "postgresql://bob:Tr0ub4dor@/astralis"
                                  << "Tr0ub4dor";
    QTest::newRow("wrong scheme") << "mysql://bob:Tr0ub4dor@db.example.com/astralis"
                                  << "Tr0ub4dor";
    QTest::newRow("quoted url") << "\"postgresql://bob:Tr0ub4dor@db.example.com/astralis\""
                                << "Tr0ub4dor";
    QTest::newRow("unencoded space in password") << "postgresql://bob:Tr0ub 4dor@db.example.com/astralis"
                                                 << "Tr0ub 4dor";
    QTest::newRow("unencoded @ in password") << "postgresql://bob:Tr0ub@4dor@db.example.com/astralis"
                                             << "Tr0ub@4dor";
    QTest::newRow("unencoded % in password") << "postgresql://bob:Tr0ub%xdor@db.example.com/astralis"
                                             << "Tr0ub%xdor";
    // A '/', '?' or '#' ends the authority, so what precedes it looks like "user:port".
    QTest::newRow("unencoded slash in password") << "postgresql://bob:Tr0ub4dor/x@db.example.com/astralis"
                                                 << "Tr0ub4dor/x";
    QTest::newRow("unencoded ? in password") << "postgresql://bob:Tr0ub4dor?x@db.example.com/astralis"
                                             << "Tr0ub4dor?x";
    QTest::newRow("unencoded hash in password") << "postgresql://bob:Tr0ub4dor#x@db.example.com/astralis"
                                                << "Tr0ub4dor#x";
    // Pasted without the scheme: "user:password@host/db".
    QTest::newRow("scheme missing") << "bob:Tr0ub4dor@db.example.com/astralis"
                                    << "Tr0ub4dor";
}

void TestConnectionUrl::errorNeverContainsPassword()
{
    QFETCH(QString, url);
    QFETCH(QString, password);

    const UrlParseResult result = ConnectionUrl::parse(url);
    QVERIFY(!result.ok);
    QVERIFY(!result.error.isEmpty());
    // Not even a part of it: any four consecutive characters would give most of it away.
    for (int i = 0; i + 4 <= password.size(); ++i) {
        const QString part = password.mid(i, 4);
        QVERIFY2(
            !result.error.contains(part),
            qPrintable(QString(QStringLiteral("\"") + part + QStringLiteral("\" leaked: ") + result.error)));
    }
}

void TestConnectionUrl::libpqOptionsCarryTlsAndTimeouts()
{
    bool ok = false;
    const ConnectionSettings s
        = parsedOrFail(QStringLiteral("postgresql://bob:secret@db.example.com/astralis?sslmode=verify-full"
                                      "&sslrootcert=/etc/astralis/root.crt&connect_timeout=12"),
                       &ok);
    QVERIFY(ok);

    const QString options = s.libpqOptions();
    const QStringList list = options.split(QLatin1Char(';'));
    QVERIFY2(list.contains(QStringLiteral("sslmode=verify-full")), qPrintable(options));
    QVERIFY2(list.contains(QStringLiteral("sslrootcert='/etc/astralis/root.crt'")), qPrintable(options));
    QVERIFY2(list.contains(QStringLiteral("connect_timeout=12")), qPrintable(options));
    QVERIFY2(list.contains(QStringLiteral("application_name='astralis-console'")), qPrintable(options));
    QVERIFY2(!options.contains(QLatin1String("secret")), qPrintable(options));
    QVERIFY2(!options.contains(QLatin1String("password")), qPrintable(options));

    // A password over verified TLS: SCRAM is bound to this TLS connection.
    QVERIFY2(list.contains(QStringLiteral("channel_binding=require")), qPrintable(options));

    // Defaults: the console's 5 s timeout and no empty certificate options.
    const ConnectionSettings defaults
        = parsedOrFail(QStringLiteral("postgresql://bob@db.example.com/astralis"), &ok);
    QVERIFY(ok);
    const QStringList defaultList = defaults.libpqOptions().split(QLatin1Char(';'));
    QVERIFY(defaultList.contains(QStringLiteral("connect_timeout=5")));
    QVERIFY(!defaults.libpqOptions().contains(QLatin1String("sslcert")));
    QVERIFY(!defaults.libpqOptions().contains(QLatin1String("channel_binding"))); // no password, no SCRAM
}

void TestConnectionUrl::tlsDefaultsDependOnTheServer_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("sslmode");
    QTest::addColumn<QString>("channelBinding"); // as sent to libpq; empty: not sent
    QTest::addColumn<bool>("warning"); // tlsDowngradePossible()

    const QString ca = QStringLiteral("&sslrootcert=/etc/astralis/root.crt");
    // Over the network: verify-full, and SCRAM bound to the TLS connection.
    QTest::newRow("host name") << "postgresql://bob:pw@db.example.com/astralis"
                               << "verify-full"
                               << "require" << false;
    QTest::newRow("remote address") << "postgresql://bob:pw@10.0.0.7/astralis"
                                    << "verify-full"
                                    << "require" << false;
    QTest::newRow("remote ipv6") << "postgresql://bob:pw@[2001:db8::1]/astralis"
                                 << "verify-full"
                                 << "require" << false;
    QTest::newRow("looks like loopback") << "postgresql://bob:pw@127.0.0.1.example.com/astralis"
                                         << "verify-full"
                                         << "require" << false;
    QTest::newRow("no password: nothing to bind") << "postgresql://bob@db.example.com/astralis"
                                                  << "verify-full" << QString() << false;
    // Loopback and sockets keep libpq's default.
    QTest::newRow("localhost") << "postgresql://bob:pw@localhost/astralis"
                               << "prefer" << QString() << false;
    QTest::newRow("127.0.0.1") << "postgresql://bob:pw@127.0.0.1:5433/astralis"
                               << "prefer" << QString() << false;
    QTest::newRow("127.1.2.3") << "postgresql://bob:pw@127.1.2.3/astralis"
                               << "prefer" << QString() << false;
    QTest::newRow("::1") << "postgresql://bob:pw@[::1]/astralis"
                         << "prefer" << QString() << false;
    QTest::newRow("socket") << "postgresql://bob:pw@localhost/astralis?host=/var/run/postgresql"
                            << "prefer" << QString() << false;
    // What the URL says wins; weak modes to a remote server are flagged.
    QTest::newRow("explicit prefer") << "postgresql://bob:pw@db.example.com/astralis?sslmode=prefer"
                                     << "prefer" << QString() << true;
    QTest::newRow("explicit disable") << "postgresql://bob:pw@db.example.com/astralis?sslmode=disable"
                                      << "disable" << QString() << true;
    QTest::newRow("explicit allow") << "postgresql://bob:pw@db.example.com/astralis?sslmode=allow"
                                    << "allow" << QString() << true;
    QTest::newRow("explicit require") << "postgresql://bob:pw@db.example.com/astralis?sslmode=require"
                                      << "require"
                                      << "require" << false;
    QTest::newRow("verify-ca") << QString("postgresql://bob:pw@db.example.com/astralis?sslmode=verify-ca"
                                          + ca)
                               << "verify-ca"
                               << "require" << false;
    QTest::newRow("require on loopback") << "postgresql://bob:pw@127.0.0.1/astralis?sslmode=require"
                                         << "require"
                                         << "require" << false;
    QTest::newRow("disable on loopback") << "postgresql://bob:pw@127.0.0.1/astralis?sslmode=disable"
                                         << "disable" << QString() << false;
    QTest::newRow("channel_binding=prefer wins")
        << "postgresql://bob:pw@db.example.com/astralis?channel_binding=prefer"
        << "verify-full"
        << "prefer" << false;
    QTest::newRow("channel_binding=disable wins")
        << "postgresql://bob:pw@db.example.com/astralis?channel_binding=DISABLE"
        << "verify-full"
        << "disable" << false;
    QTest::newRow("channel_binding=require with prefer")
        << "postgresql://bob:pw@db.example.com/astralis?sslmode=prefer&channel_binding=require"
        << "prefer"
        << "require" << true;
}

void TestConnectionUrl::tlsDefaultsDependOnTheServer()
{
    QFETCH(QString, url);
    QFETCH(QString, sslmode);
    QFETCH(QString, channelBinding);
    QFETCH(bool, warning);

    bool ok = false;
    const ConnectionSettings s = parsedOrFail(url, &ok);
    QVERIFY(ok);
    QCOMPARE(sslModeName(s.sslMode), sslmode);
    QCOMPARE(s.effectiveChannelBinding(), channelBinding);
    QCOMPARE(s.tlsDowngradePossible(), warning);
    const QStringList options = s.libpqOptions().split(QLatin1Char(';'));
    QVERIFY2(options.contains(QStringLiteral("sslmode=") + sslmode), qPrintable(options.join(u';')));
    if (channelBinding.isEmpty())
        QVERIFY(!s.libpqOptions().contains(QLatin1String("channel_binding")));
    else
        QVERIFY(options.contains(QStringLiteral("channel_binding=") + channelBinding));
    // The default is not written back: a saved URL keeps meaning "the default for this server".
    if (!url.contains(QLatin1String("sslmode=")))
        QVERIFY2(!s.toUrl().contains(QLatin1String("sslmode")), qPrintable(s.toUrl()));
}

void TestConnectionUrl::verifyWithoutRootCertUsesTheSystemStore()
{
    // libpq 15 has no sslrootcert=system: the bundle is named as a file.
    qunsetenv("PGSSLROOTCERT");
    const QString home = qEnvironmentVariable("HOME");
    QTemporaryDir emptyHome;
    qputenv("HOME", emptyHome.path().toUtf8());
    bool ok = false;
    const ConnectionSettings remote
        = parsedOrFail(QStringLiteral("postgresql://bob@db.example.com/astralis"), &ok);
    QVERIFY(ok);
    QCOMPARE(ConnectionSettings::systemCaBundle(), QStringLiteral("/etc/ssl/certs/ca-certificates.crt"));
    QVERIFY(remote.libpqOptions()
                .split(QLatin1Char(';'))
                .contains(QStringLiteral("sslrootcert='/etc/ssl/certs/ca-certificates.crt'")));

    // A CA the URL names wins; modes that check nothing get none.
    const ConnectionSettings own = parsedOrFail(
        QStringLiteral("postgresql://bob@db.example.com/astralis?sslrootcert=/etc/astralis/root.crt"), &ok);
    QVERIFY(own.libpqOptions()
                .split(QLatin1Char(';'))
                .contains(QStringLiteral("sslrootcert='/etc/astralis/root.crt'")));
    const ConnectionSettings require
        = parsedOrFail(QStringLiteral("postgresql://bob@db.example.com/astralis?sslmode=require"), &ok);
    QVERIFY(!require.libpqOptions().contains(QLatin1String("sslrootcert")));

    // libpq's own default file keeps working as before.
    QVERIFY(QDir(emptyHome.path()).mkpath(QStringLiteral(".postgresql")));
    QFile own2(emptyHome.path() + QStringLiteral("/.postgresql/root.crt"));
    QVERIFY(own2.open(QIODevice::WriteOnly));
    own2.close();
    QVERIFY(!remote.libpqOptions().contains(QLatin1String("sslrootcert")));
    qputenv("HOME", home.toUtf8());
}

void TestConnectionUrl::libpqOptionsQuoteValues()
{
    ConnectionSettings s;
    s.user = QStringLiteral("bob");
    s.host = QStringLiteral("db.example.com");
    s.database = QStringLiteral("astralis");
    s.sslRootCert = QStringLiteral("C:\\certs\\o'brien ca.crt");
    s.applicationName = QStringLiteral("ops console");

    const QStringList list = s.libpqOptions().split(QLatin1Char(';'));
    QVERIFY2(list.contains(QStringLiteral("sslrootcert='C:\\\\certs\\\\o\\'brien ca.crt'")),
             qPrintable(list.join(QLatin1Char('\n'))));
    QVERIFY2(list.contains(QStringLiteral("application_name='ops console'")),
             qPrintable(list.join(QLatin1Char('\n'))));
}

void TestConnectionUrl::libpqOptionsKeepalivesOnlyOverTcp_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("keepalives");

    QTest::newRow("host name") << "postgresql://bob@db.example.com/astralis" << true;
    QTest::newRow("ipv6") << "postgresql://bob@[::1]/astralis" << true;
    QTest::newRow("unix socket") << "postgresql://jane@localhost/astralis?host=/var/run/postgresql" << false;
}

void TestConnectionUrl::libpqOptionsKeepalivesOnlyOverTcp()
{
    QFETCH(QString, url);
    QFETCH(bool, keepalives);

    bool ok = false;
    const ConnectionSettings s = parsedOrFail(url, &ok);
    QVERIFY(ok);

    const QString options = s.libpqOptions();
    const QStringList list = options.split(QLatin1Char(';'));
    QVERIFY2(list.contains(QStringLiteral("keepalives=1")) == keepalives, qPrintable(options));
    QVERIFY2(options.contains(QLatin1String("keepalives_idle=")) == keepalives, qPrintable(options));
    QVERIFY2(options.contains(QLatin1String("tcp_user_timeout=")) == keepalives, qPrintable(options));
}

void TestConnectionUrl::toUrlOmitsPasswordUnlessAsked_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("password");

    QTest::newRow("plain") << "postgresql://bob:Tr0ub4dor@db.example.com:5433/astralis?sslmode=require"
                           << "Tr0ub4dor";
    QTest::newRow("percent-encoded") << "postgresql://bob:Tr0ub%40dor@db.example.com/astralis"
                                     << "Tr0ub@dor";
    QTest::newRow("unix socket") << "postgresql://jane:Tr0ub4dor@localhost/astralis?host=/var/run/postgresql"
                                 << "Tr0ub4dor";
}

void TestConnectionUrl::toUrlOmitsPasswordUnlessAsked()
{
    QFETCH(QString, url);
    QFETCH(QString, password);

    bool ok = false;
    const ConnectionSettings s = parsedOrFail(url, &ok);
    QVERIFY(ok);
    QCOMPARE(s.password, password);

    for (const QString& text : {s.toUrl(), s.toUrl(false)}) {
        QVERIFY2(!text.contains(password), qPrintable(text));
        QVERIFY2(!text.contains(QString::fromLatin1(QUrl::toPercentEncoding(password))), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("Tr0ub")), qPrintable(text));

        const UrlParseResult reparsed = ConnectionUrl::parse(text);
        QVERIFY2(reparsed.ok, qPrintable(reparsed.error));
        QVERIFY(reparsed.settings.password.isEmpty());
        QCOMPARE(reparsed.settings.user, s.user);
        QCOMPARE(reparsed.settings.host, s.host);
        QCOMPARE(reparsed.settings.database, s.database);
    }
}

void TestConnectionUrl::toUrlRoundTrips_data()
{
    QTest::addColumn<QString>("url");

    QTest::newRow("minimal") << "postgresql://bob:secret@db.example.com/astralis";
    QTest::newRow("no password") << "postgresql://bob@db.example.com:6543/astralis";
    QTest::newRow("special characters")
        << "postgresql://j%C3%B6rg%40ops:p%40ss%3Aw%2Frd%25%20x@db.example.com/astralis%20ops";
    QTest::newRow("ipv6") << "postgresql://bob:secret@[::1]:6543/astralis";
    QTest::newRow("unix socket") << "postgresql://jane:secret@localhost/astralis?host=/var/run/postgresql";
    QTest::newRow("tls and pool parameters")
        << "postgresql://bob:secret@db.example.com/astralis?schema=ops_v2&sslmode=verify-ca"
           "&sslrootcert=/etc/astralis/root%20ca.crt&sslcert=/home/bob/bob.crt&sslkey=/home/bob/bob.key"
           "&connect_timeout=12&connection_limit=7&pool_timeout=0";
    QTest::newRow("sslmode disable") << "postgresql://bob:secret@db.example.com/astralis?sslmode=disable";
    QTest::newRow("application_name")
        << "postgresql://bob:secret@db.example.com/astralis?application_name=nightly-report";
    QTest::newRow("sslmode prefer, remote")
        << "postgresql://bob:secret@db.example.com/astralis?sslmode=prefer";
    QTest::newRow("sslmode verify-full, loopback")
        << "postgresql://bob:secret@127.0.0.1/astralis?sslmode=verify-full";
    QTest::newRow("channel_binding")
        << "postgresql://bob:secret@db.example.com/astralis?channel_binding=prefer";
}

void TestConnectionUrl::toUrlRoundTrips()
{
    QFETCH(QString, url);

    bool ok = false;
    const ConnectionSettings original = parsedOrFail(url, &ok);
    QVERIFY(ok);

    const QString rebuilt = original.toUrl(true);
    const UrlParseResult reparsed = ConnectionUrl::parse(rebuilt);
    QVERIFY2(reparsed.ok, qPrintable(QString(rebuilt + QStringLiteral(": ") + reparsed.error)));
    QCOMPARE(fieldsOf(reparsed.settings), fieldsOf(original));
}

void TestConnectionUrl::displayNameAndSecretKey_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("displayName");

    QTest::newRow("tcp") << "postgresql://bob:Tr0ub4dor@db.example.com:6543/astralis"
                         << "bob@db.example.com:6543/astralis";
    QTest::newRow("unix socket") << "postgresql://jane:Tr0ub4dor@localhost/astralis?host=/var/run/postgresql"
                                 << "jane@/var/run/postgresql/astralis";
}

void TestConnectionUrl::displayNameAndSecretKey()
{
    QFETCH(QString, url);
    QFETCH(QString, displayName);

    bool ok = false;
    const ConnectionSettings s = parsedOrFail(url, &ok);
    QVERIFY(ok);

    QCOMPARE(s.displayName(), displayName);
    QCOMPARE(s.secretKey(), QString(QStringLiteral("postgresql/") + displayName));
    QVERIFY(!s.displayName().contains(QLatin1String("Tr0ub4dor")));
    QVERIFY(!s.secretKey().contains(QLatin1String("Tr0ub4dor")));
}

void TestConnectionUrl::sslModeNamesRoundTrip()
{
    const QStringList names = sslModeNames();
    QCOMPARE(
        names,
        QStringList({QStringLiteral("disable"), QStringLiteral("allow"), QStringLiteral("prefer"),
                     QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("verify-full")}));
    for (const QString& name : names) {
        SslMode mode = SslMode::Prefer;
        QVERIFY2(sslModeFromName(name, &mode), qPrintable(name));
        QCOMPARE(sslModeName(mode), name);
    }

    SslMode untouched = SslMode::VerifyFull;
    QVERIFY(!sslModeFromName(QStringLiteral("on"), &untouched));
    QVERIFY(!sslModeFromName(QString(), &untouched));
    QCOMPARE(sslModeName(untouched), QStringLiteral("verify-full"));
}

void TestConnectionUrl::redactedMasksPassword_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expected");

    QTest::newRow("user and password") << "postgresql://bob:secret@db.example.com/astralis"
                                       << "postgresql://bob:***@db.example.com/astralis";
    QTest::newRow("percent-encoded password") << "postgresql://bob:p%40ss@db.example.com:5433/astralis"
                                              << "postgresql://bob:***@db.example.com:5433/astralis";
    QTest::newRow("no password") << "postgresql://bob@db.example.com/astralis"
                                 << "postgresql://bob@db.example.com/astralis";
    QTest::newRow("password parameter")
        << "postgresql://bob@db.example.com/astralis?password=secret&sslmode=require"
        << "postgresql://bob@db.example.com/astralis?password=***&sslmode=require";
    QTest::newRow("inside a sentence") << "failed: postgresql://bob:secret@db.example.com/astralis (timeout)"
                                       << "failed: postgresql://bob:***@db.example.com/astralis (timeout)";
}

void TestConnectionUrl::redactedMasksPassword()
{
    QFETCH(QString, url);
    QFETCH(QString, expected);

    QCOMPARE(ConnectionUrl::redacted(url), expected);
}

void TestConnectionUrl::withoutPasswordExtractsPassword_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("password");

    QTest::newRow("plain") << "postgresql://bob:secret@db.example.com:5433/astralis?sslmode=require"
                           << "secret";
    QTest::newRow("percent-encoded") << "postgresql://bob:p%40ss%2Fw%3Ard@db.example.com/astralis"
                                     << "p@ss/w:rd";
    QTest::newRow("unix socket") << "postgresql://jane:secret@localhost/astralis?host=/var/run/postgresql"
                                 << "secret";
    QTest::newRow("ipv6") << "postgresql://bob:secret@[::1]:6543/astralis"
                          << "secret";
    QTest::newRow("surrounding whitespace") << "  postgresql://bob:secret@db.example.com/astralis  "
                                            << "secret";
}

void TestConnectionUrl::withoutPasswordExtractsPassword()
{
    QFETCH(QString, url);
    QFETCH(QString, password);

    QString extracted;
    const QString stripped = ConnectionUrl::withoutPassword(url, &extracted);
    QCOMPARE(extracted, password);
    QVERIFY2(!stripped.contains(QLatin1String(":secret@")), qPrintable(stripped));
    QVERIFY2(!stripped.contains(QLatin1String("p%40ss")), qPrintable(stripped));

    bool ok = false;
    const ConnectionSettings original = parsedOrFail(url, &ok);
    QVERIFY(ok);
    const ConnectionSettings without = parsedOrFail(stripped, &ok);
    QVERIFY(ok);
    QVERIFY(without.password.isEmpty());
    QCOMPARE(without.user, original.user);
    QCOMPARE(without.host, original.host);
    QCOMPARE(without.port, original.port);
    QCOMPARE(without.database, original.database);
    QCOMPARE(sslModeName(without.sslMode), sslModeName(original.sslMode));

    // The caller may not want the password at all.
    QCOMPARE(ConnectionUrl::withoutPassword(url), stripped);
}

void TestConnectionUrl::withoutPasswordKeepsPasswordlessUrl()
{
    const QString url = QStringLiteral("postgresql://bob@db.example.com:5433/astralis?sslmode=require");
    QString extracted;
    QCOMPARE(ConnectionUrl::withoutPassword(url, &extracted), url);
    QVERIFY(extracted.isEmpty());
}

QTEST_APPLESS_MAIN(TestConnectionUrl)

#include "tst_connectionurl.moc"
