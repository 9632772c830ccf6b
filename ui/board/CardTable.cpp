#include "CardTable.h"

#include "BoardController.h"
#include "CardFilter.h"
#include "CardTableModel.h"
#include "StageItemModel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace {

// Filters with the board's CardFilter and sorts on the model's SortRole; unsorted, the rows
// keep the board's order (stage, then position).
class CardTableProxy : public QSortFilterProxyModel
{
public:
    explicit CardTableProxy(QObject* parent)
        : QSortFilterProxyModel(parent)
    {
        setSortRole(CardTableModel::SortRole);
        setSortCaseSensitivity(Qt::CaseInsensitive);
    }

    void setCriteria(const CardFilter& filter, const QDateTime& now)
    {
        if (filter == m_filter && (filter.due == CardFilter::Due::Any || now == m_now))
            return;
        m_filter = filter;
        m_now = now;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override
    {
        if (!m_filter.isActive())
            return true;
        const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
        return m_filter.matches(index.data(CardTableModel::ItemRole).value<PipelineItem>(), m_now);
    }

private:
    CardFilter m_filter;
    QDateTime m_now;
};

} // namespace

CardTable::CardTable(BoardController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_model(new CardTableModel(this))
    , m_proxy(new CardTableProxy(this))
{
    m_proxy->setSourceModel(m_model);

    m_view = new QTableView(this);
    // Two tables can live on one screen: the read-only one's widgets have their own names.
    const auto name = [readOnly = !controller](const char* bulkName, const char* readOnlyName) {
        return QLatin1String(readOnly ? readOnlyName : bulkName);
    };
    m_view->setObjectName(name("cardTableView", "myCardsTableView"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setShowGrid(false);
    m_view->setCornerButtonEnabled(false);
    m_view->verticalHeader()->hide();
    // Fixed row height and column widths: 10,000 rows lay out without measuring any.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    QHeaderView* header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(CardTableModel::Title, QHeaderView::Stretch);
    const int em = m_view->fontMetrics().horizontalAdvance(QLatin1Char('M'));
    header->resizeSection(CardTableModel::Stage, em * 12);
    header->resizeSection(CardTableModel::Assignee, em * 12);
    const QString longDate = QLocale().toString(QDate(2026, 12, 28), QLocale::ShortFormat);
    header->resizeSection(CardTableModel::Due, m_view->fontMetrics().horizontalAdvance(longDate) + em * 2);
    header->resizeSection(CardTableModel::Priority, em * 7);
    // Unsorted at first (the board's order); a third click on a header goes back to it.
    header->setSortIndicatorClearable(true);
    header->setSortIndicator(-1, Qt::AscendingOrder);
    m_view->setSortingEnabled(true);
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        emit editRequested(index.data(CardTableModel::IdRole).toString());
    });

    m_selection = new QLabel(this);
    m_selection->setObjectName(name("bulkSelectionLabel", "myCardsSelectionLabel"));
    m_selection->setForegroundRole(QPalette::PlaceholderText);
    m_assignee = new QComboBox(this);
    m_assignee->setObjectName(name("bulkAssigneeComboBox", "myCardsAssigneeComboBox"));
    m_assignee->setMinimumContentsLength(14);
    m_assignee->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_assign = new QPushButton(tr("&Assign"), this);
    m_assign->setObjectName(name("bulkAssignButton", "myCardsAssignButton"));
    m_stage = new QComboBox(this);
    m_stage->setObjectName(name("bulkStageComboBox", "myCardsStageComboBox"));
    m_stage->setMinimumContentsLength(14);
    m_stage->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_move = new QPushButton(tr("&Move"), this);
    m_move->setObjectName(name("bulkMoveButton", "myCardsMoveButton"));

    auto* bulk = new QHBoxLayout;
    bulk->setContentsMargins(0, 0, 0, 0);
    bulk->addWidget(m_selection);
    bulk->addStretch(1);
    bulk->addWidget(new QLabel(tr("Assign to:"), this));
    bulk->addWidget(m_assignee);
    bulk->addWidget(m_assign);
    bulk->addSpacing(16);
    bulk->addWidget(new QLabel(tr("Move to:"), this));
    bulk->addWidget(m_stage);
    bulk->addWidget(m_move);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    layout->addLayout(bulk);
    layout->addWidget(m_view, 1);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CardTable::updateActions);
    connect(m_assign, &QPushButton::clicked, this, &CardTable::assignSelected);
    connect(m_move, &QPushButton::clicked, this, &CardTable::moveSelected);
    // Refiltering 10,000 rows can come as many row signals: one countsChanged() per turn.
    const auto countsMayHaveChanged = [this] {
        if (std::exchange(m_countsScheduled, true))
            return;
        QTimer::singleShot(0, this, [this] {
            m_countsScheduled = false;
            emit countsChanged();
        });
    };
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, countsMayHaveChanged);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, countsMayHaveChanged);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, countsMayHaveChanged);

    if (m_controller) {
        connect(m_controller, &BoardController::boardLoaded, this, &CardTable::reload);
        connect(m_controller, &BoardController::peopleLoaded, this, &CardTable::fillPeople);
        connect(m_controller, &BoardController::editFinished, this,
                [this](const QString& id, const CardWriteResult& result) {
                    if (!m_edits.remove(id))
                        return;
                    if (!result.ok())
                        m_refusals << result.message;
                    if (m_edits.isEmpty() && !m_refusals.isEmpty()) {
                        emit message(m_refusals.join(QLatin1Char(' ')));
                        m_refusals.clear();
                    }
                });
        fillPeople();
        reload();
    }
    updateActions();
}

void CardTable::setFilter(const CardFilter& filter, const QDateTime& now)
{
    static_cast<CardTableProxy*>(m_proxy)->setCriteria(filter, now);
}

void CardTable::setItems(const QList<PipelineItem>& items, const QList<PipelineStage>& stages)
{
    m_model->setStages(stages);
    m_model->setItems(items);
}

int CardTable::visibleCount() const
{
    return m_proxy->rowCount();
}

int CardTable::totalCount() const
{
    return m_model->rowCount();
}

QStringList CardTable::selectedIds() const
{
    QStringList ids;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    for (const QModelIndex& index : rows)
        ids << index.data(CardTableModel::IdRole).toString();
    return ids;
}

void CardTable::selectIds(const QStringList& ids)
{
    QItemSelection selection;
    for (const QString& id : ids) {
        const int row = m_model->rowOf(id);
        if (row < 0)
            continue;
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
        if (index.isValid())
            selection.select(index, index);
    }
    m_view->selectionModel()->select(selection,
                                     QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (!selection.isEmpty()) {
        m_view->selectionModel()->setCurrentIndex(selection.indexes().constFirst(),
                                                  QItemSelectionModel::NoUpdate);
        m_view->scrollTo(selection.indexes().constFirst());
    }
}

void CardTable::reload()
{
    // Built when it is looked at: a hidden table must not copy 10,000 cards on every board open.
    if (!isVisible()) {
        m_stale = true;
        m_removals.clear();
        if (m_model->rowCount() > 0)
            m_model->setItems({});
        return;
    }
    m_stale = false;
    m_removals.clear();
    const Board& board = m_controller->board();
    QList<PipelineItem> items;
    for (const PipelineStage& stage : board.stages) {
        if (StageItemModel* stageModel = m_controller->modelFor(stage.id)) {
            items += stageModel->items();
            track(stageModel);
        }
    }
    m_model->setStages(board.stages);
    m_model->setItems(items);
    fillStages();
    updateActions();
}

void CardTable::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale && m_controller)
        reload();
}

void CardTable::track(StageItemModel* stageModel)
{
    // The stage models change card by card; so does the table. A card moving to another stage
    // leaves one model and enters the next in the same turn: its row is updated in place
    // (keeping it selected), and only cards no stage took in are removed.
    connect(stageModel, &QAbstractItemModel::rowsInserted, this,
            [this, stageModel](const QModelIndex&, int first, int last) {
                for (int row = first; row <= last; ++row) {
                    const PipelineItem& item = stageModel->itemAt(row);
                    m_removals.remove(item.id);
                    m_model->upsert(item);
                }
            });
    connect(stageModel, &QAbstractItemModel::dataChanged, this,
            [this, stageModel](const QModelIndex& topLeft, const QModelIndex& bottomRight) {
                for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
                    m_model->upsert(stageModel->itemAt(row));
            });
    connect(stageModel, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this, stageModel](const QModelIndex&, int first, int last) {
                for (int row = first; row <= last; ++row)
                    scheduleRemoval(stageModel->itemAt(row).id);
            });
}

void CardTable::scheduleRemoval(const QString& id)
{
    m_removals.insert(id);
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    QTimer::singleShot(0, this, &CardTable::flushRemovals);
}

void CardTable::flushRemovals()
{
    m_flushScheduled = false;
    const QSet<QString> removals = std::exchange(m_removals, {});
    for (const QString& id : removals) {
        if (!m_controller->hasItem(id))
            m_model->remove(id);
    }
}

void CardTable::fillPeople()
{
    const QString current = m_assignee->currentData().toString();
    m_assignee->clear();
    m_assignee->addItem(tr("Nobody"), QString());
    for (const auto& [id, name] : m_controller->people())
        m_assignee->addItem(name, id);
    m_assignee->setCurrentIndex(qMax(0, m_assignee->findData(current)));
    updateActions();
}

void CardTable::fillStages()
{
    const QString current = m_stage->currentData().toString();
    m_stage->clear();
    for (const PipelineStage& stage : m_controller->board().stages)
        m_stage->addItem(stage.name, stage.id);
    m_stage->setCurrentIndex(qMax(0, m_stage->findData(current)));
}

void CardTable::updateActions()
{
    const int selected = int(m_view->selectionModel()->selectedRows().size());
    m_selection->setText(selected > 0
                             ? tr("%n card(s) selected", nullptr, selected)
                             : (isReadOnly() ? tr("Read-only") : tr("Select cards to change them together")));
    const bool enabled = !isReadOnly() && selected > 0;
    m_assignee->setEnabled(!isReadOnly());
    m_stage->setEnabled(!isReadOnly());
    m_assign->setEnabled(enabled && m_assignee->count() > 0);
    m_move->setEnabled(enabled && m_stage->count() > 0);
}

void CardTable::assignSelected()
{
    if (isReadOnly())
        return;
    const QString assignee = m_assignee->currentData().toString();
    for (const QString& id : selectedIds()) {
        if (!m_controller->hasItem(id))
            continue;
        const PipelineItem item = m_controller->item(id);
        if (item.assignedToId == assignee)
            continue;
        ItemChanges changes;
        changes.assignedToId = assignee;
        m_edits.insert(id);
        m_controller->editItem(id, changes);
    }
}

void CardTable::moveSelected()
{
    if (isReadOnly())
        return;
    const QString stageId = m_stage->currentData().toString();
    StageItemModel* target = m_controller->modelFor(stageId);
    if (!target)
        return;
    QStringList ids;
    for (const QString& id : selectedIds()) {
        if (m_controller->hasItem(id) && m_controller->item(id).stageId != stageId)
            ids << id; // cards already there keep their place
    }
    if (!ids.isEmpty())
        m_controller->moveItems(ids, stageId, target->rowCount());
}
