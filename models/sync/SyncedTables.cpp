#include "SyncedTables.h"

#include "PipelineItemTable.h"
#include "TaskTable.h"

namespace SyncedTables {

QList<const SyncedTable*> all()
{
    return {&PipelineItemTable::table(), &TaskTable::table()};
}

const SyncedTable* find(const QString& entity)
{
    for (const SyncedTable* table : all()) {
        if (table->entity == entity)
            return table;
    }
    return nullptr;
}

} // namespace SyncedTables
