#pragma once

#include "CacheFiles.h"
#include "CachedRow.h"
#include "MetaStore.h"
#include "OutboxEntry.h"
#include "OutboxStore.h"
#include "ProviderStore.h"
#include "RowStore.h"

#include <QString>

class QSqlDatabase;

// The local SQLite cache of one database (docs/offline.md): one file per server, login and
// database instance (CacheFiles says which), mode 0600, WAL, so the console's threads and
// astralis-cli can use it at the same time. It opens the file, brings its schema up to date
// (CacheSchema) and holds the four parts that use it: the server rows (rows()), the outbox of
// local changes (outbox()), facts about the cache (meta()) and provider answers (providers()).
// Not thread-safe: each thread opens its own LocalCache on the file.
class LocalCache
{
public:
    LocalCache();
    ~LocalCache();
    LocalCache(const LocalCache&) = delete;
    LocalCache& operator=(const LocalCache&) = delete;

    bool open(const QString& path, QString* error);
    bool isOpen() const;
    QString path() const { return m_path; }
    QSqlDatabase database() const;

    RowStore& rows() { return m_rows; }
    const RowStore& rows() const { return m_rows; }
    OutboxStore& outbox() { return m_outbox; }
    const OutboxStore& outbox() const { return m_outbox; }
    MetaStore& meta() { return m_meta; }
    const MetaStore& meta() const { return m_meta; }
    ProviderStore& providers() { return m_providers; }
    const ProviderStore& providers() const { return m_providers; }

private:
    bool migrate(QString* error);

    QString m_connection;
    QString m_path;
    RowStore m_rows;
    OutboxStore m_outbox;
    MetaStore m_meta;
    ProviderStore m_providers;
};
