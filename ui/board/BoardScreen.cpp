#include "BoardScreen.h"

#include "BoardController.h"
#include "CardTable.h"
#include "CardTableModel.h"
#include "StageColumn.h"
#include "StageItemModel.h"

#include <QAction>
#include <QButtonGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <tuple>

namespace {

// What puts a card into a lane: its assignee or its priority.
ItemChanges laneChanges(const CardFilter& lane)
{
    ItemChanges changes;
    if (lane.priority)
        changes.priority = *lane.priority;
    if (lane.assigneeId)
        changes.assignedToId = *lane.assigneeId;
    return changes;
}

} // namespace

BoardScreen::BoardScreen(BoardController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    setObjectName(QStringLiteral("boardsScreen"));

    auto* title = new QLabel(tr("Boards"), this);
    title->setObjectName(QStringLiteral("screenTitleLabel"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setWeight(QFont::DemiBold);
    title->setFont(titleFont);

    m_pipelineCombo = new QComboBox(this);
    m_pipelineCombo->setObjectName(QStringLiteral("pipelineComboBox"));
    m_pipelineCombo->setMinimumWidth(220);
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("boardFilterLineEdit"));
    m_filter->setPlaceholderText(tr("Filter cards…"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMinimumWidth(200);
    m_filter->setMaximumWidth(280);
    m_assigneeFilter = new QComboBox(this);
    m_assigneeFilter->setObjectName(QStringLiteral("assigneeFilterComboBox"));
    m_assigneeFilter->setToolTip(tr("Assignee"));
    m_assigneeFilter->setMinimumContentsLength(12);
    m_assigneeFilter->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_priorityFilter = new QComboBox(this);
    m_priorityFilter->setObjectName(QStringLiteral("priorityFilterComboBox"));
    m_priorityFilter->setToolTip(tr("Priority"));
    m_priorityFilter->addItem(tr("Any priority"), -1);
    for (int priority = 0; priority <= 3; ++priority)
        m_priorityFilter->addItem(priority == 0 ? tr("No priority") : CardTableModel::priorityText(priority),
                                  priority);
    m_dueFilter = new QComboBox(this);
    m_dueFilter->setObjectName(QStringLiteral("dueFilterComboBox"));
    m_dueFilter->setToolTip(tr("Due date"));
    m_dueFilter->addItem(tr("Any due date"), int(CardFilter::Due::Any));
    m_dueFilter->addItem(tr("Overdue"), int(CardFilter::Due::Overdue));
    m_dueFilter->addItem(tr("Due in 7 days"), int(CardFilter::Due::NextSevenDays));
    m_dueFilter->addItem(tr("No due date"), int(CardFilter::Due::NoDueDate));
    m_swimlaneCombo = new QComboBox(this);
    m_swimlaneCombo->setObjectName(QStringLiteral("swimlaneComboBox"));
    m_swimlaneCombo->setToolTip(tr("Swimlanes"));
    m_swimlaneCombo->addItem(tr("No swimlanes"), int(Swimlanes::None));
    m_swimlaneCombo->addItem(tr("By assignee"), int(Swimlanes::ByAssignee));
    m_swimlaneCombo->addItem(tr("By priority"), int(Swimlanes::ByPriority));
    auto* focusFilter = new QAction(this);
    focusFilter->setShortcut(QKeySequence::Find);
    focusFilter->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(focusFilter, &QAction::triggered, m_filter, [this] { m_filter->setFocus(); });
    addAction(focusFilter);
    // Undo/redo of this board's moves and edits, while the board has the focus.
    QAction* undo = m_controller->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(QStringLiteral("boardUndoAction"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(undo);
    QAction* redo = m_controller->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(QStringLiteral("boardRedoAction"));
    redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence::Redo});
    redo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(redo);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("boardSummaryLabel"));
    m_summary->setForegroundRole(QPalette::PlaceholderText);

    // Board / Table / My cards: one checked at a time.
    m_viewButtons = new QButtonGroup(this);
    auto* viewSwitch = new QHBoxLayout;
    viewSwitch->setSpacing(0);
    const QList<std::tuple<View, QString, QString>> views
        = {{View::Board, QStringLiteral("boardViewButton"), tr("Board")},
           {View::Table, QStringLiteral("tableViewButton"), tr("Table")},
           {View::MyCards, QStringLiteral("myCardsViewButton"), tr("My cards")}};
    for (const auto& [view, name, text] : views) {
        auto* button = new QToolButton(this);
        button->setObjectName(name);
        button->setText(text);
        button->setCheckable(true);
        button->setChecked(view == View::Board);
        button->setAutoRaise(true);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        m_viewButtons->addButton(button, int(view));
        viewSwitch->addWidget(button);
    }

    auto* toolbar = new QHBoxLayout;
    m_toolbar = toolbar;
    toolbar->addWidget(title);
    toolbar->addSpacing(18);
    toolbar->addWidget(m_pipelineCombo);
    toolbar->addStretch(1);
    toolbar->addLayout(viewSwitch);

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_filter);
    filters->addWidget(m_assigneeFilter);
    filters->addWidget(m_priorityFilter);
    filters->addWidget(m_dueFilter);
    filters->addSpacing(12);
    filters->addWidget(m_swimlaneCombo);
    filters->addStretch(1);
    filters->addWidget(m_summary);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("boardMessageLabel"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(
        QStringLiteral("QLabel { background: rgba(224,49,49,0.10); border: 1px solid rgba(224,49,49,0.5); "
                       "border-radius: 5px; padding: 6px 10px; }"));
    m_message->hide();

    m_placeholder = new QLabel(tr("Sign in to see your organization's boards."), this);
    m_placeholder->setObjectName(QStringLiteral("boardPlaceholderLabel"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);

    m_columnsHost = new QWidget;
    m_columnsLayout = new QHBoxLayout(m_columnsHost);
    m_columnsLayout->setContentsMargins(0, 0, 0, 0);
    m_columnsLayout->setSpacing(12);
    m_columnsLayout->addStretch(1);
    auto* scroll = m_scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("boardScrollArea"));
    scroll->setWidget(m_columnsHost);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    // Swimlanes: one band per lane, each a row of stage columns; the whole board scrolls.
    m_lanesHost = new QWidget;
    m_lanesLayout = new QVBoxLayout(m_lanesHost);
    m_lanesLayout->setContentsMargins(0, 0, 0, 0);
    m_lanesLayout->setSpacing(14);
    m_lanesLayout->addStretch(1);
    m_lanesScroll = new QScrollArea(this);
    m_lanesScroll->setObjectName(QStringLiteral("boardLanesScrollArea"));
    m_lanesScroll->setWidget(m_lanesHost);
    m_lanesScroll->setWidgetResizable(true);
    m_lanesScroll->setFrameShape(QFrame::NoFrame);
    m_lanesScroll->hide();

    auto* boardPage = new QWidget;
    auto* boardLayout = new QVBoxLayout(boardPage);
    boardLayout->setContentsMargins(0, 0, 0, 0);
    boardLayout->addWidget(m_placeholder, 1);
    boardLayout->addWidget(scroll, 1);
    boardLayout->addWidget(m_lanesScroll, 1);
    m_table = new CardTable(m_controller);
    m_table->setObjectName(QStringLiteral("boardCardTable"));
    m_myCards = new CardTable(nullptr);
    m_myCards->setObjectName(QStringLiteral("myCardsTable"));
    m_views = new QStackedWidget(this);
    m_views->setObjectName(QStringLiteral("boardViewsStack"));
    m_views->insertWidget(int(View::Board), boardPage);
    m_views->insertWidget(int(View::Table), m_table);
    m_views->insertWidget(int(View::MyCards), m_myCards);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(28, 22, 28, 12);
    layout->setSpacing(10);
    layout->addLayout(toolbar);
    layout->addLayout(filters);
    layout->addWidget(m_message);
    // The board (or table) and, when docked, a side panel (tasks) beside it.
    m_body = new QSplitter(Qt::Horizontal, this);
    m_body->setObjectName(QStringLiteral("boardSplitter"));
    m_body->setChildrenCollapsible(false);
    m_body->addWidget(m_views);
    layout->addWidget(m_body, 1);

    connect(m_controller, &BoardController::pipelinesLoaded, this, &BoardScreen::showPipelines);
    connect(m_controller, &BoardController::boardLoaded, this, &BoardScreen::rebuildColumns);
    // Another pipeline: its history does not apply here.
    connect(m_controller, &BoardController::boardLoaded, m_controller->undoStack(), &QUndoStack::clear);
    connect(m_controller, &BoardController::loadFailed, this, &BoardScreen::showMessage);
    connect(m_controller, &BoardController::message, this, &BoardScreen::showMessage);
    connect(m_controller, &BoardController::itemsChanged, this, &BoardScreen::updateSummary);
    connect(m_controller, &BoardController::itemsChanged, this, &BoardScreen::onItemsChanged);
    connect(m_swimlaneCombo, &QComboBox::currentIndexChanged, this, &BoardScreen::rebuildLanes);
    connect(m_pipelineCombo, &QComboBox::activated, this,
            [this](int index) { m_controller->openPipeline(m_pipelineCombo->itemData(index).toString()); });
    connect(m_filter, &QLineEdit::textChanged, this, &BoardScreen::applyFilter);
    for (QComboBox* combo : {m_assigneeFilter, m_priorityFilter, m_dueFilter})
        connect(combo, &QComboBox::currentIndexChanged, this, &BoardScreen::applyFilter);
    fillPeople();
    connect(m_controller, &BoardController::peopleLoaded, this, &BoardScreen::fillPeople);
    connect(m_viewButtons, &QButtonGroup::idClicked, this, [this](int id) { setView(View(id)); });
    for (CardTable* table : {m_table, m_myCards}) {
        connect(table, &CardTable::countsChanged, this, &BoardScreen::updateSummary);
        connect(table, &CardTable::editRequested, this, &BoardScreen::editRequested);
    }
    connect(m_table, &CardTable::message, this, &BoardScreen::showMessage);
    // The moved cards stay selected where they are now: at once, and again after a rollback.
    connect(m_controller, &BoardController::moveStarted, this, &BoardScreen::selectWhereTheyAre);
    connect(m_controller, &BoardController::moveStarted, this, [this](const QStringList& ids) {
        // Only for the drop being handled now (see laneDropped()).
        m_lastMoveStarted = ids;
        QTimer::singleShot(0, this, [this] { m_lastMoveStarted.clear(); });
    });
    connect(m_controller, &BoardController::moveFinished, this, [this](const QStringList& ids, bool ok) {
        if (ok)
            m_message->hide();
        selectWhereTheyAre(ids);
        // A drop into another lane: now that the move is saved, the card takes the lane's value.
        for (const QString& id : ids) {
            const auto pending = m_pendingLane.constFind(id);
            if (pending == m_pendingLane.constEnd())
                continue;
            const CardFilter lane = *pending;
            m_pendingLane.erase(pending);
            if (!ok || !m_controller->hasItem(id))
                continue;
            const PipelineItem item = m_controller->item(id);
            if (lane.matches(item, QDateTime()))
                continue;
            m_controller->editItem(id, laneChanges(lane));
        }
    });
    scroll->hide();
}

StageColumn* BoardScreen::column(const QString& stageKey) const
{
    for (StageColumn* c : m_columns) {
        if (c->stage().key == stageKey)
            return c;
    }
    return nullptr;
}

void BoardScreen::showPipelines()
{
    const QString current = m_controller->board().pipeline.id;
    m_pipelineCombo->clear();
    for (const Pipeline& p : m_controller->pipelines()) {
        const QString label = p.isActive ? p.name : tr("%1 (archived)").arg(p.name);
        m_pipelineCombo->addItem(label, p.id);
    }
    const int index = m_pipelineCombo->findData(current);
    if (index >= 0)
        m_pipelineCombo->setCurrentIndex(index);
}

void BoardScreen::rebuildColumns()
{
    qDeleteAll(m_columns);
    m_columns.clear();
    const Board& board = m_controller->board();
    for (const PipelineStage& stage : board.stages) {
        auto* column = new StageColumn(stage, m_controller->modelFor(stage.id), m_columnsHost);
        wireColumn(column);
        m_columnsLayout->insertWidget(m_columnsLayout->count() - 1, column);
        m_columns << column;
    }
    const int index = m_pipelineCombo->findData(board.pipeline.id);
    if (index >= 0)
        m_pipelineCombo->setCurrentIndex(index);
    m_placeholder->setText(tr("This pipeline has no stages yet."));
    m_message->hide();
    m_pendingLane.clear();
    rebuildLanes(); // also shows the plain columns or the lanes
    if (m_controller->people().isEmpty())
        m_controller->loadPeople(); // for the assignee filter and bulk assignment
    updateSummary();
}

void BoardScreen::wireColumn(StageColumn* column)
{
    column->setFilter(filter(), m_clock());
    connect(column, &StageColumn::moveSideways, this,
            [this, column](const QStringList& ids, int direction) { moveSideways(column, ids, direction); });
    connect(column, &StageColumn::moveWithin, this,
            [this, column](const QStringList& ids, int direction) { moveWithin(column, ids, direction); });
    connect(column, &StageColumn::contextMenuRequested, this, &BoardScreen::showContextMenu);
    connect(column, &StageColumn::createRequested, m_controller, &BoardController::createItem);
    connect(column, &StageColumn::deleteRequested, m_controller, &BoardController::deleteItems);
    connect(column->view(), &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        emit editRequested(index.data(StageItemModel::IdRole).toString());
    });
}

BoardScreen::Swimlanes BoardScreen::swimlanes() const
{
    return Swimlanes(m_swimlaneCombo->currentData().toInt());
}

void BoardScreen::setSwimlanes(Swimlanes mode)
{
    m_swimlaneCombo->setCurrentIndex(m_swimlaneCombo->findData(int(mode)));
}

QList<QPair<QString, CardFilter>> BoardScreen::laneDefinitions() const
{
    QList<QPair<QString, CardFilter>> lanes;
    if (swimlanes() == Swimlanes::ByPriority) {
        for (int priority = 3; priority >= 0; --priority) {
            CardFilter lane;
            lane.priority = priority;
            lanes.append({priority == 0 ? tr("No priority") : CardTableModel::priorityText(priority), lane});
        }
    } else if (swimlanes() == Swimlanes::ByAssignee) {
        // Each person with a card on the board, by name; then the unassigned cards.
        QHash<QString, QString> names;
        for (StageColumn* column : m_columns) {
            for (const PipelineItem& item : column->model()->items()) {
                if (!item.assignedToId.isEmpty() && !names.contains(item.assignedToId))
                    names.insert(item.assignedToId, item.assigneeName);
            }
        }
        for (const auto& [id, name] : m_controller->people()) {
            if (names.contains(id))
                names[id] = name;
        }
        QList<QPair<QString, QString>> people; // name, id
        for (auto it = names.constBegin(); it != names.constEnd(); ++it)
            people.append({it.value().isEmpty() ? tr("Unknown person") : it.value(), it.key()});
        std::sort(people.begin(), people.end(), [](const auto& a, const auto& b) {
            const int order = QString::localeAwareCompare(a.first, b.first);
            return order != 0 ? order < 0 : a.second < b.second;
        });
        for (const auto& [name, id] : std::as_const(people)) {
            CardFilter lane;
            lane.assigneeId = id;
            lanes.append({name, lane});
        }
        CardFilter unassigned;
        unassigned.assigneeId = QString();
        lanes.append({tr("Unassigned"), unassigned});
    }
    return lanes;
}

void BoardScreen::rebuildLanes()
{
    m_lanesRebuildQueued = false;
    QStringList selected;
    for (const QList<StageColumn*>& lane : std::as_const(m_lanes)) {
        for (StageColumn* column : lane)
            selected << column->selectedIds();
    }
    // Later: a drop may be running in one of these columns.
    for (QWidget* band : std::as_const(m_laneBands)) {
        band->hide();
        m_lanesLayout->removeWidget(band);
        band->deleteLater();
    }
    m_laneBands.clear();
    m_laneHeaders.clear();
    m_lanes.clear();
    m_laneDefs = m_columns.isEmpty() ? QList<QPair<QString, CardFilter>>() : laneDefinitions();
    const Board& board = m_controller->board();
    for (const auto& [name, criterion] : std::as_const(m_laneDefs)) {
        auto* band = new QWidget(m_lanesHost);
        band->setObjectName(QStringLiteral("swimlaneBand"));
        auto* bandLayout = new QVBoxLayout(band);
        bandLayout->setContentsMargins(0, 0, 0, 0);
        bandLayout->setSpacing(4);
        auto* header = new QLabel(band);
        header->setObjectName(QStringLiteral("laneHeaderLabel"));
        QFont font = header->font();
        font.setWeight(QFont::DemiBold);
        header->setFont(font);
        bandLayout->addWidget(header);
        auto* row = new QHBoxLayout;
        row->setSpacing(12);
        QList<StageColumn*> columns;
        for (const PipelineStage& stage : board.stages) {
            auto* column = new StageColumn(stage, m_controller->modelFor(stage.id), band);
            column->setLane(criterion);
            wireColumn(column);
            column->view()->setFixedHeight(240);
            column->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
            connect(column, &StageColumn::laneDropped, this,
                    [this, column](const QStringList& ids) { laneDropped(column, ids); });
            row->addWidget(column);
            columns << column;
        }
        row->addStretch(1);
        bandLayout->addLayout(row);
        m_lanesLayout->insertWidget(m_lanesLayout->count() - 1, band);
        m_laneBands << band;
        m_laneHeaders << header;
        m_lanes << columns;
    }
    updateLaneHeaders();
    updateBoardVisibility();
    if (!selected.isEmpty())
        selectWhereTheyAre(selected);
}

void BoardScreen::updateBoardVisibility()
{
    const bool lanes = swimlanes() != Swimlanes::None;
    m_placeholder->setVisible(m_columns.isEmpty());
    m_scroll->setVisible(!m_columns.isEmpty() && !lanes);
    m_lanesScroll->setVisible(!m_columns.isEmpty() && lanes);
}

void BoardScreen::updateLaneHeaders()
{
    for (int i = 0; i < m_laneHeaders.size(); ++i) {
        int count = 0;
        for (StageColumn* column : m_lanes.at(i))
            count += column->laneCount();
        m_laneHeaders.at(i)->setText(tr("%1 · %n card(s)", nullptr, count).arg(m_laneDefs.at(i).first));
    }
}

void BoardScreen::onItemsChanged()
{
    if (m_lanes.isEmpty() || m_lanesRebuildQueued)
        return;
    // Cards that changed lanes show up by themselves (the columns' proxies); a lane that
    // appears or empties needs the bands rebuilt, after the running event (a drop) is done.
    const QList<QPair<QString, CardFilter>> lanes = laneDefinitions();
    bool same = lanes.size() == m_laneDefs.size();
    for (int i = 0; same && i < lanes.size(); ++i)
        same = lanes.at(i).second == m_laneDefs.at(i).second;
    if (same) {
        updateLaneHeaders();
        return;
    }
    m_lanesRebuildQueued = true;
    QTimer::singleShot(0, this, [this] {
        if (m_lanesRebuildQueued)
            rebuildLanes();
    });
}

void BoardScreen::laneDropped(StageColumn* column, const QStringList& ids)
{
    // The drop already asked for the stage move (moveStarted, when anything moved); the lane's
    // value follows once that move is saved, so both writes go against the right version.
    const CardFilter lane = column->lane();
    const QStringList moving = m_lastMoveStarted;
    m_lastMoveStarted.clear();
    for (const QString& id : ids) {
        if (!m_controller->hasItem(id))
            continue;
        const PipelineItem item = m_controller->item(id);
        if (lane.matches(item, QDateTime()))
            continue;
        if (moving.contains(id)) {
            m_pendingLane.insert(id, lane);
            continue;
        }
        m_controller->editItem(id, laneChanges(lane));
    }
}

BoardScreen::View BoardScreen::currentView() const
{
    return View(m_views->currentIndex());
}

void BoardScreen::setView(View view)
{
    m_viewButtons->button(int(view))->setChecked(true);
    if (view == currentView())
        return;
    m_views->setCurrentIndex(int(view));
    m_pipelineCombo->setEnabled(view != View::MyCards); // those cards come from every pipeline
    if (view == View::MyCards)
        emit myCardsRequested();
    updateSummary();
}

void BoardScreen::setClock(std::function<QDateTime()> clock)
{
    m_clock = std::move(clock);
    applyFilter();
}

void BoardScreen::showMyCards(const QList<PipelineItem>& items)
{
    m_myCards->setItems(items, m_controller->board().stages);
    updateSummary();
}

CardFilter BoardScreen::filter() const
{
    CardFilter filter;
    filter.text = m_filter->text().trimmed();
    const int assignee = m_assigneeFilter->currentIndex();
    if (assignee == 1)
        filter.assigneeId = QString(); // unassigned
    else if (assignee > 1)
        filter.assigneeId = m_assigneeFilter->currentData().toString();
    const int priority = m_priorityFilter->currentData().toInt();
    if (priority >= 0)
        filter.priority = priority;
    filter.due = CardFilter::Due(m_dueFilter->currentData().toInt());
    return filter;
}

void BoardScreen::applyFilter()
{
    const CardFilter criteria = filter();
    const QDateTime now = m_clock();
    for (StageColumn* column : std::as_const(m_columns))
        column->setFilter(criteria, now);
    for (const QList<StageColumn*>& lane : std::as_const(m_lanes)) {
        for (StageColumn* column : lane)
            column->setFilter(criteria, now);
    }
    m_table->setFilter(criteria, now);
    m_myCards->setFilter(criteria, now);
    updateSummary();
}

void BoardScreen::fillPeople()
{
    // Index 0: anyone, 1: unassigned, then each person (id as data).
    const QString current
        = m_assigneeFilter->currentIndex() > 1 ? m_assigneeFilter->currentData().toString() : QString();
    const int special = qMax(0, qMin(m_assigneeFilter->currentIndex(), 1));
    const QSignalBlocker blocker(m_assigneeFilter); // the filter stays what it was
    m_assigneeFilter->clear();
    m_assigneeFilter->addItem(tr("Anyone"));
    m_assigneeFilter->addItem(tr("Unassigned"));
    for (const auto& [id, name] : m_controller->people())
        m_assigneeFilter->addItem(name, id);
    const int index = current.isEmpty() ? special : m_assigneeFilter->findData(current);
    m_assigneeFilter->setCurrentIndex(index >= 0 ? index : 0);
    if (index < 0)
        applyFilter(); // that person is gone
}

void BoardScreen::updateSummary()
{
    int total = 0;
    int visible = 0;
    for (StageColumn* column : std::as_const(m_columns)) {
        total += column->model()->rowCount();
        visible += column->visibleCount();
        column->updateHeader();
    }
    if (currentView() == View::Table) {
        total = m_table->totalCount();
        visible = m_table->visibleCount();
    } else if (currentView() == View::MyCards) {
        total = m_myCards->totalCount();
        visible = m_myCards->visibleCount();
    }
    m_summary->setText(filter().isActive() ? tr("%1 of %n card(s)", nullptr, total).arg(visible)
                                           : tr("%n card(s)", nullptr, total));
}

void BoardScreen::selectWhereTheyAre(const QStringList& ids)
{
    for (StageColumn* column : std::as_const(m_columns)) {
        QStringList here;
        for (const QString& id : ids) {
            if (column->model()->rowOf(id) >= 0)
                here << id;
        }
        if (!here.isEmpty())
            column->selectIds(here);
    }
    for (const QList<StageColumn*>& lane : std::as_const(m_lanes)) {
        for (StageColumn* column : lane) {
            QStringList here;
            for (const QString& id : ids) {
                if (column->shows(id))
                    here << id;
            }
            if (!here.isEmpty())
                column->selectIds(here);
        }
    }
}

void BoardScreen::showMessage(const QString& text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void BoardScreen::moveSideways(StageColumn* from, const QStringList& ids, int direction)
{
    // Within the column's own row: the plain board, or its lane.
    QList<StageColumn*> row = m_columns;
    for (const QList<StageColumn*>& lane : std::as_const(m_lanes)) {
        if (lane.contains(from))
            row = lane;
    }
    const int index = int(row.indexOf(from)) + direction;
    if (index < 0 || index >= row.size())
        return;
    StageColumn* to = row.at(index);
    m_controller->moveItems(ids, to->stage().id, 0); // to the top of the neighbouring stage
    to->view()->setFocus();
}

void BoardScreen::moveWithin(StageColumn* column, const QStringList& ids, int direction)
{
    StageItemModel* model = column->model();
    int first = model->rowCount();
    int last = -1;
    for (const QString& id : ids) {
        const int row = model->rowOf(id);
        first = qMin(first, row);
        last = qMax(last, row);
    }
    if (last < 0)
        return;
    // Up: before the card above the first selected; down: after the card below the last.
    const int before = direction < 0 ? first - 1 : last + 2;
    if (before < 0 || before > model->rowCount())
        return;
    m_controller->moveItems(ids, column->stage().id, before);
}

void BoardScreen::showContextMenu(StageColumn* column, const QPoint& globalPos)
{
    const QStringList ids = column->selectedIds();
    if (ids.isEmpty())
        return;
    auto* menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("cardContextMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    if (ids.size() == 1) {
        QAction* edit = menu->addAction(tr("&Edit…"));
        connect(edit, &QAction::triggered, this, [this, id = ids.first()] { emit editRequested(id); });
    }
    QMenu* moveTo = menu->addMenu(tr("Move to"));
    connect(menu->addAction(tr("&Delete")), &QAction::triggered, this,
            [this, ids] { m_controller->deleteItems(ids); });
    for (StageColumn* target : std::as_const(m_columns)) {
        QAction* action = moveTo->addAction(target->stage().name);
        action->setEnabled(target->stage().id != column->stage().id);
        connect(action, &QAction::triggered, this, [this, ids, target] {
            m_controller->moveItems(ids, target->stage().id, target->model()->rowCount());
        });
    }
    menu->popup(globalPos); // non-blocking
}

void BoardScreen::setSidePanel(QWidget* panel, const QString& title)
{
    panel->setMinimumWidth(420); // room for the task list and its "New task from template…" button
    panel->hide();
    m_body->addWidget(panel);
    m_body->setStretchFactor(0, 1);
    auto* toggle = new QToolButton(this);
    toggle->setObjectName(QStringLiteral("sidePanelToggleButton"));
    toggle->setText(title);
    toggle->setCheckable(true);
    toggle->setToolTip(tr("Show or hide %1 beside the board").arg(title));
    connect(toggle, &QToolButton::toggled, panel, &QWidget::setVisible);
    m_toolbar->insertWidget(m_toolbar->count() - 1, toggle);
}
