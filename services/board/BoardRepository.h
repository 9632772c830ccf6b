#pragma once

#include "BoardRecords.h"
#include "ItemChanges.h"

#include <QHash>
#include <QSqlDatabase>
#include <QStringList>

#include <optional>

// Reads and writes the pipeline tables exactly as the web platform does (version + 1 and
// "updatedAt" on every write). Synchronous: call it on the database thread (inside a DbWork)
// or from astralis-cli — the console and the CLI share these functions.
namespace BoardRepository {

struct Move
{
    QString itemId;
    QString stageId;
    double position = 0;
    int expectedVersion = 0; // the version the person saw; 0 = do not check
};

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
// All-or-nothing: one transaction for every move.
WriteResult move(const QSqlDatabase& db, const QList<Move>& moves);

inline QHash<QString, QString> validate(const ItemChanges& changes)
{
    return changes.problems();
}

WriteResult update(const QSqlDatabase& db, const QString& itemId, const ItemChanges& changes,
                   int expectedVersion);

// The signed-in staff member's open cards across every pipeline (not in terminal stages).
QList<PipelineItem> myItems(const QSqlDatabase& db, QString* error);

// A new card at the end of a stage; the id is made here (client-side ids, as Prisma's cuid()).
WriteResult create(const QSqlDatabase& db, const QString& stageId, const QString& title,
                   const QString& id = {});
// Soft delete ("deletedAt"), as the web platform does; restore() undoes it.
WriteResult remove(const QSqlDatabase& db, const QString& itemId, int expectedVersion);
WriteResult restore(const QSqlDatabase& db, const QString& itemId);

// A stage of the item's pipeline by id or key (empty when there is none).
QString resolveStage(const QSqlDatabase& db, const QString& itemId, const QString& stageKeyOrId,
                     QString* error);
// A user of the organization by id or e-mail (empty when there is none).
QString resolveUser(const QSqlDatabase& db, const QString& idOrEmail, QString* error);

} // namespace BoardRepository
