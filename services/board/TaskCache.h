#pragma once

#include "OutboxEntry.h"
#include "TaskRepository.h"
#include "TaskTable.h"

class LocalCache;

// The Tasks panel's rows in the local cache and its status changes as outbox entries (the
// board's counterpart is BoardCache). A task's fields and their encoding are TaskTable's.
namespace TaskCache {

inline constexpr QLatin1String kTask = TaskTable::kEntity;

bool storeTasks(LocalCache* cache, const QString& pipelineId, const QList<TaskRepository::Task>& tasks,
                QString* error);
// Newest first, local changes included.
QList<TaskRepository::Task> tasks(LocalCache* cache, const QString& pipelineId, QString* error);
std::optional<TaskRepository::Task> task(LocalCache* cache, const QString& id, QString* error);

OutboxEntry statusEntry(const TaskRepository::Task& task, TaskStatus to);

} // namespace TaskCache
