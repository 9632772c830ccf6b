#pragma once

#include "BoardRecords.h"
#include "BoardRepository.h"
#include "ChangeFeed.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

class DatabaseService;
class StageItemModel;
class QTimer;
class QUndoStack;

// The open board's state and everything done to it: loading a pipeline, optimistic moves
// (the card moves at once; the server's answer confirms or rolls back with a reason), and
// live updates from the change feed applied in place, card by card.
class BoardController : public QObject
{
    Q_OBJECT

public:
    BoardController(DatabaseService* database, ChangeFeed* feed, QObject* parent = nullptr);

    void refreshPipelines();
    void openPipeline(const QString& keyOrId);
    const Board& board() const { return m_board; }
    const QList<Pipeline>& pipelines() const { return m_pipelines; }
    StageItemModel* modelFor(const QString& stageId) const { return m_models.value(stageId); }
    bool hasItem(const QString& id) const { return m_items.contains(id); }
    PipelineItem item(const QString& id) const { return m_items.value(id); }

    // Moves cards to a stage, before the given row of that stage's list (rowCount: at the end).
    void moveItems(const QStringList& ids, const QString& stageId, int beforeRow);

    // Saves a card's changes made against baseVersion (what the editor showed). The answer is
    // editFinished(): ok, or a conflict carrying the other person's version, or a refusal.
    void editItem(const QString& id, const BoardRepository::ItemChanges& changes, int baseVersion);
    // A new card at the end of a stage, and deleting cards (soft delete, like the web platform).
    // Both are undoable and answered through message() when refused.
    void createItem(const QString& stageId, const QString& title);
    void deleteItems(const QStringList& ids);

    // The organization's people, for assignee pickers (id, name).
    void loadPeople();
    const QList<QPair<QString, QString>>& people() const { return m_people; }

    // Moves and edits made on this board, for Ctrl+Z / Ctrl+Shift+Z.
    QUndoStack* undoStack() const { return m_undo; }

signals:
    void pipelinesLoaded();
    void boardLoaded(); // columns must be rebuilt
    void loadFailed(const QString& message);
    void message(const QString& text); // a refused move, a conflict: shown next to the board
    void moveStarted(const QStringList& ids); // the cards are in their new place (not yet saved)
    void moveFinished(const QStringList& ids, bool ok);
    void itemsChanged(); // counts, live updates
    void editFinished(const QString& id, const BoardRepository::WriteResult& result);
    void peopleLoaded();
    void itemCreated(const QString& id);

private:
    struct Placement
    {
        QString id;
        QString stageId;
        double position;
    };
    class MoveCommand;
    class EditCommand;
    class CreateDeleteCommand;

    void setPresent(const QString& id, bool present, bool undoable);

    void place(const QList<Placement>& placements, bool undoable);
    void save(const QString& id, const BoardRepository::ItemChanges& changes, int baseVersion, bool undoable);
    void apply(const PipelineItem& item);
    void removeLocal(const QString& id);
    void onChanges(const QList<ChangeEvent>& events);
    void refetch(const QStringList& ids);

    DatabaseService* m_database;
    ChangeFeed* m_feed;
    QList<Pipeline> m_pipelines;
    Board m_board;
    QHash<QString, PipelineItem> m_items;
    QHash<QString, StageItemModel*> m_models;
    QHash<QString, int> m_movesInFlight; // per card: moves sent, not yet answered
    QList<QPair<QString, QString>> m_people;
    QUndoStack* m_undo = nullptr;
    QTimer* m_reloadTimer = nullptr; // debounces stage/pipeline changes into one reload
};
