// The catalogues are built into the binaries and chosen by setting or system locale: German in
// full, English for its plural forms only.

#include "Translations.h"

#include <QCoreApplication>
#include <QDate>
#include <QLocale>
#include <QTest>
#include <QTranslator>

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void germanWhenAsked();
    void englishSpellsPlurals();
    void unknownLanguageFallsBackToEnglish();
    void systemLanguageIsFollowed();
    void germanUiFormatsDatesInGerman();

private:
    static QString sample() { return QCoreApplication::translate("ConnectError", "Server unreachable"); }
    static QString cards(int n)
    {
        return QCoreApplication::translate("BoardScreen", "%n card(s)", nullptr, n);
    }
};

void TestTranslations::cleanup()
{
    // Remove every translator installed by the test before the next one.
    for (QTranslator* t : QCoreApplication::instance()->findChildren<QTranslator*>()) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
    QLocale::setDefault(QLocale::system());
}

void TestTranslations::germanWhenAsked()
{
    QCOMPARE(Translations::install(QCoreApplication::instance(), QStringLiteral("de")), QStringLiteral("de"));
    QCOMPARE(sample(), QStringLiteral("Server nicht erreichbar"));
    QCOMPARE(cards(1), QStringLiteral("1 Karte"));
    QCOMPARE(cards(3), QStringLiteral("3 Karten"));
    // Placeholders survive translation.
    QVERIFY(QCoreApplication::translate("ConnectionStatusWidget", "Signed in as %1")
                .contains(QLatin1String("%1")));
}

void TestTranslations::englishSpellsPlurals()
{
    QCOMPARE(Translations::install(QCoreApplication::instance(), QStringLiteral("en")), QStringLiteral("en"));
    QCOMPARE(sample(), QStringLiteral("Server unreachable"));
    // The English catalogue turns the source's "card(s)" into real singular and plural forms.
    QCOMPARE(cards(1), QStringLiteral("1 card"));
    QCOMPARE(cards(2), QStringLiteral("2 cards"));
}

void TestTranslations::unknownLanguageFallsBackToEnglish()
{
    QCOMPARE(Translations::install(QCoreApplication::instance(), QStringLiteral("tlh")),
             QStringLiteral("en"));
    QCOMPARE(sample(), QStringLiteral("Server unreachable"));
    QCOMPARE(cards(0), QStringLiteral("0 cards"));
}

void TestTranslations::systemLanguageIsFollowed()
{
    // QLocale::system() reads the environment; the test sets it like a German desktop would.
    qputenv("LANGUAGE", "de_AT:de");
    qputenv("LC_ALL", "de_AT.UTF-8");
    const QString chosen = Translations::install(QCoreApplication::instance(), QString());
    qputenv("LANGUAGE", "");
    qputenv("LC_ALL", "C.UTF-8");
    QCOMPARE(chosen, QStringLiteral("de"));
    QCOMPARE(sample(), QStringLiteral("Server nicht erreichbar"));
}

void TestTranslations::germanUiFormatsDatesInGerman()
{
    // The tests run in C.UTF-8: a German UI on such a system.
    QCOMPARE(QLocale().toString(QDate(2026, 12, 6), QStringLiteral("MMMM")), QStringLiteral("December"));
    QCOMPARE(Translations::install(QCoreApplication::instance(), QStringLiteral("de")), QStringLiteral("de"));
    QCOMPARE(QLocale().toString(QDate(2026, 12, 6), QStringLiteral("MMMM")), QStringLiteral("Dezember"));
    QCOMPARE(QLocale().toString(1234.5, 'f', 1), QStringLiteral("1.234,5"));
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
