// How a task's decision trail reads in the Tasks panel: one line per decision, the model call.
#include "DecisionText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {

QJsonValue json(const char* text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(text);
    return doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
}

} // namespace

class TestDecisionText : public QObject
{
    Q_OBJECT

private slots:
    void summaryNamesTheActionTheStatusChangeAndTheReason();
    void summaryWithoutReasonListsPlainFieldsButNoIds();
    void summaryOfAScalarIsTheScalar();
    void summaryIsElided();
    void modelCallNamesWhatItHas();
};

void TestDecisionText::summaryNamesTheActionTheStatusChangeAndTheReason()
{
    QCOMPARE(
        DecisionText::summary(json(
            R"({"action":"status","from":"NEW","to":"IN_PROGRESS","reason":" Picked up ","taskId":"t1"})")),
        QStringLiteral("status · New → In progress · Picked up"));
    // The first of the reason-like keys that has text.
    QCOMPARE(DecisionText::summary(json(R"({"summary":"","message":"Routed to sales"})")),
             QStringLiteral("Routed to sales"));
}

void TestDecisionText::summaryWithoutReasonListsPlainFieldsButNoIds()
{
    const QString line = DecisionText::summary(
        json(R"({"action":"route","pipelineId":"p1","score":0.75,"urgent":true,"meta":{}})"));
    QVERIFY2(line.startsWith(QStringLiteral("route · ")), qPrintable(line));
    QVERIFY(line.contains(QLatin1String("score: 0.75")));
    QVERIFY(line.contains(QLatin1String("urgent: true")));
    QVERIFY(!line.contains(QLatin1String("pipelineId")));
    QVERIFY(!line.contains(QLatin1String("meta")));
}

void TestDecisionText::summaryOfAScalarIsTheScalar()
{
    QCOMPARE(DecisionText::summary(QJsonValue(QStringLiteral("approved"))), QStringLiteral("approved"));
    QCOMPARE(DecisionText::summary(QJsonValue(3.0)), QStringLiteral("3"));
    QCOMPARE(DecisionText::summary(QJsonValue()), QStringLiteral("—"));
}

void TestDecisionText::summaryIsElided()
{
    QJsonObject long_;
    long_.insert(QStringLiteral("reason"), QString(300, QLatin1Char('x')));
    const QString line = DecisionText::summary(long_);
    QCOMPARE(line.size(), 160);
    QVERIFY(line.endsWith(QChar(0x2026)));
}

void TestDecisionText::modelCallNamesWhatItHas()
{
    QCOMPARE(
        DecisionText::modelCall(json(
            R"({"provider":"CLAUDE","model":"claude-3-5-sonnet","promptTokens":900,"completionTokens":100,"latencyMs":1234})")),
        QStringLiteral("CLAUDE · claude-3-5-sonnet · 1000 tokens · 1234 ms"));
    QCOMPARE(DecisionText::modelCall(json(R"({"model":"gpt-4o"})")), QStringLiteral("gpt-4o"));
    QCOMPARE(DecisionText::modelCall(json("{}")), QString());
}

QTEST_GUILESS_MAIN(TestDecisionText)
#include "tst_decisiontext.moc"
