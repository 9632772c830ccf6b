#pragma once

#include "BoardRecords.h"

#include <QAbstractTableModel>
#include <QHash>

// Cards as rows of a table (title, stage, assignee, due date, priority) for bulk triage: every
// card of the open board, or the signed-in person's cards across pipelines. Live changes come
// in card by card as precise inserts, updates and removals, so the view's selection survives.
// Row order is the order given (the board's: stage, then position); sorting is a proxy's job,
// through SortRole.
class CardTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Title,
        Stage,
        Assignee,
        Due,
        Priority,
        ColumnCount,
    };

    enum Role
    {
        IdRole = Qt::UserRole + 1,
        ItemRole, // the whole PipelineItem
        SortRole, // per column: title, stage order, assignee name, due time (none last), priority
    };

    explicit CardTableModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The stages known by name, in board order; a card in another stage shows the stage's id.
    void setStages(const QList<PipelineStage>& stages);
    // Replaces everything (opening a board, a new list of one's own cards).
    void setItems(const QList<PipelineItem>& items);
    // Inserts (at the end) or updates one card in place.
    void upsert(const PipelineItem& item);
    void remove(const QString& id);

    int rowOf(const QString& id) const { return m_rows.value(id, -1); }
    const PipelineItem& itemAt(int row) const { return m_items.at(row); }
    const QList<PipelineItem>& items() const { return m_items; }
    QString stageName(const QString& stageId) const;

    static QString priorityText(int priority);

private:
    QList<PipelineItem> m_items;
    QHash<QString, int> m_rows; // id → row
    QHash<QString, PipelineStage> m_stages;
};
