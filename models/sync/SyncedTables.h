#pragma once

#include "SyncedTable.h"

// Every table the console keeps offline and replays changes to: the outbox's replay takes its
// appliers and merges from here. A new screen's table is added to all().
namespace SyncedTables {

QList<const SyncedTable*> all();
// nullptr for a table this console does not describe.
const SyncedTable* find(const QString& entity);

} // namespace SyncedTables
