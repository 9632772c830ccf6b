#include "CardTableModel.h"

#include <QLocale>

#include <limits>

CardTableModel::CardTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

int CardTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int CardTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString CardTableModel::priorityText(int priority)
{
    switch (priority) {
    case 3:
        return tr("Urgent");
    case 2:
        return tr("High");
    case 1:
        return tr("Normal");
    default:
        return {};
    }
}

QString CardTableModel::stageName(const QString& stageId) const
{
    const auto it = m_stages.constFind(stageId);
    return it == m_stages.constEnd() ? stageId : it->name;
}

QVariant CardTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PipelineItem& item = m_items.at(index.row());
    switch (role) {
    case IdRole:
        return item.id;
    case ItemRole:
        return QVariant::fromValue(item);
    case Qt::DisplayRole:
        switch (index.column()) {
        case Title:
            return item.title;
        case Stage:
            return stageName(item.stageId);
        case Assignee:
            return item.assigneeName;
        case Due:
            return item.dueDate.isValid()
                ? QLocale().toString(item.dueDate.toLocalTime().date(), QLocale::ShortFormat)
                : QString();
        case Priority:
            return priorityText(item.priority);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == Title && !item.description.isEmpty())
            return QString(item.title + QLatin1Char('\n') + item.description);
        if (index.column() == Due && item.dueDate.isValid())
            return QLocale().toString(item.dueDate.toLocalTime(), QLocale::LongFormat);
        return {};
    case SortRole:
        switch (index.column()) {
        case Title:
            return item.title;
        case Stage: {
            // Board order; stages of other pipelines after the board's.
            const auto it = m_stages.constFind(item.stageId);
            return it == m_stages.constEnd() ? std::numeric_limits<int>::max() : it->order;
        }
        case Assignee:
            return item.assigneeName;
        case Due:
            // Soonest first; no due date after every date, in either direction of the header.
            return item.dueDate.isValid() ? item.dueDate.toMSecsSinceEpoch()
                                          : std::numeric_limits<qint64>::max();
        case Priority:
            return item.priority;
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant CardTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Title:
        return tr("Title");
    case Stage:
        return tr("Stage");
    case Assignee:
        return tr("Assignee");
    case Due:
        return tr("Due");
    case Priority:
        return tr("Priority");
    default:
        return {};
    }
}

void CardTableModel::setStages(const QList<PipelineStage>& stages)
{
    m_stages.clear();
    for (const PipelineStage& stage : stages)
        m_stages.insert(stage.id, stage);
    if (!m_items.isEmpty())
        emit dataChanged(index(0, Stage), index(int(m_items.size()) - 1, Stage));
}

void CardTableModel::setItems(const QList<PipelineItem>& items)
{
    beginResetModel();
    m_items = items;
    m_rows.clear();
    m_rows.reserve(m_items.size());
    for (int row = 0; row < m_items.size(); ++row)
        m_rows.insert(m_items.at(row).id, row);
    endResetModel();
}

void CardTableModel::upsert(const PipelineItem& item)
{
    const int row = rowOf(item.id);
    if (row < 0) {
        const int at = int(m_items.size());
        beginInsertRows({}, at, at);
        m_items.append(item);
        m_rows.insert(item.id, at);
        endInsertRows();
        return;
    }
    m_items[row] = item;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void CardTableModel::remove(const QString& id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_items.removeAt(row);
    m_rows.remove(id);
    for (int i = row; i < m_items.size(); ++i)
        m_rows[m_items.at(i).id] = i;
    endRemoveRows();
}
