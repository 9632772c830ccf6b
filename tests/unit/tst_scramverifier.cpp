// The SCRAM-SHA-256 verifier matches PostgreSQL's format and an independent computation
// (Python's hashlib/hmac for RFC 7677's example password and salt).

#include "ScramVerifier.h"

#include <QTest>

class TestScramVerifier : public QObject
{
    Q_OBJECT

private slots:
    void matchesReferenceValues();
    void randomSaltEveryTime();
};

void TestScramVerifier::matchesReferenceValues()
{
    const QByteArray salt = QByteArray::fromBase64("W22ZaJ0SNY7soEsUEjb6gQ==");
    QCOMPARE(ScramVerifier::make(QStringLiteral("pencil"), salt),
             QStringLiteral(
                 "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
                 "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU="));
}

void TestScramVerifier::randomSaltEveryTime()
{
    const QString a = ScramVerifier::make(QStringLiteral("same password"));
    const QString b = ScramVerifier::make(QStringLiteral("same password"));
    QVERIFY(a.startsWith(QLatin1String("SCRAM-SHA-256$4096:")));
    QVERIFY(a != b);
    QVERIFY(!a.contains(QLatin1String("same password")));
}

QTEST_APPLESS_MAIN(TestScramVerifier)
#include "tst_scramverifier.moc"
