#include "LogRedactor.h"

#include <QTest>

class TestLogRedactor : public QObject
{
    Q_OBJECT

private slots:
    void registeredSecretIsRedactedPercentEncodedToo();
    void init();
    void cleanupTestCase();

    void redactsPatterns_data();
    void redactsPatterns();
    void leavesOrdinaryTextAlone_data();
    void leavesOrdinaryTextAlone();

    void redactsRegisteredSecret_data();
    void redactsRegisteredSecret();
    void redactsLongestSecretFirst_data();
    void redactsLongestSecretFirst();
    void ignoresShortSecrets();
    void treatsSecretsLiterally();
    void clearSecretsForgets();
};

void TestLogRedactor::init()
{
    LogRedactor::clearSecrets();
}

void TestLogRedactor::cleanupTestCase()
{
    LogRedactor::clearSecrets();
}

void TestLogRedactor::redactsPatterns_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("secret"); // must be gone
    QTest::addColumn<QString>("kept"); // the surrounding text that must survive

    QTest::newRow("url password") << "connecting to postgresql://u:secret@h/db"
                                  << "secret"
                                  << "connecting to postgresql://u:***@h/db";
    QTest::newRow("url password, percent-encoded")
        << "postgresql://bob:p%40ssw0rd%21@db.example.com:5432/astralis?sslmode=require"
        << "p%40ssw0rd"
        << "@db.example.com:5432/astralis?sslmode=require";
    QTest::newRow("https url password") << "fetching https://deploy:gh0st-t0ken@git.example.com/repo.git"
                                        << "gh0st-t0ken"
                                        << "@git.example.com/repo.git";
    QTest::newRow("conninfo password") << "host=db.example.com user=bob password=hunter2 dbname=astralis"
                                       << "hunter2"
                                       << "host=db.example.com user=bob password=*** dbname=astralis";
    QTest::newRow("conninfo quoted password") << "host=db password='hunter 2' dbname=astralis"
                                              << "hunter 2"
                                              << "dbname=astralis";
    QTest::newRow("query string password") << "GET /connect?user=bob&password=hunter2&sslmode=require"
                                           << "hunter2"
                                           << "?user=bob&password=***&sslmode=require";
    QTest::newRow("json api_key") << "{\"api_key\": \"AbCdEf123456\", \"model\": \"gpt-4o\"}"
                                  << "AbCdEf123456"
                                  << "\"model\": \"gpt-4o\"}";
    QTest::newRow("json refresh_token") << "{\"refresh_token\":\"1//0gAbCdEf-GhIjKl\",\"expires_in\":3599}"
                                        << "1//0gAbCdEf-GhIjKl"
                                        << "\"expires_in\":3599}";
    QTest::newRow("json access_token")
        << "{\"access_token\": \"ya29.a0AfH6SMBx\", \"token_type\": \"Bearer\"}"
        << "ya29.a0AfH6SMBx"
        << "\"token_type\"";
    QTest::newRow("form client_secret")
        << "client_id=astralis&client_secret=abcdEFGH1234&grant_type=refresh_token"
        << "abcdEFGH1234"
        << "&grant_type=refresh_token";
    QTest::newRow("bearer header") << "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-_x"
                                   << "eyJhbGciOiJIUzI1NiJ9"
                                   << "Authorization: Bearer ***";
    QTest::newRow("basic header") << "Authorization: Basic Ym9iOmh1bnRlcjI="
                                  << "Ym9iOmh1bnRlcjI="
                                  << "Authorization: Basic ***";
    QTest::newRow("openai key") << "OpenAI rejected sk-proj-AbCdEfGhIjKlMnOpQrStUv123456 (401)"
                                << "AbCdEfGhIjKlMnOpQrStUv"
                                << "OpenAI rejected *** (401)";
    QTest::newRow("openai legacy key")
        << "key sk-"
           "AbCdEfGhIjKlMnOpQrStUvWx0123456789 loaded" // split: not a key in the source
        << "AbCdEfGhIjKlMnOpQrStUvWx"
        << "key *** loaded";
    QTest::newRow("anthropic key") << "using sk-ant-"
                                      "api03-AbCdEfGhIjKlMnOpQrStUvWxYz-0123456789 for request"
                                   << "AbCdEfGhIjKlMnOpQrStUvWxYz"
                                   << "using *** for request";
    QTest::newRow("anthropic key header") << "x-api-key: sk-ant-"
                                             "api03-AbCdEfGhIjKlMnOpQrStUvWxYz-0123456789"
                                          << "AbCdEfGhIjKlMnOpQrStUvWxYz"
                                          << "x-api-key: ***";
    QTest::newRow("two secrets, first")
        << "retry postgresql://bob:hunter2@db/astralis with Bearer tok_AbCdEf123"
        << "hunter2"
        << "retry postgresql://bob:***@db/astralis with Bearer ***";
    QTest::newRow("two secrets, second")
        << "retry postgresql://bob:hunter2@db/astralis with Bearer tok_AbCdEf123"
        << "tok_AbCdEf123"
        << "retry postgresql://bob:***@db/astralis with Bearer ***";
}

void TestLogRedactor::redactsPatterns()
{
    QFETCH(QString, input);
    QFETCH(QString, secret);
    QFETCH(QString, kept);

    const QString out = LogRedactor::redact(input);
    QVERIFY2(!out.contains(secret), qPrintable(out));
    QVERIFY2(out.contains(LogRedactor::mask()), qPrintable(out));
    QVERIFY2(out.contains(kept), qPrintable(out));
}

void TestLogRedactor::leavesOrdinaryTextAlone_data()
{
    QTest::addColumn<QString>("text");

    QTest::newRow("prose") << "connected as bob to astralis";
    QTest::newRow("url without password") << "connecting to postgresql://bob@db.example.com:5432/astralis";
    QTest::newRow("libpq options") << "sslmode=require;connect_timeout=5;keepalives=1";
    QTest::newRow("auth failure") << "FATAL:  password authentication failed for user \"bob\"";
    QTest::newRow("token counts") << "max_tokens: 1024, prompt_tokens=37";
    QTest::newRow("backoff") << "retrying in 500 ms (attempt 3)";
    QTest::newRow("empty") << QString();
}

void TestLogRedactor::leavesOrdinaryTextAlone()
{
    QFETCH(QString, text);

    QCOMPARE(LogRedactor::redact(text), text);
}

void TestLogRedactor::redactsRegisteredSecret_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("alone") << "Xy7-qq!z"
                           << "***";
    QTest::newRow("between words") << "login with Xy7-qq!z failed"
                                   << "login with *** failed";
    QTest::newRow("embedded") << "abcXy7-qq!zdef"
                              << "abc***def";
    QTest::newRow("twice") << "Xy7-qq!z/Xy7-qq!z"
                           << "***/***";
    QTest::newRow("other text") << "nothing to hide here"
                                << "nothing to hide here";
}

void TestLogRedactor::redactsRegisteredSecret()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);

    LogRedactor::addSecret(QStringLiteral("Xy7-qq!z"));
    QCOMPARE(LogRedactor::redact(input), expected);
}

void TestLogRedactor::redactsLongestSecretFirst_data()
{
    QTest::addColumn<QStringList>("secrets"); // in the order they are registered

    QTest::newRow("short first") << QStringList{QStringLiteral("Kx9q"), QStringLiteral("Kx9q-prod-2024")};
    QTest::newRow("long first") << QStringList{QStringLiteral("Kx9q-prod-2024"), QStringLiteral("Kx9q")};
    QTest::newRow("three nested") << QStringList{
        QStringLiteral("prod-2024"), QStringLiteral("Kx9q-prod-2024"), QStringLiteral("Kx9q-prod")};
}

void TestLogRedactor::redactsLongestSecretFirst()
{
    QFETCH(QStringList, secrets);

    for (const QString& secret : secrets)
        LogRedactor::addSecret(secret);
    // Removed whole: no fragment of the longer secret is left beside the mask.
    for (const QString& secret : secrets)
        QCOMPARE(LogRedactor::redact(QString(QStringLiteral("pw ") + secret + QStringLiteral(" ok"))),
                 QStringLiteral("pw *** ok"));
}

void TestLogRedactor::ignoresShortSecrets()
{
    LogRedactor::addSecret(QString());
    LogRedactor::addSecret(QStringLiteral("a"));
    LogRedactor::addSecret(QStringLiteral("12"));
    LogRedactor::addSecret(QStringLiteral("bob"));
    const QString text = QStringLiteral("bob has 12 apples and a pear");
    QCOMPARE(LogRedactor::redact(text), text);

    // Four characters is the shortest value that counts.
    LogRedactor::addSecret(QStringLiteral("pear"));
    QCOMPARE(LogRedactor::redact(text), QStringLiteral("bob has 12 apples and a ***"));
}

void TestLogRedactor::treatsSecretsLiterally()
{
    // Regular-expression characters in a secret are plain characters.
    LogRedactor::addSecret(QStringLiteral("p.ss(1)*"));
    QCOMPARE(LogRedactor::redact(QStringLiteral("x p.ss(1)* y")), QStringLiteral("x *** y"));
    QCOMPARE(LogRedactor::redact(QStringLiteral("x pXss(1) y")), QStringLiteral("x pXss(1) y"));
}

void TestLogRedactor::clearSecretsForgets()
{
    LogRedactor::addSecret(QStringLiteral("Xy7-qq!z"));
    QCOMPARE(LogRedactor::redact(QStringLiteral("is Xy7-qq!z")), QStringLiteral("is ***"));

    LogRedactor::clearSecrets();
    QCOMPARE(LogRedactor::redact(QStringLiteral("is Xy7-qq!z")), QStringLiteral("is Xy7-qq!z"));
}

void TestLogRedactor::registeredSecretIsRedactedPercentEncodedToo()
{
    LogRedactor::addSecret(QStringLiteral("p@ss/w0rd#1"));
    const QString text
        = LogRedactor::redact(QStringLiteral("retrying with p%40ss%2Fw0rd%231 in a query string"));
    QVERIFY2(!text.contains(QLatin1String("p%40ss%2Fw0rd%231")), qPrintable(text));
    QVERIFY(text.contains(QLatin1String("retrying with")));
}

QTEST_APPLESS_MAIN(TestLogRedactor)

#include "tst_logredactor.moc"
