#include "BoardRepository.h"

#include "DbResult.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(BoardRepository)
};

const char kItemColumns[] = "i.id, i.\"stageId\", i.title, coalesce(i.description, ''), i.position, "
                            "coalesce(i.\"assignedToId\", ''), coalesce(u.name, u.email, ''), i.\"dueDate\", "
                            "i.priority, i.version";
const char kItemFrom[] = " FROM \"pipelineItem\" i LEFT JOIN users u ON u.id = i.\"assignedToId\" ";

PipelineItem readItem(const QSqlQuery& q, int first = 0)
{
    PipelineItem item;
    item.id = q.value(first).toString();
    item.stageId = q.value(first + 1).toString();
    item.title = q.value(first + 2).toString();
    item.description = q.value(first + 3).toString();
    item.position = q.value(first + 4).toDouble();
    item.assignedToId = q.value(first + 5).toString();
    item.assigneeName = q.value(first + 6).toString();
    item.dueDate = q.value(first + 7).toDateTime();
    if (item.dueDate.isValid())
        item.dueDate.setTimeSpec(Qt::UTC); // TIMESTAMP(3) in UTC, as Prisma writes it
    item.priority = q.value(first + 8).toInt();
    item.version = q.value(first + 9).toInt();
    return item;
}

QString quotedIdList(const QStringList& ids)
{
    QStringList quoted;
    for (QString id : ids)
        quoted << QLatin1Char('\'') + id.replace(QLatin1Char('\''), QLatin1String("''")) + QLatin1Char('\'');
    return quoted.join(QLatin1Char(','));
}

} // namespace

namespace BoardRepository {

QList<Pipeline> pipelines(const QSqlDatabase& db, QString* error)
{
    QList<Pipeline> list;
    QSqlQuery q(db);
    // Active first, then by type in the spec's order, then by name.
    if (!q.exec(QStringLiteral("SELECT id, key, name, type::text, \"isActive\" FROM pipeline "
                               "ORDER BY \"isActive\" DESC, array_position(ARRAY['SALES','SUPPORT','BILLING',"
                               "'INTERNAL','GENERIC','CUSTOM'], type::text), name"))) {
        if (error)
            *error = DbResult::fromQuery(q).error;
        return list;
    }
    while (q.next())
        list.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                     q.value(3).toString(), q.value(4).toBool()});
    return list;
}

bool loadBoard(const QSqlDatabase& db, const QString& pipeline, Board* board, QString* error)
{
    const QList<Pipeline> all = pipelines(db, error);
    if (all.isEmpty()) {
        if (error && error->isEmpty())
            *error = Text::tr("This organization has no pipelines yet.");
        return false;
    }
    auto found = std::find_if(all.cbegin(), all.cend(), [&](const Pipeline& p) {
        return pipeline.isEmpty() ? true : (p.id == pipeline || p.key == pipeline);
    });
    if (found == all.cend()) {
        if (error)
            *error = Text::tr("There is no pipeline \"%1\".").arg(pipeline);
        return false;
    }
    board->pipeline = *found;
    board->stages.clear();
    board->items.clear();

    QSqlQuery stages(db);
    stages.prepare(QStringLiteral(
        "SELECT id, \"pipelineId\", key, name, \"order\", \"isTerminal\", coalesce(color, ''), "
        "coalesce(\"wipLimit\", 0) FROM \"pipelineStage\" WHERE \"pipelineId\" = :p "
        "ORDER BY \"order\", name"));
    stages.bindValue(QStringLiteral(":p"), board->pipeline.id);
    if (!stages.exec()) {
        if (error)
            *error = DbResult::fromQuery(stages).error;
        return false;
    }
    while (stages.next()) {
        PipelineStage s;
        s.id = stages.value(0).toString();
        s.pipelineId = stages.value(1).toString();
        s.key = stages.value(2).toString();
        s.name = stages.value(3).toString();
        s.order = stages.value(4).toInt();
        s.isTerminal = stages.value(5).toBool();
        const QString color = stages.value(6).toString();
        if (!color.isEmpty())
            s.color = QColor(color);
        s.wipLimit = stages.value(7).toInt();
        board->stages << s;
    }

    QSqlQuery items(db);
    items.setForwardOnly(true); // 10,000 rows: no random-access copy in the driver
    items.prepare(QStringLiteral("SELECT ") + QLatin1String(kItemColumns) + QLatin1String(kItemFrom)
                  + QStringLiteral("JOIN \"pipelineStage\" s ON s.id = i.\"stageId\" "
                                   "WHERE s.\"pipelineId\" = :p AND i.\"deletedAt\" IS NULL"));
    items.bindValue(QStringLiteral(":p"), board->pipeline.id);
    if (!items.exec()) {
        if (error)
            *error = DbResult::fromQuery(items).error;
        return false;
    }
    while (items.next())
        board->items << readItem(items);
    return true;
}

QList<PipelineItem> items(const QSqlDatabase& db, const QStringList& ids, QString* error)
{
    QList<PipelineItem> list;
    if (ids.isEmpty())
        return list;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT ") + QLatin1String(kItemColumns) + QLatin1String(kItemFrom)
                + QStringLiteral("WHERE i.\"deletedAt\" IS NULL AND i.id IN (%1)").arg(quotedIdList(ids)))) {
        if (error)
            *error = DbResult::fromQuery(q).error;
        return list;
    }
    while (q.next())
        list << readItem(q);
    return list;
}

PipelineItem item(const QSqlDatabase& db, const QString& id, QString* error)
{
    const QList<PipelineItem> found = items(db, {id}, error);
    return found.isEmpty() ? PipelineItem() : found.first();
}

WriteResult move(const QSqlDatabase& constDb, const QList<Move>& moves)
{
    QSqlDatabase db = constDb;
    WriteResult result;
    if (moves.isEmpty())
        return result;
    if (!db.transaction()) {
        result.failure = Failure::Other;
        result.message = Text::tr("The move could not start: %1").arg(DbResult::errorText(db.lastError()));
        return result;
    }
    for (const Move& m : moves) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral(
            "UPDATE \"pipelineItem\" i SET \"stageId\" = :stage, position = :position, "
            "version = i.version + 1, \"updatedAt\" = now() "
            "WHERE i.id = :id AND i.\"deletedAt\" IS NULL AND (:unchecked OR i.version = :expected) "
            "RETURNING i.id"));
        q.bindValue(QStringLiteral(":stage"), m.stageId);
        q.bindValue(QStringLiteral(":position"), m.position);
        q.bindValue(QStringLiteral(":id"), m.itemId);
        q.bindValue(QStringLiteral(":unchecked"), m.expectedVersion == 0);
        q.bindValue(QStringLiteral(":expected"), m.expectedVersion);
        if (!q.exec()) {
            const QString state = q.lastError().nativeErrorCode();
            result.detail = DbResult::fromQuery(q).error;
            result.failure = state == QLatin1String("23503") ? Failure::StageGone
                : state == QLatin1String("42501")            ? Failure::Refused
                                                             : Failure::Other;
            result.message = result.failure == Failure::StageGone
                ? Text::tr("The card could not be moved: the target stage no longer exists.")
                : result.failure == Failure::Refused
                ? Text::tr("The server refused the move: you may not change this card.")
                : Text::tr("The card could not be moved: %1").arg(result.detail);
            db.rollback();
            return result;
        }
        if (!q.next()) {
            // Nothing matched: tell a concurrent change apart from a deleted card.
            QSqlQuery why(db);
            why.prepare(QStringLiteral(
                "SELECT version, title FROM \"pipelineItem\" WHERE id = :id AND \"deletedAt\" IS NULL"));
            why.bindValue(QStringLiteral(":id"), m.itemId);
            const bool exists = why.exec() && why.next();
            result.failure = exists ? Failure::Conflict : Failure::Gone;
            result.message = exists
                ? Text::tr("\"%1\" was changed by someone else meanwhile; the board shows their "
                           "version now.")
                      .arg(why.value(1).toString())
                : Text::tr("The card was deleted meanwhile (or you may no longer see it).");
            db.rollback();
            return result;
        }
    }
    QStringList ids;
    for (const Move& m : moves)
        ids << m.itemId;
    QString error;
    result.items = items(db, ids, &error);
    if (!db.commit()) {
        result.failure = Failure::Other;
        result.message = Text::tr("The move was not saved: %1").arg(DbResult::errorText(db.lastError()));
        db.rollback();
        result.items.clear();
    }
    return result;
}

} // namespace BoardRepository
