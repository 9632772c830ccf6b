#pragma once

#include "CacheStore.h"

// Facts about the cache itself (table meta): the database it belongs to, when the server was
// last reached, what a screen keeps for offline use that is not a row.
class MetaStore : public CacheStore
{
public:
    using CacheStore::CacheStore;

    QString value(const QString& key) const;
    bool setValue(const QString& key, const QString& value, QString* error = nullptr);

    // The database this cache belongs to; empty until a server was first reached with it.
    QString instanceId() const;
    // Ties the cache to `instanceId` unless it is tied already (atomic: two processes adopting
    // at once agree). Returns the instance the cache belongs to afterwards, or empty on error.
    QString adoptInstance(const QString& instanceId, QString* error);
};
