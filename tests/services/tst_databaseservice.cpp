// DatabaseService against a real PostgreSQL 15 server: connecting in every way the URL allows,
// each failure classified, work on the worker thread, and recovery from a dropped connection.

#include "ConnectionUrl.h"
#include "DatabaseService.h"
#include "PgCluster.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QThread>
#include <QTimer>

namespace {

const QString kPassword = QStringLiteral("correct horse 1!");

ConnectionSettings settingsFor(const QString& url)
{
    const UrlParseResult parsed = ConnectionUrl::parse(url);
    if (!parsed.ok)
        qFatal("test URL does not parse: %s", qPrintable(parsed.error));
    return parsed.settings;
}

DbWork scalarWork(const QString& sql)
{
    return [sql](QSqlDatabase& db) {
        QSqlQuery query(db);
        if (!query.exec(sql) || !query.next())
            return DbResult::fromQuery(query);
        return DbResult::success(query.value(0));
    };
}

} // namespace

class TestDatabaseService : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void connectsAndReportsSession();
    void connectsOverUnixSocket();
    void verifiesServerCertificate_data();
    void verifiesServerCertificate();
    void classifiesFailures_data();
    void classifiesFailures();
    void runsWorkOnWorkerThread();
    void eventLoopRunsDuringSlowQuery();
    void carriesSqlState();
    void refusesWorkWhileOffline();
    void heartbeatDetectsDropAndReconnects();
    void queryOnDeadConnectionReportsLoss();
    void networkChangeChecksAtOnce();
    void stopsRetryingWhenPasswordChanged();

private:
    bool connectService(DatabaseService& service, const QString& url);

    PgCluster* m_pg = nullptr;
    QString m_role;
    QString m_database;
};

void TestDatabaseService::initTestCase()
{
    m_pg = &PgCluster::instance();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    m_role = m_pg->createRole(QStringLiteral("staff"), kPassword);
    QVERIFY(!m_role.isEmpty());
    m_database = m_pg->createDatabase(QStringLiteral("astralis"), m_role);
    QVERIFY(!m_database.isEmpty());
    // pg-cluster's pg_hba.conf refuses this role without TLS.
    m_pg->exec(QStringLiteral("DO $$ BEGIN CREATE ROLE tls_only LOGIN PASSWORD 'tls-pass-1'; "
                              "EXCEPTION WHEN duplicate_object THEN NULL; END $$"));
}

bool TestDatabaseService::connectService(DatabaseService& service, const QString& url)
{
    QSignalSpy connected(&service, &DatabaseService::connected);
    QSignalSpy failed(&service, &DatabaseService::connectFailed);
    service.connectTo(settingsFor(url));
    if (!QTest::qWaitFor([&] { return connected.count() + failed.count() > 0; }, 15000))
        return false;
    if (!failed.isEmpty())
        qWarning("connect failed: %s", qPrintable(failed.first().first().value<ConnectError>().detail));
    return connected.count() == 1;
}

void TestDatabaseService::connectsAndReportsSession()
{
    DatabaseService service;
    QSignalSpy states(&service, &DatabaseService::stateChanged);
    QVERIFY(connectService(service,
                           m_pg->tcpUrl(m_role, kPassword, m_database, QStringLiteral("sslmode=require"))));
    QCOMPARE(service.state(), DatabaseService::State::Online);
    QCOMPARE(service.session().role, m_role);
    QCOMPARE(service.session().database, m_database);
    QVERIFY2(service.session().serverVersion.startsWith(QLatin1String("15")),
             qPrintable(service.session().serverVersion));
    QVERIFY(service.session().backendPid > 0);
    QVERIFY(service.session().serverLabel.contains(m_database));
    QVERIFY(!service.session().serverLabel.contains(kPassword));
    // Connecting, then Online.
    QCOMPARE(states.count(), 2);
    QCOMPARE(states.at(0).first().value<DatabaseService::State>(), DatabaseService::State::Connecting);
    // The settings the service exposes never hold the password.
    QVERIFY(service.settings().password.isEmpty());
}

void TestDatabaseService::connectsOverUnixSocket()
{
    DatabaseService service;
    QVERIFY(connectService(service, m_pg->socketUrl(m_role, m_database)));
    QCOMPARE(service.session().role, m_role);
    DbResult result;
    service.run(this, scalarWork(QStringLiteral("SELECT inet_server_addr() IS NULL")),
                [&](const DbResult& r) { result = r; });
    QTRY_VERIFY(result.ok);
    QCOMPARE(result.value.toBool(), true); // no TCP address: it really is the socket
}

void TestDatabaseService::verifiesServerCertificate_data()
{
    QTest::addColumn<QString>("query");
    QTest::newRow("verify-ca") << QStringLiteral("sslmode=verify-ca&sslrootcert=%1");
    QTest::newRow("verify-full") << QStringLiteral("sslmode=verify-full&sslrootcert=%1");
}

void TestDatabaseService::verifiesServerCertificate()
{
    QFETCH(QString, query);
    DatabaseService service;
    QVERIFY(connectService(service, m_pg->tcpUrl(m_role, kPassword, m_database, query.arg(m_pg->caFile()))));
    DbResult result;
    service.run(this, scalarWork(QStringLiteral("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")),
                [&](const DbResult& r) { result = r; });
    QTRY_VERIFY(result.ok);
    QCOMPARE(result.value.toBool(), true);
}

void TestDatabaseService::classifiesFailures_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<ConnectErrorCode>("expected");

    QTest::newRow("wrong password") << m_pg->tcpUrl(m_role, QStringLiteral("wrong"), m_database)
                                    << ConnectErrorCode::AuthenticationFailed;
    QTest::newRow("unknown role") << m_pg->tcpUrl(QStringLiteral("nobody_here"), QStringLiteral("x1234"),
                                                  m_database)
                                  << ConnectErrorCode::AuthenticationFailed;
    QTest::newRow("no password") << m_pg->tcpUrl(m_role, QString(), m_database)
                                 << ConnectErrorCode::PasswordRequired;
    QTest::newRow("missing database")
        << m_pg->tcpUrl(m_role, kPassword, QStringLiteral("no_such_db")) << ConnectErrorCode::DatabaseMissing;
    QTest::newRow("refused port")
        << QStringLiteral("postgresql://%1:x@127.0.0.1:1/%2").arg(m_role, m_database)
        << ConnectErrorCode::HostUnreachable;
    QTest::newRow("missing socket")
        << QStringLiteral("postgresql://%1@localhost/%2?host=/nonexistent-dir").arg(m_role, m_database)
        << ConnectErrorCode::HostUnreachable;
    QTest::newRow("wrong CA") << m_pg->tcpUrl(m_role, kPassword, m_database,
                                              QStringLiteral("sslmode=verify-full&sslrootcert=")
                                                  + m_pg->otherCaFile())
                              << ConnectErrorCode::TlsFailed;
    QTest::newRow("missing root cert") << m_pg->tcpUrl(
        m_role, kPassword, m_database, QStringLiteral("sslmode=verify-ca&sslrootcert=/nonexistent/ca.crt"))
                                       << ConnectErrorCode::TlsFailed;
    QTest::newRow("host name mismatch")
        << QStringLiteral("postgresql://%1:%2@127.0.0.1:%3/%4?sslmode=verify-full&sslrootcert=%5")
               .arg(m_role, QString::fromLatin1(QUrl::toPercentEncoding(kPassword)))
               .arg(m_pg->port())
               .arg(m_database, m_pg->otherCaFile())
        << ConnectErrorCode::TlsFailed;
    QTest::newRow("TLS-only login without TLS")
        << m_pg->tcpUrl(QStringLiteral("tls_only"), QStringLiteral("tls-pass-1"), m_database,
                        QStringLiteral("sslmode=disable"))
        << ConnectErrorCode::AccessRejected;
}

void TestDatabaseService::classifiesFailures()
{
    QFETCH(QString, url);
    QFETCH(ConnectErrorCode, expected);
    DatabaseService service;
    QSignalSpy connected(&service, &DatabaseService::connected);
    QSignalSpy failed(&service, &DatabaseService::connectFailed);
    service.connectTo(settingsFor(url));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 15000);
    const auto error = failed.first().first().value<ConnectError>();
    QVERIFY2(error.code == expected,
             qPrintable(QStringLiteral("got code %1: %2").arg(int(error.code)).arg(error.detail)));
    QVERIFY(!error.detail.isEmpty());
    QVERIFY(!error.detail.contains(kPassword));
    QCOMPARE(connected.count(), 0);
    QCOMPARE(service.state(), DatabaseService::State::Disconnected);
}

void TestDatabaseService::runsWorkOnWorkerThread()
{
    DatabaseService service;
    QVERIFY(connectService(service, m_pg->socketUrl(m_role, m_database)));
    QThread* workThread = nullptr;
    QThread* doneThread = nullptr;
    DbResult result;
    service.run(
        this,
        [&workThread](QSqlDatabase& db) {
            workThread = QThread::currentThread();
            QSqlQuery query(db);
            query.exec(QStringLiteral("SELECT current_user"));
            query.next();
            return DbResult::success(query.value(0));
        },
        [&](const DbResult& r) {
            doneThread = QThread::currentThread();
            result = r;
        });
    QTRY_VERIFY(doneThread != nullptr);
    QVERIFY(workThread != nullptr);
    QVERIFY(workThread != QThread::currentThread());
    QCOMPARE(doneThread, QThread::currentThread());
    QCOMPARE(result.value.toString(), m_role);
}

void TestDatabaseService::eventLoopRunsDuringSlowQuery()
{
    DatabaseService service;
    QVERIFY(connectService(service, m_pg->socketUrl(m_role, m_database)));
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
    ticker.start(10);
    bool done = false;
    service.run(this, scalarWork(QStringLiteral("SELECT pg_sleep(1.0)")),
                [&](const DbResult&) { done = true; });
    QVERIFY(!done); // run() returns at once
    QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
    // The calling thread kept handling events all the time the server was busy.
    QVERIFY2(ticks >= 20, qPrintable(QString::number(ticks)));
}

void TestDatabaseService::carriesSqlState()
{
    DatabaseService service;
    QVERIFY(connectService(service, m_pg->socketUrl(m_role, m_database)));
    DbResult result;
    bool done = false;
    service.run(this, scalarWork(QStringLiteral("SELECT * FROM no_such_table")), [&](const DbResult& r) {
        result = r;
        done = true;
    });
    QTRY_VERIFY(done);
    QVERIFY(!result.ok);
    QCOMPARE(result.sqlState, QStringLiteral("42P01"));
    QVERIFY(result.error.contains(QLatin1String("no_such_table")));
    QVERIFY(!result.connectionLost);
    QCOMPARE(service.state(), DatabaseService::State::Online);
}

void TestDatabaseService::refusesWorkWhileOffline()
{
    DatabaseService service;
    bool workRan = false;
    DbResult result;
    bool done = false;
    service.run(
        this,
        [&workRan](QSqlDatabase&) {
            workRan = true;
            return DbResult::success();
        },
        [&](const DbResult& r) {
            result = r;
            done = true;
        });
    QVERIFY(!done); // answered asynchronously, like every other result
    QTRY_VERIFY(done);
    QVERIFY(result.offline);
    QVERIFY(!result.ok);
    QVERIFY(!workRan);
}

void TestDatabaseService::heartbeatDetectsDropAndReconnects()
{
    DatabaseService service(nullptr, 300);
    QVERIFY(connectService(service, m_pg->tcpUrl(m_role, kPassword, m_database)));
    const qint64 firstPid = service.session().backendPid;
    QSignalSpy lost(&service, &DatabaseService::connectionLost);
    QSignalSpy retries(&service, &DatabaseService::reconnectScheduled);
    QSignalSpy connected(&service, &DatabaseService::connected);

    QVERIFY(m_pg->terminateSessions(m_role) >= 1);
    QTRY_COMPARE_WITH_TIMEOUT(lost.count(), 1, 5000);
    QVERIFY(retries.count() >= 1);
    QCOMPARE(retries.first().at(0).toInt(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 10000);
    QCOMPARE(service.state(), DatabaseService::State::Online);
    QVERIFY(service.session().backendPid != firstPid);
}

void TestDatabaseService::queryOnDeadConnectionReportsLoss()
{
    DatabaseService service(nullptr, 3600 * 1000); // no heartbeat: the query finds out
    QVERIFY(connectService(service, m_pg->tcpUrl(m_role, kPassword, m_database)));
    QSignalSpy connected(&service, &DatabaseService::connected);
    QVERIFY(m_pg->terminateSessions(m_role) >= 1);

    DbResult result;
    bool done = false;
    service.run(this, scalarWork(QStringLiteral("SELECT 1")), [&](const DbResult& r) {
        result = r;
        done = true;
    });
    QTRY_VERIFY(done);
    QVERIFY(!result.ok);
    QVERIFY(result.connectionLost);
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 10000);
    QCOMPARE(service.state(), DatabaseService::State::Online);
}

void TestDatabaseService::networkChangeChecksAtOnce()
{
    // No heartbeat within the test's time: only the network change can reveal the loss.
    DatabaseService service(nullptr, 3600 * 1000);
    QVERIFY(connectService(service, m_pg->tcpUrl(m_role, kPassword, m_database)));
    QSignalSpy lost(&service, &DatabaseService::connectionLost);
    QSignalSpy connected(&service, &DatabaseService::connected);
    QVERIFY(m_pg->terminateSessions(m_role) >= 1);
    QTest::qWait(300);
    QCOMPARE(lost.count(), 0); // nobody has looked yet
    service.networkChanged(false);
    QTRY_COMPARE_WITH_TIMEOUT(lost.count(), 1, 2000);
    // The network is back: the reconnect does not wait for its backoff.
    service.networkChanged(true);
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 2000);
    QCOMPARE(service.state(), DatabaseService::State::Online);
}

void TestDatabaseService::stopsRetryingWhenPasswordChanged()
{
    const QString role = m_pg->createRole(QStringLiteral("rotating"), kPassword);
    DatabaseService service(nullptr, 300);
    QVERIFY(connectService(service, m_pg->tcpUrl(role, kPassword, m_database)));
    QSignalSpy failed(&service, &DatabaseService::connectFailed);
    QVERIFY(m_pg->exec(QStringLiteral("ALTER ROLE \"%1\" PASSWORD 'rotated-elsewhere'").arg(role)));
    QVERIFY(m_pg->terminateSessions(role) >= 1);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
    QCOMPARE(failed.first().first().value<ConnectError>().code, ConnectErrorCode::AuthenticationFailed);
    QCOMPARE(service.state(), DatabaseService::State::Disconnected);
}

QTEST_GUILESS_MAIN(TestDatabaseService)
#include "tst_databaseservice.moc"
