#pragma once

#include "BoardRecords.h"
#include "CardFilter.h"

#include <QHash>
#include <QWidget>

#include <functional>

class BoardController;
class CardTable;
class QButtonGroup;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QSplitter;
class QLineEdit;
class QScrollArea;
class QStackedWidget;
class QVBoxLayout;
class StageColumn;

// The Boards screen: a pipeline chooser and filters (text, assignee, priority, due date) over
// three views: the stage columns of the open board, the same cards as a table for bulk
// triage, and the signed-in person's own cards across pipelines.
class BoardScreen : public QWidget
{
    Q_OBJECT

public:
    enum class View
    {
        Board,
        Table,
        MyCards,
    };
    enum class Swimlanes
    {
        None,
        ByAssignee,
        ByPriority,
    };

    explicit BoardScreen(BoardController* controller, QWidget* parent = nullptr);

    StageColumn* column(const QString& stageKey) const;
    QList<StageColumn*> columns() const { return m_columns; }
    // With swimlanes: per lane (in display order), one column per stage. Empty without.
    QList<QList<StageColumn*>> lanes() const { return m_lanes; }
    Swimlanes swimlanes() const;
    void setSwimlanes(Swimlanes mode);
    CardTable* cardTable() const { return m_table; }
    CardTable* myCardsTable() const { return m_myCards; }
    View currentView() const;
    void setView(View view);
    CardFilter filter() const;
    // What "now" is for the due-date filter (tests pin it).
    void setClock(std::function<QDateTime()> clock);

public slots:
    // The answer to myCardsRequested(): the signed-in person's open cards in every pipeline.
    void showMyCards(const QList<PipelineItem>& items);
    // Docks a panel (the pipeline's tasks) beside the board, shown with a toolbar toggle.
    void setSidePanel(QWidget* panel, const QString& title);

signals:
    // A card to open in the editor (double-click, Enter).
    void editRequested(const QString& id);
    // The "My cards" view was opened: its list should be (re)loaded, then given to showMyCards().
    void myCardsRequested();

private:
    void applyFilter();
    void fillPeople();
    void rebuildColumns();
    void wireColumn(StageColumn* column);
    // The lanes the current mode asks for: name and criterion, in display order.
    QList<QPair<QString, CardFilter>> laneDefinitions() const;
    void rebuildLanes();
    void onItemsChanged();
    void updateLaneHeaders();
    void laneDropped(StageColumn* column, const QStringList& ids);
    void updateBoardVisibility();
    void showPipelines();
    void showMessage(const QString& text);
    void selectWhereTheyAre(const QStringList& ids);
    void updateSummary();
    void moveSideways(StageColumn* from, const QStringList& ids, int direction);
    void moveWithin(StageColumn* column, const QStringList& ids, int direction);
    void showContextMenu(StageColumn* column, const QPoint& globalPos);

    BoardController* m_controller;
    QComboBox* m_pipelineCombo = nullptr;
    QLineEdit* m_filter = nullptr;
    QComboBox* m_assigneeFilter = nullptr;
    QComboBox* m_priorityFilter = nullptr;
    QComboBox* m_dueFilter = nullptr;
    QButtonGroup* m_viewButtons = nullptr;
    QStackedWidget* m_views = nullptr;
    CardTable* m_table = nullptr;
    CardTable* m_myCards = nullptr;
    std::function<QDateTime()> m_clock;
    QLabel* m_summary = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_placeholder = nullptr;
    QWidget* m_columnsHost = nullptr;
    QHBoxLayout* m_columnsLayout = nullptr;
    QList<StageColumn*> m_columns;
    QComboBox* m_swimlaneCombo = nullptr;
    QScrollArea* m_scroll = nullptr;
    QScrollArea* m_lanesScroll = nullptr;
    QWidget* m_lanesHost = nullptr;
    QVBoxLayout* m_lanesLayout = nullptr;
    QList<QWidget*> m_laneBands;
    QList<QLabel*> m_laneHeaders;
    QList<QPair<QString, CardFilter>> m_laneDefs;
    QList<QList<StageColumn*>> m_lanes;
    bool m_lanesRebuildQueued = false;
    // Cards dropped into another lane whose move is being saved: their lane's change follows.
    QHash<QString, CardFilter> m_pendingLane;
    QStringList m_lastMoveStarted;
    QHBoxLayout* m_toolbar = nullptr;
    QSplitter* m_body = nullptr;
};
