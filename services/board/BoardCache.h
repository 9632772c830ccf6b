#pragma once

#include "BoardRecords.h"
#include "BoardRepository.h"
#include "CachedRow.h"
#include "OutboxEntry.h"
#include "PipelineItemTable.h"

class LocalCache;

// The board's rows in the local cache and its changes as outbox entries, so the console and
// astralis-cli open boards offline and queue changes the same way. A card's fields and their
// encoding are PipelineItemTable's; pipelines and stages are kept as the server sends them.
namespace BoardCache {

// Entity names: the tables. Constant expressions, so other files' globals can use them.
inline constexpr QLatin1String kPipeline{"pipeline"};
inline constexpr QLatin1String kStage{"pipelineStage"};
inline constexpr QLatin1String kItem = PipelineItemTable::kEntity;

// A card's fields as the outbox and cache carry them: encoded as PipelineItemTable describes.
QVariantMap itemFields(const PipelineItem& item);
PipelineItem itemFromRow(const CachedRow& row);
// The card with these fields (as the outbox and a conflict's "theirs" carry them) set.
PipelineItem withFields(const PipelineItem& item, const QVariantMap& fields);

// Stores a board loaded from the server (pipelines, its stages, its cards) in one go.
bool storeBoard(LocalCache* cache, const QList<Pipeline>& pipelines, const Board& board, QString* error);
bool storePipelines(LocalCache* cache, const QList<Pipeline>& pipelines, QString* error);
bool storeStages(LocalCache* cache, const QString& pipelineId, const QList<PipelineStage>& stages,
                 QString* error);
// Cards loaded one by one (live updates, the CLI): kept under the pipeline they are known by.
bool storeItems(LocalCache* cache, const QList<PipelineItem>& items, QString* error);

QList<Pipeline> pipelines(LocalCache* cache, QString* error);
// The board as the cache has it, local changes included. False when it was never loaded.
bool loadBoard(LocalCache* cache, const QString& pipelineKeyOrId, Board* board, QString* error);
std::optional<PipelineItem> item(LocalCache* cache, const QString& id, QString* error);
// A stage of the card's pipeline by key or id, from the cache (empty when unknown).
QString resolveStage(LocalCache* cache, const QString& itemId, const QString& stageKeyOrId, QString* error);
// The position after the last card of a stage, from the cache.
double endOfStage(LocalCache* cache, const QString& itemId, const QString& stageId, QString* error);

// Outbox entries for the board's changes.
OutboxEntry moveEntry(const PipelineItem& item, const QString& stageId, double position);
OutboxEntry editEntry(const PipelineItem& item, const BoardRepository::ItemChanges& changes);
OutboxEntry createEntry(const QString& id, const QString& pipelineId, const QString& stageId,
                        const QString& title, double position);
OutboxEntry deleteEntry(const PipelineItem& item);
OutboxEntry restoreEntry(const PipelineItem& item);

} // namespace BoardCache
