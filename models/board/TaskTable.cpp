#include "TaskTable.h"

#include "TaskStatusFlow.h"

#include <QCoreApplication>

namespace {

// Replay failures as the task applier and the repository said them.
struct ReplayText
{
    Q_DECLARE_TR_FUNCTIONS(TaskApplier)
};

struct RepositoryText
{
    Q_DECLARE_TR_FUNCTIONS(TaskRepository)
};

QString cannotSend(const QString& what)
{
    return ReplayText::tr("This console cannot send this change of a task (%1).").arg(what);
}

// The flow, checked against the task as the server has it when the change arrives.
QString statusRefusal(const QVariantMap& row, const QVariant& to)
{
    const std::optional<TaskStatus> target = TaskStatusFlow::fromDatabase(to.toString());
    if (!target)
        return cannotSend(to.toString());
    const QString fromValue = row.value(TaskTable::kStatus).toString();
    const std::optional<TaskStatus> from = TaskStatusFlow::fromDatabase(fromValue);
    if (!from)
        return RepositoryText::tr("\"%1\" has the status \"%2\", which this console does not know; change it "
                                  "in the web platform.")
            .arg(row.value(TaskTable::kTitle).toString(), fromValue);
    const TransitionCheck check = TaskStatusFlow::check(*from, *target);
    return check.allowed ? QString() : check.reason;
}

QStringList knownStatuses()
{
    QStringList values;
    for (TaskStatus s : {TaskStatus::New, TaskStatus::InProgress, TaskStatus::NeedsReview,
                         TaskStatus::Blocked, TaskStatus::Done, TaskStatus::Cancelled})
        values << TaskStatusFlow::toDatabase(s);
    return values;
}

SyncedRecord<TaskRecord> makeTask()
{
    using F = SyncedTable::Field;
    using T = SyncedTable::Type;
    SyncedTable t;
    t.entity = TaskTable::kEntity;
    t.sqlTable = TaskTable::kEntity;
    t.ops = {OutboxEntry::Op::Update};
    t.labelField = TaskTable::kTitle;
    t.sentences.cannotSend = cannotSend;
    t.sentences.changedWhileSent
        = [] { return ReplayText::tr("The task changed while the change was sent; it is sent again."); };
    t.sentences.refused
        = [] { return RepositoryText::tr("The server refused the change: you may not change this task."); };

    // The database spelling, and the parsed status (nullopt: one a newer platform added).
    SyncedRecord<TaskRecord>::Access status{[](const TaskRecord&) { return true; },
                                            [](const TaskRecord& task) { return QVariant(task.statusValue); },
                                            [](TaskRecord& task, const QVariant& value) {
                                                task.statusValue = value.toString();
                                                task.status = TaskStatusFlow::fromDatabase(task.statusValue);
                                            }};

    SyncedRecord<TaskRecord> r(t);
    r.field(F(TaskTable::kTitle, T::Text), &TaskRecord::title)
        .field(F(QStringLiteral("description"), T::Text).optional(), &TaskRecord::description)
        .field(F(TaskTable::kStatus, T::Enum)
                   .enumOf(QStringLiteral("TaskStatus"), knownStatuses())
                   .writable()
                   .follows(statusRefusal)
                   // Done records when the work was finished; a reopened task has no such time.
                   .stamping(QStringLiteral("completedAt"), TaskStatusFlow::toDatabase(TaskStatus::Done)),
               status)
        .field(F(QStringLiteral("priority"), T::Int), &TaskRecord::priority)
        .field(F(QStringLiteral("assignedToId"), T::Ref).optional().references(QStringLiteral("users")),
               &TaskRecord::assignedToId)
        .field(F(QStringLiteral("assigneeName"), T::Text).lookup(), &TaskRecord::assigneeName)
        .field(F(QStringLiteral("dueDate"), T::Timestamp).optional(), &TaskRecord::dueDate)
        .field(F(QStringLiteral("completedAt"), T::Timestamp).optional(), &TaskRecord::completedAt)
        .field(F(QStringLiteral("createdAt"), T::Timestamp), &TaskRecord::createdAt)
        .field(F(QStringLiteral("pipelineId"), T::Ref).optional().references(QStringLiteral("pipeline")),
               &TaskRecord::pipelineId)
        .field(F(QStringLiteral("stageId"), T::Ref).optional().references(QStringLiteral("pipelineStage")),
               &TaskRecord::stageId)
        .field(F(QStringLiteral("stageName"), T::Text).lookup(), &TaskRecord::stageName)
        .field(F(QStringLiteral("templateId"), T::Ref).optional().references(QStringLiteral("TaskTemplate")),
               &TaskRecord::templateId)
        // "console", "intake", "agent", …: free text on the platform.
        .field(F(QStringLiteral("source"), T::Text), &TaskRecord::source);
    return r;
}

} // namespace

namespace TaskTable {

const SyncedTable& table()
{
    return task().table();
}

const SyncedRecord<TaskRecord>& task()
{
    static const SyncedRecord<TaskRecord> record = makeTask();
    return record;
}

} // namespace TaskTable
