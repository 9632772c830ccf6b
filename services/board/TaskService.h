#pragma once

#include "Answer.h"
#include "BoardRecords.h"
#include "OutboxTracker.h"
#include "TaskRecords.h"

#include <QObject>

#include <functional>

class DatabaseService;
class OfflineStore;
class SyncService;

// The Tasks feature's data (docs/architecture.md; the board's counterpart is BoardService): a
// pipeline's tasks from this computer's cache at once and then from the server (kept in the
// cache, unsent changes laid over), status changes through the outbox with receipts, and the
// server-only reads and actions (templates, a new task from a template, the decision trail).
class TaskService : public QObject
{
    Q_OBJECT

public:
    TaskService(DatabaseService* database, OfflineStore* store, SyncService* sync, QObject* parent = nullptr);

    struct PipelineTasks
    {
        QList<TaskRecord> tasks; // newest first, local changes included
        Pipeline pipeline; // from the server only (empty from the cache)
        QList<Pipeline> pipelines; // the organization's, to name a template's pipeline (server only)
    };
    // The cached tasks (unless there are none), then the server's.
    void tasks(QObject* context, const QString& pipelineId,
               std::function<void(const Answer<PipelineTasks>&)> answer);

    // Saved in the outbox first (one local transaction), then sent; the server checks the
    // status flow again against the task's status there. `saved` says whether the change is
    // safe on this computer, `receipt` later what the server made of it.
    void setStatus(QObject* context, const TaskRecord& task, TaskStatus to,
                   std::function<void(const OutboxTracker::Queued&)> saved,
                   std::function<void(const OutboxReceipt&)> receipt);

    // Server only: these need the platform's catalog and rules.
    void templates(QObject* context, std::function<void(const Answer<QList<TaskTemplate>>&)> answer);
    void createFromTemplate(QObject* context, const QString& templateId, const QString& pipelineKeyOverride,
                            std::function<void(const Answer<TaskWriteResult>&)> answer);
    void decisionLog(QObject* context, const QString& taskId,
                     std::function<void(const Answer<QList<DecisionEntry>>&)> answer);

signals:
    // A replay pass changed tasks' server state (sent, refused, in conflict): read them again.
    void tasksChanged();

private:
    DatabaseService* m_database;
    OfflineStore* m_store;
    OutboxTracker* m_outbox;
};
