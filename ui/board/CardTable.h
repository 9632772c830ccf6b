#pragma once

#include "BoardRecords.h"

#include <QDateTime>
#include <QSet>
#include <QWidget>

struct CardFilter;
class BoardController;
class CardTableModel;
class QComboBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class StageItemModel;

// The cards as a sortable table for bulk triage: select rows, then assign them to someone or
// move them to a stage in one go. With a controller it shows the open board, kept live card
// by card from the stage models; without one it is a read-only list given through setItems().
class CardTable : public QWidget
{
    Q_OBJECT

public:
    explicit CardTable(BoardController* controller, QWidget* parent = nullptr);

    QTableView* view() const { return m_view; }
    CardTableModel* model() const { return m_model; }
    bool isReadOnly() const { return m_controller == nullptr; }

    void setFilter(const CardFilter& filter, const QDateTime& now);
    // Read-only lists: the cards, and the stages whose names are known.
    void setItems(const QList<PipelineItem>& items, const QList<PipelineStage>& stages);

    int visibleCount() const;
    int totalCount() const;
    QStringList selectedIds() const;
    void selectIds(const QStringList& ids);

signals:
    void countsChanged(); // after the rows shown or held changed (once per event-loop turn)
    void editRequested(const QString& id);
    void message(const QString& text); // a bulk change the server refused

protected:
    void showEvent(QShowEvent* event) override;

private:
    void reload();
    void track(StageItemModel* stageModel);
    void scheduleRemoval(const QString& id);
    void flushRemovals();
    void fillPeople();
    void fillStages();
    void updateActions();
    void assignSelected();
    void moveSelected();

    BoardController* m_controller;
    CardTableModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_view = nullptr;
    QLabel* m_selection = nullptr;
    QComboBox* m_assignee = nullptr;
    QPushButton* m_assign = nullptr;
    QComboBox* m_stage = nullptr;
    QPushButton* m_move = nullptr;
    QSet<QString> m_removals; // left a stage: gone, unless another stage takes it in the same turn
    bool m_flushScheduled = false;
    bool m_countsScheduled = false;
    QSet<QString> m_edits; // bulk edits sent, not yet answered
    QStringList m_refusals;
    bool m_stale = false; // the board changed while the table was hidden
};
