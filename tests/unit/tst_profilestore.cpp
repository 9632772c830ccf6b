#include "ConnectionProfileStore.h"
#include "ConnectionUrl.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QUuid>

#include <memory>

namespace {

ConnectionProfile makeProfile(const QString& name, const QString& url, const QDateTime& lastUsed = {})
{
    ConnectionProfile p;
    p.name = name;
    p.url = url;
    p.lastUsed = lastUsed;
    return p;
}

QDateTime utc(int year, int month, int day)
{
    return QDateTime(QDate(year, month, day), QTime(9, 30), Qt::UTC);
}

QStringList namesOf(const QList<ConnectionProfile>& profiles)
{
    QStringList names;
    for (const ConnectionProfile& p : profiles)
        names << p.name;
    return names;
}

} // namespace

class TestProfileStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void saveAssignsId();
    void saveUpdatesExistingProfile();
    void saveStripsPassword_data();
    void saveStripsPassword();
    void saveNeverStoresPasswordOfMalformedUrl();
    void profilesOrderedByLastUsed();
    void markUsedMovesProfileToFront();
    void markUsedOnUnknownIdCreatesNoProfile();
    void lastUsedIdEmptyInitially();
    void removeDeletesProfile();
    void removeLastUsedClearsLastUsedId();
    void unknownProfileIsEmpty_data();
    void unknownProfileIsEmpty();
    void persistsAcrossInstances();

private:
    QByteArray fileBytes();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ConnectionProfileStore> m_store;
};

void TestProfileStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings
        = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("astralis.ini")), QSettings::IniFormat);
    m_store = std::make_unique<ConnectionProfileStore>(m_settings.get());
}

void TestProfileStore::cleanup()
{
    m_store.reset();
    m_settings.reset();
    m_dir.reset();
}

QByteArray TestProfileStore::fileBytes()
{
    m_settings->sync();
    QFile file(m_settings->fileName());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

void TestProfileStore::saveAssignsId()
{
    const QString url = QStringLiteral("postgresql://bob@db.example.com:5432/astralis?sslmode=require");
    ConnectionProfile input = makeProfile(QStringLiteral("Production"), url);
    input.rememberPassword = false;

    const ConnectionProfile saved = m_store->save(input);
    QVERIFY(!saved.id.isEmpty());
    QVERIFY2(!QUuid::fromString(saved.id).isNull(), qPrintable(saved.id));
    QCOMPARE(saved.name, QStringLiteral("Production"));
    QCOMPARE(saved.url, url);

    const ConnectionProfile loaded = m_store->profile(saved.id);
    QCOMPARE(loaded.id, saved.id);
    QCOMPARE(loaded.name, QStringLiteral("Production"));
    QCOMPARE(loaded.url, url);
    QCOMPARE(loaded.rememberPassword, false);
    QVERIFY(!loaded.lastUsed.isValid());

    const ConnectionProfile other = m_store->save(makeProfile(QStringLiteral("Staging"), url));
    QVERIFY(!other.id.isEmpty());
    QVERIFY(other.id != saved.id);
    QCOMPARE(m_store->profiles().size(), 2);
}

void TestProfileStore::saveUpdatesExistingProfile()
{
    ConnectionProfile saved = m_store->save(makeProfile(
        QStringLiteral("Production"), QStringLiteral("postgresql://bob@db.example.com/astralis")));
    saved.name = QStringLiteral("Production (EU)");
    saved.url = QStringLiteral("postgresql://bob@eu.db.example.com/astralis");

    const ConnectionProfile updated = m_store->save(saved);
    QCOMPARE(updated.id, saved.id);

    const QList<ConnectionProfile> all = m_store->profiles();
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.first().id, saved.id);
    QCOMPARE(all.first().name, QStringLiteral("Production (EU)"));
    QCOMPARE(all.first().url, QStringLiteral("postgresql://bob@eu.db.example.com/astralis"));
}

void TestProfileStore::saveStripsPassword_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("password");

    QTest::newRow("plain") << "postgresql://bob:Tr0ub4dor3@db.example.com:5432/astralis?sslmode=require"
                           << "Tr0ub4dor3";
    QTest::newRow("percent-encoded") << "postgresql://bob:Tr0ub%40dor%2F3@db.example.com/astralis"
                                     << "Tr0ub@dor/3";
    QTest::newRow("unix socket") << "postgresql://jane:Tr0ub4dor3@localhost/astralis?host=/var/run/postgresql"
                                 << "Tr0ub4dor3";
    QTest::newRow("surrounding whitespace") << "  postgresql://bob:Tr0ub4dor3@db.example.com/astralis\n"
                                            << "Tr0ub4dor3";
}

void TestProfileStore::saveStripsPassword()
{
    QFETCH(QString, url);
    QFETCH(QString, password);

    const ConnectionProfile saved = m_store->save(makeProfile(QStringLiteral("Production"), url));
    const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(password));
    QVERIFY2(!saved.url.contains(password) && !saved.url.contains(encoded), qPrintable(saved.url));
    QVERIFY2(!saved.url.contains(QLatin1String("Tr0ub")), qPrintable(saved.url));

    const ConnectionProfile loaded = m_store->profile(saved.id);
    QCOMPARE(loaded.url, saved.url);

    // The stored URL still names the same login.
    const UrlParseResult original = ConnectionUrl::parse(url);
    const UrlParseResult stored = ConnectionUrl::parse(loaded.url);
    QVERIFY2(original.ok, qPrintable(original.error));
    QVERIFY2(stored.ok, qPrintable(stored.error));
    QVERIFY(stored.settings.password.isEmpty());
    QCOMPARE(stored.settings.user, original.settings.user);
    QCOMPARE(stored.settings.host, original.settings.host);
    QCOMPARE(stored.settings.port, original.settings.port);
    QCOMPARE(stored.settings.database, original.settings.database);

    // What matters is the file on disk.
    const QByteArray bytes = fileBytes();
    QVERIFY(!bytes.isEmpty());
    QVERIFY2(bytes.contains("db.example.com") || bytes.contains("/var/run/postgresql"), bytes.constData());
    QVERIFY2(!bytes.contains(password.toUtf8()), bytes.constData());
    QVERIFY2(!bytes.contains(encoded.toLatin1()), bytes.constData());
    QVERIFY2(!bytes.contains("Tr0ub"), bytes.constData());
}

void TestProfileStore::saveNeverStoresPasswordOfMalformedUrl()
{
    // An unencoded space makes the URL invalid; the password in it must still not reach the disk.
    const ConnectionProfile saved = m_store->save(makeProfile(
        QStringLiteral("Typo"), QStringLiteral("postgresql://bob:Tr0ub4dor 3@db.example.com/astralis")));
    QVERIFY2(!saved.url.contains(QLatin1String("Tr0ub4dor")), qPrintable(saved.url));

    const QByteArray bytes = fileBytes();
    QVERIFY2(!bytes.contains("Tr0ub4dor"), bytes.constData());
}

void TestProfileStore::profilesOrderedByLastUsed()
{
    const QString url = QStringLiteral("postgresql://bob@db.example.com/astralis");
    m_store->save(makeProfile(QStringLiteral("January"), url, utc(2024, 1, 10)));
    m_store->save(makeProfile(QStringLiteral("Never"), url));
    m_store->save(makeProfile(QStringLiteral("March"), url, utc(2024, 3, 5)));
    m_store->save(makeProfile(QStringLiteral("February"), url, utc(2024, 2, 1)));

    const QList<ConnectionProfile> all = m_store->profiles();
    QCOMPARE(namesOf(all),
             QStringList({QStringLiteral("March"), QStringLiteral("February"), QStringLiteral("January"),
                          QStringLiteral("Never")}));
    QCOMPARE(all.first().lastUsed, utc(2024, 3, 5));
    QVERIFY(!all.last().lastUsed.isValid());
}

void TestProfileStore::markUsedMovesProfileToFront()
{
    const QString url = QStringLiteral("postgresql://bob@db.example.com/astralis");
    const ConnectionProfile old = m_store->save(makeProfile(QStringLiteral("Old"), url, utc(2023, 6, 1)));
    m_store->save(makeProfile(QStringLiteral("Recent"), url, utc(2024, 6, 1)));
    QCOMPARE(m_store->profiles().first().name, QStringLiteral("Recent"));

    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    m_store->markUsed(old.id);
    const QDateTime after = QDateTime::currentDateTimeUtc().addSecs(1);

    QCOMPARE(m_store->lastUsedId(), old.id);
    const QList<ConnectionProfile> all = m_store->profiles();
    QCOMPARE(namesOf(all), QStringList({QStringLiteral("Old"), QStringLiteral("Recent")}));
    QVERIFY2(all.first().lastUsed >= before && all.first().lastUsed <= after,
             qPrintable(all.first().lastUsed.toString(Qt::ISODateWithMs)));
}

void TestProfileStore::markUsedOnUnknownIdCreatesNoProfile()
{
    // A profile removed while a connection to it was in flight is then marked used.
    const ConnectionProfile kept = m_store->save(
        makeProfile(QStringLiteral("Kept"), QStringLiteral("postgresql://bob@db.example.com/astralis")));
    const ConnectionProfile gone = m_store->save(
        makeProfile(QStringLiteral("Gone"), QStringLiteral("postgresql://bob@db2.example.com/astralis")));
    m_store->remove(gone.id);
    m_store->markUsed(gone.id);

    const QList<ConnectionProfile> all = m_store->profiles();
    QCOMPARE(namesOf(all), QStringList{QStringLiteral("Kept")});
    for (const ConnectionProfile& p : all)
        QVERIFY2(!p.id.isEmpty() && !p.url.isEmpty(), "profiles() lists an entry with no id or URL");
    QVERIFY(m_store->profile(gone.id).id.isEmpty());
    QCOMPARE(m_store->profile(kept.id).name, QStringLiteral("Kept"));
}

void TestProfileStore::lastUsedIdEmptyInitially()
{
    QVERIFY(m_store->lastUsedId().isEmpty());
    m_store->save(makeProfile(QStringLiteral("Production"),
                              QStringLiteral("postgresql://bob@db.example.com/astralis")));
    QVERIFY(m_store->lastUsedId().isEmpty()); // saving is not using
}

void TestProfileStore::removeDeletesProfile()
{
    const QString url = QStringLiteral("postgresql://bob@db.example.com/astralis");
    const ConnectionProfile a = m_store->save(makeProfile(QStringLiteral("A"), url));
    const ConnectionProfile b = m_store->save(makeProfile(QStringLiteral("B"), url));
    m_store->markUsed(b.id);

    m_store->remove(a.id);
    QVERIFY(m_store->profile(a.id).id.isEmpty());
    QCOMPARE(namesOf(m_store->profiles()), QStringList{QStringLiteral("B")});
    QCOMPARE(m_store->lastUsedId(), b.id); // another profile's removal keeps it

    // Removing nothing changes nothing.
    m_store->remove(QString());
    m_store->remove(QStringLiteral("no-such-id"));
    QCOMPARE(namesOf(m_store->profiles()), QStringList{QStringLiteral("B")});
    QCOMPARE(m_store->lastUsedId(), b.id);

    const QByteArray bytes = fileBytes();
    QVERIFY2(!bytes.contains(a.id.toLatin1()), bytes.constData());
}

void TestProfileStore::removeLastUsedClearsLastUsedId()
{
    const QString url = QStringLiteral("postgresql://bob@db.example.com/astralis");
    const ConnectionProfile a = m_store->save(makeProfile(QStringLiteral("A"), url));
    const ConnectionProfile b = m_store->save(makeProfile(QStringLiteral("B"), url));
    m_store->markUsed(b.id);
    m_store->markUsed(a.id);
    QCOMPARE(m_store->lastUsedId(), a.id);

    m_store->remove(a.id);
    QVERIFY(m_store->lastUsedId().isEmpty());
    QCOMPARE(namesOf(m_store->profiles()), QStringList{QStringLiteral("B")});
}

void TestProfileStore::unknownProfileIsEmpty_data()
{
    QTest::addColumn<QString>("id");

    QTest::newRow("unknown id") << QUuid::createUuid().toString(QUuid::WithoutBraces);
    QTest::newRow("empty id") << QString();
    QTest::newRow("garbage") << "../connections";
}

void TestProfileStore::unknownProfileIsEmpty()
{
    QFETCH(QString, id);

    m_store->save(makeProfile(QStringLiteral("Production"),
                              QStringLiteral("postgresql://bob@db.example.com/astralis")));

    const ConnectionProfile p = m_store->profile(id);
    QVERIFY(p.id.isEmpty());
    QVERIFY(p.name.isEmpty());
    QVERIFY(p.url.isEmpty());
    QVERIFY(!p.lastUsed.isValid());
}

void TestProfileStore::persistsAcrossInstances()
{
    const ConnectionProfile saved = m_store->save(
        makeProfile(QStringLiteral("Production"), QStringLiteral("postgresql://bob@db.example.com/astralis"),
                    utc(2024, 5, 1)));
    m_store->markUsed(saved.id);
    const ConnectionProfile before = m_store->profile(saved.id);

    QSettings reopened(m_settings->fileName(), QSettings::IniFormat);
    const ConnectionProfileStore store(&reopened);
    QCOMPARE(store.lastUsedId(), saved.id);
    const ConnectionProfile after = store.profile(saved.id);
    QCOMPARE(after.id, before.id);
    QCOMPARE(after.name, before.name);
    QCOMPARE(after.url, before.url);
    QCOMPARE(after.rememberPassword, before.rememberPassword);
    QCOMPARE(after.lastUsed, before.lastUsed);
}

QTEST_GUILESS_MAIN(TestProfileStore)

#include "tst_profilestore.moc"
