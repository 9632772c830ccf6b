#pragma once

#include "TaskRecords.h"

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>

#include <optional>

// Reads platform Tasks (their columns as TaskTable describes them), their templates and their
// DecisionLog trail, and creates tasks from templates the way the web platform does. A task's
// status changes go through the outbox (TaskCache::statusEntry, replayed by SyncedTableApplier).
// Synchronous: call it on the database thread (inside a DbWork) or from astralis-cli.
namespace TaskRepository {

using Template = TaskTemplate;
using Task = TaskRecord;
using DecisionEntry = ::DecisionEntry;
using Failure = TaskFailure;
using WriteResult = TaskWriteResult;

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
// The task's decision trail, oldest first.
QList<DecisionEntry> decisionLog(const QSqlDatabase& db, const QString& taskId, QString* error);

} // namespace TaskRepository
