#pragma once

#include "TaskStatusFlow.h"

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>

#include <optional>

// Reads and writes platform Tasks, their templates and their DecisionLog trail the way the web
// platform does (version + 1 and "updatedAt" on every write, an ActivityLog row per change).
// Synchronous: call it on the database thread (inside a DbWork) or from astralis-cli.
namespace TaskRepository {

// A row of the platform-wide "TaskTemplate" catalog.
struct Template
{
    QString id;
    QString label;
    QString category;
    QString description;
    QString preferredPipelineKey; // empty: the template names no pipeline
    QJsonObject definition; // inputs, steps, routing hints, SLA
};

struct Task
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

enum class Failure
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

struct WriteResult
{
    Failure failure = Failure::None;
    QString message; // a sentence for the person
    QString detail; // the server's words
    Task task; // the row as written; the current row after a conflict or a refused transition
    QString sqlState; // the server's SQLSTATE when a statement failed (empty: no answer)
    bool alreadyApplied = false; // setStatus with a mutation id: it was applied before
    int resultVersion = 0; // … and this is the version that change produced
    bool ok() const { return failure == Failure::None; }
};

// What a new task takes from its template (pure; see createFromTemplate).
struct Prefill
{
    QString title;
    QString description;
    int priority = 0;
    std::optional<int> dueInHours; // from now; nullopt = no due date
    QJsonObject data; // the task's working state: the template's steps as a checklist
};
Prefill prefill(const Template& tmpl);

// Active templates, by category and label.
QList<Template> templates(const QSqlDatabase& db, QString* error);
// The pipeline's tasks that are not deleted, newest first.
QList<Task> tasks(const QSqlDatabase& db, const QString& pipelineId, QString* error);
// One task (an empty id when it is deleted or not visible).
Task task(const QSqlDatabase& db, const QString& taskId, QString* error);

// A new task (status New, source "console") in the first stage of the template's preferred
// pipeline, resolved by key within the signed-in organization, or of pipelineKeyOverride.
WriteResult createFromTemplate(const QSqlDatabase& db, const QString& templateId,
                               const QString& pipelineKeyOverride = {});
// Changes the status when TaskStatusFlow allows it from the status in the database now.
// expectedVersion: the version the person saw; 0 = do not check.
// With a mutation id (an outbox replay): done once only — a mutation id already recorded in
// client_mutation answers alreadyApplied, and a new one is recorded in the same transaction.
WriteResult setStatus(const QSqlDatabase& db, const QString& taskId, TaskStatus to, int expectedVersion,
                      const QString& mutationId = {});

// The task's decision trail, oldest first.
QList<DecisionEntry> decisionLog(const QSqlDatabase& db, const QString& taskId, QString* error);

} // namespace TaskRepository

Q_DECLARE_METATYPE(TaskRepository::Template)
Q_DECLARE_METATYPE(TaskRepository::Task)
Q_DECLARE_METATYPE(TaskRepository::DecisionEntry)
Q_DECLARE_METATYPE(TaskRepository::WriteResult)
