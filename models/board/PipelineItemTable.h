#pragma once

#include "BoardRecords.h"
#include "ItemChanges.h"
#include "SyncedRecord.h"

// A board's cards (the "pipelineItem" table, spec 2.2) as the console keeps them offline: the one
// declaration of a card's fields (see SyncedTable), bound to PipelineItem and ItemChanges.
namespace PipelineItemTable {

inline constexpr QLatin1String kEntity{"pipelineItem"};

// The fields' names, for code that picks some out (a move, the editor's form).
inline constexpr QLatin1String kStageId{"stageId"};
inline constexpr QLatin1String kTitle{"title"};
inline constexpr QLatin1String kDescription{"description"};
inline constexpr QLatin1String kPosition{"position"};
inline constexpr QLatin1String kAssignedToId{"assignedToId"};
inline constexpr QLatin1String kAssigneeName{"assigneeName"};
inline constexpr QLatin1String kDueDate{"dueDate"};
inline constexpr QLatin1String kPriority{"priority"};

const SyncedTable& table();
// A card: every field of the table (id and version are the row's).
const SyncedRecord<PipelineItem>& item();
// A person's changes to a card: the editable fields, those set.
const SyncedRecord<ItemChanges>& changes();

} // namespace PipelineItemTable
