#pragma once

#include <QWidget>

class BoardController;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class StageColumn;

// The Boards screen: a pipeline chooser and filter over the stage columns of the open board.
class BoardScreen : public QWidget
{
    Q_OBJECT

public:
    explicit BoardScreen(BoardController* controller, QWidget* parent = nullptr);

    StageColumn* column(const QString& stageKey) const;
    QList<StageColumn*> columns() const { return m_columns; }

signals:
    // A card to open in the editor (double-click, Enter).
    void editRequested(const QString& id);

private:
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
    QLabel* m_summary = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_placeholder = nullptr;
    QWidget* m_columnsHost = nullptr;
    QHBoxLayout* m_columnsLayout = nullptr;
    QList<StageColumn*> m_columns;
};
