#include "BoardCache.h"

#include "LocalCache.h"

#include <QCborStreamReader>
#include <QHash>

namespace {

const QString kDeleted = QStringLiteral("deletedAt");

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

QString readText(QCborStreamReader& reader)
{
    QString text;
    auto chunk = reader.readString();
    while (chunk.status == QCborStreamReader::Ok) {
        text += chunk.data;
        chunk = reader.readString();
    }
    return text;
}

double readNumber(QCborStreamReader& reader)
{
    double value = 0;
    if (reader.isUnsignedInteger())
        value = double(quint64(reader.toUnsignedInteger()));
    else if (reader.isNegativeInteger())
        value = -double(quint64(reader.toNegativeInteger()));
    else if (reader.isDouble())
        value = reader.toDouble();
    else if (reader.isFloat())
        value = double(reader.toFloat());
    else if (reader.isFloat16())
        value = double(reader.toFloat16());
    reader.next();
    return value;
}

// A field name, read into a small buffer without allocating (90,000 of them for a board of
// 10,000 cards). Empty when it does not fit: no field of a card is that long.
QByteArray readKey(QCborStreamReader& reader, char (&buffer)[32])
{
    qsizetype length = 0;
    for (;;) {
        const QCborStreamReader::StringResult<qsizetype> chunk
            = reader.readStringChunk(buffer + length, qsizetype(sizeof buffer) - length);
        if (chunk.status != QCborStreamReader::Ok)
            break;
        length += chunk.data;
    }
    return QByteArray::fromRawData(buffer, length);
}

// A card's fields straight from the stored CBOR map, without building a map per card (the
// cached board of 10,000 cards opens in a few dozen milliseconds). False for a deleted card.
bool readItem(const QByteArray& cbor, PipelineItem* item)
{
    QCborStreamReader reader(cbor);
    if (!reader.isMap() || !reader.enterContainer())
        return false;
    bool deleted = false;
    char buffer[32];
    while (reader.lastError() == QCborError::NoError && reader.hasNext()) {
        if (!reader.isString()) {
            reader.next(); // not a field name: skip key and value
            reader.next();
            continue;
        }
        const QByteArray key = readKey(reader, buffer);
        if (reader.isString()) {
            const QString text = readText(reader);
            if (key == "title")
                item->title = text;
            else if (key == "stageId")
                item->stageId = text;
            else if (key == "description")
                item->description = text;
            else if (key == "assignedToId")
                item->assignedToId = text;
            else if (key == "assigneeName")
                item->assigneeName = text;
        } else if (reader.isInteger() || reader.isDouble() || reader.isFloat() || reader.isFloat16()) {
            const double number = readNumber(reader);
            if (key == "position")
                item->position = number;
            else if (key == "priority")
                item->priority = int(number);
            else if (key == "dueDate")
                item->dueDate = QDateTime::fromMSecsSinceEpoch(qint64(number), Qt::UTC);
        } else if (reader.isBool()) {
            if (key == "deletedAt")
                deleted = reader.toBool();
            reader.next();
        } else {
            reader.next(); // null (no due date) or anything else
        }
    }
    return !deleted;
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

} // namespace

namespace BoardCache {

QVariantMap itemFields(const PipelineItem& item)
{
    return {{QStringLiteral("stageId"), item.stageId},
            {QStringLiteral("title"), item.title},
            {QStringLiteral("description"), item.description},
            {QStringLiteral("position"), item.position},
            {QStringLiteral("assignedToId"), item.assignedToId},
            {QStringLiteral("assigneeName"), item.assigneeName},
            {QStringLiteral("dueDate"),
             item.dueDate.isValid() ? QVariant(item.dueDate.toMSecsSinceEpoch()) : QVariant()},
            {QStringLiteral("priority"), item.priority},
            {kDeleted, false}};
}

PipelineItem itemFromRow(const CachedRow& row)
{
    PipelineItem item;
    const QVariantMap& d = row.data;
    item.id = row.id;
    item.stageId = d.value(QStringLiteral("stageId")).toString();
    item.title = d.value(QStringLiteral("title")).toString();
    item.description = d.value(QStringLiteral("description")).toString();
    item.position = d.value(QStringLiteral("position")).toDouble();
    item.assignedToId = d.value(QStringLiteral("assignedToId")).toString();
    item.assigneeName = d.value(QStringLiteral("assigneeName")).toString();
    const QVariant due = d.value(QStringLiteral("dueDate"));
    if (due.isValid() && !due.isNull())
        item.dueDate = QDateTime::fromMSecsSinceEpoch(due.toLongLong(), Qt::UTC);
    item.priority = d.value(QStringLiteral("priority")).toInt();
    item.version = row.version;
    return item;
}

PipelineItem withFields(const PipelineItem& item, const QVariantMap& fields)
{
    CachedRow row{kItem, item.id, QString(), item.version, itemFields(item), false};
    for (auto it = fields.cbegin(); it != fields.cend(); ++it)
        row.data.insert(it.key(), it.value());
    return itemFromRow(row);
}

bool storePipelines(LocalCache* cache, const QList<Pipeline>& pipelines, QString* error)
{
    QList<CachedRow> rows;
    for (const Pipeline& p : pipelines) {
        CachedRow row;
        row.id = p.id;
        row.version = 1;
        row.data = {{QStringLiteral("key"), p.key},
                    {QStringLiteral("name"), p.name},
                    {QStringLiteral("type"), p.type},
                    {QStringLiteral("isActive"), p.isActive}};
        rows << row;
    }
    return cache->storeRows(kPipeline, QString(), rows, true, error);
}

bool storeBoard(LocalCache* cache, const QList<Pipeline>& pipelines, const Board& board, QString* error)
{
    if (!pipelines.isEmpty() && !storePipelines(cache, pipelines, error))
        return false;
    if (!storeStages(cache, board.pipeline.id, board.stages, error))
        return false;
    QList<CachedRow> items;
    items.reserve(board.items.size());
    for (const PipelineItem& item : board.items)
        items.append({kItem, item.id, board.pipeline.id, item.version, itemFields(item), false});
    return cache->storeRows(kItem, board.pipeline.id, items, true, error);
}

bool storeStages(LocalCache* cache, const QString& pipelineId, const QList<PipelineStage>& stages,
                 QString* error)
{
    QList<CachedRow> rows;
    for (const PipelineStage& s : stages)
        rows.append({kStage, s.id, pipelineId, 1, stageFields(s), false});
    return cache->storeRows(kStage, pipelineId, rows, true, error);
}

bool storeItems(LocalCache* cache, const QList<PipelineItem>& items, QString* error)
{
    QList<CachedRow> rows;
    for (const PipelineItem& item : items)
        rows.append({kItem, item.id, QString(), item.version, itemFields(item), false});
    return cache->storeRows(kItem, QString(), rows, false, error);
}

QList<Pipeline> pipelines(LocalCache* cache, QString* error)
{
    QList<Pipeline> list;
    for (const CachedRow& row : cache->rows(kPipeline, QString(), error))
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
    for (const CachedRow& row : cache->rows(kStage, found->id, error))
        board->stages << stageFromRow(row);
    if (board->stages.isEmpty())
        return false; // the pipeline is known, its board was never opened here
    std::sort(board->stages.begin(), board->stages.end(), [](const PipelineStage& a, const PipelineStage& b) {
        return a.order != b.order ? a.order < b.order : a.name < b.name;
    });
    const bool ok = cache->forEachRow(
        kItem, found->id,
        [&](const QString& id, int version, const QByteArray& cbor) {
            PipelineItem item;
            item.id = id;
            item.version = version;
            if (readItem(cbor, &item))
                board->items << item;
        },
        error);
    return ok && error->isEmpty();
}

std::optional<PipelineItem> item(LocalCache* cache, const QString& id, QString* error)
{
    const std::optional<CachedRow> row = cache->row(kItem, id, error);
    if (!row || row->data.value(kDeleted).toBool())
        return std::nullopt;
    return itemFromRow(*row);
}

QString resolveStage(LocalCache* cache, const QString& itemId, const QString& stageKeyOrId, QString* error)
{
    const std::optional<PipelineItem> card = item(cache, itemId, error);
    if (!card)
        return {};
    const std::optional<CachedRow> current = cache->row(kStage, card->stageId, error);
    if (!current)
        return {};
    for (const CachedRow& row : cache->rows(kStage, current->parent, error)) {
        if (row.id == stageKeyOrId || row.data.value(QStringLiteral("key")).toString() == stageKeyOrId)
            return row.id;
    }
    return {};
}

double endOfStage(LocalCache* cache, const QString& itemId, const QString& stageId, QString* error)
{
    const std::optional<CachedRow> stage = cache->row(kStage, stageId, error);
    double last = 0;
    if (!stage)
        return kPositionGap;
    for (const CachedRow& row : cache->rows(kItem, stage->parent, error)) {
        if (row.id != itemId && !row.data.value(kDeleted).toBool()
            && row.data.value(QStringLiteral("stageId")).toString() == stageId)
            last = std::max(last, row.data.value(QStringLiteral("position")).toDouble());
    }
    return last + kPositionGap;
}

OutboxEntry moveEntry(const PipelineItem& item, const QString& stageId, double position)
{
    OutboxEntry e = entryFor(item, OutboxEntry::Op::Update);
    e.fields = {{QStringLiteral("stageId"), stageId}, {QStringLiteral("position"), position}};
    return e;
}

OutboxEntry editEntry(const PipelineItem& item, const BoardRepository::ItemChanges& changes)
{
    OutboxEntry e = entryFor(item, OutboxEntry::Op::Update);
    if (changes.title)
        e.fields.insert(QStringLiteral("title"), changes.title->trimmed());
    if (changes.description)
        e.fields.insert(QStringLiteral("description"), *changes.description);
    if (changes.priority)
        e.fields.insert(QStringLiteral("priority"), *changes.priority);
    if (changes.dueDate)
        e.fields.insert(QStringLiteral("dueDate"),
                        changes.dueDate->isValid() ? QVariant(changes.dueDate->toMSecsSinceEpoch())
                                                   : QVariant());
    if (changes.assignedToId)
        e.fields.insert(QStringLiteral("assignedToId"), *changes.assignedToId);
    if (changes.stageId)
        e.fields.insert(QStringLiteral("stageId"), *changes.stageId);
    if (changes.title)
        e.label = changes.title->trimmed();
    return e;
}

OutboxEntry createEntry(const QString& id, const QString& pipelineId, const QString& stageId,
                        const QString& title, double position)
{
    PipelineItem item;
    item.id = id;
    item.title = title.trimmed();
    item.version = 0;
    OutboxEntry e = entryFor(item, OutboxEntry::Op::Create);
    e.fields = {{QStringLiteral("stageId"), stageId},
                {QStringLiteral("title"), title.trimmed()},
                {QStringLiteral("position"), position},
                {QStringLiteral("priority"), 0},
                {kDeleted, false},
                {QStringLiteral("_parent"), pipelineId}};
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
