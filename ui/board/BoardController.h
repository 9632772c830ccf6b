#pragma once

#include "BoardRecords.h"
#include "BoardRepository.h"
#include "ChangeFeed.h"
#include "OutboxEntry.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

class DatabaseService;
class OfflineStore;
class StageItemModel;
class SyncService;
class QTimer;
class QUndoStack;

// The open board's state and everything done to it: loading a pipeline (from the local cache
// at once, then from the server), changes (the card changes at once and is saved on this
// computer in the outbox; the replay sends it and confirms, merges, or rolls it back with the
// server's reason), and live updates from the change feed applied in place, card by card.
class BoardController : public QObject
{
    Q_OBJECT

public:
    BoardController(DatabaseService* database, ChangeFeed* feed, OfflineStore* store, SyncService* sync,
                    QObject* parent = nullptr);

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
    // editFinished(): ok (sent, or saved here while offline), a conflict carrying the other
    // person's version, or a refusal. Saving again over a conflict replaces the conflicting
    // change: the person has decided.
    void editItem(const QString& id, const BoardRepository::ItemChanges& changes, int baseVersion);
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

    // What the replay should report about a queued change once it has been tried.
    struct Watch
    {
        QString itemId;
        bool edit = false; // the editor waits for editFinished()
        PipelineItem before; // shown again if the server refuses the change
    };

    void setPresent(const QString& id, bool present, bool undoable);
    void place(const QList<Placement>& placements, bool undoable);
    void save(const QString& id, const BoardRepository::ItemChanges& changes, bool undoable);
    void apply(const PipelineItem& item);
    QString personName(const QString& userId) const; // empty when unknown
    void removeLocal(const QString& id);
    void onChanges(const QList<ChangeEvent>& events);
    void refetch(const QStringList& ids);
    // Saves entries in the outbox (one local transaction); done gets the saved entries or an
    // error. Then the replay is started.
    void enqueue(QList<OutboxEntry> entries, const QList<Watch>& watches,
                 std::function<void(bool ok, const QString& error)> done);
    void showBoard(const Board& board, bool fromCache);
    void onSyncPass(bool interrupted);
    // Shows cards as read (missing ones are gone), except those with a change on its way to
    // the cache: what was read does not know it yet.
    void showRows(const QStringList& ids, const QList<PipelineItem>& rows);

    DatabaseService* m_database;
    ChangeFeed* m_feed;
    OfflineStore* m_store;
    SyncService* m_sync;
    QHash<qint64, Watch> m_watches; // outbox seq → what to report
    QHash<QString, int> m_inFlight; // card → changes sent to the cache, not yet saved there
    bool m_fromCache = false;
    int m_openGeneration = 0;
    QList<Pipeline> m_pipelines;
    Board m_board;
    QHash<QString, PipelineItem> m_items;
    QHash<QString, StageItemModel*> m_models;
    QList<QPair<QString, QString>> m_people;
    QUndoStack* m_undo = nullptr;
    QTimer* m_reloadTimer = nullptr; // debounces stage/pipeline changes into one reload
};
