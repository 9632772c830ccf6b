#include "BoardController.h"

#include "StageItemModel.h"

#include <QUndoStack>
#include <QUuid>

#include <memory>

// Undo and redo queue the change again against the card's current version: someone else's
// later change to the same fields is then a conflict, shown like any other, never overwritten.
class BoardController::MoveCommand : public QUndoCommand
{
public:
    MoveCommand(BoardController* board, QList<Placement> before, QList<Placement> after)
        : QUndoCommand(after.size() == 1 ? BoardController::tr("Move card")
                                         : BoardController::tr("Move %n card(s)", nullptr, int(after.size())))
        , m_board(board)
        , m_before(std::move(before))
        , m_after(std::move(after))
    { }
    void undo() override { m_board->place(m_before, false); }
    void redo() override
    {
        if (m_done) // pushed after the move was made: nothing to do the first time
            m_board->place(m_after, false);
        m_done = true;
    }

private:
    BoardController* m_board;
    QList<Placement> m_before;
    QList<Placement> m_after;
    bool m_done = false;
};

class BoardController::EditCommand : public QUndoCommand
{
public:
    EditCommand(BoardController* board, QString id, ItemChanges before, ItemChanges after)
        : QUndoCommand(BoardController::tr("Edit card"))
        , m_board(board)
        , m_id(std::move(id))
        , m_before(std::move(before))
        , m_after(std::move(after))
    { }
    void undo() override { m_board->save(m_id, m_before, false); }
    void redo() override
    {
        if (m_done)
            m_board->save(m_id, m_after, false);
        m_done = true;
    }

private:
    BoardController* m_board;
    QString m_id;
    ItemChanges m_before;
    ItemChanges m_after;
    bool m_done = false;
};

// Create and delete are one command: undoing a create deletes the card, undoing a delete
// restores it (soft delete keeps the row, its history and its id).
class BoardController::CreateDeleteCommand : public QUndoCommand
{
public:
    CreateDeleteCommand(BoardController* board, QString id, bool created)
        : QUndoCommand(created ? BoardController::tr("Create card") : BoardController::tr("Delete card"))
        , m_board(board)
        , m_id(std::move(id))
        , m_created(created)
    { }
    void undo() override { m_board->setPresent(m_id, !m_created, false); }
    void redo() override
    {
        if (m_done)
            m_board->setPresent(m_id, m_created, false);
        m_done = true;
    }

private:
    BoardController* m_board;
    QString m_id;
    bool m_created;
    bool m_done = false;
};

BoardController::BoardController(BoardService* service, QObject* parent)
    : QObject(parent)
    , m_service(service)
    , m_undo(new QUndoStack(this))
{
    connect(m_service, &BoardService::itemsRead, this, &BoardController::showRows);
    connect(m_service, &BoardService::structureChanged, this, [this] {
        if (!m_board.pipeline.id.isEmpty())
            openPipeline(m_board.pipeline.id);
    });
}

void BoardController::refreshPipelines()
{
    m_service->pipelines(this, [this](const Answer<QList<Pipeline>>& answer) {
        if (answer.fromCache) {
            if (!m_pipelines.isEmpty())
                return; // the server's list is here already
            m_pipelines = answer.value;
            emit pipelinesLoaded();
            if (m_board.pipeline.id.isEmpty())
                openPipeline(m_pipelines.first().id);
            return;
        }
        if (!answer.ok()) {
            if (m_pipelines.isEmpty())
                emit loadFailed(answer.error);
            return;
        }
        m_pipelines = answer.value;
        emit pipelinesLoaded();
        if (!m_pipelines.isEmpty())
            openPipeline(m_board.pipeline.id.isEmpty() ? m_pipelines.first().id : m_board.pipeline.id);
    });
}

void BoardController::openPipeline(const QString& keyOrId)
{
    const int generation = ++m_openGeneration;
    m_service->openBoard(this, keyOrId, [this, generation](const Answer<Board>& answer) {
        if (generation != m_openGeneration)
            return;
        if (!answer.ok()) {
            // A server that failed after the cached board was shown leaves that board up.
            if (answer.fromCache || !m_fromCache)
                emit loadFailed(answer.error);
            return;
        }
        showBoard(answer.value, answer.fromCache);
    });
}

void BoardController::showBoard(const Board& board, bool fromCache)
{
    const bool sameColumns = [&] {
        if (board.pipeline.id != m_board.pipeline.id || board.stages.size() != m_board.stages.size())
            return false;
        for (int i = 0; i < board.stages.size(); ++i) {
            const PipelineStage& a = board.stages.at(i);
            const PipelineStage& b = m_board.stages.at(i);
            if (a.id != b.id || a.name != b.name || a.wipLimit != b.wipLimit || a.isTerminal != b.isTerminal
                || a.color != b.color)
                return false;
        }
        return true;
    }();
    m_fromCache = fromCache;
    if (sameColumns && !m_models.isEmpty()) {
        // The same columns: cards are updated in place, so selection and scrolling survive.
        QSet<QString> present;
        for (const PipelineItem& item : board.items) {
            present.insert(item.id);
            if (m_inFlight.contains(item.id))
                continue; // read before my newest change reached the cache: keep what is shown
            const auto old = m_items.constFind(item.id);
            if (old == m_items.constEnd() || old->version != item.version || old->stageId != item.stageId
                || old->position != item.position || old->title != item.title
                || old->priority != item.priority || old->assignedToId != item.assignedToId
                || old->dueDate != item.dueDate || old->description != item.description)
                showItem(item);
        }
        const QStringList known = m_items.keys();
        for (const QString& id : known) {
            if (!present.contains(id) && !m_inFlight.contains(id))
                removeLocal(id);
        }
        m_board.pipeline = board.pipeline;
        emit itemsChanged();
        emit boardRefreshed();
        return;
    }
    m_board = board;
    qDeleteAll(m_models);
    m_models.clear();
    m_items.clear();
    QHash<QString, QList<PipelineItem>> byStage;
    for (const PipelineItem& item : std::as_const(m_board.items)) {
        m_items.insert(item.id, item);
        byStage[item.stageId] << item;
    }
    for (const PipelineStage& stage : std::as_const(m_board.stages)) {
        auto* model = new StageItemModel(stage.id, this);
        model->setTerminal(stage.isTerminal);
        model->setItems(byStage.value(stage.id));
        connect(
            model, &StageItemModel::dropRequested, this,
            [this, stageId = stage.id](const QStringList& ids, int row) { moveItems(ids, stageId, row); });
        m_models.insert(stage.id, model);
    }
    m_board.items.clear(); // the models and m_items hold them from here on
    emit boardLoaded();
}

QString BoardController::personName(const QString& userId) const
{
    for (const auto& person : m_people) {
        if (!userId.isEmpty() && person.first == userId)
            return person.second;
    }
    return {};
}

void BoardController::showItem(const PipelineItem& given)
{
    PipelineItem item = given;
    // Names of assignees come from the organization's people (a local change knows only the id).
    if (item.assigneeName.isEmpty())
        item.assigneeName = personName(item.assignedToId);
    StageItemModel* target = m_models.value(item.stageId);
    const auto old = m_items.constFind(item.id);
    if (old != m_items.constEnd() && old->stageId != item.stageId) {
        if (StageItemModel* from = m_models.value(old->stageId))
            from->remove(item.id);
    }
    if (!target) { // moved to a stage of another pipeline
        removeLocal(item.id);
        return;
    }
    m_items.insert(item.id, item);
    target->upsert(item);
}

void BoardController::removeLocal(const QString& id)
{
    const auto it = m_items.constFind(id);
    if (it == m_items.constEnd())
        return;
    if (StageItemModel* model = m_models.value(it->stageId))
        model->remove(id);
    m_items.remove(id);
}

void BoardController::moveItems(const QStringList& requested, const QString& stageId, int beforeRow)
{
    StageItemModel* target = m_models.value(stageId);
    QStringList ids;
    for (const QString& id : requested) {
        if (m_items.contains(id))
            ids << id;
    }
    if (!target || ids.isEmpty())
        return;
    const QList<double> positions = target->positionsForRow(beforeRow, ids, int(ids.size()));
    QList<Placement> placements;
    for (int i = 0; i < ids.size(); ++i)
        placements.append({ids.at(i), stageId, positions.at(i)});
    place(placements, true);
}

BoardService::Saved BoardController::whenSaved(const QStringList& ids,
                                               std::function<void(bool ok, const QString& error)> done)
{
    // Until the cache has the change, what is read from it does not know it yet (showRows).
    for (const QString& id : ids)
        m_inFlight[id] += 1;
    return [this, ids, done](const OutboxTracker::Queued& queued) {
        for (const QString& id : ids) {
            if (--m_inFlight[id] <= 0)
                m_inFlight.remove(id);
        }
        done(queued.ok(), queued.error);
    };
}

BoardService::Receipt BoardController::receiptFor(const QString& itemId, bool edit,
                                                  const PipelineItem& before)
{
    return [this, itemId, edit, before](const OutboxReceipt& receipt) {
        const OutboxEntry& e = receipt.entry;
        CardWriteResult result;
        switch (receipt.outcome) {
        case OutboxReceipt::Outcome::Applied: // the card as the server has it now
            if (m_items.contains(itemId))
                result.items << m_items.value(itemId);
            break;
        case OutboxReceipt::Outcome::Saved: // on this computer; it goes out when the server is back
            break;
        case OutboxReceipt::Outcome::Refused:
            result.failure = CardFailure::Refused;
            result.message = tr("The server refused the change to \"%1\": %2").arg(e.label, e.error);
            result.detail = e.error;
            // The card shows the server's version again; the change waits in the Sync panel.
            reloadFromCache({itemId});
            break;
        case OutboxReceipt::Outcome::Conflict:
        case OutboxReceipt::Outcome::Gone: {
            // Nothing of theirs is overwritten; the person decides.
            const bool gone = receipt.outcome == OutboxReceipt::Outcome::Gone;
            result.failure = gone ? CardFailure::Gone : CardFailure::Conflict;
            PipelineItem theirs = BoardService::theirs(m_items.value(itemId, before), e);
            theirs.assigneeName = personName(theirs.assignedToId);
            result.items << theirs;
            result.message = gone
                ? tr("\"%1\" was deleted by someone else while you changed it; see Sync to recreate it "
                     "or "
                     "discard your change.")
                      .arg(e.label)
                : tr("\"%1\" was changed by someone else meanwhile; nothing was overwritten. See Sync to "
                     "decide.")
                      .arg(e.label);
            break;
        }
        }
        if (edit)
            emit editFinished(itemId, result);
        else if (!result.ok())
            emit message(result.message);
    };
}

void BoardController::place(const QList<Placement>& placements, bool undoable)
{
    QList<BoardService::Move> moves;
    QList<PipelineItem> originals;
    QStringList ids;
    for (const Placement& p : placements) {
        if (!m_items.contains(p.id) || !m_models.contains(p.stageId))
            continue;
        const PipelineItem original = m_items.value(p.id);
        ids << p.id;
        if (original.stageId == p.stageId && qFuzzyCompare(original.position, p.position))
            continue;
        originals << original;
        moves.append({original, p.stageId, p.position});
        PipelineItem moved = original;
        moved.stageId = p.stageId;
        moved.position = p.position;
        showItem(moved); // optimistic: the card is there now
    }
    if (moves.isEmpty())
        return;
    emit itemsChanged();
    emit moveStarted(ids);
    QStringList movedIds;
    for (const BoardService::Move& m : std::as_const(moves))
        movedIds << m.item.id;
    // One receipt per card; each reports only when refused or in conflict.
    auto receipts = std::make_shared<QHash<QString, BoardService::Receipt>>();
    for (const BoardService::Move& m : std::as_const(moves))
        receipts->insert(m.item.id, receiptFor(m.item.id, false, m.item));
    m_service->moveItems(
        this, moves,
        whenSaved(movedIds,
                  [this, originals, ids, placements, undoable](bool ok, const QString& error) {
                      if (!ok) {
                          for (const PipelineItem& original : originals)
                              showItem(original);
                          emit message(tr("The move was not saved: %1").arg(error));
                          emit moveFinished(ids, false);
                          emit itemsChanged();
                          return;
                      }
                      if (undoable) {
                          QList<Placement> before;
                          for (const PipelineItem& original : originals)
                              before.append({original.id, original.stageId, original.position});
                          m_undo->push(new MoveCommand(this, before, placements));
                      }
                      emit moveFinished(ids, true);
                  }),
        [receipts](const OutboxReceipt& receipt) {
            if (const BoardService::Receipt r = receipts->value(receipt.entry.rowId))
                r(receipt);
        });
}

void BoardController::showRows(const QStringList& ids, const QList<PipelineItem>& rows)
{
    QSet<QString> present;
    for (const PipelineItem& item : rows) {
        present.insert(item.id);
        if (m_inFlight.contains(item.id))
            continue; // read before my newest change reached the cache: keep what is shown
        if (m_models.contains(item.stageId) || m_items.contains(item.id))
            showItem(item);
    }
    for (const QString& id : ids) {
        if (!present.contains(id) && !m_inFlight.contains(id))
            removeLocal(id); // deleted, or no longer visible
    }
    emit itemsChanged();
}

void BoardController::reloadFromCache(const QStringList& ids)
{
    m_service->cachedItems(this, ids, [this, ids](const QList<PipelineItem>& rows) { showRows(ids, rows); });
}

void BoardController::editItem(const QString& id, const ItemChanges& changes)
{
    save(id, changes, true);
}

void BoardController::save(const QString& id, const ItemChanges& changes, bool undoable)
{
    if (!m_items.contains(id)) {
        CardWriteResult gone;
        gone.failure = CardFailure::Gone;
        gone.message = tr("The card was deleted meanwhile (or you may no longer see it).");
        emit editFinished(id, gone);
        return;
    }
    // What the changed fields held before, for undo.
    const PipelineItem before = m_items.value(id);
    ItemChanges previous;
    if (changes.title)
        previous.title = before.title;
    if (changes.description)
        previous.description = before.description;
    if (changes.priority)
        previous.priority = before.priority;
    if (changes.dueDate)
        previous.dueDate = before.dueDate;
    if (changes.assignedToId)
        previous.assignedToId = before.assignedToId;
    if (changes.stageId)
        previous.stageId = before.stageId;
    const QHash<QString, QString> problems = changes.problems();
    if (!problems.isEmpty()) {
        CardWriteResult invalid;
        invalid.failure = CardFailure::Other;
        invalid.message = problems.values().join(QLatin1Char(' '));
        emit editFinished(id, invalid);
        return;
    }
    // Saving over a conflict of this card is the person's decision: the conflicting change is
    // replaced by this one, made against the server's version they have now seen.
    m_service->discardConflicts(this, id, [this, id, changes, previous, before, undoable] {
        showItem(BoardService::edited(m_items.value(id, before), changes)); // optimistic
        emit itemsChanged();
        m_service->editItem(
            this, before, changes,
            whenSaved({id},
                      [this, id, changes, previous, before, undoable](bool ok, const QString& error) {
                          if (!ok) {
                              showItem(before);
                              CardWriteResult failed;
                              failed.failure = CardFailure::Other;
                              failed.message = tr("The change was not saved: %1").arg(error);
                              emit itemsChanged();
                              emit editFinished(id, failed);
                              return;
                          }
                          if (undoable)
                              m_undo->push(new EditCommand(this, id, previous, changes));
                      }),
            receiptFor(id, true, before));
    });
}

void BoardController::discardConflicts(const QString& id, std::function<void()> then)
{
    m_service->discardConflicts(this, id, [this, id, then] {
        if (then)
            then();
        else
            reloadFromCache({id});
    });
}

void BoardController::loadPeople()
{
    m_service->people(this, [this](const Answer<BoardService::People>& answer) {
        if (!answer.ok() || (answer.fromCache && answer.value.isEmpty()))
            return;
        m_people = answer.value;
        emit peopleLoaded();
    });
}

void BoardController::createItem(const QString& stageId, const QString& title)
{
    StageItemModel* model = m_models.value(stageId);
    if (!model)
        return;
    ItemChanges check;
    check.title = title;
    const QHash<QString, QString> problems = check.problems();
    if (!problems.isEmpty()) {
        emit message(problems.values().join(QLatin1Char(' ')));
        return;
    }
    // A client-made id, as Prisma's cuid(): the card exists at once, and its replay is idempotent.
    const QString id = QStringLiteral("c") + QUuid::createUuid().toString(QUuid::Id128);
    double last = 0;
    for (int row = 0; row < model->rowCount(); ++row)
        last = std::max(last, model->itemAt(row).position);
    PipelineItem item;
    item.id = id;
    item.stageId = stageId;
    item.title = title.trimmed();
    item.position = last + kPositionGap;
    item.version = 0;
    showItem(item);
    emit itemsChanged();
    m_service->createItem(this, m_board.pipeline.id, item,
                          whenSaved({id},
                                    [this, id](bool ok, const QString& error) {
                                        if (!ok) {
                                            removeLocal(id);
                                            emit message(tr("The card was not created: %1").arg(error));
                                            emit itemsChanged();
                                            return;
                                        }
                                        m_undo->push(new CreateDeleteCommand(this, id, true));
                                        emit itemCreated(id);
                                    }),
                          receiptFor(id, false, PipelineItem()));
}

void BoardController::deleteItems(const QStringList& ids)
{
    if (ids.size() > 1)
        m_undo->beginMacro(tr("Delete %n card(s)", nullptr, int(ids.size())));
    for (const QString& id : ids)
        setPresent(id, false, true);
    if (ids.size() > 1)
        m_undo->endMacro();
}

void BoardController::setPresent(const QString& id, bool present, bool undoable)
{
    PipelineItem before = m_items.value(id);
    if (!present && before.id.isEmpty())
        return;
    if (present && before.id.isEmpty()) {
        // Undoing a delete: the card comes back from what the cache last knew.
        before.id = id;
    }
    if (!present)
        removeLocal(id); // optimistic
    if (undoable)
        m_undo->push(new CreateDeleteCommand(this, id, false));
    auto saved = whenSaved({id}, [this, id, present, before](bool ok, const QString& error) {
        if (!ok) {
            if (!present && !before.title.isEmpty())
                showItem(before); // the delete was not saved: the card comes back
            emit message(tr("The change was not saved: %1").arg(error));
            emit itemsChanged();
            return;
        }
        if (present)
            reloadFromCache({id});
        emit itemsChanged();
    });
    if (present)
        m_service->restoreItem(this, before, std::move(saved), receiptFor(id, false, before));
    else
        m_service->deleteItem(this, before, std::move(saved), receiptFor(id, false, before));
}
