#pragma once

#include "BoardRecords.h"

#include <QAbstractListModel>

// The cards of one stage, in position order: the model behind one board column. Keeps its
// own copy of the items so a column repaints without touching the others; changes come in
// as precise inserts, updates and removals (never a reset for one card), so selection and
// scroll position survive live updates.
class StageItemModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        AssigneeRole,
        InitialsRole,
        DueDateRole,
        PriorityRole,
        PositionRole,
        ItemRole, // the whole PipelineItem
        TerminalStageRole, // the column is a terminal stage: its cards are finished
    };

    static QString mimeType() { return QStringLiteral("application/x-astralis-pipeline-items"); }

    explicit StageItemModel(const QString& stageId, QObject* parent = nullptr);

    QString stageId() const { return m_stageId; }
    void setTerminal(bool terminal) { m_terminal = terminal; }
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    Qt::DropActions supportedDropActions() const override;
    Qt::DropActions supportedDragActions() const override;
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    bool canDropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                         const QModelIndex& parent) const override;
    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                      const QModelIndex& parent) override;

    // Replaces everything (opening a board).
    void setItems(QList<PipelineItem> items);
    // Inserts or updates one item, keeping position order; moves its row when needed.
    void upsert(const PipelineItem& item);
    void remove(const QString& id);
    int rowOf(const QString& id) const;
    const PipelineItem& itemAt(int row) const { return m_items.at(row); }
    const QList<PipelineItem>& items() const { return m_items; }

    // Positions for `count` items dropped before `row` (rowCount(): at the end), evenly
    // between their new neighbours, ignoring the moving items' own rows.
    QList<double> positionsForRow(int row, const QStringList& moving, int count) const;

    static QStringList idsFromMime(const QMimeData* data);

signals:
    // A drop onto this column: the items, and the row they go before.
    void dropRequested(const QStringList& ids, int beforeRow);

private:
    int insertionRow(double position, const QString& id) const;

    QString m_stageId;
    bool m_terminal = false;
    QList<PipelineItem> m_items;
};
