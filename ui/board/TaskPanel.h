#pragma once

#include "BoardRecords.h"
#include "TaskRecords.h"

#include <QHash>
#include <QWidget>

class TaskService;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QMenu;
class QPushButton;
class QWidget;

// The tasks of one pipeline, for a side panel next to the board: the list (newest first), a
// "New task from template…" menu, status buttons following the task status flow (refused
// changes disabled, their reason as tooltip) and the selected task's DecisionLog timeline.
// Its data comes from TaskService (the cache at once, then the server; status changes through
// the outbox, so they work offline); nothing here waits for the server.
class TaskPanel : public QWidget
{
    Q_OBJECT

public:
    explicit TaskPanel(TaskService* service, QWidget* parent = nullptr);

    // Shows this pipeline's tasks (a pipeline.id); an empty id clears the panel.
    void setPipeline(const QString& pipelineId);
    QString pipelineId() const { return m_pipelineId; }
    // Reads the pipeline's tasks again, keeping the selection.
    void reload();

    const QList<TaskRecord>& tasks() const { return m_tasks; }
    QString selectedTaskId() const;
    void selectTask(const QString& taskId);

signals:
    void tasksLoaded();
    void decisionLogLoaded(const QString& taskId);
    void taskCreated(const QString& taskId);
    void taskChanged(const QString& taskId); // its status was changed here
    void templatesLoaded();

private:
    void loadTemplates(bool thenShowMenu);
    void showTemplateMenu();
    void createFromTemplate(const QString& templateId, const QString& pipelineKeyOverride);
    void changeStatus(TaskStatus to);
    void showTask(const TaskRecord& task);
    void fillItem(QListWidgetItem* item, const TaskRecord& task) const;
    void showSelected();
    void updateStatusButtons();
    void loadDecisionLog(const QString& taskId);
    void showMessage(const QString& text, bool error = true);
    void clearMessage();
    void updateCount();
    int rowOf(const QString& taskId) const;
    QString pipelineName(const QString& key) const;
    void showTasks(const QList<TaskRecord>& tasks);

    TaskService* m_service;
    QString m_pipelineId;
    Pipeline m_pipeline; // the open pipeline, once loaded
    QList<Pipeline> m_pipelines; // the organization's, to name a template's pipeline
    QList<TaskRecord> m_tasks;
    QList<TaskTemplate> m_templates;
    bool m_templatesLoaded = false;
    bool m_templatesLoading = false;
    bool m_statusInFlight = false;
    bool m_offlineNotice = false; // the message says the list is the cache's, the server out of reach
    int m_loadSerial = 0; // answers to older loads are dropped
    int m_timelineSerial = 0;

    QLabel* m_count = nullptr;
    QPushButton* m_newButton = nullptr;
    QMenu* m_templateMenu = nullptr;
    QLabel* m_message = nullptr;
    QListWidget* m_list = nullptr;
    QWidget* m_details = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_info = nullptr;
    QList<QPushButton*> m_statusButtons; // one per TaskStatus, in declaration order
    QListWidget* m_timeline = nullptr;
    QLabel* m_placeholder = nullptr;
};
