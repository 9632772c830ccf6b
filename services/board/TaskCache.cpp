#include "TaskCache.h"

#include "LocalCache.h"
#include "TaskStatusFlow.h"
#include "TaskTable.h"

namespace {

const QString kDeleted = SyncedTable::kDeleted;

QVariantMap fieldsOf(const TaskRepository::Task& t)
{
    QVariantMap fields = TaskTable::task().values(t);
    fields.insert(kDeleted, false);
    return fields;
}

TaskRepository::Task taskOf(const CachedRow& row)
{
    TaskRepository::Task t;
    TaskTable::task().setValues(&t, row.data);
    t.id = row.id;
    t.version = row.version;
    return t;
}

} // namespace

namespace TaskCache {

bool storeTasks(LocalCache* cache, const QString& pipelineId, const QList<TaskRepository::Task>& tasks,
                QString* error)
{
    QList<CachedRow> rows;
    for (const TaskRepository::Task& t : tasks)
        rows.append({kTask, t.id, pipelineId, t.version, fieldsOf(t), false});
    return cache->rows().store(kTask, pipelineId, rows, true, error);
}

QList<TaskRepository::Task> tasks(LocalCache* cache, const QString& pipelineId, QString* error)
{
    QList<TaskRepository::Task> list;
    for (const CachedRow& row : cache->rows().children(kTask, pipelineId, error)) {
        if (!row.data.value(kDeleted).toBool())
            list << taskOf(row);
    }
    std::sort(list.begin(), list.end(), [](const TaskRepository::Task& a, const TaskRepository::Task& b) {
        return a.createdAt != b.createdAt ? a.createdAt > b.createdAt : a.id > b.id;
    });
    return list;
}

std::optional<TaskRepository::Task> task(LocalCache* cache, const QString& id, QString* error)
{
    const std::optional<CachedRow> row = cache->rows().get(kTask, id, error);
    if (!row || row->data.value(kDeleted).toBool())
        return std::nullopt;
    return taskOf(*row);
}

OutboxEntry statusEntry(const TaskRepository::Task& task, TaskStatus to)
{
    const SyncedTable& table = TaskTable::table();
    OutboxEntry e;
    e.entity = kTask;
    e.rowId = task.id;
    e.op = OutboxEntry::Op::Update;
    e.baseVersion = task.version;
    e.label = TaskTable::task().value(task, table.labelField).toString();
    TaskRepository::Task changed = task;
    TaskTable::task().set(&changed, TaskTable::kStatus, TaskStatusFlow::toDatabase(to));
    e.fields = TaskTable::task().values(changed, {TaskTable::kStatus});
    return e;
}

} // namespace TaskCache
