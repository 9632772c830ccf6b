// The German catalogue is built into the binaries and chosen by setting or system locale.

#include "Translations.h"

#include <QCoreApplication>
#include <QTest>
#include <QTranslator>

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void germanWhenAsked();
    void englishNeedsNoCatalogue();
    void unknownLanguageFallsBackToEnglish();
    void systemLanguageIsFollowed();

private:
    static QString sample() { return QCoreApplication::translate("ConnectError", "Server unreachable"); }
};

void TestTranslations::cleanup()
{
    // Remove every translator installed by the test before the next one.
    for (QTranslator* t : QCoreApplication::instance()->findChildren<QTranslator*>()) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
}

void TestTranslations::germanWhenAsked()
{
    QCOMPARE(Translations::install(QCoreApplication::instance(), QStringLiteral("de")), QStringLiteral("de"));
    QCOMPARE(sample(), QStringLiteral("Server nicht erreichbar"));
    // Placeholders survive translation.
    QVERIFY(QCoreApplication::translate("ConnectionStatusWidget", "Signed in as %1")
                .contains(QLatin1String("%1")));
}

void TestTranslations::englishNeedsNoCatalogue()
{
    QCOMPARE(Translations::install(QCoreApplication::instance(), QStringLiteral("en")), QStringLiteral("en"));
    QCOMPARE(sample(), QStringLiteral("Server unreachable"));
}

void TestTranslations::unknownLanguageFallsBackToEnglish()
{
    QCOMPARE(Translations::install(QCoreApplication::instance(), QStringLiteral("tlh")),
             QStringLiteral("en"));
    QCOMPARE(sample(), QStringLiteral("Server unreachable"));
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

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
