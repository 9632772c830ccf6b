// The SCRAM-SHA-256 verifier matches PostgreSQL's format and an independent computation
// (Python's hashlib/hmac for RFC 7677's example password and salt), and prepares the password
// with SASLprep the way PostgreSQL's pg_saslprep() does (tst_cli_db checks it against a server).

#include "ScramVerifier.h"

#include <QTest>

class TestScramVerifier : public QObject
{
    Q_OBJECT

private slots:
    void matchesReferenceValues();
    void randomSaltEveryTime();
    void saslPrep_data();
    void saslPrep();
    void verifierHashesThePreparedPassword();
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

void TestScramVerifier::saslPrep_data()
{
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("prepared"); // what SCRAM hashes, as text

    QTest::newRow("ASCII as it is") << QStringLiteral("Piped-pass 7!") << QStringLiteral("Piped-pass 7!");
    // pg_saslprep leaves ASCII alone, even control characters SASLprep would refuse.
    QTest::newRow("ASCII control") << QStringLiteral("tab\there") << QStringLiteral("tab\there");
    QTest::newRow("soft hyphen mapped to nothing") << QStringLiteral("I\u00ADX") << QStringLiteral("IX");
    QTest::newRow("zero width joiner and BOM removed")
        << QStringLiteral("a\u200Db\uFEFFc\u00E9") << QStringLiteral("abc\u00E9");
    QTest::newRow("roman numeral nine, NFKC") << QStringLiteral("\u2168") << QStringLiteral("IX");
    QTest::newRow("no-break space to space")
        << QStringLiteral("a\u00A0b\u00E4") << QStringLiteral("a b\u00E4");
    QTest::newRow("ideographic space to space")
        << QStringLiteral("x\u3000y\u00E4") << QStringLiteral("x y\u00E4");
    QTest::newRow("ligature, NFKC") << QStringLiteral("\uFB01le") << QStringLiteral("file");
    QTest::newRow("composed by NFKC") << QStringLiteral("a\u0308") << QStringLiteral("\u00E4");
    QTest::newRow("the end-to-end password")
        << QStringLiteral("p\u00E4ssw\u00F6rd\u00A0\u2168") << QStringLiteral("p\u00E4ssw\u00F6rd IX");
    // SASLprep fails: the raw password is used, not normalized.
    QTest::newRow("private use: raw") << QStringLiteral("\u2168\uE000") << QStringLiteral("\u2168\uE000");
    QTest::newRow("non-ASCII control: raw")
        << QStringLiteral("\u2168\u0085") << QStringLiteral("\u2168\u0085");
    QTest::newRow("unassigned in Unicode 3.2: raw")
        << QStringLiteral("\u2168\U0001F600") << QStringLiteral("\u2168\U0001F600");
    QTest::newRow("only mapped to nothing: raw") << QStringLiteral("\u00AD") << QStringLiteral("\u00AD");
    // U+2168 is left-to-right, U+2460 (circled one) neutral; NFKC would change both.
    QTest::newRow("right-to-left with left-to-right: raw")
        << QStringLiteral("\u0627\u2168\u0628") << QStringLiteral("\u0627\u2168\u0628");
    QTest::newRow("right-to-left not at the end: raw")
        << QStringLiteral("\u0627\u2460") << QStringLiteral("\u0627\u2460");
    QTest::newRow("right-to-left, well formed")
        << QStringLiteral("\u0627\u2460\u0628") << QStringLiteral("\u06271\u0628");
}

void TestScramVerifier::saslPrep()
{
    QFETCH(QString, password);
    QFETCH(QString, prepared);
    QCOMPARE(ScramVerifier::saslPrep(password), prepared.toUtf8());
}

void TestScramVerifier::verifierHashesThePreparedPassword()
{
    const QByteArray salt = QByteArray::fromBase64("W22ZaJ0SNY7soEsUEjb6gQ==");
    QCOMPARE(ScramVerifier::make(QStringLiteral("\u2168"), salt),
             ScramVerifier::make(QStringLiteral("IX"), salt));
    QCOMPARE(ScramVerifier::make(QStringLiteral("pen\u00ADcil\u00A0"), salt),
             ScramVerifier::make(QStringLiteral("pencil "), salt));
    QVERIFY(ScramVerifier::make(QStringLiteral("\u2168\uE000"), salt)
            != ScramVerifier::make(QStringLiteral("IX\uE000"), salt));
}

QTEST_APPLESS_MAIN(TestScramVerifier)
#include "tst_scramverifier.moc"
