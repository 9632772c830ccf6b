#include "BoardScreen.h"

#include "BoardController.h"
#include "StageColumn.h"
#include "StageItemModel.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QScrollArea>
#include <QTimer>
#include <QUndoStack>
#include <QVBoxLayout>

BoardScreen::BoardScreen(BoardController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
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
    m_filter->setMaximumWidth(280);
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

    auto* toolbar = new QHBoxLayout;
    toolbar->addWidget(title);
    toolbar->addSpacing(18);
    toolbar->addWidget(m_pipelineCombo);
    toolbar->addWidget(m_filter);
    toolbar->addStretch(1);
    toolbar->addWidget(m_summary);

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
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("boardScrollArea"));
    scroll->setWidget(m_columnsHost);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(28, 22, 28, 12);
    layout->setSpacing(10);
    layout->addLayout(toolbar);
    layout->addWidget(m_message);
    layout->addWidget(m_placeholder, 1);
    layout->addWidget(scroll, 1);

    connect(m_controller, &BoardController::pipelinesLoaded, this, &BoardScreen::showPipelines);
    connect(m_controller, &BoardController::boardLoaded, this, &BoardScreen::rebuildColumns);
    // Another pipeline: its history does not apply here.
    connect(m_controller, &BoardController::boardLoaded, m_controller->undoStack(), &QUndoStack::clear);
    connect(m_controller, &BoardController::loadFailed, this, &BoardScreen::showMessage);
    connect(m_controller, &BoardController::message, this, &BoardScreen::showMessage);
    connect(m_controller, &BoardController::itemsChanged, this, &BoardScreen::updateSummary);
    connect(m_pipelineCombo, &QComboBox::activated, this,
            [this](int index) { m_controller->openPipeline(m_pipelineCombo->itemData(index).toString()); });
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        for (StageColumn* column : std::as_const(m_columns))
            column->setFilter(text);
    });
    // The moved cards stay selected where they are now: at once, and again after a rollback.
    connect(m_controller, &BoardController::moveStarted, this, &BoardScreen::selectWhereTheyAre);
    connect(m_controller, &BoardController::moveFinished, this, [this](const QStringList& ids, bool ok) {
        if (ok)
            m_message->hide();
        selectWhereTheyAre(ids);
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
        column->setFilter(m_filter->text());
        connect(
            column, &StageColumn::moveSideways, this,
            [this, column](const QStringList& ids, int direction) { moveSideways(column, ids, direction); });
        connect(
            column, &StageColumn::moveWithin, this,
            [this, column](const QStringList& ids, int direction) { moveWithin(column, ids, direction); });
        connect(column, &StageColumn::contextMenuRequested, this, &BoardScreen::showContextMenu);
        connect(column, &StageColumn::createRequested, m_controller, &BoardController::createItem);
        connect(column, &StageColumn::deleteRequested, m_controller, &BoardController::deleteItems);
        connect(column->view(), &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
            emit editRequested(index.data(StageItemModel::IdRole).toString());
        });
        m_columnsLayout->insertWidget(m_columnsLayout->count() - 1, column);
        m_columns << column;
    }
    const int index = m_pipelineCombo->findData(board.pipeline.id);
    if (index >= 0)
        m_pipelineCombo->setCurrentIndex(index);
    m_placeholder->setVisible(m_columns.isEmpty());
    m_placeholder->setText(tr("This pipeline has no stages yet."));
    findChild<QScrollArea*>(QStringLiteral("boardScrollArea"))->setVisible(!m_columns.isEmpty());
    m_message->hide();
    updateSummary();
}

void BoardScreen::updateSummary()
{
    int total = 0;
    for (StageColumn* column : std::as_const(m_columns)) {
        total += column->model()->rowCount();
        column->updateHeader();
    }
    m_summary->setText(tr("%n card(s)", nullptr, total));
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
}

void BoardScreen::showMessage(const QString& text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void BoardScreen::moveSideways(StageColumn* from, const QStringList& ids, int direction)
{
    const int index = int(m_columns.indexOf(from)) + direction;
    if (index < 0 || index >= m_columns.size())
        return;
    StageColumn* to = m_columns.at(index);
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
        action->setEnabled(target != column);
        connect(action, &QAction::triggered, this, [this, ids, target] {
            m_controller->moveItems(ids, target->stage().id, target->model()->rowCount());
        });
    }
    menu->popup(globalPos); // non-blocking
}
