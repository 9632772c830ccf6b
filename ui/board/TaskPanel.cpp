#include "TaskPanel.h"

#include "DecisionText.h"
#include "TaskService.h"
#include "TaskStatusFlow.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace {

constexpr TaskStatus kStatuses[] = {TaskStatus::New,     TaskStatus::InProgress, TaskStatus::NeedsReview,
                                    TaskStatus::Blocked, TaskStatus::Done,       TaskStatus::Cancelled};
constexpr int kIdRole = Qt::UserRole;

QColor statusColor(const std::optional<TaskStatus>& status)
{
    if (!status)
        return QColor(QStringLiteral("#adb5bd"));
    switch (*status) {
    case TaskStatus::New:
        return QColor(QStringLiteral("#868e96"));
    case TaskStatus::InProgress:
        return QColor(QStringLiteral("#4c6ef5"));
    case TaskStatus::NeedsReview:
        return QColor(QStringLiteral("#7950f2"));
    case TaskStatus::Blocked:
        return QColor(QStringLiteral("#fa5252"));
    case TaskStatus::Done:
        return QColor(QStringLiteral("#40c057"));
    case TaskStatus::Cancelled:
        return QColor(QStringLiteral("#495057"));
    }
    return {};
}

QIcon statusIcon(const std::optional<TaskStatus>& status)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(statusColor(status));
    painter.drawEllipse(QRectF(1, 1, 10, 10));
    return QIcon(pixmap);
}

QString statusName(const TaskRecord& task)
{
    return task.status ? TaskStatusFlow::displayName(*task.status) : task.statusValue;
}

QString priorityName(int priority)
{
    switch (priority) {
    case 1:
        return TaskPanel::tr("Normal priority");
    case 2:
        return TaskPanel::tr("High priority");
    case 3:
        return TaskPanel::tr("Urgent");
    default:
        return {};
    }
}

QString shortDate(const QDateTime& utc)
{
    return QLocale().toString(utc.toLocalTime().date(), QLocale::ShortFormat);
}

} // namespace

TaskPanel::TaskPanel(TaskService* service, QWidget* parent)
    : QWidget(parent)
    , m_service(service)
{
    // A replay pass settled tasks (sent, refused, in conflict): the list shows what the cache
    // now holds (the server's status where a change was refused).
    connect(m_service, &TaskService::tasksChanged, this, &TaskPanel::reload);
    setObjectName(QStringLiteral("taskPanel"));

    auto* heading = new QLabel(tr("Tasks"), this);
    QFont headingFont = heading->font();
    headingFont.setBold(true);
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.15);
    heading->setFont(headingFont);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("taskCountLabel"));
    m_count->setForegroundRole(QPalette::PlaceholderText);
    m_newButton = new QPushButton(tr("New task from template…"), this);
    m_newButton->setObjectName(QStringLiteral("newTaskButton"));
    m_newButton->setEnabled(false);
    connect(m_newButton, &QPushButton::clicked, this, [this] {
        if (m_templatesLoaded)
            showTemplateMenu();
        else
            loadTemplates(true);
    });
    auto* header = new QHBoxLayout;
    header->addWidget(heading);
    header->addWidget(m_count, 1);
    header->addWidget(m_newButton);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("taskMessageLabel"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->hide();

    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("taskListWidget"));
    m_list->setUniformItemSizes(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setIconSize(QSize(12, 12));
    m_list->setSpacing(1);
    m_list->setMinimumHeight(m_list->fontMetrics().lineSpacing() * 8);
    connect(m_list, &QListWidget::currentItemChanged, this, [this] { showSelected(); });

    // The selected task: title, facts, the status flow and the decision trail.
    m_details = new QWidget(this);
    m_title = new QLabel(m_details);
    m_title->setObjectName(QStringLiteral("taskTitleLabel"));
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::PlainText);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_info = new QLabel(m_details);
    m_info->setObjectName(QStringLiteral("taskInfoLabel"));
    m_info->setWordWrap(true);
    m_info->setTextFormat(Qt::PlainText);

    auto* statusHeading = new QLabel(tr("Change status"), m_details);
    statusHeading->setForegroundRole(QPalette::PlaceholderText);
    auto* statusGrid = new QGridLayout;
    statusGrid->setSpacing(4);
    int index = 0;
    for (TaskStatus status : kStatuses) {
        auto* button = new QPushButton(statusIcon(status), TaskStatusFlow::displayName(status), m_details);
        button->setObjectName(QStringLiteral("statusButton_") + TaskStatusFlow::toDatabase(status));
        button->setEnabled(false);
        connect(button, &QPushButton::clicked, this, [this, status] { changeStatus(status); });
        statusGrid->addWidget(button, index / 3, index % 3);
        m_statusButtons << button;
        ++index;
    }

    auto* timelineHeading = new QLabel(tr("Decision log"), m_details);
    timelineHeading->setForegroundRole(QPalette::PlaceholderText);
    m_timeline = new QListWidget(m_details);
    m_timeline->setObjectName(QStringLiteral("decisionTimelineWidget"));
    m_timeline->setWordWrap(true);
    m_timeline->setSelectionMode(QAbstractItemView::NoSelection);
    m_timeline->setFocusPolicy(Qt::NoFocus);
    m_timeline->setSpacing(2);
    m_timeline->setAlternatingRowColors(true);
    // Room for about three entries before it scrolls; the task list gives way first.
    m_timeline->setMinimumHeight(m_timeline->fontMetrics().lineSpacing() * 11);

    auto* details = new QVBoxLayout(m_details);
    details->setContentsMargins(0, 6, 0, 0);
    details->addWidget(m_title);
    details->addWidget(m_info);
    details->addSpacing(4);
    details->addWidget(statusHeading);
    details->addLayout(statusGrid);
    details->addSpacing(4);
    details->addWidget(timelineHeading);
    details->addWidget(m_timeline, 1);
    m_details->hide();

    m_placeholder = new QLabel(tr("Select a task to see its status and decision log."), this);
    m_placeholder->setObjectName(QStringLiteral("taskPlaceholderLabel"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);

    auto* lower = new QWidget(this);
    auto* lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addWidget(m_details);
    lowerLayout->addWidget(m_placeholder);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("taskSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_list);
    splitter->addWidget(lower);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);

    m_templateMenu = new QMenu(this);
    m_templateMenu->setObjectName(QStringLiteral("templateMenu"));
    m_templateMenu->setToolTipsVisible(true);
    updateCount();
}

void TaskPanel::setPipeline(const QString& pipelineId)
{
    if (pipelineId != m_pipelineId) {
        m_pipelineId = pipelineId;
        m_pipeline = Pipeline();
        m_tasks.clear();
        m_list->clear();
        clearMessage();
    }
    reload();
}

void TaskPanel::reload()
{
    const int serial = ++m_loadSerial;
    if (m_pipelineId.isEmpty()) {
        m_tasks.clear();
        m_list->clear();
        m_newButton->setEnabled(false);
        updateCount();
        return;
    }
    m_service->tasks(this, m_pipelineId, [this, serial](const Answer<TaskService::PipelineTasks>& answer) {
        if (serial != m_loadSerial)
            return;
        if (answer.fromCache) {
            if (!answer.value.tasks.isEmpty() || m_tasks.isEmpty())
                showTasks(answer.value.tasks);
            return;
        }
        if (!answer.ok()) {
            if (answer.offline) {
                showMessage(tr("Offline: the tasks as this computer last loaded them."), false);
                m_offlineNotice = true;
            } else {
                showMessage(tr("The tasks could not be loaded: %1").arg(answer.error));
            }
            return;
        }
        // The server answered: no longer offline (other messages stay, a refusal among them).
        if (m_offlineNotice)
            clearMessage();
        m_pipeline = answer.value.pipeline;
        m_pipelines = answer.value.pipelines;
        m_newButton->setEnabled(true);
        showTasks(answer.value.tasks);
    });
}

void TaskPanel::showTasks(const QList<TaskRecord>& tasks)
{
    const QString selected = selectedTaskId();
    m_tasks = tasks;
    {
        const QSignalBlocker block(m_list);
        m_list->clear();
        for (const TaskRecord& task : std::as_const(m_tasks)) {
            auto* item = new QListWidgetItem(m_list);
            fillItem(item, task);
        }
    }
    updateCount();
    const int row = rowOf(selected);
    if (row >= 0)
        m_list->setCurrentRow(row);
    else
        showSelected();
    emit tasksLoaded();
}

QString TaskPanel::selectedTaskId() const
{
    const QListWidgetItem* item = m_list->currentItem();
    return item ? item->data(kIdRole).toString() : QString();
}

void TaskPanel::selectTask(const QString& taskId)
{
    const int row = rowOf(taskId);
    if (row >= 0)
        m_list->setCurrentRow(row);
}

int TaskPanel::rowOf(const QString& taskId) const
{
    if (taskId.isEmpty())
        return -1;
    for (int row = 0; row < m_tasks.size(); ++row) {
        if (m_tasks.at(row).id == taskId)
            return row;
    }
    return -1;
}

QString TaskPanel::pipelineName(const QString& key) const
{
    for (const Pipeline& p : m_pipelines) {
        if (p.key == key)
            return p.name;
    }
    return {};
}

void TaskPanel::fillItem(QListWidgetItem* item, const TaskRecord& task) const
{
    QStringList facts{statusName(task)};
    if (!task.stageName.isEmpty())
        facts << task.stageName;
    if (!task.assigneeName.isEmpty())
        facts << task.assigneeName;
    if (task.dueDate.isValid())
        facts << tr("due %1").arg(shortDate(task.dueDate));
    item->setText(QString(task.title + QLatin1Char('\n') + facts.join(QStringLiteral(" · "))));
    item->setIcon(statusIcon(task.status));
    item->setData(kIdRole, task.id);
    item->setToolTip(task.description.isEmpty()
                         ? task.title
                         : QString(task.title + QStringLiteral("\n\n") + task.description));
}

void TaskPanel::updateCount()
{
    m_count->setText(m_pipeline.id.isEmpty()
                         ? QString()
                         : tr("%n task(s) in %1", nullptr, int(m_tasks.size())).arg(m_pipeline.name));
}

void TaskPanel::showSelected()
{
    const int row = rowOf(selectedTaskId());
    m_details->setVisible(row >= 0);
    m_placeholder->setVisible(row < 0);
    if (row < 0) {
        m_timeline->clear();
        return;
    }
    const TaskRecord& task = m_tasks.at(row);
    m_title->setText(task.title);
    QStringList facts{statusName(task)};
    const QString priority = priorityName(task.priority);
    if (!priority.isEmpty())
        facts << priority;
    facts << (task.assigneeName.isEmpty() ? tr("Unassigned") : task.assigneeName);
    if (task.dueDate.isValid())
        facts << tr("Due %1").arg(shortDate(task.dueDate));
    if (task.completedAt.isValid())
        facts << tr("Completed %1").arg(shortDate(task.completedAt));
    m_info->setText(facts.join(QStringLiteral(" · ")));
    updateStatusButtons();
    loadDecisionLog(task.id);
}

void TaskPanel::updateStatusButtons()
{
    const int row = rowOf(selectedTaskId());
    const bool known = row >= 0 && m_tasks.at(row).status.has_value();
    const TaskStatus current = known ? *m_tasks.at(row).status : TaskStatus::New;
    for (int i = 0; i < m_statusButtons.size(); ++i) {
        QPushButton* button = m_statusButtons.at(i);
        const TaskStatus to = kStatuses[i];
        if (!known) {
            button->setEnabled(false);
            button->setToolTip(row >= 0 ? tr("This task's status is not known to this console; change it in "
                                             "the web platform.")
                                        : QString());
            continue;
        }
        const TransitionCheck check = TaskStatusFlow::check(current, to);
        button->setEnabled(check.allowed && !m_statusInFlight);
        button->setToolTip(check.allowed
                               ? tr("Change the status to \"%1\".").arg(TaskStatusFlow::displayName(to))
                               : check.reason);
        QFont font = button->font();
        font.setBold(to == current);
        button->setFont(font);
    }
}

void TaskPanel::changeStatus(TaskStatus to)
{
    const int row = rowOf(selectedTaskId());
    if (row < 0 || m_statusInFlight)
        return;
    const TaskRecord task = m_tasks.at(row);
    m_statusInFlight = true;
    updateStatusButtons();
    clearMessage();
    // Saved on this computer first (one local transaction), then sent; the server checks the
    // flow again against the task's status there.
    TaskRecord changed = task;
    changed.status = to;
    changed.statusValue = TaskStatusFlow::toDatabase(to);
    m_service->setStatus(
        this, task, to,
        [this, changed](const OutboxTracker::Queued& queued) {
            m_statusInFlight = false;
            if (!queued.ok()) {
                updateStatusButtons();
                showMessage(tr("The status was not changed: %1").arg(queued.error));
                return;
            }
            showTask(changed);
            emit taskChanged(changed.id);
        },
        [this](const OutboxReceipt& receipt) {
            const OutboxEntry& e = receipt.entry;
            if (receipt.outcome == OutboxReceipt::Outcome::Refused)
                showMessage(tr("The server refused the status change of \"%1\": %2").arg(e.label, e.error));
            else if (receipt.outcome == OutboxReceipt::Outcome::Conflict
                     || receipt.outcome == OutboxReceipt::Outcome::Gone)
                showMessage(tr("\"%1\" was changed by someone else meanwhile; nothing was overwritten. See "
                               "Sync to decide.")
                                .arg(e.label));
        });
}

void TaskPanel::showTask(const TaskRecord& task)
{
    const int row = rowOf(task.id);
    if (task.pipelineId != m_pipelineId) {
        if (row >= 0) {
            m_tasks.removeAt(row);
            delete m_list->takeItem(row);
            updateCount();
        }
        return;
    }
    if (row >= 0) {
        m_tasks[row] = task;
        fillItem(m_list->item(row), task);
        if (row == m_list->currentRow())
            showSelected();
        return;
    }
    // New: newest first.
    m_tasks.prepend(task);
    auto* item = new QListWidgetItem;
    fillItem(item, task);
    m_list->insertItem(0, item);
    updateCount();
}

void TaskPanel::loadDecisionLog(const QString& taskId)
{
    const int serial = ++m_timelineSerial;
    m_service->decisionLog(this, taskId, [this, serial, taskId](const Answer<QList<DecisionEntry>>& answer) {
        if (serial != m_timelineSerial)
            return;
        m_timeline->clear();
        if (!answer.ok()) {
            auto* item = new QListWidgetItem(
                answer.offline ? tr("Not connected: the decision log cannot be loaded.")
                               : tr("The decision log could not be loaded: %1").arg(answer.error),
                m_timeline);
            item->setFlags(Qt::NoItemFlags);
            return;
        }
        const QList<DecisionEntry>& entries = answer.value;
        if (entries.isEmpty()) {
            auto* item = new QListWidgetItem(tr("No decisions recorded for this task."), m_timeline);
            item->setFlags(Qt::NoItemFlags);
        }
        for (const DecisionEntry& entry : entries) {
            QStringList lines;
            lines << QString(QLocale().toString(entry.createdAt.toLocalTime(), QLocale::ShortFormat)
                             + QStringLiteral("  ") + entry.eventName);
            lines << DecisionText::summary(entry.decision);
            QString tooltip = DecisionText::pretty(entry.decision);
            if (entry.llmCall.isObject()) {
                const QString model = DecisionText::modelCall(entry.llmCall);
                if (!model.isEmpty())
                    lines << QString(QStringLiteral("⚙ ") + model);
                tooltip += QString(QStringLiteral("\n\n") + tr("Model call:") + QLatin1Char('\n')
                                   + DecisionText::pretty(entry.llmCall));
            }
            auto* item = new QListWidgetItem(lines.join(QLatin1Char('\n')), m_timeline);
            item->setData(kIdRole, entry.id);
            item->setToolTip(tooltip);
        }
        emit decisionLogLoaded(taskId);
    });
}

void TaskPanel::loadTemplates(bool thenShowMenu)
{
    if (m_templatesLoading)
        return;
    m_templatesLoading = true;
    m_service->templates(this, [this, thenShowMenu](const Answer<QList<TaskTemplate>>& answer) {
        m_templatesLoading = false;
        if (!answer.ok()) {
            showMessage(answer.offline ? tr("Not connected: the task templates cannot be loaded.")
                                       : tr("The task templates could not be loaded: %1").arg(answer.error));
            return;
        }
        m_templates = answer.value;
        m_templatesLoaded = true;
        emit templatesLoaded();
        if (thenShowMenu)
            showTemplateMenu();
    });
}

void TaskPanel::showTemplateMenu()
{
    m_templateMenu->clear();
    if (m_templates.isEmpty()) {
        m_templateMenu->addAction(tr("No task templates are available."))->setEnabled(false);
    }
    // This pipeline's templates first; those naming no pipeline are created here too.
    QList<const TaskTemplate*> here;
    QList<const TaskTemplate*> unbound;
    QList<const TaskTemplate*> elsewhere;
    for (const TaskTemplate& t : std::as_const(m_templates)) {
        if (t.preferredPipelineKey == m_pipeline.key)
            here << &t;
        else if (t.preferredPipelineKey.isEmpty())
            unbound << &t;
        else
            elsewhere << &t;
    }
    here << unbound;
    auto add = [this](const TaskTemplate* t, const QString& text, const QString& overrideKey) {
        QAction* action = m_templateMenu->addAction(text);
        action->setData(t->id);
        action->setToolTip(t->description);
        connect(action, &QAction::triggered, this,
                [this, id = t->id, overrideKey] { createFromTemplate(id, overrideKey); });
        return action;
    };
    if (!here.isEmpty()) {
        m_templateMenu->addSection(tr("For %1").arg(m_pipeline.name));
        for (const TaskTemplate* t : std::as_const(here))
            add(t, t->label, t->preferredPipelineKey.isEmpty() ? m_pipeline.key : QString());
    }
    if (!elsewhere.isEmpty()) {
        m_templateMenu->addSection(tr("For other pipelines"));
        for (const TaskTemplate* t : std::as_const(elsewhere)) {
            const QString name = pipelineName(t->preferredPipelineKey);
            QAction* action
                = add(t, tr("%1 (in %2)").arg(t->label, name.isEmpty() ? t->preferredPipelineKey : name),
                      QString());
            if (name.isEmpty()) {
                action->setEnabled(false);
                action->setToolTip(tr("This template's pipeline '%1' does not exist in your organization.")
                                       .arg(t->preferredPipelineKey));
            }
        }
    }
    m_templateMenu->popup(m_newButton->mapToGlobal(QPoint(0, m_newButton->height())));
}

void TaskPanel::createFromTemplate(const QString& templateId, const QString& pipelineKeyOverride)
{
    clearMessage();
    m_newButton->setEnabled(false);
    m_service->createFromTemplate(
        this, templateId, pipelineKeyOverride, [this](const Answer<TaskWriteResult>& answer) {
            m_newButton->setEnabled(!m_pipelineId.isEmpty());
            if (!answer.ok()) {
                showMessage(answer.offline ? tr("Not connected: the task was not created.")
                                           : tr("The task was not created: %1").arg(answer.error));
                return;
            }
            const TaskWriteResult& written = answer.value;
            if (!written.ok()) {
                showMessage(written.message);
                return;
            }
            const TaskRecord& task = written.task;
            if (task.pipelineId == m_pipelineId) {
                showTask(task);
                selectTask(task.id);
            } else {
                QString name;
                for (const Pipeline& p : std::as_const(m_pipelines)) {
                    if (p.id == task.pipelineId)
                        name = p.name;
                }
                showMessage(tr("Created \"%1\" in the pipeline \"%2\".").arg(task.title, name), false);
            }
            emit taskCreated(task.id);
        });
}

void TaskPanel::showMessage(const QString& text, bool error)
{
    m_offlineNotice = false;
    m_message->setText(text);
    m_message->setStyleSheet(
        error ? QStringLiteral(
            "QLabel { background: rgba(224,49,49,0.10); border: 1px solid rgba(224,49,49,0.5); "
            "border-radius: 5px; padding: 6px 10px; }")
              : QStringLiteral(
                  "QLabel { background: rgba(64,192,87,0.10); border: 1px solid rgba(64,192,87,0.5); "
                  "border-radius: 5px; padding: 6px 10px; }"));
    m_message->show();
}

void TaskPanel::clearMessage()
{
    m_offlineNotice = false;
    m_message->clear();
    m_message->hide();
}
