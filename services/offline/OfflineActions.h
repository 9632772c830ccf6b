#pragma once

#include "ConnectionSettings.h"
#include "OfflineTypes.h"

class LocalCache;
class QSqlDatabase;

// The offline decisions and look-ups behind OfflineStore, SyncService and OfflineOutbox,
// written once for the console's threads and astralis-cli. Services only: each runs
// synchronously on the thread that owns the cache (and the connection) it is given.
namespace OfflineActions {

// Asks the database at the other end which one it is and picks its cache (CacheFiles::choose()).
CacheChoice chooseCache(const ConnectionSettings& settings, QSqlDatabase& db);

OutboxListing entries(const LocalCache& cache);
OutboxCounts counts(const LocalCache& cache);
// The other caches of this server and login that hold unsent changes.
QList<HeldChanges> held(const ConnectionSettings& settings, const QString& currentPath);

OfflineError decide(LocalCache& cache, qint64 seq, OutboxDecision decision);
// A card in conflict: theirs stays on the card, a new card beside it gets my values.
bool canKeepBoth(const OutboxEntry& conflict);
OfflineError keepBoth(LocalCache& cache, const OutboxEntry& conflict, const QString& pipelineId,
                      const QString& copyTitle);

} // namespace OfflineActions
