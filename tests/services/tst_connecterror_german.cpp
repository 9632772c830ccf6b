// Every connection failure, classified for a console on a German desktop talking to a German
// server. ctest runs this with LANGUAGE=de (tests/services/CMakeLists.txt), so libpq
// (libpq5-15.mo) and glibc (libc.mo: strerror, gai_strerror) speak German, and the test starts a
// cluster of its own whose server speaks German too. Matching libpq's English words classified
// most of these failures as Unknown.

#include "ConnectErrorName.h"
#include "ConnectionUrl.h"
#include "DatabaseConnector.h"
#include "PgCluster.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QTest>
#include <QtEndian>

#include <arpa/inet.h>
#include <atomic>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <thread>
#include <unistd.h>

namespace {

const QString kPassword = QStringLiteral("richtiges Pferd 1!");

ConnectionSettings settingsFor(const QString& url)
{
    const UrlParseResult parsed = ConnectionUrl::parse(url);
    if (!parsed.ok)
        qFatal("test URL does not parse: %s", qPrintable(parsed.error));
    return parsed.settings;
}

// libpq's words for a failed open() through QPSQL directly, without the connector.
QString rawOpenError(const QString& name, const QString& host, int port, const QString& user,
                     const QString& password, const QString& options = {})
{
    QString text;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(host);
        db.setPort(port);
        db.setDatabaseName(QStringLiteral("postgres"));
        db.setUserName(user);
        db.setPassword(password);
        db.setConnectOptions(options);
        if (!db.open())
            text = db.lastError().databaseText();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return text;
}

// A listener on 127.0.0.1 speaking just enough of PostgreSQL's protocol to play a server in a
// state the real one cannot be put into on demand. Silent accepts (the kernel does) and never
// answers; NoTls declines TLS; StartingUp refuses every login with 57P03 in German, as a German
// server does while it starts. Its thread serves connections until destroyed.
class FakeServer
{
public:
    enum class Mode
    {
        Silent,
        NoTls,
        StartingUp,
    };

    explicit FakeServer(Mode mode)
        : m_mode(mode)
    {
        m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof(address);
        if (m_listener < 0 || ::bind(m_listener, reinterpret_cast<sockaddr*>(&address), length) != 0
            || ::listen(m_listener, 8) != 0
            || ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length) != 0)
            return;
        m_port = ntohs(address.sin_port);
        if (m_mode != Mode::Silent)
            m_thread = std::thread([this] { serve(); });
    }
    ~FakeServer()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
        if (m_listener >= 0)
            ::close(m_listener);
    }
    FakeServer(const FakeServer&) = delete;
    FakeServer& operator=(const FakeServer&) = delete;

    int port() const { return m_port; }

private:
    void serve()
    {
        while (!m_stop) {
            pollfd fd{m_listener, POLLIN, 0};
            if (::poll(&fd, 1, 100) <= 0)
                continue;
            const int client = ::accept(m_listener, nullptr, nullptr);
            if (client < 0)
                continue;
            const timeval timeout{5, 0};
            ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
            talk(client);
            ::close(client);
        }
    }

    void talk(int client)
    {
        for (;;) {
            const QByteArray packet = readPacket(client);
            if (packet.size() < 8)
                return;
            const quint32 code = qFromBigEndian<quint32>(packet.constData() + 4);
            if (code == 80877103 || code == 80877104) { // SSLRequest, GSSENCRequest
                if (::write(client, "N", 1) != 1 || m_mode == Mode::NoTls)
                    return;
                continue;
            }
            // The startup packet: refuse it as a server that is starting up.
            QByteArray fields;
            for (const auto& [type, value] :
                 {std::pair{'S', "FATAL"}, std::pair{'V', "FATAL"}, std::pair{'C', "57P03"},
                  std::pair{'M', "das Datenbanksystem startet"}}) {
                fields += type;
                fields += value;
                fields += '\0';
            }
            fields += '\0';
            QByteArray response(1, 'E');
            char length[4];
            qToBigEndian<quint32>(quint32(fields.size() + 4), length);
            response += QByteArray(length, 4) + fields;
            (void)::write(client, response.constData(), size_t(response.size()));
            return;
        }
    }

    static QByteArray readPacket(int client)
    {
        char header[4];
        if (!readAll(client, header, 4))
            return {};
        const quint32 length = qFromBigEndian<quint32>(header);
        if (length < 8 || length > 10000)
            return {};
        QByteArray packet(int(length), '\0');
        memcpy(packet.data(), header, 4);
        if (!readAll(client, packet.data() + 4, length - 4))
            return {};
        return packet;
    }

    static bool readAll(int client, char* buffer, size_t size)
    {
        while (size > 0) {
            const ssize_t n = ::read(client, buffer, size);
            if (n <= 0)
                return false;
            buffer += n;
            size -= size_t(n);
        }
        return true;
    }

    Mode m_mode;
    int m_listener = -1;
    int m_port = 0;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
};

} // namespace

class TestConnectErrorGerman : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void classifiesEveryFailure_data();
    void classifiesEveryFailure();
    void showsLibpqWordsInEnglish();
    void cleanupTestCase();

private:
    bool serverSpeaksGerman();

    std::unique_ptr<PgCluster> m_pg;
    std::unique_ptr<FakeServer> m_silent;
    std::unique_ptr<FakeServer> m_noTls;
    std::unique_ptr<FakeServer> m_startingUp;
    QString m_role;
    QString m_database;
    QString m_noLogin;
    QString m_limited;
    int m_attempt = 0;
};

void TestConnectErrorGerman::initTestCase()
{
    QCOMPARE(qgetenv("LANGUAGE"), QByteArray("de"));
    // Without German catalogues this test would prove nothing: libpq5 ships libpq's, Debian's
    // libc-l10n glibc's (scripts/bootstrap).
    const QString refused = rawOpenError(QStringLiteral("probe-refused"), QStringLiteral("127.0.0.1"), 1,
                                         QStringLiteral("x"), {});
    QVERIFY2(refused.contains(QLatin1String("fehlgeschlagen"))
                 && refused.contains(QLatin1String("abgelehnt")),
             qPrintable(QStringLiteral("libpq or glibc does not speak German here (libpq5, libc-l10n): ")
                        + refused));

    // A server of our own: it inherits LANGUAGE=de, and with lc_messages other than "C" gettext
    // follows LANGUAGE, so it speaks German without a generated de_DE locale.
    m_pg = PgCluster::startOwn();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    QString error;
    QVERIFY2(m_pg->exec(QStringLiteral("ALTER SYSTEM SET lc_messages = 'C.UTF-8'"), &error),
             qPrintable(error));
    QVERIFY2(m_pg->exec(QStringLiteral("SELECT pg_reload_conf()"), &error), qPrintable(error));

    m_role = m_pg->createRole(QStringLiteral("staff"), kPassword);
    QVERIFY(!m_role.isEmpty());
    m_database = m_pg->createDatabase(QStringLiteral("astralis"), m_role);
    QVERIFY(!m_database.isEmpty());
    // pg-cluster's pg_hba.conf refuses this role without TLS.
    QVERIFY(m_pg->exec(QStringLiteral("CREATE ROLE tls_only LOGIN PASSWORD 'tls-pass-1'")));
    m_noLogin = m_pg->createRole(QStringLiteral("retired"), kPassword);
    QVERIFY(m_pg->exec(QStringLiteral("ALTER ROLE \"%1\" NOLOGIN").arg(m_noLogin)));
    m_limited = m_pg->createRole(QStringLiteral("limited"), kPassword);
    QVERIFY(m_pg->exec(QStringLiteral("ALTER ROLE \"%1\" CONNECTION LIMIT 0").arg(m_limited)));

    QTRY_VERIFY_WITH_TIMEOUT(serverSpeaksGerman(), 10000);

    m_silent = std::make_unique<FakeServer>(FakeServer::Mode::Silent);
    m_noTls = std::make_unique<FakeServer>(FakeServer::Mode::NoTls);
    m_startingUp = std::make_unique<FakeServer>(FakeServer::Mode::StartingUp);
    QVERIFY(m_silent->port() > 0 && m_noTls->port() > 0 && m_startingUp->port() > 0);
}

bool TestConnectErrorGerman::serverSpeaksGerman()
{
    const QString text
        = rawOpenError(QStringLiteral("probe-server"), QStringLiteral("127.0.0.1"), m_pg->port(), m_role,
                       QStringLiteral("wrong"), QStringLiteral("sslmode=disable"));
    return text.contains(QLatin1String("Passwort-Authentifizierung"));
}

void TestConnectErrorGerman::classifiesEveryFailure_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<ConnectErrorCode>("expected");

    const QString local = QStringLiteral("postgresql://%1:x@127.0.0.1:%2/%3?%4");
    // Refused by the server, in German; the SQLSTATE decides.
    QTest::newRow("wrong password") << m_pg->tcpUrl(m_role, QStringLiteral("wrong"), m_database)
                                    << ConnectErrorCode::AuthenticationFailed;
    QTest::newRow("wrong password, TLS required")
        << m_pg->tcpUrl(m_role, QStringLiteral("wrong"), m_database, QStringLiteral("sslmode=require"))
        << ConnectErrorCode::AuthenticationFailed;
    QTest::newRow("unknown role") << m_pg->tcpUrl(QStringLiteral("nobody_here"), QStringLiteral("x1234"),
                                                  m_database)
                                  << ConnectErrorCode::AuthenticationFailed;
    QTest::newRow("pg_hba refusal") << m_pg->tcpUrl(QStringLiteral("tls_only"), QStringLiteral("tls-pass-1"),
                                                    m_database, QStringLiteral("sslmode=disable"))
                                    << ConnectErrorCode::AccessRejected;
    QTest::newRow("login not permitted")
        << m_pg->tcpUrl(m_noLogin, kPassword, m_database) << ConnectErrorCode::AccessRejected;
    QTest::newRow("missing database")
        << m_pg->tcpUrl(m_role, kPassword, QStringLiteral("no_such_db")) << ConnectErrorCode::DatabaseMissing;
    QTest::newRow("too many connections")
        << m_pg->tcpUrl(m_limited, kPassword, m_database) << ConnectErrorCode::ServerBusy;
    QTest::newRow("server starting up")
        << local.arg(m_role).arg(m_startingUp->port()).arg(m_database, QStringLiteral("sslmode=prefer"))
        << ConnectErrorCode::ServerBusy;
    // libpq's and glibc's own failures, no SQLSTATE; libpq's language is pinned for them.
    QTest::newRow("no password") << m_pg->tcpUrl(m_role, QString(), m_database)
                                 << ConnectErrorCode::PasswordRequired;
    QTest::newRow("unknown host")
        << QStringLiteral("postgresql://%1:x@nope.invalid/%2?sslmode=require").arg(m_role, m_database)
        << ConnectErrorCode::HostUnknown;
    QTest::newRow("connection refused")
        << QStringLiteral("postgresql://%1:x@127.0.0.1:1/%2").arg(m_role, m_database)
        << ConnectErrorCode::HostUnreachable;
    QTest::newRow("missing socket")
        << QStringLiteral("postgresql://%1@localhost/%2?host=/nonexistent-dir").arg(m_role, m_database)
        << ConnectErrorCode::HostUnreachable;
    QTest::newRow("timeout")
        << local.arg(m_role).arg(m_silent->port()).arg(m_database, QStringLiteral("connect_timeout=2"))
        << ConnectErrorCode::Timeout;
    QTest::newRow("server without TLS")
        << local.arg(m_role).arg(m_noTls->port()).arg(m_database, QStringLiteral("sslmode=require"))
        << ConnectErrorCode::TlsFailed;
    QTest::newRow("wrong CA") << m_pg->tcpUrl(m_role, kPassword, m_database,
                                              QStringLiteral("sslmode=verify-full&sslrootcert=")
                                                  + m_pg->otherCaFile())
                              << ConnectErrorCode::TlsFailed;
    QTest::newRow("missing root certificate") << m_pg->tcpUrl(
        m_role, kPassword, m_database, QStringLiteral("sslmode=verify-ca&sslrootcert=/nonexistent/ca.crt"))
                                              << ConnectErrorCode::TlsFailed;
}

void TestConnectErrorGerman::classifiesEveryFailure()
{
    QFETCH(QString, url);
    QFETCH(ConnectErrorCode, expected);

    const QString name = QStringLiteral("german-%1").arg(++m_attempt);
    const ConnectResult result = DatabaseConnector::open(settingsFor(url), name);
    QVERIFY(!result.ok());
    QVERIFY2(result.error.code == expected,
             qPrintable(QStringLiteral("got %1: %2").arg(codeName(result.error.code), result.error.detail)));
    QVERIFY(!result.error.detail.isEmpty());
    QVERIFY(!result.error.detail.contains(kPassword));
    QVERIFY(!QSqlDatabase::contains(name));
}

void TestConnectErrorGerman::showsLibpqWordsInEnglish()
{
    // The price of the pin: libpq's own part of the detail is English; the server's stays its own.
    const ConnectResult refused = DatabaseConnector::open(
        settingsFor(QStringLiteral("postgresql://%1:x@127.0.0.1:1/%2").arg(m_role, m_database)),
        QStringLiteral("german-refused"));
    QVERIFY2(refused.error.detail.contains(QLatin1String("Connection refused")),
             qPrintable(refused.error.detail));

    const ConnectResult missing
        = DatabaseConnector::open(settingsFor(m_pg->tcpUrl(m_role, kPassword, QStringLiteral("no_such_db"))),
                                  QStringLiteral("german-missing"));
    QVERIFY2(missing.error.detail.contains(QStringLiteral("Datenbank »no_such_db« existiert nicht")),
             qPrintable(missing.error.detail));

    // Only for the connect: afterwards this thread's libpq speaks German again.
    const QString after = rawOpenError(QStringLiteral("probe-after"), QStringLiteral("127.0.0.1"), 1,
                                       QStringLiteral("x"), {});
    QVERIFY2(after.contains(QLatin1String("Verbindungsaufbau abgelehnt")), qPrintable(after));
}

void TestConnectErrorGerman::cleanupTestCase()
{
    m_silent.reset();
    m_noTls.reset();
    m_startingUp.reset();
    m_pg.reset();
}

QTEST_GUILESS_MAIN(TestConnectErrorGerman)

#include "tst_connecterror_german.moc"
