#include "TaskCache.h"

#include "LocalCache.h"
#include "TaskStatusFlow.h"

namespace {

QVariant msOf(const QDateTime& t)
{
    return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant();
}

QDateTime fromMs(const QVariant& v)
{
    return v.isValid() && !v.isNull() ? QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC) : QDateTime();
}

QVariantMap fieldsOf(const TaskRepository::Task& t)
{
    return {{QStringLiteral("title"), t.title},
            {QStringLiteral("description"), t.description},
            {QStringLiteral("status"), t.statusValue},
            {QStringLiteral("priority"), t.priority},
            {QStringLiteral("assignedToId"), t.assignedToId},
            {QStringLiteral("assigneeName"), t.assigneeName},
            {QStringLiteral("dueDate"), msOf(t.dueDate)},
            {QStringLiteral("completedAt"), msOf(t.completedAt)},
            {QStringLiteral("createdAt"), msOf(t.createdAt)},
            {QStringLiteral("pipelineId"), t.pipelineId},
            {QStringLiteral("stageId"), t.stageId},
            {QStringLiteral("stageName"), t.stageName},
            {QStringLiteral("templateId"), t.templateId},
            {QStringLiteral("source"), t.source},
            {QStringLiteral("deletedAt"), false}};
}

TaskRepository::Task taskOf(const CachedRow& row)
{
    const QVariantMap& d = row.data;
    TaskRepository::Task t;
    t.id = row.id;
    t.version = row.version;
    t.title = d.value(QStringLiteral("title")).toString();
    t.description = d.value(QStringLiteral("description")).toString();
    t.statusValue = d.value(QStringLiteral("status")).toString();
    t.status = TaskStatusFlow::fromDatabase(t.statusValue);
    t.priority = d.value(QStringLiteral("priority")).toInt();
    t.assignedToId = d.value(QStringLiteral("assignedToId")).toString();
    t.assigneeName = d.value(QStringLiteral("assigneeName")).toString();
    t.dueDate = fromMs(d.value(QStringLiteral("dueDate")));
    t.completedAt = fromMs(d.value(QStringLiteral("completedAt")));
    t.createdAt = fromMs(d.value(QStringLiteral("createdAt")));
    t.pipelineId = d.value(QStringLiteral("pipelineId")).toString();
    t.stageId = d.value(QStringLiteral("stageId")).toString();
    t.stageName = d.value(QStringLiteral("stageName")).toString();
    t.templateId = d.value(QStringLiteral("templateId")).toString();
    t.source = d.value(QStringLiteral("source")).toString();
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
    return cache->storeRows(kTask, pipelineId, rows, true, error);
}

QList<TaskRepository::Task> tasks(LocalCache* cache, const QString& pipelineId, QString* error)
{
    QList<TaskRepository::Task> list;
    for (const CachedRow& row : cache->rows(kTask, pipelineId, error)) {
        if (!row.data.value(QStringLiteral("deletedAt")).toBool())
            list << taskOf(row);
    }
    std::sort(list.begin(), list.end(), [](const TaskRepository::Task& a, const TaskRepository::Task& b) {
        return a.createdAt != b.createdAt ? a.createdAt > b.createdAt : a.id > b.id;
    });
    return list;
}

std::optional<TaskRepository::Task> task(LocalCache* cache, const QString& id, QString* error)
{
    const std::optional<CachedRow> row = cache->row(kTask, id, error);
    if (!row || row->data.value(QStringLiteral("deletedAt")).toBool())
        return std::nullopt;
    return taskOf(*row);
}

OutboxEntry statusEntry(const TaskRepository::Task& task, TaskStatus to)
{
    OutboxEntry e;
    e.entity = kTask;
    e.rowId = task.id;
    e.op = OutboxEntry::Op::Update;
    e.baseVersion = task.version;
    e.label = task.title;
    e.fields = {{QStringLiteral("status"), TaskStatusFlow::toDatabase(to)}};
    return e;
}

} // namespace TaskCache
