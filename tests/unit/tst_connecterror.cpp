#include "ConnectError.h"
#include "ConnectErrorName.h"
#include "ConnectionSettings.h"
#include "ConnectionUrl.h"

#include <QSet>
#include <QTest>

namespace {

// Every code that reports a failure, i.e. all but None.
QList<ConnectErrorCode> errorCodes()
{
    QList<ConnectErrorCode> codes;
    for (int i = int(ConnectErrorCode::MalformedUrl); i <= int(ConnectErrorCode::Unknown); ++i)
        codes << ConnectErrorCode(i);
    return codes;
}

ConnectionSettings settingsFor(const QString& url)
{
    const UrlParseResult parsed = ConnectionUrl::parse(url);
    if (!parsed.ok)
        qFatal("test URL does not parse: %s", qPrintable(parsed.error));
    return parsed.settings;
}

} // namespace

class TestConnectError : public QObject
{
    Q_OBJECT

private slots:
    void classifiesLibpqMessages_data();
    void classifiesLibpqMessages();
    void classifiesGermanMessages_data();
    void classifiesGermanMessages();
    void classifiesBySqlState_data();
    void classifiesBySqlState();
    void recognisesServerErrors_data();
    void recognisesServerErrors();
    void readsVerboseSqlStates_data();
    void readsVerboseSqlStates();
    void everyErrorCodeHasTitleAndDistinctDescription();
    void noneHasNoText();
    void describeNamesServerAndDatabase();
    void describeNamesSocketFolder();
    void describeAppendsServerDetail();
    void describeChannelBindingFailure();
    void describeKeepsPercentSignsInNames();
    void describeNeverContainsPassword();
    void malformedUrlDescribesWithParserMessage();
    void exitCodes_data();
    void exitCodes();
    void permanence_data();
    void permanence();
};

void TestConnectError::classifiesLibpqMessages_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<ConnectErrorCode>("expected");

    // PostgreSQL 15 libpq wording, copied from real failures.
    QTest::newRow("wrong password")
        << "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  password authentication failed "
           "for user \"bob\""
        << ConnectErrorCode::AuthenticationFailed;
    QTest::newRow("unknown role") << "FATAL:  role \"ghost\" does not exist"
                                  << ConnectErrorCode::AuthenticationFailed;
    QTest::newRow("unknown role, full")
        << "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  role "
           "\"ghost\" does not exist"
        << ConnectErrorCode::AuthenticationFailed;
    QTest::newRow("connection refused") << "connection to server at \"127.0.0.1\", port 1 failed: Connection "
                                           "refused\n\tIs the server running on "
                                           "that host and accepting TCP/IP connections?"
                                        << ConnectErrorCode::HostUnreachable;
    QTest::newRow("no route to host") << "connection to server at \"10.0.0.9\", port 5432 failed: No route "
                                         "to host\n\tIs the server running on "
                                         "that host and accepting TCP/IP connections?"
                                      << ConnectErrorCode::HostUnreachable;
    QTest::newRow("socket missing")
        << "connection to server on socket \"/tmp/x/.s.PGSQL.5432\" failed: No such file or directory"
        << ConnectErrorCode::HostUnreachable;
    QTest::newRow("socket missing, with hint")
        << "connection to server on socket \"/var/run/postgresql/.s.PGSQL.5432\" failed: No such file or "
           "directory\n\tIs the server running locally and accepting connections on that socket?"
        << ConnectErrorCode::HostUnreachable;
    QTest::newRow("unknown host name")
        << "could not translate host name \"nope.invalid\" to address: Name or service not known"
        << ConnectErrorCode::HostUnknown;
    QTest::newRow("dns unavailable")
        << "could not translate host name \"db.example.com\" to address: Temporary failure in name resolution"
        << ConnectErrorCode::HostUnknown;
    QTest::newRow("database missing") << "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  "
                                         "database \"nosuch\" does not exist"
                                      << ConnectErrorCode::DatabaseMissing;
    QTest::newRow("certificate verify failed")
        << "connection to server at \"127.0.0.1\", port 5432 failed: SSL error: certificate verify failed"
        << ConnectErrorCode::TlsFailed;
    QTest::newRow("server without ssl")
        << "server does not support SSL, but SSL was required" << ConnectErrorCode::TlsFailed;
    QTest::newRow("root certificate missing")
        << "root certificate file \"/x.crt\" does not exist" << ConnectErrorCode::TlsFailed;
    QTest::newRow("certificate host mismatch")
        << "server certificate for \"localhost\" does not match host name \"127.0.0.1\""
        << ConnectErrorCode::TlsFailed;
    QTest::newRow("channel binding, server skipped it")
        << "channel binding required, but server authenticated client without channel binding"
        << ConnectErrorCode::TlsFailed;
    QTest::newRow("channel binding, not offered")
        << "connection to server at \"10.0.0.1\", port 5432 failed: channel binding is required, but server "
           "did not offer an authentication method that supports channel binding"
        << ConnectErrorCode::TlsFailed;
    QTest::newRow("channel binding, md5")
        << "channel binding required but not supported by server's authentication request"
        << ConnectErrorCode::TlsFailed;
    QTest::newRow("no password supplied")
        << "fe_sendauth: no password supplied" << ConnectErrorCode::PasswordRequired;
    QTest::newRow("no password supplied, full")
        << "connection to server at \"127.0.0.1\", port 5432 failed: fe_sendauth: no password supplied"
        << ConnectErrorCode::PasswordRequired;
    QTest::newRow("no pg_hba entry")
        << "FATAL:  no pg_hba.conf entry for host \"10.0.0.5\", user \"bob\", database \"x\", no encryption"
        << ConnectErrorCode::AccessRejected;
    QTest::newRow("no pg_hba entry, ssl")
        << "connection to server at \"10.0.0.1\", port 5432 failed: FATAL:  no pg_hba.conf entry for host "
           "\"10.0.0.5\", user \"bob\", database \"x\", SSL encryption"
        << ConnectErrorCode::AccessRejected;
    QTest::newRow("timeout") << "timeout expired" << ConnectErrorCode::Timeout;
    QTest::newRow("timeout, full")
        << "connection to server at \"10.255.255.1\", port 5432 failed: timeout expired"
        << ConnectErrorCode::Timeout;
    QTest::newRow("too many clients")
        << "FATAL:  sorry, too many clients already" << ConnectErrorCode::ServerBusy;
    QTest::newRow("starting up") << "FATAL:  the database system is starting up"
                                 << ConnectErrorCode::ServerBusy;
    QTest::newRow("shutting down") << "FATAL:  the database system is shutting down"
                                   << ConnectErrorCode::ServerBusy;
    QTest::newRow("reserved slots")
        << "FATAL:  remaining connection slots are reserved for non-replication superuser connections"
        << ConnectErrorCode::ServerBusy;
    QTest::newRow("empty") << QString() << ConnectErrorCode::Unknown;
    QTest::newRow("unrecognised") << "server closed the connection unexpectedly" << ConnectErrorCode::Unknown;
    QTest::newRow("driver not loaded") << "Driver not loaded" << ConnectErrorCode::DriverMissing;

    // A host name is part of libpq's message; its letters must not decide the class.
    QTest::newRow("refused, host name contains ssl")
        << "connection to server at \"pg-ssl.internal\" (10.0.0.7), port 5432 failed: Connection "
           "refused\n\tIs "
           "the server running on that host and accepting TCP/IP connections?"
        << ConnectErrorCode::HostUnreachable;
    QTest::newRow("unknown host name contains tls")
        << "could not translate host name \"tls-gateway.corp.invalid\" to address: Name or service not known"
        << ConnectErrorCode::HostUnknown;

    // Refusals the old wording list missed.
    QTest::newRow("role connection limit")
        << "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  too many connections for role "
           "\"bob\""
        << ConnectErrorCode::ServerBusy;
    QTest::newRow("database connection limit")
        << "FATAL:  too many connections for database \"astralis\"" << ConnectErrorCode::ServerBusy;
    QTest::newRow("explicit reject line") << "FATAL:  authentication failed for user \"bob\": host rejected"
                                          << ConnectErrorCode::AccessRejected;
    QTest::newRow("no CONNECT privilege")
        << "FATAL:  permission denied for database \"astralis\"" << ConnectErrorCode::AccessRejected;
    QTest::newRow("LDAP login failed")
        << "FATAL:  LDAP authentication failed for user \"bob\"" << ConnectErrorCode::AuthenticationFailed;
    QTest::newRow("not yet accepting connections")
        << "FATAL:  the database system is not yet accepting connections" << ConnectErrorCode::ServerBusy;
}

void TestConnectError::classifiesGermanMessages_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<ConnectErrorCode>("expected");

    // What a German desktop gets when libpq's language is not pinned: libpq5-15.mo and glibc's
    // libc.mo (Debian 12), and a German server (postgres-15.mo) without an SQLSTATE to go by.
    const QString at = QStringLiteral("Verbindung zum Server auf »127.0.0.1«, Port 5432 fehlgeschlagen: ");
    QTest::newRow("unknown host name")
        << "konnte Hostnamen »nope.invalid« nicht in Adresse übersetzen: Der Name oder der Dienst ist nicht "
           "bekannt"
        << ConnectErrorCode::HostUnknown;
    QTest::newRow("dns unavailable")
        << "konnte Hostnamen »db.example.com« nicht in Adresse übersetzen: Temporärer Fehler bei der "
           "Namensauflösung"
        << ConnectErrorCode::HostUnknown;
    QTest::newRow("unknown host name contains ssl")
        << "konnte Hostnamen »ssl-gw.invalid« nicht in Adresse übersetzen: Zu diesem Hostnamen gehört keine "
           "Adresse"
        << ConnectErrorCode::HostUnknown;
    QTest::newRow("connection refused") << at
            + "Verbindungsaufbau abgelehnt\n\tLäuft der Server auf diesem Host und akzeptiert er "
              "TCP/IP-Verbindungen?" << ConnectErrorCode::HostUnreachable;
    QTest::newRow("no route to host")
        << at + "Keine Route zum Zielrechner" << ConnectErrorCode::HostUnreachable;
    QTest::newRow("network unreachable")
        << at + "Das Netzwerk ist nicht erreichbar" << ConnectErrorCode::HostUnreachable;
    QTest::newRow("socket missing")
        << "Verbindung zum Server auf Socket »/tmp/x/.s.PGSQL.5432« fehlgeschlagen: Datei oder Verzeichnis "
           "nicht gefunden"
        << ConnectErrorCode::HostUnreachable;
    QTest::newRow("timeout") << at + "Timeout abgelaufen" << ConnectErrorCode::Timeout;
    QTest::newRow("tcp timeout") << at + "Die Wartezeit für die Verbindung ist abgelaufen"
                                 << ConnectErrorCode::Timeout;
    QTest::newRow("certificate verify failed")
        << at + "SSL-Fehler: certificate verify failed" << ConnectErrorCode::TlsFailed;
    QTest::newRow("server without ssl")
        << at + "Server unterstützt kein SSL, aber SSL wurde verlangt" << ConnectErrorCode::TlsFailed;
    QTest::newRow("root certificate missing")
        << "Root-Zertifikat-Datei »/x.crt« existiert nicht" << ConnectErrorCode::TlsFailed;
    QTest::newRow("certificate host mismatch")
        << "Server-Zertifikat für »localhost« stimmt nicht mit dem Hostnamen »127.0.0.1« überein"
        << ConnectErrorCode::TlsFailed;
    QTest::newRow("channel binding") << "Channel-Binding wurde verlangt, aber der Server hat den Client ohne "
                                        "Channel-Binding authentifiziert"
                                     << ConnectErrorCode::TlsFailed;
    QTest::newRow("no password supplied")
        << at + "fe_sendauth: no password supplied" << ConnectErrorCode::PasswordRequired;
    QTest::newRow("wrong password") << at
            + "FATAL:  Passwort-Authentifizierung für Benutzer »bob« fehlgeschlagen"
                                    << ConnectErrorCode::AuthenticationFailed;
    QTest::newRow("unknown role") << at + "FATAL:  Rolle »ghost« existiert nicht"
                                  << ConnectErrorCode::AuthenticationFailed;
    QTest::newRow("no pg_hba entry") << at
            + "FATAL:  kein pg_hba.conf-Eintrag für Host »10.0.0.5«, Benutzer »bob«, Datenbank »x«, "
              "SSL-Verschlüsselung" << ConnectErrorCode::AccessRejected;
    QTest::newRow("login not permitted") << at + "FATAL:  Rolle »bob« hat keine Berechtigung zum Einloggen"
                                         << ConnectErrorCode::AccessRejected;
    QTest::newRow("explicit reject line")
        << at + "FATAL:  Authentifizierung für Benutzer »bob« fehlgeschlagen: Host abgelehnt"
        << ConnectErrorCode::AccessRejected;
    QTest::newRow("database missing")
        << at + "FATAL:  Datenbank »nosuch« existiert nicht" << ConnectErrorCode::DatabaseMissing;
    QTest::newRow("too many clients")
        << at + "FATAL:  tut mir leid, schon zu viele Verbindungen" << ConnectErrorCode::ServerBusy;
    QTest::newRow("role connection limit")
        << at + "FATAL:  zu viele Verbindungen von Rolle »bob«" << ConnectErrorCode::ServerBusy;
    QTest::newRow("starting up") << at + "FATAL:  das Datenbanksystem startet"
                                 << ConnectErrorCode::ServerBusy;
    QTest::newRow("shutting down") << at + "FATAL:  das Datenbanksystem fährt herunter"
                                   << ConnectErrorCode::ServerBusy;
    QTest::newRow("unrecognised") << "Server beendete die Verbindung unerwartet" << ConnectErrorCode::Unknown;
}

void TestConnectError::classifiesGermanMessages()
{
    QFETCH(QString, message);
    QFETCH(ConnectErrorCode, expected);

    QCOMPARE(codeName(ConnectErrors::classify(message)), codeName(expected));
}

void TestConnectError::classifiesBySqlState_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QStringList>("sqlStates");
    QTest::addColumn<ConnectErrorCode>("expected");

    // The server's words in languages the text list does not know (postgres-15.mo fr, ja): the
    // SQLSTATE decides.
    const QString at = QStringLiteral("connection to server at \"10.0.0.1\", port 5432 failed: FATAL:  ");
    QTest::newRow("28P01 wrong password")
        << at + "authentification par mot de passe échouée pour l'utilisateur  « bob »"
        << QStringList{QStringLiteral("28P01")} << ConnectErrorCode::AuthenticationFailed;
    QTest::newRow("3D000 missing database")
        << at + "la base de données « nosuch » n'existe pas" << QStringList{QStringLiteral("3D000")}
        << ConnectErrorCode::DatabaseMissing;
    QTest::newRow("53300 too many connections")
        << at + "ロール\"bob\"からの接続が多すぎます" << QStringList{QStringLiteral("53300")}
        << ConnectErrorCode::ServerBusy;
    QTest::newRow("57P03 starting up")
        << at + "データベースシステムは起動処理中です" << QStringList{QStringLiteral("57P03")}
        << ConnectErrorCode::ServerBusy;
    QTest::newRow("57P01 shutdown") << at + "x" << QStringList{QStringLiteral("57P01")}
                                    << ConnectErrorCode::ServerBusy;
    QTest::newRow("42501 no CONNECT privilege")
        << at + "x" << QStringList{QStringLiteral("42501")} << ConnectErrorCode::AccessRejected;
    // 28000 is pg_hba.conf and NOLOGIN, but also an unknown role or a failed LDAP login.
    QTest::newRow("28000 unknown language")
        << at + "x" << QStringList{QStringLiteral("28000")} << ConnectErrorCode::AccessRejected;
    QTest::newRow("28000 pg_hba, German") << at
            + "pg_hba.conf lehnt Verbindung ab für Host »127.0.0.1«, Benutzer »bob«, Datenbank »x«, keine "
              "Verschlüsselung" << QStringList{QStringLiteral("28000")}
                                          << ConnectErrorCode::AccessRejected;
    QTest::newRow("28000 NOLOGIN, German")
        << at + "Rolle »bob« hat keine Berechtigung zum Einloggen" << QStringList{QStringLiteral("28000")}
        << ConnectErrorCode::AccessRejected;
    QTest::newRow("28000 LDAP") << at + "LDAP authentication failed for user \"bob\""
                                << QStringList{QStringLiteral("28000")}
                                << ConnectErrorCode::AuthenticationFailed;
    QTest::newRow("28000 unknown role, German")
        << at + "Rolle »ghost« existiert nicht" << QStringList{QStringLiteral("28000")}
        << ConnectErrorCode::AuthenticationFailed;
    // The state decides over words that say otherwise: a role called "ssl" is no TLS failure.
    QTest::newRow("state over words")
        << at + "la base de données « ssl » n'existe pas" << QStringList{QStringLiteral("3D000")}
        << ConnectErrorCode::DatabaseMissing;
    // sslmode=prefer tried twice: the more specific refusal wins, whichever came first.
    QTest::newRow("two attempts") << at + "x\n" + at + "y"
                                  << QStringList{QStringLiteral("28000"), QStringLiteral("28P01")}
                                  << ConnectErrorCode::AuthenticationFailed;
    // A state with no meaning here: the words decide.
    QTest::newRow("unmapped state, English words")
        << at + "sorry, too many clients already" << QStringList{QStringLiteral("08P01")}
        << ConnectErrorCode::ServerBusy;
    QTest::newRow("unmapped state, unknown words")
        << at + "x" << QStringList{QStringLiteral("08P01")} << ConnectErrorCode::Unknown;
}

void TestConnectError::classifiesBySqlState()
{
    QFETCH(QString, message);
    QFETCH(QStringList, sqlStates);
    QFETCH(ConnectErrorCode, expected);

    QCOMPARE(codeName(ConnectErrors::classify(message, sqlStates)), codeName(expected));
}

void TestConnectError::recognisesServerErrors_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("fromServer");

    QTest::newRow("English server")
        << "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  password authentication failed "
           "for user \"bob\""
        << true;
    QTest::newRow("German server, German libpq")
        << "Verbindung zum Server auf »127.0.0.1«, Port 5432 fehlgeschlagen: FATAL:  Datenbank »x« existiert "
           "nicht"
        << true;
    QTest::newRow("Japanese server") << "connection to server at \"h\", port 5432 failed: 致命的エラー:  x"
                                     << true;
    QTest::newRow("PostgreSQL 13 libpq") << "FATAL:  sorry, too many clients already" << true;
    QTest::newRow("refused") << "connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n\t"
                                "Is the server running on that host and accepting TCP/IP connections?"
                             << false;
    QTest::newRow("refused, German")
        << "Verbindung zum Server auf »127.0.0.1«, Port 1 fehlgeschlagen: Verbindungsaufbau abgelehnt"
        << false;
    QTest::newRow("no password")
        << "connection to server at \"127.0.0.1\", port 5432 failed: fe_sendauth: no "
           "password supplied"
        << false;
    QTest::newRow("TLS") << "connection to server at \"127.0.0.1\", port 5432 failed: SSL error: certificate "
                            "verify failed"
                         << false;
    QTest::newRow("timeout") << "connection to server at \"10.0.0.1\", port 5432 failed: timeout expired"
                             << false;
    // A socket folder may be called anything.
    QTest::newRow("name with two spaces")
        << "connection to server on socket \"/tmp/a:  b/.s.PGSQL.5432\" failed: No such file or directory"
        << false;
    QTest::newRow("empty") << QString() << false;
}

void TestConnectError::recognisesServerErrors()
{
    QFETCH(QString, message);

    QTEST(ConnectErrors::carriesServerError(message), "fromServer");
}

void TestConnectError::readsVerboseSqlStates_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QStringList>("sqlStates");

    // As libpq 15 builds them with PQERRORS_VERBOSE (copied from real failures).
    QTest::newRow("English") << "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  28P01: "
                                "password authentication failed for user \"bob\"\nLOCATION:  auth_failed, "
                                "auth.c:334\n"
                             << QStringList{QStringLiteral("28P01")};
    QTest::newRow("German")
        << "Verbindung zum Server auf »127.0.0.1«, Port 5432 fehlgeschlagen: FATAL:  3D000: "
           "Datenbank »nosuch« existiert nicht\nORT:  InitPostgres, postinit.c:948\n"
        << QStringList{QStringLiteral("3D000")};
    QTest::newRow("two attempts")
        << "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  28P01: password authentication "
           "failed for user \"bob\"\nLOCATION:  auth_failed, auth.c:334\nconnection to server at "
           "\"127.0.0.1\", port 5432 failed: FATAL:  28000: no pg_hba.conf entry for host \"127.0.0.1\", "
           "user "
           "\"bob\", database \"x\", no encryption\nLOCATION:  ClientAuthentication, auth.c:543\n"
        << QStringList{QStringLiteral("28P01"), QStringLiteral("28000")};
    QTest::newRow("not verbose")
        << "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  password "
           "authentication failed for user \"bob\""
        << QStringList();
    QTest::newRow("client failure")
        << "connection to server at \"127.0.0.1\", port 1 failed: Connection refused" << QStringList();
    // A database name cannot pose as a state.
    QTest::newRow("quoted name") << "FATAL:  3D000: database \"a:  28P01: b\" does not exist"
                                 << QStringList{QStringLiteral("3D000")};
}

void TestConnectError::readsVerboseSqlStates()
{
    QFETCH(QString, message);

    QTEST(ConnectErrors::sqlStatesOf(message), "sqlStates");
}

void TestConnectError::classifiesLibpqMessages()
{
    QFETCH(QString, message);
    QFETCH(ConnectErrorCode, expected);

    QCOMPARE(codeName(ConnectErrors::classify(message)), codeName(expected));
}

void TestConnectError::everyErrorCodeHasTitleAndDistinctDescription()
{
    const ConnectionSettings s = settingsFor(QStringLiteral("postgresql://bob@db.example.com:5433/astralis"));
    const QString detail = QStringLiteral("the server's own words");

    QHash<QString, ConnectErrorCode> byDescription;
    QHash<QString, ConnectErrorCode> byTitle;
    for (ConnectErrorCode code : errorCodes()) {
        const QString title = ConnectErrors::title(code);
        const QString description = ConnectErrors::describe(ConnectError{code, detail}, s);
        QVERIFY2(!title.isEmpty(), qPrintable(codeName(code)));
        QVERIFY2(!description.isEmpty(), qPrintable(codeName(code)));
        QVERIFY2(!byDescription.contains(description),
                 qPrintable(QString(codeName(code) + QStringLiteral(" describes like ")
                                    + codeName(byDescription.value(description)))));
        QVERIFY2(!byTitle.contains(title),
                 qPrintable(QString(codeName(code) + QStringLiteral(" has the title of ")
                                    + codeName(byTitle.value(title)))));
        byDescription.insert(description, code);
        byTitle.insert(title, code);
    }
    QCOMPARE(byDescription.size(), errorCodes().size());
}

void TestConnectError::noneHasNoText()
{
    const ConnectionSettings s = settingsFor(QStringLiteral("postgresql://bob@db.example.com/astralis"));
    const ConnectError none;
    QVERIFY(!none.isError());
    QVERIFY(!none.isPermanent());
    QVERIFY(ConnectErrors::title(ConnectErrorCode::None).isEmpty());
    QVERIFY(ConnectErrors::describe(none, s).isEmpty());
    const ConnectError unknown{ConnectErrorCode::Unknown, {}};
    QVERIFY(unknown.isError());
}

void TestConnectError::describeNamesServerAndDatabase()
{
    const ConnectionSettings s = settingsFor(QStringLiteral("postgresql://bob@db.example.com:5433/astralis"));

    const QString unreachable
        = ConnectErrors::describe(ConnectError{ConnectErrorCode::HostUnreachable, {}}, s);
    QVERIFY2(unreachable.contains(QLatin1String("db.example.com:5433")), qPrintable(unreachable));

    const QString missing = ConnectErrors::describe(ConnectError{ConnectErrorCode::DatabaseMissing, {}}, s);
    QVERIFY2(missing.contains(QLatin1String("\"astralis\"")), qPrintable(missing));

    const QString auth = ConnectErrors::describe(ConnectError{ConnectErrorCode::AuthenticationFailed, {}}, s);
    QVERIFY2(auth.contains(QLatin1String("\"bob\"")), qPrintable(auth));

    const QString unknownHost = ConnectErrors::describe(ConnectError{ConnectErrorCode::HostUnknown, {}}, s);
    QVERIFY2(unknownHost.contains(QLatin1String("\"db.example.com\"")), qPrintable(unknownHost));

    const QString tls = ConnectErrors::describe(ConnectError{ConnectErrorCode::TlsFailed, {}}, s);
    // No sslmode in the URL of a server on the network: verify-full.
    QVERIFY2(tls.contains(QLatin1String("sslmode=verify-full")), qPrintable(tls));

    const QString timeout = ConnectErrors::describe(ConnectError{ConnectErrorCode::Timeout, {}}, s);
    QVERIFY2(timeout.contains(QLatin1String("5 seconds")), qPrintable(timeout));
}

void TestConnectError::describeNamesSocketFolder()
{
    const ConnectionSettings s
        = settingsFor(QStringLiteral("postgresql://jane@localhost/astralis?host=/var/run/postgresql"));

    const QString unreachable
        = ConnectErrors::describe(ConnectError{ConnectErrorCode::HostUnreachable, {}}, s);
    QVERIFY2(unreachable.contains(QLatin1String("/var/run/postgresql")), qPrintable(unreachable));
    QVERIFY2(!unreachable.contains(QLatin1String("5432")), qPrintable(unreachable));
}

void TestConnectError::describeAppendsServerDetail()
{
    const ConnectionSettings s = settingsFor(QStringLiteral("postgresql://bob@db.example.com/astralis"));
    const QString detail = QStringLiteral("FATAL:  sorry, too many clients already");

    const QString withDetail = ConnectErrors::describe(ConnectError{ConnectErrorCode::ServerBusy, detail}, s);
    const QString without = ConnectErrors::describe(ConnectError{ConnectErrorCode::ServerBusy, {}}, s);
    QVERIFY2(withDetail.startsWith(without), qPrintable(withDetail));
    QVERIFY2(withDetail.endsWith(detail), qPrintable(withDetail));
    QVERIFY(!without.contains(detail));
}

void TestConnectError::describeChannelBindingFailure()
{
    const ConnectionSettings s = settingsFor(QStringLiteral("postgresql://bob@db.example.com/astralis"));
    const QString text = ConnectErrors::describe(
        ConnectError{ConnectErrorCode::TlsFailed,
                     QStringLiteral("channel binding required, but server authenticated client without "
                                    "channel binding")},
        s);
    QVERIFY2(text.contains(QLatin1String("channel_binding=prefer")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("MD5")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("db.example.com:5432")), qPrintable(text));

    // libpq's German wording, where its language could not be pinned.
    const QString german = ConnectErrors::describe(
        ConnectError{ConnectErrorCode::TlsFailed,
                     QStringLiteral("Channel-Binding wurde verlangt, aber der Server hat den Client ohne "
                                    "Channel-Binding authentifiziert")},
        s);
    QVERIFY2(german.contains(QLatin1String("channel_binding=prefer")), qPrintable(german));
}

void TestConnectError::describeKeepsPercentSignsInNames()
{
    // A later .arg() must not fill a %1 that came in with an earlier argument.
    ConnectionSettings s;
    s.user = QStringLiteral("bob");
    s.host = QStringLiteral("db%1.example");
    s.database = QStringLiteral("astralis");
    const QString timeout = ConnectErrors::describe(ConnectError{ConnectErrorCode::Timeout, {}}, s);
    QVERIFY2(timeout.contains(QLatin1String("db%1.example:5432 did not answer within 5 seconds")),
             qPrintable(timeout));
}

void TestConnectError::describeNeverContainsPassword()
{
    const ConnectionSettings s = settingsFor(
        QStringLiteral("postgresql://bob:Tr0ub4dor@db.example.com:5433/astralis?sslmode=require"));
    QCOMPARE(s.password, QStringLiteral("Tr0ub4dor"));

    for (ConnectErrorCode code : errorCodes()) {
        if (code == ConnectErrorCode::MalformedUrl)
            continue; // shows the parser's message verbatim; tst_connectionurl covers it
        const QString description = ConnectErrors::describe(ConnectError{code, {}}, s);
        QVERIFY2(!description.contains(QLatin1String("Tr0ub4dor")), qPrintable(description));
    }
}

void TestConnectError::malformedUrlDescribesWithParserMessage()
{
    const UrlParseResult parsed
        = ConnectionUrl::parse(QStringLiteral("postgresql://bob@db.example.com:0/astralis"));
    QVERIFY(!parsed.ok);

    const ConnectError error{ConnectErrorCode::MalformedUrl, parsed.error};
    QCOMPARE(ConnectErrors::describe(error, ConnectionSettings()), parsed.error);
    QVERIFY(error.isPermanent());
}

void TestConnectError::exitCodes_data()
{
    QTest::addColumn<ConnectErrorCode>("code");
    QTest::addColumn<int>("exitCode");

    // The table astralis-cli --help documents.
    QTest::newRow("None") << ConnectErrorCode::None << 0;
    QTest::newRow("MalformedUrl") << ConnectErrorCode::MalformedUrl << 3;
    QTest::newRow("PasswordRequired") << ConnectErrorCode::PasswordRequired << 4;
    QTest::newRow("AuthenticationFailed") << ConnectErrorCode::AuthenticationFailed << 4;
    QTest::newRow("AccessRejected") << ConnectErrorCode::AccessRejected << 4;
    QTest::newRow("HostUnknown") << ConnectErrorCode::HostUnknown << 5;
    QTest::newRow("HostUnreachable") << ConnectErrorCode::HostUnreachable << 5;
    QTest::newRow("Timeout") << ConnectErrorCode::Timeout << 5;
    QTest::newRow("ServerBusy") << ConnectErrorCode::ServerBusy << 5;
    QTest::newRow("TlsFailed") << ConnectErrorCode::TlsFailed << 6;
    QTest::newRow("DatabaseMissing") << ConnectErrorCode::DatabaseMissing << 7;
    QTest::newRow("DriverMissing") << ConnectErrorCode::DriverMissing << 8;
    QTest::newRow("Unknown") << ConnectErrorCode::Unknown << 1;
}

void TestConnectError::exitCodes()
{
    QFETCH(ConnectErrorCode, code);

    QTEST(ConnectErrors::exitCode(code), "exitCode");
}

void TestConnectError::permanence_data()
{
    QTest::addColumn<ConnectErrorCode>("code");
    QTest::addColumn<bool>("permanent");

    QTest::newRow("AuthenticationFailed") << ConnectErrorCode::AuthenticationFailed << true;
    QTest::newRow("DatabaseMissing") << ConnectErrorCode::DatabaseMissing << true;
    QTest::newRow("TlsFailed") << ConnectErrorCode::TlsFailed << true;
    QTest::newRow("PasswordRequired") << ConnectErrorCode::PasswordRequired << true;
    QTest::newRow("AccessRejected") << ConnectErrorCode::AccessRejected << true;
    QTest::newRow("MalformedUrl") << ConnectErrorCode::MalformedUrl << true;
    QTest::newRow("DriverMissing") << ConnectErrorCode::DriverMissing << true;
    QTest::newRow("HostUnreachable") << ConnectErrorCode::HostUnreachable << false;
    QTest::newRow("HostUnknown") << ConnectErrorCode::HostUnknown << false;
    QTest::newRow("Timeout") << ConnectErrorCode::Timeout << false;
    QTest::newRow("ServerBusy") << ConnectErrorCode::ServerBusy << false;
    QTest::newRow("Unknown") << ConnectErrorCode::Unknown << false;
}

void TestConnectError::permanence()
{
    QFETCH(ConnectErrorCode, code);

    const ConnectError error{code, QStringLiteral("detail")};
    QVERIFY(error.isError());
    QTEST(error.isPermanent(), "permanent");
}

QTEST_APPLESS_MAIN(TestConnectError)

#include "tst_connecterror.moc"
