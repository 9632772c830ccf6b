#include "BoardController.h"

#include "BoardCache.h"
#include "BoardRepository.h"
#include "DatabaseService.h"
#include "LocalCache.h"
#include "LogCategories.h"
#include "OfflineStore.h"
#include "StageItemModel.h"
#include "SyncService.h"

#include <QSqlQuery>
#include <QTimer>
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
    EditCommand(BoardController* board, QString id, BoardRepository::ItemChanges before,
                BoardRepository::ItemChanges after)
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

BoardController::BoardController(DatabaseService* database, ChangeFeed* feed, OfflineStore* store,
                                 SyncService* sync, QObject* parent)
    : QObject(parent)
    , m_database(database)
    , m_feed(feed)
    , m_store(store)
    , m_sync(sync)
    , m_undo(new QUndoStack(this))
{
    qRegisterMetaType<Board>();
    m_reloadTimer = new QTimer(this);
    m_reloadTimer->setSingleShot(true);
    m_reloadTimer->setInterval(300);
    connect(m_reloadTimer, &QTimer::timeout, this, [this] { openPipeline(m_board.pipeline.id); });
    if (m_feed)
        connect(m_feed, &ChangeFeed::changed, this, &BoardController::onChanges);
    connect(m_sync, &SyncService::passFinished, this, [this](const SyncEngine::Summary& summary) {
        QStringList ids;
        for (const QString& row : summary.changedRows) {
            if (row.startsWith(BoardCache::kItem + QLatin1Char('/')))
                ids << row.section(QLatin1Char('/'), 1);
        }
        reloadFromCache(ids);
        onSyncPass(summary.interrupted || m_sync->lastPassInterrupted());
    });
}

void BoardController::refreshPipelines()
{
    // What this computer knows, at once; then the server's list when online.
    m_store->run(
        this,
        [](LocalCache& cache) {
            QString error;
            return QVariant::fromValue(BoardCache::pipelines(&cache, &error));
        },
        [this](const QVariant& value) {
            const QList<Pipeline> cached = value.value<QList<Pipeline>>();
            if (cached.isEmpty() || !m_pipelines.isEmpty())
                return;
            m_pipelines = cached;
            emit pipelinesLoaded();
            if (m_board.pipeline.id.isEmpty())
                openPipeline(m_pipelines.first().id);
        });
    if (!m_database->isOnline())
        return;
    m_database->run(
        this,
        [](QSqlDatabase& db) {
            QString error;
            const QList<Pipeline> list = BoardRepository::pipelines(db, &error);
            return error.isEmpty() ? DbResult::success(QVariant::fromValue(list)) : DbResult::failure(error);
        },
        [this](const DbResult& result) {
            if (!result.ok) {
                if (m_pipelines.isEmpty())
                    emit loadFailed(result.error);
                return;
            }
            m_pipelines = result.value.value<QList<Pipeline>>();
            m_store->run(this, [list = m_pipelines](LocalCache& cache) {
                QString error;
                BoardCache::storePipelines(&cache, list, &error);
                return QVariant();
            });
            emit pipelinesLoaded();
            if (!m_pipelines.isEmpty())
                openPipeline(m_board.pipeline.id.isEmpty() ? m_pipelines.first().id : m_board.pipeline.id);
        });
}

void BoardController::openPipeline(const QString& keyOrId)
{
    const int generation = ++m_openGeneration;
    auto serverShown = std::make_shared<bool>(false);
    // The cached board first: on screen in milliseconds, and all there is while offline.
    m_store->run(
        this,
        [keyOrId](LocalCache& cache) {
            Board board;
            QString error;
            return BoardCache::loadBoard(&cache, keyOrId, &board, &error) ? QVariant::fromValue(board)
                                                                          : QVariant();
        },
        [this, generation, serverShown](const QVariant& value) {
            if (generation != m_openGeneration || *serverShown)
                return;
            if (value.isValid())
                showBoard(value.value<Board>(), true);
            else if (!m_database->isOnline())
                emit loadFailed(tr("This board was never opened on this computer, and the server is not "
                                   "reachable. It opens when the server is back."));
        });
    if (!m_database->isOnline())
        return;
    m_database->run(
        this,
        [keyOrId](QSqlDatabase& db) {
            Board board;
            QString error;
            if (!BoardRepository::loadBoard(db, keyOrId, &board, &error))
                return DbResult::failure(error);
            return DbResult::success(QVariant::fromValue(board));
        },
        [this, generation, serverShown](const DbResult& result) {
            if (generation != m_openGeneration)
                return;
            if (!result.ok) {
                if (!m_fromCache)
                    emit loadFailed(result.error);
                return;
            }
            // Into the cache, and back with this computer's unsent changes laid over it. With
            // nothing unsent (the usual case) the server's board is the board: it is shown at
            // once and stored behind it (the cache thread runs jobs in order, so a change made
            // on the board afterwards is saved after the store).
            const Board server = result.value.value<Board>();
            m_store->run(
                this,
                [server](LocalCache& cache) {
                    QString error;
                    Board merged;
                    if (cache.counts(&error).total() == 0 && error.isEmpty())
                        return QVariant(); // nothing to lay over: show the server's board now
                    // The pipelines were stored by refreshPipelines(): only this board here.
                    if (!BoardCache::storeBoard(&cache, {}, server, &error)
                        || !BoardCache::loadBoard(&cache, server.pipeline.id, &merged, &error))
                        return QVariant::fromValue(server);
                    return QVariant::fromValue(merged);
                },
                [this, generation, serverShown, server](const QVariant& value) {
                    if (generation != m_openGeneration)
                        return;
                    *serverShown = true;
                    if (value.isValid()) {
                        showBoard(value.value<Board>(), false);
                        return;
                    }
                    showBoard(server, false);
                    m_store->run(this, [server](LocalCache& cache) {
                        QString error;
                        if (!BoardCache::storeBoard(&cache, {}, server, &error))
                            qCWarning(lcDatabase) << "the board could not be kept for offline use:" << error;
                        return QVariant();
                    });
                });
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
                apply(item);
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

void BoardController::apply(const PipelineItem& given)
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

void BoardController::enqueue(QList<OutboxEntry> entries, const QList<Watch>& watches,
                              std::function<void(bool ok, const QString& error)> done)
{
    QStringList ids;
    for (const OutboxEntry& e : std::as_const(entries)) {
        ids << e.rowId;
        m_inFlight[e.rowId] += 1;
    }
    m_store->run(
        this,
        [entries](LocalCache& cache) mutable {
            QString error;
            QVariantList seqs;
            if (!cache.enqueue(&entries, &error))
                return QVariant(QVariantMap{{QStringLiteral("error"), error}});
            for (const OutboxEntry& e : std::as_const(entries))
                seqs << e.seq;
            return QVariant(QVariantMap{{QStringLiteral("seqs"), seqs}});
        },
        [this, watches, done, ids](const QVariant& value) {
            for (const QString& id : ids) {
                if (--m_inFlight[id] <= 0)
                    m_inFlight.remove(id);
            }
            const QVariantMap answer = value.toMap();
            if (!value.isValid() || answer.contains(QStringLiteral("error"))) {
                done(false,
                     value.isValid() ? answer.value(QStringLiteral("error")).toString()
                                     : tr("the local cache is not available"));
                return;
            }
            const QVariantList seqs = answer.value(QStringLiteral("seqs")).toList();
            for (int i = 0; i < seqs.size() && i < watches.size(); ++i)
                m_watches.insert(seqs.at(i).toLongLong(), watches.at(i));
            m_store->refreshCounts();
            done(true, QString());
            m_sync->kick();
            if (!m_database->isOnline())
                onSyncPass(true); // nothing can be sent now: what waits for it is answered
        });
}

void BoardController::place(const QList<Placement>& placements, bool undoable)
{
    QList<OutboxEntry> entries;
    QList<Watch> watches;
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
        entries << BoardCache::moveEntry(original, p.stageId, p.position);
        watches << Watch{p.id, false, original};
        PipelineItem moved = original;
        moved.stageId = p.stageId;
        moved.position = p.position;
        apply(moved); // optimistic: the card is there now
    }
    if (entries.isEmpty())
        return;
    emit itemsChanged();
    emit moveStarted(ids);
    enqueue(entries, watches, [this, originals, ids, placements, undoable](bool ok, const QString& error) {
        if (!ok) {
            for (const PipelineItem& original : originals)
                apply(original);
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
            // Through the cache: it keeps them for offline use and lays unsent changes over them.
            const QList<PipelineItem> fresh = result.value.value<QList<PipelineItem>>();
            m_store->run(
                this,
                [fresh, ids, pipeline = m_board.pipeline.id](LocalCache& cache) {
                    QString error;
                    QList<PipelineItem> shown;
                    QSet<QString> present;
                    QList<CachedRow> rows;
                    for (const PipelineItem& item : fresh) {
                        present.insert(item.id);
                        rows.append({BoardCache::kItem, item.id, QString(), item.version,
                                     BoardCache::itemFields(item), false});
                    }
                    cache.storeRows(BoardCache::kItem, QString(), rows, false, &error);
                    for (const QString& id : ids) {
                        if (!present.contains(id)) // deleted, or no longer visible
                            cache.markDeleted(BoardCache::kItem, id, &error);
                        if (const std::optional<PipelineItem> item = BoardCache::item(&cache, id, &error))
                            shown << *item;
                    }
                    return QVariant::fromValue(shown);
                },
                [this, ids](const QVariant& value) { showRows(ids, value.value<QList<PipelineItem>>()); });
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
            apply(item);
    }
    for (const QString& id : ids) {
        if (!present.contains(id) && !m_inFlight.contains(id))
            removeLocal(id); // deleted, or no longer visible
    }
    emit itemsChanged();
}

void BoardController::reloadFromCache(const QStringList& ids)
{
    if (ids.isEmpty())
        return;
    m_store->run(
        this,
        [ids](LocalCache& cache) {
            QString error;
            QList<PipelineItem> shown;
            for (const QString& id : ids) {
                if (const std::optional<PipelineItem> item = BoardCache::item(&cache, id, &error))
                    shown << *item;
            }
            return QVariant::fromValue(shown);
        },
        [this, ids](const QVariant& value) { showRows(ids, value.value<QList<PipelineItem>>()); });
}

void BoardController::onSyncPass(bool interrupted)
{
    if (m_watches.isEmpty())
        return;
    const QList<qint64> seqs = m_watches.keys();
    m_store->run(
        this,
        [seqs](LocalCache& cache) {
            QVariantMap states; // seq → entry, or nothing when it was applied
            for (qint64 seq : seqs) {
                if (const std::optional<OutboxEntry> e = cache.entry(seq))
                    states.insert(QString::number(seq), QVariant::fromValue(*e));
            }
            return QVariant(states);
        },
        [this, interrupted](const QVariant& value) {
            const QVariantMap states = value.toMap();
            const QList<qint64> watched = m_watches.keys();
            for (qint64 seq : watched) {
                const Watch watch = m_watches.value(seq);
                const QVariant found = states.value(QString::number(seq));
                BoardRepository::WriteResult result;
                if (!found.isValid()) { // applied: the card as the server has it now
                    m_watches.remove(seq);
                    if (m_items.contains(watch.itemId))
                        result.items << m_items.value(watch.itemId);
                    if (watch.edit)
                        emit editFinished(watch.itemId, result);
                    continue;
                }
                const OutboxEntry e = found.value<OutboxEntry>();
                if (e.state == OutboxEntry::State::Pending) {
                    if (!interrupted && m_database->isOnline())
                        continue; // backing off; the next pass tells
                    // Saved on this computer; it goes out when the server is back.
                    m_watches.remove(seq);
                    if (watch.edit)
                        emit editFinished(watch.itemId, result);
                    continue;
                }
                m_watches.remove(seq);
                if (e.state == OutboxEntry::State::Rejected) {
                    result.failure = BoardRepository::Failure::Refused;
                    result.message = tr("The server refused the change to \"%1\": %2").arg(e.label, e.error);
                    result.detail = e.error;
                    // The card shows the server's version again; the change waits in the Sync panel.
                    reloadFromCache({watch.itemId});
                    if (!watch.edit)
                        emit message(result.message);
                    else
                        emit editFinished(watch.itemId, result);
                    continue;
                }
                // A conflict: nothing of theirs is overwritten; the person decides.
                result.failure = e.rowDeletedOnServer() ? BoardRepository::Failure::Gone
                                                        : BoardRepository::Failure::Conflict;
                PipelineItem theirs
                    = BoardCache::withFields(m_items.value(watch.itemId, watch.before), e.theirs);
                theirs.version = e.theirsVersion;
                theirs.assigneeName = personName(theirs.assignedToId);
                result.items << theirs;
                result.message = e.rowDeletedOnServer()
                    ? tr("\"%1\" was deleted by someone else while you changed it; see Sync to recreate it "
                         "or "
                         "discard your change.")
                          .arg(e.label)
                    : tr("\"%1\" was changed by someone else meanwhile; nothing was overwritten. See Sync to "
                         "decide.")
                          .arg(e.label);
                if (watch.edit)
                    emit editFinished(watch.itemId, result);
                else
                    emit message(result.message);
            }
        });
}

void BoardController::editItem(const QString& id, const BoardRepository::ItemChanges& changes,
                               int baseVersion)
{
    Q_UNUSED(baseVersion) // the outbox takes the version this computer has from the server
    save(id, changes, true);
}

void BoardController::save(const QString& id, const BoardRepository::ItemChanges& changes, bool undoable)
{
    if (!m_items.contains(id)) {
        BoardRepository::WriteResult gone;
        gone.failure = BoardRepository::Failure::Gone;
        gone.message = tr("The card was deleted meanwhile (or you may no longer see it).");
        emit editFinished(id, gone);
        return;
    }
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
    const QHash<QString, QString> problems = BoardRepository::validate(changes);
    if (!problems.isEmpty()) {
        BoardRepository::WriteResult invalid;
        invalid.failure = BoardRepository::Failure::Other;
        invalid.message = problems.values().join(QLatin1Char(' '));
        emit editFinished(id, invalid);
        return;
    }
    // Saving over a conflict of this card is the person's decision: the conflicting change is
    // replaced by this one, made against the server's version they have now seen.
    const OutboxEntry entry = BoardCache::editEntry(before, changes);
    discardConflicts(id, [this, id, entry, changes, previous, before, undoable] {
        // The card as the queued change leaves it (the same fields, the same way).
        PipelineItem edited = BoardCache::withFields(m_items.value(id, before), entry.fields);
        if (changes.assignedToId)
            edited.assigneeName.clear(); // apply() names the new assignee
        apply(edited); // optimistic
        emit itemsChanged();
        enqueue({entry}, {Watch{id, true, before}},
                [this, id, changes, previous, before, undoable](bool ok, const QString& error) {
                    if (!ok) {
                        apply(before);
                        BoardRepository::WriteResult failed;
                        failed.failure = BoardRepository::Failure::Other;
                        failed.message = tr("The change was not saved: %1").arg(error);
                        emit itemsChanged();
                        emit editFinished(id, failed);
                        return;
                    }
                    if (undoable)
                        m_undo->push(new EditCommand(this, id, previous, changes));
                });
    });
}

void BoardController::discardConflicts(const QString& id, std::function<void()> then)
{
    m_store->run(
        this,
        [id](LocalCache& cache) {
            QString error;
            cache.discardConflicts(BoardCache::kItem, id, &error);
            return QVariant();
        },
        [this, id, then](const QVariant&) {
            m_store->refreshCounts();
            if (then)
                then();
            else
                reloadFromCache({id});
        });
}

void BoardController::loadPeople()
{
    if (!m_database->isOnline()) {
        // Offline: the people the cache knows.
        m_store->run(
            this, [](LocalCache& cache) { return QVariant(cache.meta(QStringLiteral("people"))); },
            [this](const QVariant& value) {
                const QStringList flat = value.toString().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
                m_people.clear();
                for (int i = 0; i + 1 < flat.size(); i += 2)
                    m_people.append({flat.at(i), flat.at(i + 1)});
                if (!m_people.isEmpty())
                    emit peopleLoaded();
            });
        return;
    }
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
            QStringList flat;
            for (const QVariant& v : result.value.toList()) {
                const QStringList pair = v.toStringList();
                m_people.append({pair.value(0), pair.value(1)});
                flat << pair.value(0) << QString(pair.value(1)).replace(QLatin1Char('\n'), QLatin1Char(' '));
            }
            m_store->run(this, [flat](LocalCache& cache) {
                cache.setMeta(QStringLiteral("people"), flat.join(QLatin1Char('\n')));
                return QVariant();
            });
            emit peopleLoaded();
        });
}

void BoardController::createItem(const QString& stageId, const QString& title)
{
    StageItemModel* model = m_models.value(stageId);
    if (!model)
        return;
    BoardRepository::ItemChanges check;
    check.title = title;
    const QHash<QString, QString> problems = BoardRepository::validate(check);
    if (!problems.isEmpty()) {
        emit message(problems.values().join(QLatin1Char(' ')));
        return;
    }
    // A client-made id, as Prisma's cuid(): the card exists at once, and its replay is idempotent.
    const QString id = QStringLiteral("c") + QUuid::createUuid().toString(QUuid::Id128);
    double last = 0;
    for (int row = 0; row < model->rowCount(); ++row)
        last = std::max(last, model->itemAt(row).position);
    const OutboxEntry entry
        = BoardCache::createEntry(id, m_board.pipeline.id, stageId, title, last + kPositionGap);
    PipelineItem item;
    item.id = id;
    item.stageId = stageId;
    item.title = title.trimmed();
    item.position = last + kPositionGap;
    item.version = 0;
    apply(item);
    emit itemsChanged();
    enqueue({entry}, {Watch{id, false, PipelineItem()}}, [this, id](bool ok, const QString& error) {
        if (!ok) {
            removeLocal(id);
            emit message(tr("The card was not created: %1").arg(error));
            emit itemsChanged();
            return;
        }
        m_undo->push(new CreateDeleteCommand(this, id, true));
        emit itemCreated(id);
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
    const OutboxEntry entry = present ? BoardCache::restoreEntry(before) : BoardCache::deleteEntry(before);
    enqueue({entry}, {Watch{id, false, before}}, [this, id, present, before](bool ok, const QString& error) {
        if (!ok) {
            if (!present && !before.title.isEmpty())
                apply(before); // the delete was not saved: the card comes back
            emit message(tr("The change was not saved: %1").arg(error));
            emit itemsChanged();
            return;
        }
        if (present)
            reloadFromCache({id});
        emit itemsChanged();
    });
}
