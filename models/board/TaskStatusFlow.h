#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

// The status of a platform Task (enum TaskStatus in schema.prisma, spec 2.2). The database
// holds the spelling from toDatabase(); the console never shows that spelling to a person.
enum class TaskStatus
{
    New,
    InProgress,
    NeedsReview,
    Blocked,
    Done,
    Cancelled,
};

Q_DECLARE_METATYPE(TaskStatus)

// Whether a status change may be made, and if not, a translated sentence saying what to do
// instead. reason is empty when allowed.
struct TransitionCheck
{
    bool allowed = false;
    QString reason;
};

// The task status flow: which changes a person may make, so the board and the task dialog
// offer only those and explain the rest. The database enforces the same flow for staff writes
// (astralis.status_flow, migration security_hardening; a test compares the two), so no client
// can step around it.
namespace TaskStatusFlow {

// "NEW", "IN_PROGRESS", … exactly as the database enum spells them.
QString toDatabase(TaskStatus status);
// The exact, case-sensitive database spelling (PostgreSQL enum labels are); nullopt otherwise,
// e.g. for a value a newer platform release added.
std::optional<TaskStatus> fromDatabase(const QString& value);

// Translated name for lists and badges ("In progress").
QString displayName(TaskStatus status);

TransitionCheck check(TaskStatus from, TaskStatus to);

// The statuses check(from, …) allows, in declaration order, so menus stay in the same order.
QList<TaskStatus> allowedNext(TaskStatus from);

} // namespace TaskStatusFlow
