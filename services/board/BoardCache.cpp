#include "BoardCache.h"

#include "LocalCache.h"
#include "PipelineItemTable.h"

#include <QHash>

namespace {

const QString kDeleted = SyncedTable::kDeleted;
using PipelineItemTable::kPosition;
using PipelineItemTable::kStageId;

QVariantMap stageFields(const PipelineStage& s)
{
    return {{QStringLiteral("key"), s.key},
            {QStringLiteral("name"), s.name},
            {QStringLiteral("order"), s.order},
            {QStringLiteral("isTerminal"), s.isTerminal},
            {QStringLiteral("color"), s.color.isValid() ? s.color.name() : QString()},
            {QStringLiteral("wipLimit"), s.wipLimit}};
}

PipelineStage stageFromRow(const CachedRow& row)
{
    PipelineStage s;
    s.id = row.id;
    s.pipelineId = row.parent;
    s.key = row.data.value(QStringLiteral("key")).toString();
    s.name = row.data.value(QStringLiteral("name")).toString();
    s.order = row.data.value(QStringLiteral("order")).toInt();
    s.isTerminal = row.data.value(QStringLiteral("isTerminal")).toBool();
    const QString color = row.data.value(QStringLiteral("color")).toString();
    if (!color.isEmpty())
        s.color = QColor(color);
    s.wipLimit = row.data.value(QStringLiteral("wipLimit")).toInt();
    return s;
}

Pipeline pipelineFromRow(const CachedRow& row)
{
    return {row.id, row.data.value(QStringLiteral("key")).toString(),
            row.data.value(QStringLiteral("name")).toString(),
            row.data.value(QStringLiteral("type")).toString(),
            row.data.value(QStringLiteral("isActive")).toBool()};
}

OutboxEntry entryFor(const PipelineItem& item, OutboxEntry::Op op)
{
    OutboxEntry e;
    e.entity = BoardCache::kItem;
    e.rowId = item.id;
    e.op = op;
    e.baseVersion = item.version;
    e.label = item.title;
    return e;
}

const SyncedRecord<PipelineItem>& card()
{
    return PipelineItemTable::item();
}

CachedRow pipelineRow(const Pipeline& p)
{
    CachedRow row;
    row.id = p.id;
    row.version = 1;
    row.data = {{QStringLiteral("key"), p.key},
                {QStringLiteral("name"), p.name},
                {QStringLiteral("type"), p.type},
                {QStringLiteral("isActive"), p.isActive}};
    return row;
}

} // namespace

namespace BoardCache {

QVariantMap itemFields(const PipelineItem& item)
{
    QVariantMap fields = card().values(item);
    fields.insert(kDeleted, false);
    return fields;
}

PipelineItem itemFromRow(const CachedRow& row)
{
    PipelineItem item;
    card().setValues(&item, row.data);
    item.id = row.id;
    item.version = row.version;
    return item;
}

PipelineItem withFields(const PipelineItem& item, const QVariantMap& fields)
{
    return card().withValues(item, fields);
}

bool storePipelines(LocalCache* cache, const QList<Pipeline>& pipelines, QString* error)
{
    QList<CachedRow> rows;
    for (const Pipeline& p : pipelines)
        rows << pipelineRow(p);
    return cache->rows().store(kPipeline, QString(), rows, true, error);
}

bool storeBoard(LocalCache* cache, const QList<Pipeline>& pipelines, const Board& board, QString* error)
{
    // Without the organization's list, this board's own pipeline row is kept (the others stay
    // as they are): a board opened here opens from the cache later even if the list never was.
    const bool pipelinesKept = pipelines.isEmpty()
        ? cache->rows().store(kPipeline, QString(), {pipelineRow(board.pipeline)}, false, error)
        : storePipelines(cache, pipelines, error);
    if (!pipelinesKept)
        return false;
    if (!storeStages(cache, board.pipeline.id, board.stages, error))
        return false;
    QList<CachedRow> items;
    items.reserve(board.items.size());
    for (const PipelineItem& item : board.items)
        items.append({kItem, item.id, board.pipeline.id, item.version, itemFields(item), false});
    return cache->rows().store(kItem, board.pipeline.id, items, true, error);
}

bool storeStages(LocalCache* cache, const QString& pipelineId, const QList<PipelineStage>& stages,
                 QString* error)
{
    QList<CachedRow> rows;
    for (const PipelineStage& s : stages)
        rows.append({kStage, s.id, pipelineId, 1, stageFields(s), false});
    return cache->rows().store(kStage, pipelineId, rows, true, error);
}

bool storeItems(LocalCache* cache, const QList<PipelineItem>& items, QString* error)
{
    QList<CachedRow> rows;
    for (const PipelineItem& item : items)
        rows.append({kItem, item.id, QString(), item.version, itemFields(item), false});
    return cache->rows().store(kItem, QString(), rows, false, error);
}

QList<Pipeline> pipelines(LocalCache* cache, QString* error)
{
    QList<Pipeline> list;
    for (const CachedRow& row : cache->rows().children(kPipeline, QString(), error))
        list << pipelineFromRow(row);
    // The order the server gives: active first, then by type, then by name.
    static const QStringList types
        = {QStringLiteral("SALES"),    QStringLiteral("SUPPORT"), QStringLiteral("BILLING"),
           QStringLiteral("INTERNAL"), QStringLiteral("GENERIC"), QStringLiteral("CUSTOM")};
    std::sort(list.begin(), list.end(), [](const Pipeline& a, const Pipeline& b) {
        if (a.isActive != b.isActive)
            return a.isActive;
        if (a.type != b.type)
            return types.indexOf(a.type) < types.indexOf(b.type);
        return a.name < b.name;
    });
    return list;
}

bool loadBoard(LocalCache* cache, const QString& keyOrId, Board* board, QString* error)
{
    const QList<Pipeline> all = pipelines(cache, error);
    auto found = std::find_if(all.cbegin(), all.cend(), [&](const Pipeline& p) {
        return keyOrId.isEmpty() || p.id == keyOrId || p.key == keyOrId;
    });
    if (found == all.cend())
        return false;
    board->pipeline = *found;
    board->stages.clear();
    board->items.clear();
    for (const CachedRow& row : cache->rows().children(kStage, found->id, error))
        board->stages << stageFromRow(row);
    if (board->stages.isEmpty())
        return false; // the pipeline is known, its board was never opened here
    std::sort(board->stages.begin(), board->stages.end(), [](const PipelineStage& a, const PipelineStage& b) {
        return a.order != b.order ? a.order < b.order : a.name < b.name;
    });
    const bool ok = cache->rows().forEach(
        kItem, found->id,
        [&](const QString& id, int version, const QByteArray& cbor) {
            PipelineItem item;
            item.id = id;
            item.version = version;
            if (card().readCbor(cbor, &item))
                board->items << item;
        },
        error);
    return ok && error->isEmpty();
}

std::optional<PipelineItem> item(LocalCache* cache, const QString& id, QString* error)
{
    const std::optional<CachedRow> row = cache->rows().get(kItem, id, error);
    if (!row || row->data.value(kDeleted).toBool())
        return std::nullopt;
    return itemFromRow(*row);
}

QString resolveStage(LocalCache* cache, const QString& itemId, const QString& stageKeyOrId, QString* error)
{
    const std::optional<PipelineItem> card = item(cache, itemId, error);
    if (!card)
        return {};
    const std::optional<CachedRow> current = cache->rows().get(kStage, card->stageId, error);
    if (!current)
        return {};
    for (const CachedRow& row : cache->rows().children(kStage, current->parent, error)) {
        if (row.id == stageKeyOrId || row.data.value(QStringLiteral("key")).toString() == stageKeyOrId)
            return row.id;
    }
    return {};
}

double endOfStage(LocalCache* cache, const QString& itemId, const QString& stageId, QString* error)
{
    const std::optional<CachedRow> stage = cache->rows().get(kStage, stageId, error);
    double last = 0;
    if (!stage)
        return kPositionGap;
    for (const CachedRow& row : cache->rows().children(kItem, stage->parent, error)) {
        if (row.id != itemId && !row.data.value(kDeleted).toBool()
            && row.data.value(kStageId).toString() == stageId)
            last = std::max(last, row.data.value(kPosition).toDouble());
    }
    return last + kPositionGap;
}

OutboxEntry moveEntry(const PipelineItem& item, const QString& stageId, double position)
{
    OutboxEntry e = entryFor(item, OutboxEntry::Op::Update);
    PipelineItem moved = item;
    moved.stageId = stageId;
    moved.position = position;
    e.fields = card().values(moved, {kStageId, kPosition});
    return e;
}

OutboxEntry editEntry(const PipelineItem& item, const BoardRepository::ItemChanges& changes)
{
    const SyncedTable& table = PipelineItemTable::table();
    OutboxEntry e = entryFor(item, OutboxEntry::Op::Update);
    e.fields = table.input(PipelineItemTable::changes().values(changes));
    if (e.fields.contains(table.labelField))
        e.label = e.fields.value(table.labelField).toString();
    return e;
}

OutboxEntry createEntry(const QString& id, const QString& pipelineId, const QString& stageId,
                        const QString& title, double position)
{
    const SyncedTable& table = PipelineItemTable::table();
    PipelineItem item;
    item.id = id;
    item.stageId = stageId;
    item.title = title;
    item.position = position;
    item.version = 0;
    OutboxEntry e = entryFor(item, OutboxEntry::Op::Create);
    // A new card starts with these; the rest stay as the server's defaults make them.
    e.fields = table.input(
        card().values(item, {kStageId, table.labelField, kPosition, PipelineItemTable::kPriority}));
    e.label = e.fields.value(table.labelField).toString();
    e.fields.insert(kDeleted, false);
    e.parent = pipelineId;
    return e;
}

OutboxEntry deleteEntry(const PipelineItem& item)
{
    OutboxEntry e = entryFor(item, OutboxEntry::Op::Delete);
    e.fields = {{kDeleted, true}};
    return e;
}

OutboxEntry restoreEntry(const PipelineItem& item)
{
    OutboxEntry e = entryFor(item, OutboxEntry::Op::Restore);
    e.fields = {{kDeleted, false}};
    return e;
}

} // namespace BoardCache
