#include "StageItemModel.h"

#include <QMimeData>

#include <algorithm>

namespace {

bool before(const PipelineItem& a, const PipelineItem& b)
{
    // Ties (never written by the console, possible from elsewhere) sort by id: stable order.
    return a.position != b.position ? a.position < b.position : a.id < b.id;
}

} // namespace

StageItemModel::StageItemModel(const QString& stageId, QObject* parent)
    : QAbstractListModel(parent)
    , m_stageId(stageId)
{ }

int StageItemModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant StageItemModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PipelineItem& item = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return item.title;
    case Qt::ToolTipRole:
        return item.description.isEmpty() ? item.title : item.title + QLatin1Char('\n') + item.description;
    case IdRole:
        return item.id;
    case AssigneeRole:
        return item.assigneeName;
    case InitialsRole:
        return BoardText::initials(item.assigneeName);
    case DueDateRole:
        return item.dueDate;
    case PriorityRole:
        return item.priority;
    case PositionRole:
        return item.position;
    case ItemRole:
        return QVariant::fromValue(item);
    case TerminalStageRole:
        return m_terminal;
    default:
        return {};
    }
}

Qt::ItemFlags StageItemModel::flags(const QModelIndex& index) const
{
    const Qt::ItemFlags base = QAbstractListModel::flags(index);
    if (!index.isValid())
        return base | Qt::ItemIsDropEnabled; // dropping into empty space of the column
    return (base | Qt::ItemIsDragEnabled) & ~Qt::ItemIsDropEnabled; // drops go between cards
}

Qt::DropActions StageItemModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

Qt::DropActions StageItemModel::supportedDragActions() const
{
    return Qt::MoveAction;
}

QStringList StageItemModel::mimeTypes() const
{
    return {mimeType()};
}

QMimeData* StageItemModel::mimeData(const QModelIndexList& indexes) const
{
    QStringList ids;
    QList<QModelIndex> sorted = indexes;
    std::sort(sorted.begin(), sorted.end(),
              [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    for (const QModelIndex& index : sorted) {
        if (index.isValid())
            ids << m_items.at(index.row()).id;
    }
    auto* mime = new QMimeData;
    mime->setData(mimeType(), ids.join(QLatin1Char('\n')).toUtf8());
    return mime;
}

QStringList StageItemModel::idsFromMime(const QMimeData* data)
{
    if (!data || !data->hasFormat(mimeType()))
        return {};
    return QString::fromUtf8(data->data(mimeType())).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

bool StageItemModel::canDropMimeData(const QMimeData* data, Qt::DropAction action, int, int,
                                     const QModelIndex&) const
{
    return action == Qt::MoveAction && !idsFromMime(data).isEmpty();
}

bool StageItemModel::dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                                  const QModelIndex& parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    const int beforeRow = row < 0 ? (parent.isValid() ? parent.row() : rowCount()) : row;
    emit dropRequested(idsFromMime(data), beforeRow);
    // The move happens through the board (optimistically, then confirmed): returning false
    // keeps the view from removing the dragged rows itself.
    return false;
}

void StageItemModel::setItems(QList<PipelineItem> items)
{
    std::sort(items.begin(), items.end(), before);
    beginResetModel();
    m_items = std::move(items);
    endResetModel();
}

int StageItemModel::rowOf(const QString& id) const
{
    for (int i = 0; i < m_items.size(); ++i) {
        if (m_items.at(i).id == id)
            return i;
    }
    return -1;
}

int StageItemModel::insertionRow(double position, const QString& id) const
{
    PipelineItem probe;
    probe.position = position;
    probe.id = id;
    return int(std::lower_bound(m_items.cbegin(), m_items.cend(), probe, before) - m_items.cbegin());
}

void StageItemModel::upsert(const PipelineItem& item)
{
    const int row = rowOf(item.id);
    if (row < 0) {
        const int at = insertionRow(item.position, item.id);
        beginInsertRows({}, at, at);
        m_items.insert(at, item);
        endInsertRows();
        return;
    }
    if (m_items.at(row).position == item.position) {
        m_items[row] = item;
        emit dataChanged(index(row), index(row));
        return;
    }
    // New position: move the row (keeps the view's selection on it), then update it.
    QList<PipelineItem> without = m_items;
    without.removeAt(row);
    PipelineItem probe = item;
    const int target
        = int(std::lower_bound(without.cbegin(), without.cend(), probe, before) - without.cbegin());
    if (target != row) {
        beginMoveRows({}, row, row, {}, target > row ? target + 1 : target);
        m_items.move(row, target);
        endMoveRows();
    }
    m_items[target] = item;
    emit dataChanged(index(target), index(target));
}

void StageItemModel::remove(const QString& id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_items.removeAt(row);
    endRemoveRows();
}

QList<double> StageItemModel::positionsForRow(int row, const QStringList& moving, int count) const
{
    // Neighbours among the items that stay where they are.
    const PipelineItem* previous = nullptr;
    const PipelineItem* next = nullptr;
    for (int i = qMin(row, int(m_items.size())) - 1; i >= 0; --i) {
        if (!moving.contains(m_items.at(i).id)) {
            previous = &m_items.at(i);
            break;
        }
    }
    for (int i = qMax(row, 0); i < m_items.size(); ++i) {
        if (!moving.contains(m_items.at(i).id)) {
            next = &m_items.at(i);
            break;
        }
    }
    // Evenly spaced between them (one card: the midpoint), so a move writes only the moved rows.
    const double step = kPositionGap;
    const double low = previous ? previous->position : (next ? next->position - step * (count + 1) : 0.0);
    const double high = next ? next->position : low + step * (count + 1);
    QList<double> positions;
    for (int i = 0; i < count; ++i)
        positions << low + (high - low) * double(i + 1) / double(count + 1);
    return positions;
}
