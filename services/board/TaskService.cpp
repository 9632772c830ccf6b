#include "TaskService.h"

#include "BoardRepository.h"
#include "DatabaseService.h"
#include "LocalCache.h"
#include "OfflineStore.h"
#include "ServerRead.h"
#include "SyncService.h"
#include "TaskCache.h"
#include "TaskRepository.h"

#include <QCoreApplication>

#include <memory>

namespace {

// The translations of these sentences were made when the Tasks panel said them.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(TaskPanel)
};

} // namespace

TaskService::TaskService(DatabaseService* database, OfflineStore* store, SyncService* sync, QObject* parent)
    : QObject(parent)
    , m_database(database)
    , m_store(store)
    , m_outbox(new OutboxTracker(database, store, sync, this))
{
    connect(sync, &SyncService::passFinished, this, [this](const SyncEngine::Summary& summary) {
        bool mine = m_outbox->waiting() > 0;
        for (const RowRef& row : summary.changedRows)
            mine = mine || row.entity == TaskCache::kTask;
        if (mine)
            emit tasksChanged();
    });
}

void TaskService::tasks(QObject* context, const QString& pipelineId,
                        std::function<void(const Answer<PipelineTasks>&)> answer)
{
    // What this computer knows, at once (the server's answer replaces it); nothing when it knows
    // nothing, and nothing once the server's answer is there (a busy cache thread).
    auto serverAnswered = std::make_shared<bool>(false);
    auto cached = std::make_shared<QList<TaskRecord>>();
    m_store->run(
        context,
        [pipelineId, cached](LocalCache& cache) {
            QString error;
            *cached = TaskCache::tasks(&cache, pipelineId, &error);
            return QVariant(true);
        },
        [this, cached, serverAnswered, answer](const QVariant& ran) {
            if (!ran.isValid() || cached->isEmpty() || *serverAnswered)
                return;
            Answer<PipelineTasks> a;
            a.fromCache = true;
            a.offline = !m_database->isOnline();
            a.value.tasks = *cached;
            answer(a);
        });
    auto loaded = std::make_shared<PipelineTasks>();
    m_database->run(
        context,
        [pipelineId, loaded](QSqlDatabase& db) {
            QString error;
            loaded->pipelines = BoardRepository::pipelines(db, &error);
            if (!error.isEmpty())
                return DbResult::failure(error);
            for (const Pipeline& p : std::as_const(loaded->pipelines)) {
                if (p.id == pipelineId)
                    loaded->pipeline = p;
            }
            if (loaded->pipeline.id.isEmpty())
                return DbResult::failure(
                    Text::tr("This pipeline no longer exists (or you may no longer see it)."));
            loaded->tasks = TaskRepository::tasks(db, pipelineId, &error);
            return error.isEmpty() ? DbResult::success() : DbResult::failure(error);
        },
        [this, context = QPointer<QObject>(context), pipelineId, loaded, serverAnswered,
         answer](const DbResult& result) {
            Answer<PipelineTasks> a;
            a.offline = result.offline;
            if (!result.ok) {
                a.error = ServerRead::failure(result);
                answer(a);
                return;
            }
            // Into the cache, and answered with this computer's unsent changes laid over.
            m_store->run(
                context,
                [pipelineId, loaded](LocalCache& cache) {
                    QString error;
                    if (TaskCache::storeTasks(&cache, pipelineId, loaded->tasks, &error))
                        loaded->tasks = TaskCache::tasks(&cache, pipelineId, &error);
                    return QVariant(true);
                },
                [loaded, serverAnswered, answer](const QVariant&) {
                    *serverAnswered = true;
                    Answer<PipelineTasks> a;
                    a.value = *loaded;
                    answer(a);
                });
        });
}

void TaskService::setStatus(QObject* context, const TaskRecord& task, TaskStatus to,
                            std::function<void(const OutboxTracker::Queued&)> saved,
                            std::function<void(const OutboxReceipt&)> receipt)
{
    m_outbox->enqueue(context, {TaskCache::statusEntry(task, to)}, std::move(saved), std::move(receipt));
}

void TaskService::templates(QObject* context, std::function<void(const Answer<QList<TaskTemplate>>&)> answer)
{
    ServerRead::run<QList<TaskTemplate>>(m_database, context, &TaskRepository::templates, std::move(answer));
}

void TaskService::createFromTemplate(QObject* context, const QString& templateId,
                                     const QString& pipelineKeyOverride,
                                     std::function<void(const Answer<TaskWriteResult>&)> answer)
{
    ServerRead::run<TaskWriteResult>(
        m_database, context,
        [templateId, pipelineKeyOverride](QSqlDatabase& db, QString*) {
            return TaskRepository::createFromTemplate(db, templateId, pipelineKeyOverride);
        },
        std::move(answer));
}

void TaskService::decisionLog(QObject* context, const QString& taskId,
                              std::function<void(const Answer<QList<DecisionEntry>>&)> answer)
{
    ServerRead::run<QList<DecisionEntry>>(
        m_database, context,
        [taskId](QSqlDatabase& db, QString* error) { return TaskRepository::decisionLog(db, taskId, error); },
        std::move(answer));
}
