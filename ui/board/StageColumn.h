#pragma once

#include "BoardRecords.h"
#include "CardFilter.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QListView;
class QSortFilterProxyModel;
class StageItemModel;

// One column of the board: a header (name, count against the WIP limit, the stage's colour,
// a mark for terminal stages) over a list view of cards that takes drags and drops.
class StageColumn : public QWidget
{
    Q_OBJECT

public:
    StageColumn(const PipelineStage& stage, StageItemModel* model, QWidget* parent = nullptr);

    const PipelineStage& stage() const { return m_stage; }
    QListView* view() const { return m_view; }
    StageItemModel* model() const { return m_model; }
    // Shows only the cards the filter matches (`now` decides what is overdue); the header
    // keeps counting all of them against the WIP limit.
    void setFilter(const CardFilter& filter, const QDateTime& now);
    int visibleCount() const;
    QStringList selectedIds() const;
    void selectIds(const QStringList& ids);
    void updateHeader();
    // Swimlanes: the column shows only the cards of one lane (an assignee or a priority), on
    // top of the user's filter; its header then counts the lane's cards. Inactive: no lane.
    void setLane(const CardFilter& lane);
    const CardFilter& lane() const { return m_lane; }
    int laneCount() const;
    bool shows(const QString& id) const;

signals:
    // Keyboard and context menu moves: to the neighbouring stage (-1/+1) or one row up/down.
    void moveSideways(const QStringList& ids, int direction);
    void moveWithin(const QStringList& ids, int direction);
    void moveToStageRequested(const QStringList& ids, const QString& stageId);
    void contextMenuRequested(StageColumn* column, const QPoint& globalPos);
    void createRequested(const QString& stageId, const QString& title);
    void deleteRequested(const QStringList& ids);
    // Cards dropped onto a lane column (after the stage move was requested): they belong to
    // the lane now.
    void laneDropped(const QStringList& ids);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    PipelineStage m_stage;
    StageItemModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QLabel* m_header = nullptr;
    QListView* m_view = nullptr;
    QLineEdit* m_newCard = nullptr;
    CardFilter m_lane;
};
