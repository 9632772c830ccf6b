#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>

class LocalCache;

// One request to an outside provider (LLM, embeddings, calendars), as the local cache keys
// it: the provider, the operation and the content that decides the answer (model, messages,
// document hash, calendar range…) — never credentials, which are not part of `body`.
struct ProviderRequest
{
    QString provider; // "openai", "anthropic", "google-calendar", "caldav", …
    QString operation; // "chat", "embeddings", "events.list", "events.insert", …
    QJsonObject body;
    // A change that may wait for the network (a calendar booking); questions may not.
    bool queueable = false;

    // SHA-256 over provider, operation and the canonical (key-sorted, compact) JSON body.
    QString key() const;
};

struct ProviderResponse
{
    bool ok = false;
    QByteArray body;
    QString error; // what went wrong, for a person
};

// The offline rule for providers (docs/offline.md): what was fetched before
// is answered from the cache; online, answers are fetched and kept; offline without a cached
// answer, a change is queued and a question is refused at once with a reason — nothing waits
// for a network that is not there. Synchronous, on the caller's (worker) thread, like
// SyncEngine; `fetch` does the network call with its own timeout.
class ProviderGate
{
public:
    explicit ProviderGate(LocalCache* cache);

    enum class Source
    {
        Cache, // answered from this computer
        Network, // fetched now (and kept)
        StaleCache, // the network failed; the answer fetched before
        Queued, // offline: sent when online (sendQueued)
        Refused, // offline, nothing cached, not something that can wait
        Failed, // online, the provider failed, nothing cached
    };
    struct Answer
    {
        Source source = Source::Refused;
        QByteArray body;
        QString error;
    };
    using Fetch = std::function<ProviderResponse(const ProviderRequest&)>;

    // preferCache: a cached answer is used even online (embeddings, summaries of the same
    // document); otherwise online requests go to the network first (calendar listings).
    Answer request(const ProviderRequest& request, bool online, const Fetch& fetch, bool preferCache = true);

    // Requests queued while offline, in order.
    QList<ProviderRequest> queued(QString* error = nullptr) const;
    // Sends the queue through fetch, oldest first; stops at the first failure (kept for the
    // next time). Returns how many were sent.
    int sendQueued(const Fetch& fetch, QString* error = nullptr);

private:
    LocalCache* m_cache;
};
