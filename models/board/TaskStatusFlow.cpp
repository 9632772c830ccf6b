#include "TaskStatusFlow.h"

#include <QCoreApplication>

namespace {

// Gives lupdate and the translator one context for this file's strings.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(TaskStatusFlow)
};

constexpr TaskStatus allStatuses[] = {TaskStatus::New,     TaskStatus::InProgress, TaskStatus::NeedsReview,
                                      TaskStatus::Blocked, TaskStatus::Done,       TaskStatus::Cancelled};

// The flow itself. Work happens only in In progress: review, Done and Blocked are all reached
// from it (or, for Blocked, from New), and every way back into work leads through it, so the
// assignee, the board column and completedAt always describe the work that was really done.
bool isAllowed(TaskStatus from, TaskStatus to)
{
    using S = TaskStatus;
    switch (from) {
    case S::New:
        // Blocked is allowed before anyone starts: a task may wait on a dependency from the day
        // it is created. Review and Done are not: nothing has been worked on yet.
        return to == S::InProgress || to == S::Blocked || to == S::Cancelled;
    case S::InProgress:
        // Not back to New: once started the task has history (assignee, partial work) that
        // "New" would hide. Block or cancel it instead.
        return to == S::NeedsReview || to == S::Blocked || to == S::Done || to == S::Cancelled;
    case S::NeedsReview:
        // In progress is "changes requested". Not Blocked: a review waits on nothing but the
        // reviewer; a blocker found in review is more work, so the task goes back to In progress.
        return to == S::InProgress || to == S::Done || to == S::Cancelled;
    case S::Blocked:
        // Unblocking resumes work (In progress), even when the task was blocked while New:
        // the blocker being cleared is the moment someone picks it up. Not straight to review or
        // Done, which would claim work nobody did while it was blocked.
        return to == S::InProgress || to == S::Cancelled;
    case S::Done:
        // Reopening means more work, hence In progress. Not Cancelled: Done records delivered
        // work, and cancelling would rewrite that; reopen first if it really is to be dropped.
        return to == S::InProgress;
    case S::Cancelled:
        // Restoring starts over from the backlog: whoever picks it up again starts it anew.
        return to == S::New;
    }
    return false;
}

// A sentence for a refused change that names the status to use instead, so the person knows
// the next step without knowing the flow.
QString refusal(TaskStatus from, TaskStatus to)
{
    using S = TaskStatus;
    using TaskStatusFlow::displayName;
    if (from == to)
        return Text::tr("The task is already in the status \"%1\".").arg(displayName(to));

    switch (from) {
    case S::New:
        if (to == S::NeedsReview)
            return Text::tr("A new task must be started (%1) before it can go to review.")
                .arg(displayName(S::InProgress));
        if (to == S::Done)
            return Text::tr("A new task must be started (%1) before it can be marked done. If it is "
                            "not needed, cancel it instead.")
                .arg(displayName(S::InProgress));
        break;
    case S::InProgress:
        if (to == S::New)
            return Text::tr("A started task cannot go back to %1. Mark it %2 if it is waiting on "
                            "something, or %3 if it is no longer needed.")
                .arg(displayName(S::New), displayName(S::Blocked), displayName(S::Cancelled));
        break;
    case S::NeedsReview:
        if (to == S::New)
            return Text::tr("A task in review cannot go back to %1. Request changes (%2) or cancel it "
                            "instead.")
                .arg(displayName(S::New), displayName(S::InProgress));
        if (to == S::Blocked)
            return Text::tr("A task in review must be sent back (%1) before it can be blocked.")
                .arg(displayName(S::InProgress));
        break;
    case S::Blocked:
        if (to == S::New)
            return Text::tr("A blocked task cannot go back to %1. Unblock it (%2) or cancel it instead.")
                .arg(displayName(S::New), displayName(S::InProgress));
        if (to == S::NeedsReview)
            return Text::tr("A blocked task must be unblocked (%1) before it can go to review.")
                .arg(displayName(S::InProgress));
        if (to == S::Done)
            return Text::tr("A blocked task must be unblocked (%1) before it can be marked done.")
                .arg(displayName(S::InProgress));
        break;
    case S::Done:
        if (to == S::New)
            return Text::tr("A finished task cannot go back to %1. Reopen it (%2) if more work is needed.")
                .arg(displayName(S::New), displayName(S::InProgress));
        if (to == S::NeedsReview)
            return Text::tr("A finished task must be reopened (%1) before it can go to review.")
                .arg(displayName(S::InProgress));
        if (to == S::Blocked)
            return Text::tr("A finished task must be reopened (%1) before it can be blocked.")
                .arg(displayName(S::InProgress));
        if (to == S::Cancelled)
            return Text::tr("A finished task cannot be cancelled. Reopen it (%1) first if the work is to "
                            "be dropped.")
                .arg(displayName(S::InProgress));
        break;
    case S::Cancelled:
        return Text::tr("A cancelled task must be restored (%1) first.").arg(displayName(S::New));
    }
    // Unreachable while refusal() covers every pair isAllowed() refuses; the tests check that.
    return Text::tr("A task cannot change from %1 to %2.").arg(displayName(from), displayName(to));
}

} // namespace

namespace TaskStatusFlow {

QString toDatabase(TaskStatus status)
{
    switch (status) {
    case TaskStatus::New:
        return QStringLiteral("NEW");
    case TaskStatus::InProgress:
        return QStringLiteral("IN_PROGRESS");
    case TaskStatus::NeedsReview:
        return QStringLiteral("NEEDS_REVIEW");
    case TaskStatus::Blocked:
        return QStringLiteral("BLOCKED");
    case TaskStatus::Done:
        return QStringLiteral("DONE");
    case TaskStatus::Cancelled:
        return QStringLiteral("CANCELLED");
    }
    return {};
}

std::optional<TaskStatus> fromDatabase(const QString& value)
{
    for (TaskStatus status : allStatuses) {
        if (toDatabase(status) == value)
            return status;
    }
    return std::nullopt;
}

QString displayName(TaskStatus status)
{
    switch (status) {
    case TaskStatus::New:
        return Text::tr("New");
    case TaskStatus::InProgress:
        return Text::tr("In progress");
    case TaskStatus::NeedsReview:
        return Text::tr("Needs review");
    case TaskStatus::Blocked:
        return Text::tr("Blocked");
    case TaskStatus::Done:
        return Text::tr("Done");
    case TaskStatus::Cancelled:
        return Text::tr("Cancelled");
    }
    return {};
}

TransitionCheck check(TaskStatus from, TaskStatus to)
{
    // A status to itself is not a transition: refused with its own sentence, so a caller never
    // writes (and logs) a change that changes nothing.
    if (from != to && isAllowed(from, to))
        return {true, {}};
    return {false, refusal(from, to)};
}

QList<TaskStatus> allowedNext(TaskStatus from)
{
    QList<TaskStatus> next;
    for (TaskStatus to : allStatuses) {
        if (check(from, to).allowed)
            next << to;
    }
    return next;
}

} // namespace TaskStatusFlow
