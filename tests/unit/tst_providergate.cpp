// The offline rule for LLM, embedding and calendar providers: answers fetched before come from
// the cache, questions that need the network while offline are refused at once (never left
// waiting), changes wait in a queue and are sent in order when the network is back.

#include "LocalCache.h"
#include "ProviderGate.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

class TestProviderGate : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void keyDependsOnContentNotOnOrder();
    void onlineAnswerIsKeptAndServedOffline();
    void offlineQuestionNotAskedBeforeIsRefusedAtOnce();
    void failingProviderFallsBackToTheKeptAnswer();
    void networkFirstRequestsRefreshOnline();
    void offlineChangesQueueAndGoOutInOrder();

private:
    ProviderRequest chat(const QString& prompt) const
    {
        return {QStringLiteral("openai"), QStringLiteral("chat"),
                QJsonObject{{QStringLiteral("model"), QStringLiteral("gpt-4o-mini")},
                            {QStringLiteral("prompt"), prompt}},
                false};
    }

    QTemporaryDir m_dir;
    std::unique_ptr<LocalCache> m_cache;
    int m_calls = 0;
};

void TestProviderGate::init()
{
    m_cache = std::make_unique<LocalCache>();
    QString error;
    QVERIFY2(
        m_cache->open(m_dir.filePath(QStringLiteral("p%1.sqlite").arg(QDateTime::currentMSecsSinceEpoch())),
                      &error),
        qPrintable(error));
    m_calls = 0;
}

void TestProviderGate::cleanup()
{
    m_cache.reset();
}

void TestProviderGate::keyDependsOnContentNotOnOrder()
{
    ProviderRequest a = chat(QStringLiteral("Summarise the contract"));
    ProviderRequest b;
    b.provider = a.provider;
    b.operation = a.operation;
    b.body.insert(QStringLiteral("prompt"), QStringLiteral("Summarise the contract"));
    b.body.insert(QStringLiteral("model"), QStringLiteral("gpt-4o-mini")); // other insertion order
    QCOMPARE(a.key(), b.key());
    QVERIFY(a.key() != chat(QStringLiteral("Summarise the invoice")).key());
    ProviderRequest other = a;
    other.provider = QStringLiteral("anthropic");
    QVERIFY(a.key() != other.key());
    QCOMPARE(a.key().size(), 64);
}

void TestProviderGate::onlineAnswerIsKeptAndServedOffline()
{
    ProviderGate gate(m_cache.get());
    const auto fetch = [this](const ProviderRequest&) {
        ++m_calls;
        return ProviderResponse{true, QByteArrayLiteral("{\"answer\":\"42 pages\"}"), {}};
    };
    const ProviderGate::Answer first = gate.request(chat(QStringLiteral("How long?")), true, fetch);
    QCOMPARE(first.source, ProviderGate::Source::Network);
    QCOMPARE(m_calls, 1);
    const ProviderGate::Answer again = gate.request(chat(QStringLiteral("How long?")), true, fetch);
    QCOMPARE(again.source, ProviderGate::Source::Cache);
    QCOMPARE(m_calls, 1); // not asked twice
    const ProviderGate::Answer offline = gate.request(chat(QStringLiteral("How long?")), false, fetch);
    QCOMPARE(offline.source, ProviderGate::Source::Cache);
    QCOMPARE(offline.body, QByteArrayLiteral("{\"answer\":\"42 pages\"}"));
    QCOMPARE(m_calls, 1);
}

void TestProviderGate::offlineQuestionNotAskedBeforeIsRefusedAtOnce()
{
    ProviderGate gate(m_cache.get());
    QElapsedTimer timer;
    timer.start();
    const ProviderGate::Answer answer
        = gate.request(chat(QStringLiteral("New question")), false, [this](const ProviderRequest&) {
              ++m_calls;
              return ProviderResponse{};
          });
    QCOMPARE(answer.source, ProviderGate::Source::Refused);
    QCOMPARE(m_calls, 0); // the network was not even tried
    QVERIFY2(answer.error.contains(QLatin1String("offline")), qPrintable(answer.error));
    QVERIFY(timer.elapsed() < 1000); // an answer, not a wait (generous: a loaded machine)
    QVERIFY(gate.queued().isEmpty()); // questions are not queued
}

void TestProviderGate::failingProviderFallsBackToTheKeptAnswer()
{
    ProviderGate gate(m_cache.get());
    const ProviderRequest events{QStringLiteral("caldav"), QStringLiteral("events.list"),
                                 QJsonObject{{QStringLiteral("from"), QStringLiteral("2026-11-30")}}, false};
    gate.request(
        events, true,
        [](const ProviderRequest&) {
            return ProviderResponse{true, "[1,2]", {}};
        },
        false);
    const ProviderGate::Answer stale = gate.request(
        events, true,
        [](const ProviderRequest&) {
            return ProviderResponse{false, {}, QStringLiteral("HTTP 503")};
        },
        false);
    QCOMPARE(stale.source, ProviderGate::Source::StaleCache);
    QCOMPARE(stale.body, QByteArrayLiteral("[1,2]"));
    QCOMPARE(stale.error, QStringLiteral("HTTP 503"));
    const ProviderGate::Answer failed
        = gate.request(chat(QStringLiteral("never asked")), true, [](const ProviderRequest&) {
              return ProviderResponse{false, {}, QStringLiteral("HTTP 429 rate limited")};
          });
    QCOMPARE(failed.source, ProviderGate::Source::Failed);
    QCOMPARE(failed.error, QStringLiteral("HTTP 429 rate limited"));
}

void TestProviderGate::networkFirstRequestsRefreshOnline()
{
    ProviderGate gate(m_cache.get());
    const ProviderRequest events{QStringLiteral("caldav"), QStringLiteral("events.list"), QJsonObject{},
                                 false};
    QByteArray next = "v1";
    const auto fetch = [&next](const ProviderRequest&) { return ProviderResponse{true, next, {}}; };
    QCOMPARE(gate.request(events, true, fetch, false).body, QByteArrayLiteral("v1"));
    next = "v2";
    QCOMPARE(gate.request(events, true, fetch, false).body, QByteArrayLiteral("v2")); // fresh online
    QCOMPARE(gate.request(events, false, fetch, false).body, QByteArrayLiteral("v2")); // the latest offline
}

void TestProviderGate::offlineChangesQueueAndGoOutInOrder()
{
    ProviderGate gate(m_cache.get());
    QStringList sent;
    const auto book = [](const QString& when) {
        return ProviderRequest{QStringLiteral("caldav"), QStringLiteral("events.insert"),
                               QJsonObject{{QStringLiteral("start"), when}}, true};
    };
    for (const QString& when : {QStringLiteral("09:00"), QStringLiteral("10:00"), QStringLiteral("11:00")}) {
        const ProviderGate::Answer a = gate.request(book(when), false, {});
        QCOMPARE(a.source, ProviderGate::Source::Queued);
    }
    QCOMPARE(gate.queued().size(), 3);
    // The second one fails: the first is sent, the rest waits in order.
    int calls = 0;
    QString error;
    const int first = gate.sendQueued(
        [&](const ProviderRequest& r) {
            if (++calls == 2)
                return ProviderResponse{false, {}, QStringLiteral("connection reset")};
            sent << r.body.value(QStringLiteral("start")).toString();
            return ProviderResponse{true, "ok", {}};
        },
        &error);
    QCOMPARE(first, 1);
    QCOMPARE(error, QStringLiteral("connection reset"));
    QCOMPARE(gate.queued().size(), 2);
    const int rest = gate.sendQueued([&](const ProviderRequest& r) {
        sent << r.body.value(QStringLiteral("start")).toString();
        return ProviderResponse{true, "ok", {}};
    });
    QCOMPARE(rest, 2);
    QCOMPARE(sent, (QStringList{QStringLiteral("09:00"), QStringLiteral("10:00"), QStringLiteral("11:00")}));
    QVERIFY(gate.queued().isEmpty());
}

QTEST_GUILESS_MAIN(TestProviderGate)
#include "tst_providergate.moc"
