#include "BoardController.h"

#include "BoardRepository.h"
#include "DatabaseService.h"
#include "StageItemModel.h"

#include <QTimer>

BoardController::BoardController(DatabaseService* database, ChangeFeed* feed, QObject* parent)
    : QObject(parent)
    , m_database(database)
    , m_feed(feed)
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
    QList<BoardRepository::Move> moves;
    QList<PipelineItem> originals;
    for (int i = 0; i < ids.size(); ++i) {
        const PipelineItem original = m_items.value(ids.at(i));
        const double position = positions.at(i);
        if (original.stageId == stageId && qFuzzyCompare(original.position, position))
            continue;
        originals << original;
        // Our own moves still in flight will each have added one to the version by the time
        // this one runs (the database thread runs them in order).
        moves.append({original.id, stageId, position, original.version + m_movesInFlight.value(original.id)});
        m_movesInFlight[original.id] += 1;
        PipelineItem moved = original;
        moved.stageId = stageId;
        moved.position = position;
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
        [this, originals, ids](const DbResult& result) {
            for (const PipelineItem& original : originals) {
                if (--m_movesInFlight[original.id] <= 0)
                    m_movesInFlight.remove(original.id);
            }
            const auto written = result.value.value<BoardRepository::WriteResult>();
            if (result.ok && written.ok()) {
                for (const PipelineItem& item : written.items)
                    apply(item); // the server's versions
                emit moveFinished(ids, true);
                emit itemsChanged();
                return;
            }
            // Roll back, then show the server's truth for the cards involved.
            for (const PipelineItem& original : originals)
                apply(original);
            QStringList involved;
            for (const PipelineItem& original : originals)
                involved << original.id;
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
