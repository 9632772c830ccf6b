#pragma once

#include "BoardRecords.h"
#include "CardFilter.h"

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
class QStackedWidget;
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

    explicit BoardScreen(BoardController* controller, QWidget* parent = nullptr);

    StageColumn* column(const QString& stageKey) const;
    QList<StageColumn*> columns() const { return m_columns; }
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
    QHBoxLayout* m_toolbar = nullptr;
    QSplitter* m_body = nullptr;
};
