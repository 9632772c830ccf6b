// SecretStore against the real Secret Service (gnome-keyring in the private D-Bus session that
// scripts/test starts), and without any session bus, where it must answer "unavailable" fast.

#include "SecretStore.h"

#include <QTest>
#include <QUuid>

class TestSecretStore : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip();
    void readMissingEntry();
    void unavailableWithoutBus();

private:
    SecretStore::Result call(const std::function<void(SecretStore&, SecretStore::Callback)>& start);
};

SecretStore::Result
TestSecretStore::call(const std::function<void(SecretStore&, SecretStore::Callback)>& start)
{
    SecretStore store(nullptr, QStringLiteral("astralis-console-test"), 8000);
    SecretStore::Result result;
    bool done = false;
    start(store, [&](const SecretStore::Result& r) {
        result = r;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 15000))
        qWarning("keychain call never answered");
    return result;
}

void TestSecretStore::roundTrip()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "needs the private D-Bus session with an unlocked keyring: run through scripts/test");
    const QString key = QStringLiteral("test/") + QUuid::createUuid().toString();
    const QString secret = QStringLiteral("s3cret-") + QUuid::createUuid().toString();

    auto written = call([&](SecretStore& s, SecretStore::Callback cb) { s.write(key, secret, this, cb); });
    QVERIFY2(written.ok(), qPrintable(written.detail));

    auto read = call([&](SecretStore& s, SecretStore::Callback cb) { s.read(key, this, cb); });
    QVERIFY2(read.ok(), qPrintable(read.detail));
    QCOMPARE(read.value, secret);

    auto removed = call([&](SecretStore& s, SecretStore::Callback cb) { s.remove(key, this, cb); });
    QVERIFY2(removed.ok(), qPrintable(removed.detail));

    auto gone = call([&](SecretStore& s, SecretStore::Callback cb) { s.read(key, this, cb); });
    QCOMPARE(gone.status, SecretStore::Status::NotFound);
}

void TestSecretStore::readMissingEntry()
{
    auto result = call([&](SecretStore& s, SecretStore::Callback cb) {
        s.read(QStringLiteral("test/never-written-") + QUuid::createUuid().toString(), this, cb);
    });
    QCOMPARE(result.status, SecretStore::Status::NotFound);
    QVERIFY(result.value.isEmpty());
}

void TestSecretStore::unavailableWithoutBus()
{
    QVERIFY2(qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").contains(QLatin1String("nonexistent")),
             "run as the tst_secretstore_nobus test, whose session bus address leads nowhere");
    auto result = call(
        [&](SecretStore& s, SecretStore::Callback cb) { s.read(QStringLiteral("test/any"), this, cb); });
    QCOMPARE(result.status, SecretStore::Status::Unavailable);
    QVERIFY(!result.detail.isEmpty()); // the reason shown to the person
    // Reported by the keychain itself, not found out by the store's timeout.
    QVERIFY2(!result.detail.contains(QLatin1String("did not answer")), qPrintable(result.detail));
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
