#pragma once

#include "CacheStore.h"

#include <QByteArray>
#include <QList>

#include <optional>

// Provider answers (LLM, embeddings, calendars) kept for offline use, keyed by a hash of the
// request (table provider_cache), and provider changes made offline waiting for the network
// (table provider_queue). ProviderGate is its user.
class ProviderStore : public CacheStore
{
public:
    using CacheStore::CacheStore;

    std::optional<QByteArray> response(const QString& key) const;
    bool storeResponse(const QString& key, const QString& provider, const QByteArray& response,
                       QString* error = nullptr);

    struct Queued
    {
        qint64 seq = 0;
        QString key;
        QString provider;
        QString operation;
        QByteArray body;
    };
    bool queue(const QString& key, const QString& provider, const QString& operation, const QByteArray& body,
               QString* error = nullptr);
    QList<Queued> queued(QString* error = nullptr) const;
    bool dropQueued(qint64 seq, QString* error = nullptr);
};
