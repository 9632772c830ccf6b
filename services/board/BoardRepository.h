#pragma once

#include "BoardRecords.h"
#include "ItemChanges.h"

#include <QHash>
#include <QSqlDatabase>
#include <QStringList>

#include <optional>

// Reads the pipeline tables for the board (a card's columns as PipelineItemTable describes
// them). Cards are written through the outbox only (BoardCache's entries, replayed by
// SyncedTableApplier). Synchronous: call it on the database thread (inside a DbWork) or from
// astralis-cli — the console and the CLI share these functions.
namespace BoardRepository {

using Failure = CardFailure;
using WriteResult = CardWriteResult;
using ItemChanges = ::ItemChanges;

QList<Pipeline> pipelines(const QSqlDatabase& db, QString* error);
QList<PipelineStage> stages(const QSqlDatabase& db, const QString& pipelineId, QString* error);
// key or id; an empty one opens the first active pipeline.
bool loadBoard(const QSqlDatabase& db, const QString& pipeline, Board* board, QString* error);
// The current rows of these items (missing from the result: deleted or not visible).
QList<PipelineItem> items(const QSqlDatabase& db, const QStringList& ids, QString* error);
PipelineItem item(const QSqlDatabase& db, const QString& id, QString* error);
// The stages of the pipeline that stageId belongs to (a card's pipeline, from its stage).
QList<PipelineStage> stagesBeside(const QSqlDatabase& db, const QString& stageId, QString* error);
// The position of the last card of a stage other than exceptItemId; nullopt when it has none.
std::optional<double> lastPosition(const QSqlDatabase& db, const QString& stageId,
                                   const QString& exceptItemId, QString* error);

inline QHash<QString, QString> validate(const ItemChanges& changes)
{
    return changes.problems();
}

// The signed-in staff member's open cards across every pipeline (not in terminal stages).
QList<PipelineItem> myItems(const QSqlDatabase& db, QString* error);

// A user of the organization by id or e-mail (empty when there is none).
QString resolveUser(const QSqlDatabase& db, const QString& idOrEmail, QString* error);

} // namespace BoardRepository
