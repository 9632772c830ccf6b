#include "BoardController.h"

#include "BoardRepository.h"
#include "DatabaseService.h"
#include "StageItemModel.h"

#include <QSqlQuery>
#include <QTimer>
#include <QUndoStack>

// Undo and redo re-send the change against the card's current version: someone else's later
// change to the same card is then a conflict, shown like any other, never overwritten.
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
    EditCommand(BoardController* board, QString id, BoardRepository::ItemChanges before,
                BoardRepository::ItemChanges after)
        : QUndoCommand(BoardController::tr("Edit card"))
        , m_board(board)
        , m_id(std::move(id))
        , m_before(std::move(before))
        , m_after(std::move(after))
    { }
    void undo() override { m_board->save(m_id, m_before, m_board->item(m_id).version, false); }
    void redo() override
    {
        if (m_done)
            m_board->save(m_id, m_after, m_board->item(m_id).version, false);
        m_done = true;
    }

private:
    BoardController* m_board;
    QString m_id;
    BoardRepository::ItemChanges m_before;
    BoardRepository::ItemChanges m_after;
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

BoardController::BoardController(DatabaseService* database, ChangeFeed* feed, QObject* parent)
    : QObject(parent)
    , m_database(database)
    , m_feed(feed)
    , m_undo(new QUndoStack(this))
{
    qRegisterMetaType<Board>();
    m_reloadTimer = new QTimer(this);
    m_reloadTimer->setSingleShot(true);
    m_reloadTimer->setInterval(300);
    connect(m_reloadTimer, &QTimer::timeout, this, [this] { openPipeline(m_board.pipeline.id); });
    if (m_feed)
        connect(m_feed, &ChangeFeed::changed, this, &BoardController::onChanges);
}

void BoardController::refreshPipelines()
{
    m_database->run(
        this,
        [](QSqlDatabase& db) {
            QString error;
            const QList<Pipeline> list = BoardRepository::pipelines(db, &error);
            return error.isEmpty() ? DbResult::success(QVariant::fromValue(list)) : DbResult::failure(error);
        },
        [this](const DbResult& result) {
            if (!result.ok) {
                emit loadFailed(result.error);
                return;
            }
            m_pipelines = result.value.value<QList<Pipeline>>();
            emit pipelinesLoaded();
            if (m_board.pipeline.id.isEmpty() && !m_pipelines.isEmpty())
                openPipeline(m_pipelines.first().id);
        });
}

void BoardController::openPipeline(const QString& keyOrId)
{
    m_database->run(
        this,
        [keyOrId](QSqlDatabase& db) {
            Board board;
            QString error;
            if (!BoardRepository::loadBoard(db, keyOrId, &board, &error))
                return DbResult::failure(error);
            return DbResult::success(QVariant::fromValue(board));
        },
        [this](const DbResult& result) {
            if (!result.ok) {
                emit loadFailed(result.error);
                return;
            }
            m_board = result.value.value<Board>();
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
                connect(model, &StageItemModel::dropRequested, this,
                        [this, stageId = stage.id](const QStringList& ids, int row) {
                            moveItems(ids, stageId, row);
                        });
                m_models.insert(stage.id, model);
            }
            m_board.items.clear(); // the models and m_items hold them from here on
            emit boardLoaded();
        });
}

void BoardController::apply(const PipelineItem& item)
{
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

void BoardController::place(const QList<Placement>& placements, bool undoable)
{
    QList<BoardRepository::Move> moves;
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
        // Our own moves still in flight will each have added one to the version by the time
        // this one runs (the database thread runs them in order).
        moves.append({p.id, p.stageId, p.position, original.version + m_movesInFlight.value(p.id)});
        m_movesInFlight[p.id] += 1;
        PipelineItem moved = original;
        moved.stageId = p.stageId;
        moved.position = p.position;
        apply(moved); // optimistic: the card is there now
    }
    if (moves.isEmpty())
        return;
    emit itemsChanged();
    emit moveStarted(ids);

    m_database->run(
        this,
        [moves](QSqlDatabase& db) {
            return DbResult::success(QVariant::fromValue(BoardRepository::move(db, moves)));
        },
        [this, originals, ids, moves, undoable](const DbResult& result) {
            for (const PipelineItem& original : originals) {
                if (--m_movesInFlight[original.id] <= 0)
                    m_movesInFlight.remove(original.id);
            }
            const auto written = result.value.value<BoardRepository::WriteResult>();
            if (result.ok && written.ok()) {
                for (const PipelineItem& item : written.items) {
                    // A later move of the same card is already on the board: keep showing it.
                    if (!m_movesInFlight.contains(item.id))
                        apply(item);
                }
                if (undoable) {
                    QList<Placement> before;
                    QList<Placement> after;
                    for (const PipelineItem& original : originals)
                        before.append({original.id, original.stageId, original.position});
                    for (const BoardRepository::Move& m : moves)
                        after.append({m.itemId, m.stageId, m.position});
                    m_undo->push(new MoveCommand(this, before, after));
                }
                emit moveFinished(ids, true);
                emit itemsChanged();
                return;
            }
            // Roll back, then show the server's truth for the cards involved.
            QStringList involved;
            for (const PipelineItem& original : originals) {
                apply(original);
                involved << original.id;
            }
            refetch(involved);
            emit message(result.ok ? written.message
                                   : (result.offline ? tr("The move was not saved: the console is offline.")
                                                     : tr("The move was not saved: %1").arg(result.error)));
            emit moveFinished(ids, false);
            emit itemsChanged();
        });
}

void BoardController::onChanges(const QList<ChangeEvent>& events)
{
    QStringList ids;
    for (const ChangeEvent& event : events) {
        if (event.table == QLatin1String("pipelineItem")) {
            if (!ids.contains(event.rowId))
                ids << event.rowId;
        } else if ((event.table == QLatin1String("pipelineStage") || event.table == QLatin1String("pipeline"))
                   && !m_board.pipeline.id.isEmpty()) {
            m_reloadTimer->start(); // columns changed: reload once the burst is over
        }
    }
    refetch(ids);
}

void BoardController::refetch(const QStringList& ids)
{
    if (ids.isEmpty() || m_board.pipeline.id.isEmpty())
        return;
    m_database->run(
        this,
        [ids](QSqlDatabase& db) {
            QString error;
            const QList<PipelineItem> list = BoardRepository::items(db, ids, &error);
            return error.isEmpty() ? DbResult::success(QVariant::fromValue(list)) : DbResult::failure(error);
        },
        [this, ids](const DbResult& result) {
            if (!result.ok)
                return; // the next change or the poll brings it
            QSet<QString> present;
            for (const PipelineItem& item : result.value.value<QList<PipelineItem>>()) {
                present.insert(item.id);
                if (m_models.contains(item.stageId) || m_items.contains(item.id))
                    apply(item);
            }
            for (const QString& id : ids) {
                if (!present.contains(id))
                    removeLocal(id); // deleted, or no longer visible
            }
            emit itemsChanged();
        });
}

void BoardController::editItem(const QString& id, const BoardRepository::ItemChanges& changes,
                               int baseVersion)
{
    save(id, changes, baseVersion, true);
}

void BoardController::save(const QString& id, const BoardRepository::ItemChanges& changes, int baseVersion,
                           bool undoable)
{
    // What the changed fields held before, for undo.
    const PipelineItem before = m_items.value(id);
    BoardRepository::ItemChanges previous;
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
    m_database->run(
        this,
        [id, changes, baseVersion](QSqlDatabase& db) {
            return DbResult::success(
                QVariant::fromValue(BoardRepository::update(db, id, changes, baseVersion)));
        },
        [this, id, changes, previous, undoable](const DbResult& result) {
            BoardRepository::WriteResult written = result.value.value<BoardRepository::WriteResult>();
            if (!result.ok) {
                written.failure = BoardRepository::Failure::Other;
                written.message = result.offline ? tr("The change was not saved: the console is offline.")
                                                 : tr("The change was not saved: %1").arg(result.error);
            }
            // Saved, or a conflict: either way the board shows the server's current card.
            for (const PipelineItem& item : std::as_const(written.items))
                apply(item);
            if (written.failure == BoardRepository::Failure::Gone)
                removeLocal(id);
            if (written.ok() && undoable && m_items.contains(id))
                m_undo->push(new EditCommand(this, id, previous, changes));
            else if (!written.ok() && !undoable)
                emit message(written.message); // an undo or redo that could not be applied
            emit itemsChanged();
            emit editFinished(id, written);
        });
}

void BoardController::loadPeople()
{
    m_database->run(
        this,
        [](QSqlDatabase& db) {
            QSqlQuery q(db);
            if (!q.exec(
                    QStringLiteral("SELECT id, coalesce(name, email) FROM users WHERE \"deletedAt\" IS NULL "
                                   "ORDER BY coalesce(name, email)")))
                return DbResult::fromQuery(q);
            QVariantList people;
            while (q.next())
                people << QVariant(QStringList{q.value(0).toString(), q.value(1).toString()});
            return DbResult::success(people);
        },
        [this](const DbResult& result) {
            if (!result.ok)
                return;
            m_people.clear();
            for (const QVariant& v : result.value.toList()) {
                const QStringList pair = v.toStringList();
                m_people.append({pair.value(0), pair.value(1)});
            }
            emit peopleLoaded();
        });
}

void BoardController::createItem(const QString& stageId, const QString& title)
{
    m_database->run(
        this,
        [stageId, title](QSqlDatabase& db) {
            return DbResult::success(QVariant::fromValue(BoardRepository::create(db, stageId, title)));
        },
        [this](const DbResult& result) {
            const auto written = result.value.value<BoardRepository::WriteResult>();
            if (!result.ok || !written.ok()) {
                emit message(result.ok ? written.message
                                       : tr("The card was not created: %1").arg(result.error));
                return;
            }
            const PipelineItem item = written.items.value(0);
            apply(item);
            m_undo->push(new CreateDeleteCommand(this, item.id, true));
            emit itemsChanged();
            emit itemCreated(item.id);
        });
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
    const PipelineItem before = m_items.value(id);
    if (!present)
        removeLocal(id); // optimistic
    if (undoable)
        m_undo->push(new CreateDeleteCommand(this, id, false));
    m_database->run(
        this,
        [id, present, version = before.version](QSqlDatabase& db) {
            return DbResult::success(QVariant::fromValue(present ? BoardRepository::restore(db, id)
                                                                 : BoardRepository::remove(db, id, version)));
        },
        [this, id, present, before](const DbResult& result) {
            const auto written = result.value.value<BoardRepository::WriteResult>();
            if (result.ok && written.ok()) {
                for (const PipelineItem& item : written.items)
                    apply(item);
                emit itemsChanged();
                return;
            }
            if (!present && !before.id.isEmpty())
                apply(before); // the delete was refused: the card comes back
            refetch({id});
            emit message(result.ok ? written.message : tr("The change was not saved: %1").arg(result.error));
            emit itemsChanged();
        });
}
