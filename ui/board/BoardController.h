#pragma once

#include "BoardRecords.h"
#include "BoardService.h"
#include "ItemChanges.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

class StageItemModel;
class QUndoStack;

// The open board's state and everything done to it: loading a pipeline (from the local cache
// at once, then from the server), changes (the card changes at once and is saved on this
// computer in the outbox; the replay sends it and confirms, merges, or rolls it back with the
// server's reason), and live updates from the change feed shown in place, card by card.
class BoardController : public QObject
{
    Q_OBJECT

public:
    explicit BoardController(BoardService* service, QObject* parent = nullptr);
    BoardService* service() const { return m_service; }

    void refreshPipelines();
    void openPipeline(const QString& keyOrId);
    const Board& board() const { return m_board; }
    const QList<Pipeline>& pipelines() const { return m_pipelines; }
    StageItemModel* modelFor(const QString& stageId) const { return m_models.value(stageId); }
    bool hasItem(const QString& id) const { return m_items.contains(id); }
    PipelineItem item(const QString& id) const { return m_items.value(id); }

    // Moves cards to a stage, before the given row of that stage's list (rowCount: at the end).
    void moveItems(const QStringList& ids, const QString& stageId, int beforeRow);

    // Saves a card's changes, recorded in the outbox against the server version this computer
    // has of the card now (what the board shows). The answer is editFinished(): ok (sent, or
    // saved here while offline), a conflict carrying the other person's version, or a refusal.
    // Saving again over a conflict replaces the conflicting change: the person has decided.
    void editItem(const QString& id, const ItemChanges& changes);
    // Re-reads cards from the cache (local changes included) and shows them.
    void reloadFromCache(const QStringList& ids);
    // Drops this card's changes that are in conflict: the person took the other version (or
    // is saving a new decision, which `then` queues). Without `then` the card is shown again.
    void discardConflicts(const QString& id, std::function<void()> then = {});
    // A new card at the end of a stage, and deleting cards (soft delete, like the web platform).
    // Both are undoable and answered through message() when refused.
    void createItem(const QString& stageId, const QString& title);
    void deleteItems(const QStringList& ids);

    // The organization's people, for assignee pickers (id, name).
    void loadPeople();
    const QList<QPair<QString, QString>>& people() const { return m_people; }

    // Moves and edits made on this board, for Ctrl+Z / Ctrl+Shift+Z.
    QUndoStack* undoStack() const { return m_undo; }
    // The board on screen came from the local cache and the server has not answered yet.
    bool isFromCache() const { return m_fromCache; }

signals:
    void pipelinesLoaded();
    void boardLoaded(); // columns must be rebuilt
    void boardRefreshed(); // the server's rows replaced the cached ones (same columns)
    void loadFailed(const QString& message);
    void message(const QString& text); // a refused move, a conflict: shown next to the board
    void moveStarted(const QStringList& ids); // the cards are in their new place (not yet saved)
    void moveFinished(const QStringList& ids, bool ok);
    void itemsChanged(); // counts, live updates
    void editFinished(const QString& id, const CardWriteResult& result);
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
    void save(const QString& id, const ItemChanges& changes, bool undoable);
    // The outbox's answer that the change is saved on this computer (done), with the cards
    // marked as having a change on its way to the cache until then.
    BoardService::Saved whenSaved(const QStringList& ids,
                                  std::function<void(bool ok, const QString& error)> done);
    // What the server made of a change: edits answer editFinished(), other changes a message
    // when refused or in conflict.
    BoardService::Receipt receiptFor(const QString& itemId, bool edit, const PipelineItem& before);
    // Shows a card as given (in its stage, named assignee); "apply" is kept for what reaches the
    // server.
    void showItem(const PipelineItem& item);
    QString personName(const QString& userId) const; // empty when unknown
    void removeLocal(const QString& id);
    void showBoard(const Board& board, bool fromCache);
    // Shows cards as read (missing ones are gone), except those with a change on its way to
    // the cache: what was read does not know it yet.
    void showRows(const QStringList& ids, const QList<PipelineItem>& rows);

    BoardService* m_service;
    QHash<QString, int> m_inFlight; // card → changes sent to the cache, not yet saved there
    bool m_fromCache = false;
    int m_openGeneration = 0;
    QList<Pipeline> m_pipelines;
    Board m_board;
    QHash<QString, PipelineItem> m_items;
    QHash<QString, StageItemModel*> m_models;
    QList<QPair<QString, QString>> m_people;
    QUndoStack* m_undo = nullptr;
};
