#pragma once

#include "SyncedRecord.h"
#include "TaskRecords.h"

// Platform tasks (the "Task" table, spec 2.3) as the Tasks panel keeps them offline: the one
// declaration of a task's fields (see SyncedTable), bound to TaskRecord. The console changes a
// task's status only, along TaskStatusFlow, which the replay checks against the server's row.
namespace TaskTable {

inline constexpr QLatin1String kEntity{"Task"};
inline constexpr QLatin1String kStatus{"status"}; // the one field the console changes
inline constexpr QLatin1String kTitle{"title"};

const SyncedTable& table();
const SyncedRecord<TaskRecord>& task();

} // namespace TaskTable
