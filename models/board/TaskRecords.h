#pragma once

#include "TaskStatusFlow.h"

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

// Plain records of platform Tasks, their templates and their DecisionLog trail (spec 2.3), as
// the Tasks panel shows them and the task service reads and writes them.

// A row of the platform-wide "TaskTemplate" catalog.
struct TaskTemplate
{
    QString id;
    QString label;
    QString category;
    QString description;
    QString preferredPipelineKey; // empty: the template names no pipeline
    QJsonObject definition; // inputs, steps, routing hints, SLA
};

struct TaskRecord
{
    QString id;
    QString title;
    QString description;
    std::optional<TaskStatus> status; // nullopt: a status a newer platform release added
    QString statusValue; // the database spelling, also for unknown statuses
    int priority = 0; // 0 none … 3 urgent
    QString assignedToId;
    QString assigneeName;
    QDateTime dueDate; // UTC; invalid when none
    QDateTime completedAt; // UTC; invalid unless done
    QDateTime createdAt; // UTC
    QString pipelineId;
    QString stageId;
    QString stageName;
    QString templateId;
    QString source; // "console", "intake", "agent", …
    int version = 1;
};

// One entry of a task's AI decision trail (append-only).
struct DecisionEntry
{
    QString id;
    QString eventName; // "task.created", "task.routed", …
    QJsonValue decision;
    QJsonValue llmCall; // Null when no model was involved
    QDateTime createdAt; // UTC
};

enum class TaskFailure
{
    None,
    Conflict, // someone changed the task since it was loaded
    Gone, // deleted, or not visible to this login
    NotAllowed, // the task status flow refuses the change; message says what to do instead
    TemplateGone, // the template does not exist or was retired
    PipelineMissing, // the template's pipeline does not exist in this organization (or has no stages)
    Refused, // the server's rules refused it (row-level security, privileges)
    Other,
};

struct TaskWriteResult
{
    TaskFailure failure = TaskFailure::None;
    QString message; // a sentence for the person
    QString detail; // the server's words
    TaskRecord task; // the row as written; the current row after a conflict or a refused transition
    QString sqlState; // the server's SQLSTATE when a statement failed (empty: no answer)
    bool ok() const { return failure == TaskFailure::None; }
};

Q_DECLARE_METATYPE(TaskTemplate)
Q_DECLARE_METATYPE(TaskRecord)
Q_DECLARE_METATYPE(DecisionEntry)
Q_DECLARE_METATYPE(TaskWriteResult)
