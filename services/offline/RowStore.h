#pragma once

#include "CacheStore.h"
#include "CachedRow.h"

#include <QList>

#include <functional>
#include <optional>

// The local cache's copy of server rows (table row_cache): each row's server fields and version,
// and its fields as they show now, with this computer's open outbox entries laid over.
class RowStore : public CacheStore
{
public:
    using CacheStore::CacheStore;

    // Server rows, in one transaction. Rows with local changes keep them, laid over the
    // server's values. replaceParent: rows of that parent missing from `rows` are dropped
    // (deleted on the server, or no longer visible) unless they carry local changes.
    bool store(const QString& entity, const QString& parent, const QList<CachedRow>& rows, bool replaceParent,
               QString* error);
    // The server no longer shows the row (deleted, or not visible): kept as deleted with its
    // last known version, so undoing a delete or recreating it has a base to stand on.
    bool markDeleted(const QString& entity, const QString& id, QString* error);
    QList<CachedRow> children(const QString& entity, const QString& parent, QString* error) const;
    std::optional<CachedRow> get(const QString& entity, const QString& id, QString* error) const;
    // For screens that read thousands of rows at once: each row's fields as stored (a CBOR
    // map), for a QCborStreamReader — no QVariantMap per row, so 10,000 cards read in a
    // fraction of the time.
    bool forEach(const QString& entity, const QString& parent,
                 const std::function<void(const QString& id, int version, const QByteArray& cbor)>& visit,
                 QString* error) const;

    // For OutboxStore, inside its transaction:
    // The row's fields as they should show now: `server` with the row's open entries laid over.
    bool relay(const QString& entity, const QString& id, QString* error);
    // Updates the server's side of a cached row (fields and version); a row that is not cached
    // is left alone.
    bool changeServer(const QString& entity, const QString& id,
                      const std::function<void(QVariantMap* server, int* version)>& change, QString* error);
};
