// The first-run / connection dialog against a real server and the real keychain: every failure
// gets its own message in the dialog, success saves the profile without its password and the
// password in the keychain, and without a keychain the password is asked each session.

#include "ConnectionController.h"
#include "ConnectionDialog.h"
#include "ConnectionProfileStore.h"
#include "ConnectionSettings.h"
#include "ConnectionUrl.h"
#include "ConsoleSession.h"
#include "DatabaseService.h"
#include "MainWindow.h"
#include "PgCluster.h"
#include "SecretStore.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTest>

#include <memory>
#include <optional>

namespace {

const QString kPassword = QStringLiteral("dialog-pass-8");

template <typename T>
T* child(QWidget* parent, const char* name)
{
    auto* widget = parent->findChild<T*>(QString::fromLatin1(name));
    if (!widget)
        qFatal("no widget %s", name);
    return widget;
}

} // namespace

class TestConnectionDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void malformedUrlIsExplainedInline();
    void failuresAreExplainedInTheDialog_data();
    void failuresAreExplainedInTheDialog();
    void pastedPasswordLeavesTheUrl();
    void failedCommandLineUrlStaysInTheDialog();
    void newerDatabaseStillWorks();
    void successSavesProfileAndKeychainPassword();
    void nextStartSignsInFromKeychain();
    void withoutKeychainThePasswordIsAskedEachSession();

private:
    ConnectionDialog* openDialog(ConsoleSession& session);
    void fill(ConnectionDialog* dialog, const QString& url, const QString& password);
    QByteArray settingsFileBytes() const;
    SecretStore::Result readSecret(ConsoleSession& session, const QString& key);

    PgCluster* m_pg = nullptr;
    PgCluster::Workspace m_workspace;
    QString m_role; // the workspace's staff login
    QString m_database;
};

void TestConnectionDialog::initTestCase()
{
    m_pg = &PgCluster::instance();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    m_workspace
        = m_pg->createWorkspace(QStringLiteral("dlgdb"), QStringLiteral("Dialog Test Org"), kPassword);
    QVERIFY2(m_workspace.error.isEmpty(), qPrintable(m_workspace.error));
    m_role = m_workspace.login;
    m_database = m_workspace.database;
}

ConnectionDialog* TestConnectionDialog::openDialog(ConsoleSession& session)
{
    session.window()->show();
    if (!QTest::qWaitForWindowExposed(session.window()))
        return nullptr;
    session.connections()->start();
    if (!QTest::qWaitFor(
            [&] { return session.connections()->dialog() && session.connections()->dialog()->isVisible(); },
            15000))
        return nullptr;
    return session.connections()->dialog();
}

void TestConnectionDialog::fill(ConnectionDialog* dialog, const QString& url, const QString& password)
{
    auto* urlEdit = child<QLineEdit>(dialog, "urlLineEdit");
    urlEdit->clear();
    QTest::keyClicks(urlEdit, url);
    auto* passwordEdit = child<QLineEdit>(dialog, "passwordLineEdit");
    passwordEdit->clear();
    QTest::keyClicks(passwordEdit, password);
}

QByteArray TestConnectionDialog::settingsFileBytes() const
{
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

SecretStore::Result TestConnectionDialog::readSecret(ConsoleSession& session, const QString& key)
{
    // Shared, so a late answer never writes to a finished stack frame.
    auto answer = std::make_shared<std::optional<SecretStore::Result>>();
    session.secrets()->read(key, this, [answer](const SecretStore::Result& r) { *answer = r; });
    if (!QTest::qWaitFor([&] { return answer->has_value(); }, 15000))
        return {};
    return **answer;
}

void TestConnectionDialog::malformedUrlIsExplainedInline()
{
    QSettings().clear();
    ConsoleSession session;
    ConnectionDialog* dialog = openDialog(session);
    QVERIFY(dialog); // first run: no saved connection, so the dialog asks
    auto* connect = child<QPushButton>(dialog, "connectButton");
    auto* hint = child<QLabel>(dialog, "urlHintLabel");
    QVERIFY(!connect->isEnabled()); // nothing typed yet

    fill(dialog, QStringLiteral("postgresql://bob@db.example.com:54x2/astralis"), QString());
    QVERIFY2(hint->text().contains(QLatin1String("port in the database URL")), qPrintable(hint->text()));
    QVERIFY(!connect->isEnabled());

    fill(dialog, QStringLiteral("mysql://bob@db/astralis"), QString());
    QVERIFY2(hint->text().contains(QLatin1String("postgresql://")), qPrintable(hint->text()));

    fill(dialog, QStringLiteral("postgresql://bob@db.example.com/astralis?sslmode=verify-full"), QString());
    QVERIFY(connect->isEnabled());
    QVERIFY2(hint->text().contains(QLatin1String("verify-full")), qPrintable(hint->text()));
    // The TLS box follows the URL.
    QCOMPARE(child<QWidget>(dialog, "sslModeComboBox")->property("currentData").toString(),
             QStringLiteral("verify-full"));

    // A server on the network without sslmode: verify-full, said in the TLS box.
    fill(dialog, QStringLiteral("postgresql://bob@db.example.com/astralis"), QString());
    QCOMPARE(child<QWidget>(dialog, "sslModeComboBox")->property("currentData").toString(),
             QStringLiteral("verify-full"));
    QVERIFY2(!hint->text().contains(QLatin1String("Warning")), qPrintable(hint->text()));
    // A mode an attacker on the path can defeat is allowed, with a warning.
    fill(dialog, QStringLiteral("postgresql://bob@db.example.com/astralis?sslmode=prefer"), QString());
    QVERIFY(connect->isEnabled());
    QVERIFY2(hint->text().contains(QLatin1String("Warning: with sslmode=prefer")), qPrintable(hint->text()));
    // Choosing it in the TLS box writes it into the URL, as the host's default is verify-full.
    fill(dialog, QStringLiteral("postgresql://bob@db.example.com/astralis"), QString());
    auto* combo = child<QComboBox>(dialog, "sslModeComboBox");
    combo->setCurrentIndex(combo->findData(QStringLiteral("disable")));
    QCOMPARE(child<QLineEdit>(dialog, "urlLineEdit")->text(),
             QStringLiteral("postgresql://bob@db.example.com:5432/astralis?sslmode=disable"));
    QVERIFY2(hint->text().contains(QLatin1String("Warning: with sslmode=disable")), qPrintable(hint->text()));
    // On this computer libpq's default stays, without a warning.
    fill(dialog, QStringLiteral("postgresql://bob@127.0.0.1/astralis?sslmode=disable"), QString());
    QVERIFY2(!hint->text().contains(QLatin1String("Warning")), qPrintable(hint->text()));
}

void TestConnectionDialog::failuresAreExplainedInTheDialog_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("mentions");

    const QString tcp = QStringLiteral("postgresql://%1@127.0.0.1:%2/%3");
    QTest::newRow("wrong password") << tcp.arg(m_role).arg(m_pg->port()).arg(m_database)
                                    << QStringLiteral("not-it")
                                    << QStringLiteral("Wrong user name or password") << m_role;
    QTest::newRow("unreachable") << QStringLiteral("postgresql://bob@127.0.0.1:1/astralis")
                                 << QStringLiteral("x") << QStringLiteral("Server unreachable")
                                 << QStringLiteral("127.0.0.1:1");
    QTest::newRow("missing database")
        << tcp.arg(m_role).arg(m_pg->port()).arg(QStringLiteral("gone_db")) << kPassword
        << QStringLiteral("Database not found") << QStringLiteral("gone_db");
    // Connected, but the console cannot work there: each says why.
    const QString loner = m_pg->createRole(QStringLiteral("loner"), kPassword);
    QTest::newRow("login not linked") << tcp.arg(loner).arg(m_pg->port()).arg(m_database) << kPassword
                                      << QStringLiteral("Login not linked") << QStringLiteral("staff add");
    const QString empty = m_pg->createDatabase(QStringLiteral("plain"), loner);
    QTest::newRow("no Astralis schema")
        << tcp.arg(loner).arg(m_pg->port()).arg(empty) << kPassword
        << QStringLiteral("Not an Astralis database") << QStringLiteral("db deploy");
    // An older database (a migration not yet applied) is refused with what to do.
    const PgCluster::Workspace old
        = m_pg->createWorkspace(QStringLiteral("olddb"), QStringLiteral("Old Org"), kPassword);
    m_pg->exec(QStringLiteral("DELETE FROM \"_prisma_migrations\" WHERE migration_name = "
                              "(SELECT max(migration_name) FROM \"_prisma_migrations\")"),
               nullptr, old.database);
    QTest::newRow("database behind") << tcp.arg(old.login).arg(m_pg->port()).arg(old.database) << kPassword
                                     << QStringLiteral("Database needs an update")
                                     << QStringLiteral("db deploy");
    QTest::newRow("TLS") << tcp.arg(m_role).arg(m_pg->port()).arg(m_database)
            + QStringLiteral("?sslmode=verify-full&sslrootcert=") + m_pg->otherCaFile()
                         << kPassword << QStringLiteral("Secure connection (TLS) failed")
                         << QStringLiteral("sslrootcert");
}

void TestConnectionDialog::failuresAreExplainedInTheDialog()
{
    QFETCH(QString, url);
    QFETCH(QString, password);
    QFETCH(QString, title);
    QFETCH(QString, mentions);
    QSettings().clear();
    ConsoleSession session;
    ConnectionDialog* dialog = openDialog(session);
    QVERIFY(dialog);
    fill(dialog, url, password);
    QTest::mouseClick(child<QPushButton>(dialog, "connectButton"), Qt::LeftButton);

    auto* errorTitle = child<QLabel>(dialog, "errorTitleLabel");
    QTRY_COMPARE_WITH_TIMEOUT(errorTitle->text(), title, 15000);
    const QString text = child<QLabel>(dialog, "errorTextLabel")->text();
    QVERIFY2(text.contains(mentions), qPrintable(text));
    QVERIFY(!text.contains(kPassword));
    // Still there, with what was typed, ready for a correction.
    QVERIFY(dialog->isVisible());
    QCOMPARE(child<QLineEdit>(dialog, "urlLineEdit")->text(), url);
    QVERIFY(child<QPushButton>(dialog, "connectButton")->isEnabled());
    QCOMPARE(session.database()->state(), DatabaseService::State::Disconnected);
    // A failed attempt never becomes a saved connection.
    QVERIFY(session.profiles()->profiles().isEmpty());
}

void TestConnectionDialog::pastedPasswordLeavesTheUrl()
{
    QSettings().clear();
    ConsoleSession session;
    ConnectionDialog* dialog = openDialog(session);
    QVERIFY(dialog);
    auto* urlEdit = child<QLineEdit>(dialog, "urlLineEdit");
    urlEdit->setText(
        QStringLiteral("postgresql://jane:pa%40ss-word@db.example.com:5432/astralis?sslmode=require"));
    QCOMPARE(urlEdit->text(),
             QStringLiteral("postgresql://jane@db.example.com:5432/astralis?sslmode=require"));
    QCOMPARE(child<QLineEdit>(dialog, "passwordLineEdit")->text(), QStringLiteral("pa@ss-word"));
    QVERIFY(child<QLabel>(dialog, "noticeLabel")->isVisible());
}

void TestConnectionDialog::failedCommandLineUrlStaysInTheDialog()
{
    QSettings().clear();
    ConsoleSession session;
    session.window()->show();
    QVERIFY(QTest::qWaitForWindowExposed(session.window()));
    const QString url = QStringLiteral("postgresql://jane@127.0.0.1:1/astralis?sslmode=require");
    session.connections()->start(
        QStringLiteral("postgresql://jane:typed-pw@127.0.0.1:1/astralis?sslmode=require"));
    QTRY_VERIFY_WITH_TIMEOUT(session.connections()->dialog() && session.connections()->dialog()->isVisible(),
                             15000);
    ConnectionDialog* dialog = session.connections()->dialog();
    QCOMPARE(child<QLabel>(dialog, "errorTitleLabel")->text(), QStringLiteral("Server unreachable"));
    // What was tried is in the form, ready to correct: URL, password and TLS mode.
    QCOMPARE(child<QLineEdit>(dialog, "urlLineEdit")->text(), url);
    QCOMPARE(child<QLineEdit>(dialog, "passwordLineEdit")->text(), QStringLiteral("typed-pw"));
    QCOMPARE(child<QWidget>(dialog, "sslModeComboBox")->property("currentData").toString(),
             QStringLiteral("require"));
}

void TestConnectionDialog::newerDatabaseStillWorks()
{
    // A migration this console does not know: the web platform was updated first.
    const PgCluster::Workspace newer
        = m_pg->createWorkspace(QStringLiteral("newdb"), QStringLiteral("New Org"), kPassword);
    QVERIFY(m_pg->exec(
        QStringLiteral(
            "INSERT INTO \"_prisma_migrations\" (id, checksum, migration_name, finished_at, "
            "applied_steps_count) VALUES ('x', repeat('0', 64), '29990101000000_future', now(), 1)"),
        nullptr, newer.database));
    QSettings().clear();
    ConsoleSession session;
    session.window()->show();
    QVERIFY(QTest::qWaitForWindowExposed(session.window()));
    session.connections()->start(m_pg->tcpUrl(newer.login, kPassword, newer.database));
    QTRY_COMPARE_WITH_TIMEOUT(session.database()->session().organizationName, QStringLiteral("New Org"),
                              15000);
    QVERIFY(session.database()->session().databaseNewer);
    // Loopback without sslmode: libpq's prefer, which the server answered with TLS; no password
    // binding demanded, and nothing to warn about on this computer.
    auto* tls = session.window()->findChild<QLabel*>(QStringLiteral("tlsStateLabel"));
    QVERIFY(tls);
    QTRY_VERIFY(!tls->isHidden()); // a status bar message may cover it for a while
    QVERIFY2(tls->text().startsWith(QLatin1String("TLS 1.")), qPrintable(tls->text()));
    QVERIFY2(tls->toolTip().contains(QLatin1String("Channel binding: not required")),
             qPrintable(tls->toolTip()));
    QVERIFY2(!tls->toolTip().contains(QLatin1String("Warning")), qPrintable(tls->toolTip()));
    QTRY_VERIFY(
        session.window()->statusBar()->currentMessage().contains(QLatin1String("29990101000000_future")));
}

void TestConnectionDialog::successSavesProfileAndKeychainPassword()
{
    QSettings().clear();
    ConsoleSession session;
    ConnectionDialog* dialog = openDialog(session);
    QVERIFY(dialog);
    QTest::keyClicks(child<QLineEdit>(dialog, "nameLineEdit"), QStringLiteral("Test server"));
    const QString url = QStringLiteral("postgresql://%1@127.0.0.1:%2/%3?sslmode=require")
                            .arg(m_role)
                            .arg(m_pg->port())
                            .arg(m_database);
    fill(dialog, url, kPassword);
    QTest::mouseClick(child<QPushButton>(dialog, "connectButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(session.database()->state(), DatabaseService::State::Online, 15000);
    QTRY_VERIFY(!session.connections()->dialog() || !session.connections()->dialog()->isVisible());

    // The status bar says how the connection is protected, as the server reports it: TLS, and
    // with sslmode=require and a password, SCRAM bound to this TLS connection.
    const SessionInfo& info = session.database()->session();
    QVERIFY(info.tls);
    QVERIFY2(info.tlsVersion.startsWith(QLatin1String("TLSv1.")), qPrintable(info.tlsVersion));
    auto* tls = session.window()->findChild<QLabel*>(QStringLiteral("tlsStateLabel"));
    QVERIFY(tls);
    QTRY_VERIFY(!tls->isHidden()); // a status bar message may cover it for a while
    QCOMPARE(tls->text(), QString(info.tlsVersion).replace(QLatin1String("TLSv"), QLatin1String("TLS ")));
    QVERIFY2(tls->toolTip().contains(info.tlsCipher) && !info.tlsCipher.isEmpty(),
             qPrintable(tls->toolTip()));
    QVERIFY2(tls->toolTip().contains(QLatin1String("Channel binding: required")), qPrintable(tls->toolTip()));
    QVERIFY2(tls->toolTip().contains(QLatin1String("not checked (sslmode=require)")),
             qPrintable(tls->toolTip()));

    const auto profiles = session.profiles()->profiles();
    QCOMPARE(profiles.size(), 1);
    QCOMPARE(profiles.first().name, QStringLiteral("Test server"));
    QCOMPARE(profiles.first().url, url);
    QCOMPARE(session.profiles()->lastUsedId(), profiles.first().id);
    QVERIFY(!settingsFileBytes().isEmpty());
    QVERIFY(!settingsFileBytes().contains(kPassword.toUtf8()));

    // The password went to the keychain, under the login's key.
    const ConnectionSettings settings = ConnectionUrl::parse(url).settings;
    SecretStore::Result stored;
    // The keychain write finishes after the dialog closes: poll until it is there.
    QTRY_VERIFY_WITH_TIMEOUT((stored = readSecret(session, settings.secretKey())).ok(), 30000);
    QCOMPARE(stored.value, kPassword);
}

void TestConnectionDialog::nextStartSignsInFromKeychain()
{
    // Same settings and keychain as the previous test: a new console signs in by itself.
    ConsoleSession session;
    session.window()->show();
    QVERIFY(QTest::qWaitForWindowExposed(session.window()));
    session.connections()->start();
    QTRY_COMPARE_WITH_TIMEOUT(session.database()->state(), DatabaseService::State::Online, 15000);
    QCOMPARE(session.database()->session().role, m_role);
    QVERIFY(!session.connections()->dialog());
}

void TestConnectionDialog::withoutKeychainThePasswordIsAskedEachSession()
{
    // Everything else here needs the keychain; this needs none: tst_connectiondialog_nobus runs
    // it with a session bus that leads nowhere.
    if (!qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").contains(QLatin1String("nonexistent")))
        QSKIP("needs a session without a keychain: run as tst_connectiondialog_nobus");
    QSettings().clear();
    const QString url
        = QStringLiteral("postgresql://%1@127.0.0.1:%2/%3").arg(m_role).arg(m_pg->port()).arg(m_database);
    {
        ConsoleSession session;
        ConnectionDialog* dialog = openDialog(session);
        QVERIFY(dialog);
        fill(dialog, url, kPassword);
        QTest::mouseClick(child<QPushButton>(dialog, "connectButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(session.database()->state(), DatabaseService::State::Online, 15000);
        // Saving failed: the status bar says so and why.
        QTRY_VERIFY_WITH_TIMEOUT(
            session.window()->statusBar()->currentMessage().contains(QLatin1String("could not be saved")),
            15000);
    }
    QVERIFY(!settingsFileBytes().contains(kPassword.toUtf8()));

    ConsoleSession next;
    ConnectionDialog* dialog = openDialog(next);
    QVERIFY(dialog);
    const QString notice = child<QLabel>(dialog, "noticeLabel")->text();
    QVERIFY2(notice.contains(QLatin1String("No system keychain is available")), qPrintable(notice));
    QVERIFY2(notice.contains(QLatin1String("enter it each session")), qPrintable(notice));
    QCOMPARE(child<QLineEdit>(dialog, "urlLineEdit")->text(), url);
    QVERIFY(child<QLineEdit>(dialog, "passwordLineEdit")->text().isEmpty());
    QTest::keyClicks(child<QLineEdit>(dialog, "passwordLineEdit"), kPassword);
    QTest::mouseClick(child<QPushButton>(dialog, "connectButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(next.database()->state(), DatabaseService::State::Online, 15000);
}

QTEST_MAIN(TestConnectionDialog)
#include "tst_connectiondialog.moc"
