// Plants canary secrets, goes through connect/login and failure paths in the console and the
// CLI, then searches every file the console writes (log, settings, cache, data) for them.

#include "ConnectionController.h"
#include "ConnectionDialog.h"
#include "ConsoleSession.h"
#include "DatabaseService.h"
#include "LogHandler.h"
#include "MainWindow.h"
#include "PgCluster.h"

#include <QDirIterator>
#include <QFile>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

namespace {

// Distinctive, so a hit can only be a leak.
const QString kCanary = QStringLiteral("CanaryPw-7f3a9e2b");
const QString kWrongCanary = QStringLiteral("WrongCanary-51c0d4");
// Split in the source so that no scanner takes the test canary for a real key.
const QString kApiKeyCanary = QStringLiteral("sk-"
                                             "canaryKEY0123456789abcdefXYZ");

} // namespace

class TestSecretsCanary : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void noSecretInAnyFileTheConsoleWrites();
    void cleanupTestCase();

private:
    void runCli(const QStringList& args, const QString& databaseUrl);

    PgCluster* m_pg = nullptr;
    QString m_role;
    QString m_database;
    QString m_logDir;
};

void TestSecretsCanary::initTestCase()
{
    m_pg = &PgCluster::instance();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    const PgCluster::Workspace workspace
        = m_pg->createWorkspace(QStringLiteral("canarydb"), QStringLiteral("Canary Org"), kCanary);
    QVERIFY2(workspace.error.isEmpty(), qPrintable(workspace.error));
    m_role = workspace.login;
    m_database = workspace.database;
    QCoreApplication::setOrganizationName(QStringLiteral("Astralis"));
    QCoreApplication::setApplicationName(QStringLiteral("Astralis Console"));
    QSettings().clear();
    // The same log folder as astralis-console uses.
    m_logDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/logs");
    QVERIFY(LogHandler::install(m_logDir));
}

void TestSecretsCanary::runCli(const QStringList& args, const QString& databaseUrl)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DATABASE_URL"), databaseUrl);
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(ASTRALIS_CLI), args);
    QVERIFY(process.waitForFinished(30000));
    const QByteArray output = process.readAllStandardOutput() + process.readAllStandardError();
    QVERIFY2(!output.contains(kCanary.toUtf8()) && !output.contains(kWrongCanary.toUtf8()),
             output.constData());
}

void TestSecretsCanary::noSecretInAnyFileTheConsoleWrites()
{
    const QString goodUrl = m_pg->tcpUrl(m_role, kCanary, m_database);
    const QString wrongUrl = m_pg->tcpUrl(m_role, kWrongCanary, m_database);

    {
        ConsoleSession::Options options;
        options.heartbeatMs = 300;
        ConsoleSession session(options);
        session.window()->show();
        QVERIFY(QTest::qWaitForWindowExposed(session.window()));

        // Failure path: wrong password typed into the dialog (the URL pasted with it).
        session.connections()->start();
        QTRY_VERIFY(session.connections()->dialog() && session.connections()->dialog()->isVisible());
        ConnectionDialog* dialog = session.connections()->dialog();
        dialog->findChild<QLineEdit*>(QStringLiteral("urlLineEdit"))->setText(wrongUrl);
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("connectButton")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->findChild<QWidget*>(QStringLiteral("errorFrame"))->isHidden(),
                                 15000);

        // Success path: the right password, saved to the keychain.
        dialog->findChild<QLineEdit*>(QStringLiteral("urlLineEdit"))->setText(goodUrl);
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("connectButton")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(session.database()->state(), DatabaseService::State::Online, 15000);

        // Drop and reconnect (the password is re-used from memory).
        QVERIFY(m_pg->terminateSessions(m_role) >= 1);
        QTRY_COMPARE_WITH_TIMEOUT(session.database()->state(), DatabaseService::State::Reconnecting, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(session.database()->state(), DatabaseService::State::Online, 15000);

        // Code that carelessly logs a URL, a conninfo string or an API key.
        qWarning() << "careless:" << goodUrl;
        qInfo("careless conninfo: host=127.0.0.1 password=%s", qPrintable(kWrongCanary));
        qInfo() << "careless header: Authorization: Bearer" << kApiKeyCanary;
        qDebug() << "careless bare secret" << kCanary;
        session.window()->close();
    }
    // The CLI's paths: success, wrong password, malformed URL with a password in it.
    runCli({QStringLiteral("connection"), QStringLiteral("check")}, goodUrl);
    runCli({QStringLiteral("connection"), QStringLiteral("check")}, wrongUrl);
    runCli({QStringLiteral("connection"), QStringLiteral("check")},
           QStringLiteral("postgresql://u:%1@bad host/db").arg(kCanary));
    runCli({QStringLiteral("--verbose"), QStringLiteral("connection"), QStringLiteral("show")}, goodUrl);

    // Everything the console and the CLI wrote: settings, data (logs), cache.
    QSettings().sync();
    const QStringList roots = {QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation),
                               QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation),
                               QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation)};
    int filesSearched = 0;
    bool sawConsoleLog = false;
    bool sawCliLog = false;
    bool sawSettings = false;
    for (const QString& root : roots) {
        QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (path.contains(QLatin1String("/keyrings/")))
                continue; // gnome-keyring's own encrypted store, not ours
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            ++filesSearched;
            sawConsoleLog
                |= path.endsWith(QLatin1String("astralis-console.log")) && bytes.contains("careless:");
            sawCliLog |= path.endsWith(QLatin1String("astralis-cli.log")) && bytes.contains("connected as");
            sawSettings |= path.endsWith(QLatin1String(".conf")) && bytes.contains("connections");
            for (const QString& canary : {kCanary, kWrongCanary, kApiKeyCanary})
                QVERIFY2(!bytes.contains(canary.toUtf8()),
                         qPrintable(QStringLiteral("%1 leaked into %2").arg(canary, path)));
        }
    }
    // The search must have covered real files, or it proves nothing.
    QVERIFY(sawConsoleLog);
    QVERIFY(sawCliLog);
    QVERIFY(sawSettings);
    QVERIFY(filesSearched >= 3);
    // And the log says what happened, with the secret masked.
    QFile log(LogHandler::filePath());
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QByteArray text = log.readAll();
    QVERIFY(text.contains("password authentication failed"));
    QVERIFY(text.contains("***"));
    // Files are private to the user.
    QCOMPARE(QFile::permissions(LogHandler::filePath()) & (QFile::ReadGroup | QFile::ReadOther),
             QFile::Permissions());
}

void TestSecretsCanary::cleanupTestCase()
{
    LogHandler::uninstall();
}

QTEST_MAIN(TestSecretsCanary)
#include "tst_secrets_canary.moc"
