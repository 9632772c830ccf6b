#include "TaskApplier.h"

#include "TaskRepository.h"
#include "TaskStatusFlow.h"

#include <QCoreApplication>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(TaskApplier)
};

ApplyOutcome failedWith(const QString& sqlState, const QString& error)
{
    ApplyOutcome o;
    o.kind = ApplyOutcome::Kind::Failed;
    o.sqlState = sqlState;
    o.error = error;
    return o;
}

} // namespace

ApplyOutcome TaskApplier::apply(QSqlDatabase& db, const OutboxEntry& entry, const QVariantMap& fields,
                                int expectedVersion, ReplayFaults* faults)
{
    const QString statusValue = fields.value(QStringLiteral("status")).toString();
    const std::optional<TaskStatus> to = TaskStatusFlow::fromDatabase(statusValue);
    if (entry.op != OutboxEntry::Op::Update || !to)
        return failedWith(QStringLiteral("22023"),
                          Text::tr("This console cannot send this change of a task (%1).").arg(statusValue));
    const int call = faults ? ++faults->calls : 0;
    if (faults && faults->failBefore && faults->failBefore(call))
        return failedWith(QStringLiteral("08006"), QStringLiteral("injected fault: the request was lost"));
    const TaskRepository::WriteResult r
        = TaskRepository::setStatus(db, entry.rowId, *to, expectedVersion, entry.mutationId);
    if (faults && faults->failAfter && faults->failAfter(call))
        return failedWith(QStringLiteral("08006"), QStringLiteral("injected fault: the answer was lost"));

    ApplyOutcome o;
    if (r.alreadyApplied) {
        o.kind = ApplyOutcome::Kind::AlreadyApplied;
        o.newVersion = r.resultVersion;
        return o;
    }
    switch (r.failure) {
    case TaskRepository::Failure::None:
        o.kind = ApplyOutcome::Kind::Applied;
        o.newVersion = r.task.version;
        return o;
    case TaskRepository::Failure::Conflict:
        o.kind = ApplyOutcome::Kind::VersionMismatch;
        o.theirs = {{QStringLiteral("status"), r.task.statusValue}};
        o.theirsVersion = r.task.version;
        return o;
    case TaskRepository::Failure::Gone:
        o.kind = ApplyOutcome::Kind::Gone;
        return o;
    case TaskRepository::Failure::NotAllowed:
        // The status flow refuses it from the status the task has now: for good, with the reason.
        return failedWith(QStringLiteral("P0001"), r.message);
    case TaskRepository::Failure::Refused:
        return failedWith(QStringLiteral("42501"), r.message);
    case TaskRepository::Failure::TemplateGone:
    case TaskRepository::Failure::PipelineMissing:
    case TaskRepository::Failure::Other:
        break;
    }
    // No SQLSTATE: the connection (retried); otherwise the server's verdict.
    return failedWith(r.sqlState, r.detail.isEmpty() ? r.message : r.detail);
}
