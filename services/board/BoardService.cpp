#include "BoardService.h"

#include "BoardCache.h"
#include "BoardRepository.h"
#include "DatabaseService.h"
#include "LocalCache.h"
#include "LogCategories.h"
#include "OfflineStore.h"
#include "PeopleRepository.h"
#include "ServerRead.h"
#include "SyncService.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTimer>

#include <memory>

namespace {

// The translations of these sentences were made when the board's controller said them.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(BoardController)
};

// The cache's metadata key of the organization's people (a JSON array of [id, name]).
const QString kPeopleKey = QStringLiteral("people.v2");

QString encodePeople(const BoardService::People& people)
{
    QJsonArray list;
    for (const auto& person : people)
        list.append(QJsonArray{person.first, person.second});
    return QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact));
}

BoardService::People decodePeople(const QString& text)
{
    BoardService::People people;
    const QJsonArray list = QJsonDocument::fromJson(text.toUtf8()).array();
    for (const QJsonValue& v : list) {
        const QJsonArray pair = v.toArray();
        if (pair.size() == 2)
            people.append({pair.at(0).toString(), pair.at(1).toString()});
    }
    return people;
}

} // namespace

BoardService::BoardService(DatabaseService* database, ChangeFeed* feed, OfflineStore* store,
                           SyncService* sync, QObject* parent)
    : QObject(parent)
    , m_database(database)
    , m_feed(feed)
    , m_store(store)
    , m_outbox(new OutboxTracker(database, store, sync, this))
{
    qRegisterMetaType<Board>();
    m_structureTimer = new QTimer(this);
    m_structureTimer->setSingleShot(true);
    m_structureTimer->setInterval(300);
    connect(m_structureTimer, &QTimer::timeout, this, &BoardService::structureChanged);
    if (m_feed)
        connect(m_feed, &ChangeFeed::changed, this, &BoardService::onChanges);
    // After a replay pass the cache holds the server's answer to what was sent: the cards
    // whose server state changed are shown from it (a refused change shows the server's values).
    connect(sync, &SyncService::passFinished, this, [this](const SyncEngine::Summary& summary) {
        QStringList ids;
        for (const RowRef& row : summary.changedRows) {
            if (row.entity == BoardCache::kItem)
                ids << row.id;
        }
        if (ids.isEmpty())
            return;
        cachedItems(this, ids, [this, ids](const QList<PipelineItem>& rows) { emit itemsRead(ids, rows); });
    });
}

bool BoardService::isOnline() const
{
    return m_database->isOnline();
}

void BoardService::pipelines(QObject* context, std::function<void(const Answer<QList<Pipeline>>&)> answer)
{
    // What this computer knows, at once; then the server's list when online. A cached list that
    // comes after the server's (a busy cache thread) is older: it is not answered.
    auto serverAnswered = std::make_shared<bool>(false);
    auto cached = std::make_shared<QList<Pipeline>>();
    m_store->run(
        context,
        [cached](LocalCache& cache) {
            QString error;
            *cached = BoardCache::pipelines(&cache, &error);
            return QVariant(true);
        },
        [this, cached, serverAnswered, answer](const QVariant&) {
            if (cached->isEmpty() || *serverAnswered)
                return;
            Answer<QList<Pipeline>> a;
            a.value = *cached;
            a.fromCache = true;
            a.offline = !m_database->isOnline();
            answer(a);
        });
    if (!m_database->isOnline())
        return;
    auto list = std::make_shared<QList<Pipeline>>();
    m_database->run(
        context,
        [list](QSqlDatabase& db) {
            QString error;
            *list = BoardRepository::pipelines(db, &error);
            return error.isEmpty() ? DbResult::success() : DbResult::failure(error);
        },
        [this, list, serverAnswered, answer](const DbResult& result) {
            Answer<QList<Pipeline>> a;
            a.offline = result.offline;
            if (!result.ok) {
                a.error = ServerRead::failure(result);
                answer(a);
                return;
            }
            *serverAnswered = true;
            a.value = *list;
            m_store->run(this, [list](LocalCache& cache) {
                QString error;
                BoardCache::storePipelines(&cache, *list, &error);
                return QVariant();
            });
            answer(a);
        });
}

void BoardService::openBoard(QObject* context, const QString& keyOrId,
                             std::function<void(const Answer<Board>&)> answer)
{
    const int generation = ++m_openGeneration;
    auto serverShown = std::make_shared<bool>(false);
    // The cached board first: on screen in milliseconds, and all there is while offline.
    auto cached = std::make_shared<std::optional<Board>>();
    m_store->run(
        context,
        [keyOrId, cached](LocalCache& cache) {
            Board board;
            QString error;
            if (BoardCache::loadBoard(&cache, keyOrId, &board, &error))
                *cached = std::move(board);
            return QVariant(true);
        },
        [this, serverShown, cached, answer](const QVariant&) {
            if (*serverShown)
                return;
            Answer<Board> a;
            a.fromCache = true;
            a.offline = !m_database->isOnline();
            if (cached->has_value()) {
                a.value = **cached;
                if (m_openPipelineId.isEmpty())
                    setOpenBoard(a.value);
            } else if (a.offline) {
                a.error = Text::tr("This board was never opened on this computer, and the server is not "
                                   "reachable. It opens when the server is back.");
            } else {
                return; // the server's answer follows
            }
            answer(a);
        });
    if (!m_database->isOnline())
        return;
    auto server = std::make_shared<Board>();
    m_database->run(
        context,
        [keyOrId, server](QSqlDatabase& db) {
            QString error;
            if (!BoardRepository::loadBoard(db, keyOrId, server.get(), &error))
                return DbResult::failure(error);
            return DbResult::success();
        },
        [this, context = QPointer<QObject>(context), generation, serverShown, server,
         answer](const DbResult& result) {
            if (!result.ok) {
                Answer<Board> a;
                a.offline = result.offline;
                a.error = ServerRead::failure(result); // never an empty board that looks fine
                answer(a);
                return;
            }
            if (generation == m_openGeneration)
                setOpenBoard(*server);
            // Into the cache, and back with this computer's unsent changes laid over it. With
            // nothing unsent (the usual case) the server's board is the board: it is answered
            // at once and stored behind it (the cache thread runs jobs in order, so a change
            // made on the board afterwards is saved after the store).
            auto merged = std::make_shared<std::optional<Board>>();
            m_store->run(
                context,
                [server, merged](LocalCache& cache) {
                    QString error;
                    if (cache.outbox().counts(&error).total() == 0 && error.isEmpty())
                        return QVariant(true); // nothing to lay over: answer with the server's board
                    // The pipelines were stored by pipelines(): only this board here.
                    Board board;
                    if (!BoardCache::storeBoard(&cache, {}, *server, &error)
                        || !BoardCache::loadBoard(&cache, server->pipeline.id, &board, &error))
                        *merged = *server;
                    else
                        *merged = std::move(board);
                    return QVariant(true);
                },
                [this, serverShown, server, merged, answer](const QVariant&) {
                    *serverShown = true;
                    Answer<Board> a;
                    a.value = merged->has_value() ? **merged : *server;
                    answer(a);
                    if (merged->has_value())
                        return;
                    m_store->run(this, [server](LocalCache& cache) {
                        QString error;
                        if (!BoardCache::storeBoard(&cache, {}, *server, &error))
                            qCWarning(lcDatabase) << "the board could not be kept for offline use:" << error;
                        return QVariant();
                    });
                });
        });
}

void BoardService::cachedItems(QObject* context, const QStringList& ids,
                               std::function<void(const QList<PipelineItem>&)> answer)
{
    if (ids.isEmpty())
        return;
    auto shown = std::make_shared<QList<PipelineItem>>();
    m_store->run(
        context,
        [ids, shown](LocalCache& cache) {
            QString error;
            for (const QString& id : ids) {
                if (const std::optional<PipelineItem> item = BoardCache::item(&cache, id, &error))
                    *shown << *item;
            }
            return QVariant(true);
        },
        [shown, answer](const QVariant& ran) {
            if (ran.isValid())
                answer(*shown);
        });
}

void BoardService::card(QObject* context, const QString& id,
                        std::function<void(const Answer<PipelineItem>&)> answer)
{
    // What the cache has (after storing what the server sent): local changes laid over.
    auto fromCache = [this, context = QPointer<QObject>(context), id,
                      answer](const PipelineItem& fresh, const QList<PipelineStage>& stages, bool offline) {
        auto shown = std::make_shared<std::optional<PipelineItem>>();
        m_store->run(
            context,
            [id, fresh, stages, shown](LocalCache& cache) {
                QString error;
                if (!fresh.id.isEmpty()) {
                    BoardCache::storeItems(&cache, {fresh}, &error);
                    if (!stages.isEmpty())
                        BoardCache::storeStages(&cache, stages.first().pipelineId, stages, &error);
                }
                *shown = BoardCache::item(&cache, id, &error);
                return QVariant(true);
            },
            [fresh, offline, shown, answer](const QVariant& ran) {
                Answer<PipelineItem> a;
                a.fromCache = offline;
                a.offline = offline;
                a.value = ran.isValid() && shown->has_value() ? **shown : fresh;
                answer(a);
            });
    };
    if (!m_database->isOnline()) {
        fromCache({}, {}, true);
        return;
    }
    auto fresh = std::make_shared<PipelineItem>();
    auto stages = std::make_shared<QList<PipelineStage>>();
    m_database->run(
        context,
        [id, fresh, stages](QSqlDatabase& db) {
            QString error;
            *fresh = BoardRepository::item(db, id, &error);
            if (!error.isEmpty())
                return DbResult::failure(error);
            // Its pipeline's stages too, so the card can be moved offline later.
            if (!fresh->id.isEmpty())
                *stages = BoardRepository::stagesBeside(db, fresh->stageId, &error);
            return DbResult::success();
        },
        [fresh, stages, answer, fromCache](const DbResult& result) {
            if (result.offline || result.connectionLost) {
                fromCache({}, {}, true);
                return;
            }
            if (!result.ok) {
                Answer<PipelineItem> a;
                a.error = ServerRead::failure(result);
                answer(a);
                return;
            }
            if (fresh->id.isEmpty()) {
                answer({}); // no such card, or not visible to this login
                return;
            }
            fromCache(*fresh, *stages, false);
        });
}

void BoardService::moveTarget(QObject* context, const QString& itemId, const QString& stageKeyOrId,
                              std::function<void(const Answer<MoveTarget>&)> answer)
{
    auto target = std::make_shared<Answer<MoveTarget>>();
    m_store->run(
        context,
        [itemId, stageKeyOrId, target](LocalCache& cache) {
            QString error;
            target->value.stageId = BoardCache::resolveStage(&cache, itemId, stageKeyOrId, &error);
            if (!target->value.stageId.isEmpty())
                target->value.position
                    = BoardCache::endOfStage(&cache, itemId, target->value.stageId, &error);
            target->error = error;
            return QVariant(true);
        },
        [this, context = QPointer<QObject>(context), itemId, target, answer](const QVariant&) {
            target->fromCache = true;
            target->offline = !m_database->isOnline();
            if (!target->ok() || target->value.stageId.isEmpty() || target->offline || !context) {
                answer(*target);
                return;
            }
            // Online: after the last card the server knows of, which this computer may not have.
            auto last = std::make_shared<std::optional<double>>();
            m_database->run(
                context,
                [stageId = target->value.stageId, itemId, last](QSqlDatabase& db) {
                    QString error;
                    *last = BoardRepository::lastPosition(db, stageId, itemId, &error);
                    return error.isEmpty() ? DbResult::success() : DbResult::failure(error);
                },
                [target, last, answer](const DbResult& result) {
                    target->fromCache = !result.ok;
                    if (result.ok && last->has_value())
                        target->value.position = std::max(target->value.position, **last + kPositionGap);
                    answer(*target);
                });
        });
}

void BoardService::findPerson(QObject* context, const QString& idOrEmail,
                              std::function<void(const Answer<QString>&)> answer)
{
    ServerRead::run<QString>(
        m_database, context,
        [idOrEmail](QSqlDatabase& db, QString* error) {
            return BoardRepository::resolveUser(db, idOrEmail, error);
        },
        std::move(answer));
}

void BoardService::myItems(QObject* context, std::function<void(const Answer<QList<PipelineItem>>&)> answer)
{
    ServerRead::run<QList<PipelineItem>>(m_database, context, &BoardRepository::myItems, std::move(answer));
}

void BoardService::people(QObject* context, std::function<void(const Answer<People>&)> answer)
{
    if (!m_database->isOnline()) {
        // Offline: the people the cache knows.
        auto cached = std::make_shared<People>();
        m_store->run(
            context,
            [cached](LocalCache& cache) {
                *cached = decodePeople(cache.meta().value(kPeopleKey));
                return QVariant(true);
            },
            [cached, answer](const QVariant&) {
                Answer<People> a;
                a.value = *cached;
                a.fromCache = true;
                a.offline = true;
                answer(a);
            });
        return;
    }
    auto people = std::make_shared<People>();
    m_database->run(
        context,
        [people](QSqlDatabase& db) {
            QString error;
            *people = PeopleRepository::people(db, &error);
            return error.isEmpty() ? DbResult::success() : DbResult::failure(error);
        },
        [this, people, answer](const DbResult& result) {
            Answer<People> a;
            a.offline = result.offline;
            if (!result.ok) {
                a.error = ServerRead::failure(result);
                answer(a);
                return;
            }
            a.value = *people;
            m_store->run(this, [text = encodePeople(*people)](LocalCache& cache) {
                cache.meta().setValue(kPeopleKey, text);
                return QVariant();
            });
            answer(a);
        });
}

void BoardService::queue(QObject* context, QList<OutboxEntry> entries, Saved saved, Receipt receipt)
{
    m_outbox->enqueue(context, std::move(entries), std::move(saved), std::move(receipt));
}

void BoardService::moveItems(QObject* context, const QList<Move>& moves, Saved saved, Receipt receipt)
{
    QList<OutboxEntry> entries;
    for (const Move& m : moves)
        entries << BoardCache::moveEntry(m.item, m.stageId, m.position);
    queue(context, entries, std::move(saved), std::move(receipt));
}

void BoardService::editItem(QObject* context, const PipelineItem& item, const ItemChanges& changes,
                            Saved saved, Receipt receipt)
{
    queue(context, {BoardCache::editEntry(item, changes)}, std::move(saved), std::move(receipt));
}

void BoardService::createItem(QObject* context, const QString& pipelineId, const PipelineItem& item,
                              Saved saved, Receipt receipt)
{
    queue(context, {BoardCache::createEntry(item.id, pipelineId, item.stageId, item.title, item.position)},
          std::move(saved), std::move(receipt));
}

void BoardService::deleteItem(QObject* context, const PipelineItem& item, Saved saved, Receipt receipt)
{
    queue(context, {BoardCache::deleteEntry(item)}, std::move(saved), std::move(receipt));
}

void BoardService::restoreItem(QObject* context, const PipelineItem& item, Saved saved, Receipt receipt)
{
    queue(context, {BoardCache::restoreEntry(item)}, std::move(saved), std::move(receipt));
}

PipelineItem BoardService::edited(const PipelineItem& item, const ItemChanges& changes)
{
    PipelineItem result = BoardCache::withFields(item, BoardCache::editEntry(item, changes).fields);
    if (changes.assignedToId && *changes.assignedToId != item.assignedToId)
        result.assigneeName.clear(); // the screen names the new assignee
    return result;
}

PipelineItem BoardService::theirs(const PipelineItem& item, const OutboxEntry& conflict)
{
    PipelineItem result = BoardCache::withFields(item, conflict.theirs);
    result.version = conflict.theirsVersion;
    result.assigneeName.clear(); // the screen names the assignee
    return result;
}

void BoardService::discardConflicts(QObject* context, const QString& id, std::function<void()> done)
{
    m_store->run(
        context,
        [id](LocalCache& cache) {
            QString error;
            cache.outbox().discardConflicts(BoardCache::kItem, id, &error);
            return QVariant(true);
        },
        [this, done](const QVariant&) {
            m_store->refreshCounts();
            if (done)
                done();
        });
}

void BoardService::onChanges(const QList<ChangeEvent>& events)
{
    QStringList ids;
    bool structure = false;
    for (const ChangeEvent& event : events) {
        if (event.table == QLatin1String("pipelineItem")) {
            if (!ids.contains(event.rowId))
                ids << event.rowId;
        } else if (event.table == QLatin1String("pipelineStage")) {
            // A new stage may belong to the open board (the event does not say whose it is);
            // a changed or deleted one only when it is one of its columns.
            structure = structure || event.op == QLatin1Char('I') || m_openStageIds.contains(event.rowId);
        } else if (event.table == QLatin1String("pipeline")) {
            structure = structure || event.rowId == m_openPipelineId;
        }
    }
    if (structure && !m_openPipelineId.isEmpty())
        m_structureTimer->start(); // columns changed: reload once the burst is over
    refetch(ids);
}

void BoardService::setOpenBoard(const Board& board)
{
    m_openPipelineId = board.pipeline.id;
    m_openStageIds.clear();
    for (const PipelineStage& stage : board.stages)
        m_openStageIds.insert(stage.id);
}

void BoardService::refetch(const QStringList& ids)
{
    if (ids.isEmpty() || m_openPipelineId.isEmpty())
        return;
    auto fresh = std::make_shared<QList<PipelineItem>>();
    m_database->run(
        this,
        [ids, fresh](QSqlDatabase& db) {
            QString error;
            *fresh = BoardRepository::items(db, ids, &error);
            return error.isEmpty() ? DbResult::success() : DbResult::failure(error);
        },
        [this, ids, fresh](const DbResult& result) {
            if (!result.ok)
                return; // the next change or the poll brings it
            // Through the cache: it keeps them for offline use and lays unsent changes over them.
            auto shown = std::make_shared<QList<PipelineItem>>();
            m_store->run(
                this,
                [fresh, ids, shown](LocalCache& cache) {
                    QString error;
                    QSet<QString> present;
                    QList<CachedRow> rows;
                    for (const PipelineItem& item : std::as_const(*fresh)) {
                        present.insert(item.id);
                        rows.append({BoardCache::kItem, item.id, QString(), item.version,
                                     BoardCache::itemFields(item), false});
                    }
                    cache.rows().store(BoardCache::kItem, QString(), rows, false, &error);
                    for (const QString& id : ids) {
                        if (!present.contains(id)) // deleted, or no longer visible
                            cache.rows().markDeleted(BoardCache::kItem, id, &error);
                        if (const std::optional<PipelineItem> item = BoardCache::item(&cache, id, &error))
                            *shown << *item;
                    }
                    return QVariant(true);
                },
                [this, ids, shown](const QVariant& ran) {
                    if (ran.isValid())
                        emit itemsRead(ids, *shown);
                });
        });
}
