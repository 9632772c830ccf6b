#include "Backoff.h"

#include <QSet>
#include <QTest>

#include <algorithm>
#include <climits>

namespace {

std::function<double()> constant(double value)
{
    return [value] { return value; };
}

// The ceiling the n-th call (0-based) draws under: initial doubled n times, capped at max.
qint64 ceilingFor(int initialMs, int maxMs, int attempt)
{
    return std::min<qint64>(maxMs, qint64(initialMs) << std::min(attempt, 20));
}

} // namespace

class TestBackoff : public QObject
{
    Q_OBJECT

private slots:
    void delaySequence_data();
    void delaySequence();
    void staysWithinHalfAndFullCeiling();
    void clampsOutOfRangeRandom_data();
    void clampsOutOfRangeRandom();
    void holdsCapAfterManyAttempts();
    void largeValuesDoNotOverflow();
    void attemptsCountsCalls();
    void resetStartsOver();
    void defaultRandomStaysInBounds();
};

void TestBackoff::delaySequence_data()
{
    QTest::addColumn<int>("initialMs");
    QTest::addColumn<int>("maxMs");
    QTest::addColumn<double>("jitter");
    QTest::addColumn<QList<int>>("expected");

    QTest::newRow("no jitter: half the ceiling")
        << 500 << 30000 << 0.0 << QList<int>{250, 500, 1000, 2000, 4000, 8000, 15000, 15000};
    QTest::newRow("full jitter: the ceiling")
        << 500 << 30000 << 1.0 << QList<int>{500, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
    QTest::newRow("half jitter") << 400 << 10000 << 0.5 << QList<int>{300, 600, 1200, 2400, 4800, 7500, 7500};
    QTest::newRow("max below initial") << 1000 << 600 << 1.0 << QList<int>{600, 600, 600};
    QTest::newRow("max equals initial") << 1000 << 1000 << 0.0 << QList<int>{500, 500, 500};
}

void TestBackoff::delaySequence()
{
    QFETCH(int, initialMs);
    QFETCH(int, maxMs);
    QFETCH(double, jitter);
    QFETCH(QList<int>, expected);

    Backoff backoff(initialMs, maxMs, constant(jitter));
    QList<int> delays;
    for (int i = 0; i < expected.size(); ++i)
        delays << backoff.nextDelayMs();
    QCOMPARE(delays, expected);
}

void TestBackoff::staysWithinHalfAndFullCeiling()
{
    // Cycle through the whole jitter range, including both ends.
    const QList<double> draws = {0.0, 0.25, 0.5, 0.75, 0.999, 1.0};
    int next = 0;
    Backoff backoff(300, 20000, [&] { return draws.at(next++ % draws.size()); });

    int previousCeiling = 0;
    for (int attempt = 0; attempt < 40; ++attempt) {
        const qint64 ceiling = ceilingFor(300, 20000, attempt);
        QVERIFY(ceiling >= previousCeiling);
        previousCeiling = int(ceiling);

        const int delay = backoff.nextDelayMs();
        QVERIFY2(delay >= ceiling / 2 && delay <= ceiling,
                 qPrintable(QStringLiteral("attempt %1: %2 ms outside [%3, %4]")
                                .arg(attempt)
                                .arg(delay)
                                .arg(ceiling / 2)
                                .arg(ceiling)));
        QVERIFY(delay <= 20000);
    }
}

void TestBackoff::clampsOutOfRangeRandom_data()
{
    QTest::addColumn<double>("random");
    QTest::addColumn<int>("expected");

    QTest::newRow("below zero") << -1.0 << 250;
    QTest::newRow("above one") << 2.0 << 500;
}

void TestBackoff::clampsOutOfRangeRandom()
{
    QFETCH(double, random);

    Backoff backoff(500, 30000, constant(random));
    QTEST(backoff.nextDelayMs(), "expected");
}

void TestBackoff::holdsCapAfterManyAttempts()
{
    Backoff highest(500, 30000, constant(1.0));
    Backoff lowest(500, 30000, constant(0.0));
    for (int i = 0; i < 200; ++i) {
        const int high = highest.nextDelayMs();
        const int low = lowest.nextDelayMs();
        QVERIFY2(high > 0 && high <= 30000, qPrintable(QString::number(high)));
        QVERIFY2(low > 0 && low <= 15000, qPrintable(QString::number(low)));
    }
    QCOMPARE(highest.nextDelayMs(), 30000);
    QCOMPARE(lowest.nextDelayMs(), 15000);
    QCOMPARE(highest.attempts(), 201);
}

void TestBackoff::largeValuesDoNotOverflow()
{
    // 1e6 << 20 is far beyond int; the cap must apply before narrowing.
    Backoff backoff(1000000, INT_MAX, constant(1.0));
    int previous = 0;
    for (int i = 0; i < 64; ++i) {
        const int delay = backoff.nextDelayMs();
        QVERIFY2(delay >= previous,
                 qPrintable(QStringLiteral("attempt %1: %2 < %3").arg(i).arg(delay).arg(previous)));
        previous = delay;
    }
    QVERIFY(previous >= INT_MAX / 2);
}

void TestBackoff::attemptsCountsCalls()
{
    Backoff backoff(100, 1000, constant(0.5));
    QCOMPARE(backoff.attempts(), 0);
    for (int i = 1; i <= 5; ++i) {
        backoff.nextDelayMs();
        QCOMPARE(backoff.attempts(), i);
    }
}

void TestBackoff::resetStartsOver()
{
    Backoff backoff(500, 30000, constant(1.0));
    const int first = backoff.nextDelayMs();
    backoff.nextDelayMs();
    backoff.nextDelayMs();
    QCOMPARE(backoff.attempts(), 3);
    QCOMPARE(backoff.nextDelayMs(), 4000);

    backoff.reset();
    QCOMPARE(backoff.attempts(), 0);
    QCOMPARE(backoff.nextDelayMs(), first);
    QCOMPARE(backoff.nextDelayMs(), 1000);
    QCOMPARE(backoff.attempts(), 2);
}

void TestBackoff::defaultRandomStaysInBounds()
{
    const int initialMs = 100;
    const int maxMs = 5000;
    Backoff backoff(initialMs, maxMs);

    QSet<int> cappedDelays;
    for (int attempt = 0; attempt < 1000; ++attempt) {
        const qint64 ceiling = ceilingFor(initialMs, maxMs, attempt);
        const int delay = backoff.nextDelayMs();
        QVERIFY2(delay >= ceiling / 2 && delay <= ceiling,
                 qPrintable(QStringLiteral("attempt %1: %2 ms outside [%3, %4]")
                                .arg(attempt)
                                .arg(delay)
                                .arg(ceiling / 2)
                                .arg(ceiling)));
        if (ceiling == maxMs)
            cappedDelays.insert(delay);
    }
    QCOMPARE(backoff.attempts(), 1000);
    // Jitter is real: ~990 draws over 2500 possible values are not all the same.
    QVERIFY2(cappedDelays.size() > 100, qPrintable(QString::number(cappedDelays.size())));
}

QTEST_APPLESS_MAIN(TestBackoff)

#include "tst_backoff.moc"
