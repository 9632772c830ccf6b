#pragma once

#include "BoardRecords.h"

#include <QSqlDatabase>
#include <QStringList>

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

enum class Failure
{
    None,
    Conflict, // someone changed the card since it was loaded
    Gone, // deleted, or not visible to this login
    StageGone, // the target stage was deleted or is not visible
    Refused, // the server's rules refused it (row-level security, privileges)
    Other,
};

struct WriteResult
{
    Failure failure = Failure::None;
    QString message; // a sentence for the person, naming the card
    QString detail; // the server's words
    QList<PipelineItem> items; // the rows as written
    bool ok() const { return failure == Failure::None; }
};

QList<Pipeline> pipelines(const QSqlDatabase& db, QString* error);
// key or id; an empty one opens the first active pipeline.
bool loadBoard(const QSqlDatabase& db, const QString& pipeline, Board* board, QString* error);
// The current rows of these items (missing from the result: deleted or not visible).
QList<PipelineItem> items(const QSqlDatabase& db, const QStringList& ids, QString* error);
PipelineItem item(const QSqlDatabase& db, const QString& id, QString* error);
// All-or-nothing: one transaction for every move.
WriteResult move(const QSqlDatabase& db, const QList<Move>& moves);

} // namespace BoardRepository

Q_DECLARE_METATYPE(BoardRepository::WriteResult)
