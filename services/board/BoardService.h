#pragma once

#include "Answer.h"
#include "BoardRecords.h"
#include "ChangeFeed.h"
#include "ItemChanges.h"
#include "OutboxTracker.h"

#include <QObject>
#include <QPair>
#include <QPointer>
#include <QSet>

#include <functional>

class DatabaseService;
class OfflineStore;
class SyncService;
class QTimer;

// The boards feature's data, for the board screen and astralis-cli alike (docs/architecture.md):
// reads come from this computer's cache at once and then from the server, which is kept in
// the cache with the unsent local changes laid over it; changes go through the outbox
// (OutboxTracker) and are answered by receipts; live changes of the open board are read again
// and handed over as cards. Everything is asynchronous and answered on the caller's thread
// (guarded by a context object); no SQL, cache or QVariant protocol reaches the caller.
class BoardService : public QObject
{
    Q_OBJECT

public:
    BoardService(DatabaseService* database, ChangeFeed* feed, OfflineStore* store, SyncService* sync,
                 QObject* parent = nullptr);

    bool isOnline() const;

    // The organization's pipelines: the cached list (when there is one), then the server's.
    void pipelines(QObject* context, std::function<void(const Answer<QList<Pipeline>>&)> answer);

    // A pipeline's board by key or id (empty: the first). The cached board first unless the
    // server's is there already; then the server's, with unsent changes laid over. The board
    // becomes the one whose live changes itemsRead() reports.
    void openBoard(QObject* context, const QString& keyOrId,
                   std::function<void(const Answer<Board>&)> answer);

    // Cards as this computer has them now (local changes included); missing ones are gone.
    void cachedItems(QObject* context, const QStringList& ids,
                     std::function<void(const QList<PipelineItem>&)> answer);

    // One card, for commands that name it (astralis-cli): the server's when online — kept in the
    // cache with the stages of its pipeline, so it can be moved offline later — else the
    // cache's; local changes laid over either way. No error and an empty id: there is no such
    // card (or this login may not see it), or, offline, it was never loaded here.
    void card(QObject* context, const QString& id, std::function<void(const Answer<PipelineItem>&)> answer);

    // Where a card moved to a stage of its pipeline (by key or id) goes: after the stage's last
    // card, as this computer and, online, the server know it. An empty stageId: no such stage.
    struct MoveTarget
    {
        QString stageId;
        double position = 0;
    };
    void moveTarget(QObject* context, const QString& itemId, const QString& stageKeyOrId,
                    std::function<void(const Answer<MoveTarget>&)> answer);

    // A person of the organization by id or e-mail address (server only): their id, or empty.
    void findPerson(QObject* context, const QString& idOrEmail,
                    std::function<void(const Answer<QString>&)> answer);

    // The signed-in person's open cards in every pipeline (server only).
    void myItems(QObject* context, std::function<void(const Answer<QList<PipelineItem>>&)> answer);

    // The organization's people (id, name) for assignee pickers: from the server, kept in the
    // cache for offline use; the cached list while offline.
    using People = QList<QPair<QString, QString>>;
    void people(QObject* context, std::function<void(const Answer<People>&)> answer);

    // Changes, saved in the outbox here first (one local transaction) and sent by the replay.
    // `saved` says whether they are safe on this computer; `receipt` later says what the server
    // made of each (see OutboxTracker).
    struct Move
    {
        PipelineItem item; // as shown before the move
        QString stageId;
        double position = 0;
    };
    using Saved = std::function<void(const OutboxTracker::Queued&)>;
    using Receipt = std::function<void(const OutboxReceipt&)>;
    void moveItems(QObject* context, const QList<Move>& moves, Saved saved, Receipt receipt);
    void editItem(QObject* context, const PipelineItem& item, const ItemChanges& changes, Saved saved,
                  Receipt receipt);
    void createItem(QObject* context, const QString& pipelineId, const PipelineItem& item, Saved saved,
                    Receipt receipt);
    void deleteItem(QObject* context, const PipelineItem& item, Saved saved, Receipt receipt);
    void restoreItem(QObject* context, const PipelineItem& item, Saved saved, Receipt receipt);
    // The card as a queued change leaves it (the same fields, the same way), and as a
    // conflict's other side has it.
    static PipelineItem edited(const PipelineItem& item, const ItemChanges& changes);
    static PipelineItem theirs(const PipelineItem& item, const OutboxEntry& conflict);
    // Drops this card's changes that are in conflict (the person took the other version, or
    // decided anew); done runs once they are gone.
    void discardConflicts(QObject* context, const QString& id, std::function<void()> done);

signals:
    // Cards of the open board read again after a change elsewhere (live feed) or a replay pass:
    // `rows` as they are now, local changes laid over; ids asked for but missing are gone.
    void itemsRead(const QStringList& ids, const QList<PipelineItem>& rows);
    // The open board's columns changed (one of its stages, a new stage, or the pipeline itself;
    // one signal for a burst): open it again.
    void structureChanged();

private:
    void onChanges(const QList<ChangeEvent>& events);
    void setOpenBoard(const Board& board);
    void refetch(const QStringList& ids);
    void queue(QObject* context, QList<OutboxEntry> entries, Saved saved, Receipt receipt);

    DatabaseService* m_database;
    ChangeFeed* m_feed;
    OfflineStore* m_store;
    OutboxTracker* m_outbox;
    QString m_openPipelineId; // whose live changes are read again
    QSet<QString> m_openStageIds; // its columns
    int m_openGeneration = 0;
    QTimer* m_structureTimer = nullptr; // one reload for a burst of stage/pipeline changes
};
