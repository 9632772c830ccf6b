#include "ProviderGate.h"

#include "LocalCache.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonDocument>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ProviderGate)
};

ProviderRequest fromQueued(const ProviderStore::Queued& q)
{
    ProviderRequest r;
    r.provider = q.provider;
    r.operation = q.operation;
    r.body = QJsonDocument::fromJson(q.body).object();
    r.queueable = true;
    return r;
}

} // namespace

QString ProviderRequest::key() const
{
    // QJsonDocument writes object keys sorted: the same content always hashes the same.
    const QByteArray canonical = provider.toUtf8() + '\n' + operation.toUtf8() + '\n'
        + QJsonDocument(body).toJson(QJsonDocument::Compact);
    return QString::fromLatin1(QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex());
}

ProviderGate::ProviderGate(LocalCache* cache)
    : m_cache(cache)
{ }

ProviderGate::Answer ProviderGate::request(const ProviderRequest& request, bool online, const Fetch& fetch,
                                           bool preferCache)
{
    const QString key = request.key();
    const std::optional<QByteArray> cached = m_cache->providers().response(key);
    if (cached && (preferCache || !online))
        return {Source::Cache, *cached, {}};
    if (!online) {
        if (request.queueable) {
            QString error;
            if (!m_cache->providers().queue(key, request.provider, request.operation,
                                            QJsonDocument(request.body).toJson(QJsonDocument::Compact),
                                            &error))
                return {Source::Failed, {}, error};
            return {Source::Queued,
                    {},
                    Text::tr("Saved on this computer; it is sent to %1 when the network is back.")
                        .arg(request.provider)};
        }
        return {Source::Refused,
                {},
                Text::tr("%1 cannot be asked while offline, and this question was not asked before on this "
                         "computer. Try again when the network is back.")
                    .arg(request.provider)};
    }
    const ProviderResponse response = fetch(request);
    if (response.ok) {
        m_cache->providers().storeResponse(key, request.provider, response.body);
        return {Source::Network, response.body, {}};
    }
    if (cached)
        return {Source::StaleCache, *cached, response.error};
    return {Source::Failed, {}, response.error};
}

QList<ProviderRequest> ProviderGate::queued(QString* error) const
{
    QList<ProviderRequest> list;
    for (const ProviderStore::Queued& q : m_cache->providers().queued(error))
        list << fromQueued(q);
    return list;
}

int ProviderGate::sendQueued(const Fetch& fetch, QString* error)
{
    int sent = 0;
    for (const ProviderStore::Queued& q : m_cache->providers().queued(error)) {
        const ProviderResponse response = fetch(fromQueued(q));
        if (!response.ok) {
            if (error)
                *error = response.error;
            break;
        }
        m_cache->providers().storeResponse(q.key, q.provider, response.body);
        if (!m_cache->providers().dropQueued(q.seq, error))
            break;
        ++sent;
    }
    return sent;
}
