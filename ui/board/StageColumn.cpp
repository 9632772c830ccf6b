#include "StageColumn.h"

#include "CardDelegate.h"
#include "CardFilter.h"
#include "StageItemModel.h"
#include "Theme.h"

#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>

#include <functional>

namespace {

// The column's cards that the board's filter matches, in the model's (position) order.
class CardFilterProxy : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setCriteria(const CardFilter& filter, const QDateTime& now)
    {
        // Time only matters to the due-date criterion.
        if (filter == m_filter && (filter.due == CardFilter::Due::Any || now == m_now))
            return;
        m_filter = filter;
        m_now = now;
        invalidateFilter();
    }

    void setLane(const CardFilter& lane)
    {
        if (lane == m_lane)
            return;
        m_lane = lane;
        invalidateFilter();
    }

    // Told of drops onto a lane column, once the source model has requested the move.
    std::function<void(const QStringList&)> laneDropped;

    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                      const QModelIndex& parent) override
    {
        const bool valid = m_lane.isActive() && canDropMimeData(data, action, row, column, parent);
        const bool result = QSortFilterProxyModel::dropMimeData(data, action, row, column, parent);
        if (valid && laneDropped)
            laneDropped(StageItemModel::idsFromMime(data));
        return result;
    }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override
    {
        if (!m_filter.isActive() && !m_lane.isActive())
            return true;
        const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
        const auto item = index.data(StageItemModel::ItemRole).value<PipelineItem>();
        if (m_lane.isActive() && !m_lane.matches(item, m_now))
            return false;
        return !m_filter.isActive() || m_filter.matches(item, m_now);
    }

private:
    CardFilter m_filter;
    CardFilter m_lane;
    QDateTime m_now;
};

} // namespace

StageColumn::StageColumn(const PipelineStage& stage, StageItemModel* model, QWidget* parent)
    : QWidget(parent)
    , m_stage(stage)
    , m_model(model)
{
    setObjectName(QStringLiteral("stageColumn_") + stage.key);
    setFixedWidth(272);

    m_header = new QLabel(this);
    m_header->setObjectName(QStringLiteral("stageHeaderLabel"));
    m_header->setTextFormat(Qt::RichText);
    m_header->setContentsMargins(10, 8, 10, 6);

    m_proxy = new CardFilterProxy(this);
    m_proxy->setSourceModel(m_model);

    m_view = new QListView(this);
    m_view->setObjectName(QStringLiteral("stageListView"));
    m_view->setModel(m_proxy);
    m_view->setItemDelegate(new CardDelegate(m_view));
    m_view->setUniformItemSizes(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setDragEnabled(true);
    m_view->setAcceptDrops(true);
    m_view->setDropIndicatorShown(true);
    m_view->setDragDropMode(QAbstractItemView::DragDrop);
    m_view->setDefaultDropAction(Qt::MoveAction);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->installEventFilter(this);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        emit contextMenuRequested(this, m_view->viewport()->mapToGlobal(pos));
    });

    QPalette pal = m_view->palette();
    pal.setColor(QPalette::Base, Theme::sidebarColor(palette()));
    m_view->setPalette(pal);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_header);
    layout->addWidget(m_view, 1);
    m_newCard = new QLineEdit(this);
    m_newCard->setObjectName(QStringLiteral("newCardLineEdit"));
    m_newCard->setPlaceholderText(tr("+ Add a card"));
    m_newCard->setFrame(false);
    connect(m_newCard, &QLineEdit::returnPressed, this, [this] {
        const QString title = m_newCard->text().trimmed();
        if (title.isEmpty())
            return;
        emit createRequested(m_stage.id, title);
        m_newCard->clear();
    });
    layout->addWidget(m_newCard);

    connect(m_model, &QAbstractItemModel::rowsInserted, this, &StageColumn::updateHeader);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &StageColumn::updateHeader);
    connect(m_model, &QAbstractItemModel::modelReset, this, &StageColumn::updateHeader);
    updateHeader();
}

void StageColumn::updateHeader()
{
    if (m_lane.isActive()) {
        const QColor tint = m_stage.color.isValid() ? m_stage.color : Theme::accentColor(palette());
        m_header->setText(QStringLiteral("<span style='color:%1'>&#9632;</span> <b>%2</b> &nbsp; "
                                         "<span style='color:%3'>%4</span>")
                              .arg(tint.name(), m_stage.name.toHtmlEscaped(),
                                   Theme::mutedTextColor(palette()).name(QColor::HexRgb),
                                   QString::number(laneCount())));
        m_header->setToolTip(QString());
        m_header->setProperty("overLimit", false);
        return;
    }
    const int count = m_model->rowCount();
    const QColor tint = m_stage.color.isValid() ? m_stage.color : Theme::accentColor(palette());
    QString counter
        = m_stage.wipLimit > 0 ? tr("%1/%2").arg(count).arg(m_stage.wipLimit) : QString::number(count);
    const bool over = m_stage.wipLimit > 0 && count > m_stage.wipLimit;
    if (over)
        counter = QStringLiteral("<span style='color:#e03131; font-weight:600'>%1</span>").arg(counter);
    const QString terminal = m_stage.isTerminal ? QStringLiteral(" &#10003;") : QString();
    m_header->setText(
        QStringLiteral(
            "<span style='color:%1'>&#9632;</span> <b>%2</b>%3 &nbsp; <span style='color:%4'>%5</span>")
            .arg(tint.name(), m_stage.name.toHtmlEscaped(), terminal,
                 Theme::mutedTextColor(palette()).name(QColor::HexRgb), counter));
    m_header->setToolTip(
        over ? tr("Over the work-in-progress limit of %1").arg(m_stage.wipLimit)
             : (m_stage.isTerminal ? tr("Terminal stage: cards here count as finished") : QString()));
    m_header->setProperty("overLimit", over);
}

void StageColumn::setFilter(const CardFilter& filter, const QDateTime& now)
{
    static_cast<CardFilterProxy*>(m_proxy)->setCriteria(filter, now);
}

void StageColumn::setLane(const CardFilter& lane)
{
    const bool first = !m_lane.isActive() && lane.isActive();
    m_lane = lane;
    auto* proxy = static_cast<CardFilterProxy*>(m_proxy);
    proxy->setLane(lane);
    if (first) {
        proxy->laneDropped = [this](const QStringList& ids) { emit laneDropped(ids); };
        // A card changing lanes changes this column's count.
        connect(m_model, &QAbstractItemModel::dataChanged, this, &StageColumn::updateHeader);
        m_newCard->hide(); // a new card would land in no lane of its own
    }
    updateHeader();
}

int StageColumn::laneCount() const
{
    if (!m_lane.isActive())
        return m_model->rowCount();
    int count = 0;
    for (const PipelineItem& item : m_model->items()) {
        if (m_lane.matches(item, QDateTime()))
            ++count;
    }
    return count;
}

bool StageColumn::shows(const QString& id) const
{
    const int row = m_model->rowOf(id);
    return row >= 0 && m_proxy->mapFromSource(m_model->index(row)).isValid();
}

int StageColumn::visibleCount() const
{
    return m_proxy->rowCount();
}

QStringList StageColumn::selectedIds() const
{
    QList<QModelIndex> rows = m_view->selectionModel()->selectedIndexes();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    QStringList ids;
    for (const QModelIndex& index : rows)
        ids << index.data(StageItemModel::IdRole).toString();
    return ids;
}

void StageColumn::selectIds(const QStringList& ids)
{
    QItemSelection selection;
    for (const QString& id : ids) {
        const int row = m_model->rowOf(id);
        if (row < 0)
            continue;
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row));
        if (index.isValid())
            selection.select(index, index);
    }
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    if (!selection.isEmpty()) {
        // NoUpdate: the view's own setCurrentIndex() would apply the held modifiers (Ctrl while
        // moving with Ctrl+arrows toggles the selection off again).
        m_view->selectionModel()->setCurrentIndex(selection.indexes().constFirst(),
                                                  QItemSelectionModel::NoUpdate);
        m_view->scrollTo(selection.indexes().constFirst());
    }
}

bool StageColumn::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->matches(QKeySequence::Delete) && !selectedIds().isEmpty()) {
            emit deleteRequested(selectedIds());
            return true;
        }
        if (key->modifiers() == Qt::ControlModifier
            || key->modifiers() == (Qt::ControlModifier | Qt::KeypadModifier)) {
            const QStringList ids = selectedIds();
            if (!ids.isEmpty()) {
                switch (key->key()) {
                case Qt::Key_Left:
                    emit moveSideways(ids, -1);
                    return true;
                case Qt::Key_Right:
                    emit moveSideways(ids, +1);
                    return true;
                case Qt::Key_Up:
                    emit moveWithin(ids, -1);
                    return true;
                case Qt::Key_Down:
                    emit moveWithin(ids, +1);
                    return true;
                default:
                    break;
                }
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}
