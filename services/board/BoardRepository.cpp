#include "BoardRepository.h"

#include "DbResult.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(BoardRepository)
};

// Assignee names are looked up separately (one small query) and filled in here: a join with
// "users" under row-level security turns the 10,000-row board query into a nested loop.
const char kItemColumns[] = "i.id, i.\"stageId\", i.title, coalesce(i.description, ''), i.position, "
                            "coalesce(i.\"assignedToId\", ''), '', "
                            "(extract(epoch FROM i.\"dueDate\") * 1000)::bigint, i.priority, i.version";
const char kItemFrom[] = " FROM \"pipelineItem\" i ";

// id → display name of the organization's people (row-level security limits it).
QHash<QString, QString> peopleNames(const QSqlDatabase& db)
{
    QHash<QString, QString> names;
    QSqlQuery q(db);
    if (q.exec(QStringLiteral("SELECT id, coalesce(name, email) FROM users"))) {
        while (q.next())
            names.insert(q.value(0).toString(), q.value(1).toString());
    }
    return names;
}

void fillNames(const QSqlDatabase& db, QList<PipelineItem>* items)
{
    const QHash<QString, QString> names = peopleNames(db);
    for (PipelineItem& item : *items) {
        if (!item.assignedToId.isEmpty())
            item.assigneeName = names.value(item.assignedToId);
    }
}

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
    // Milliseconds since the epoch: parsing 10,000 timestamp strings costs more than the query.
    // TIMESTAMP(3) values are UTC, as Prisma writes them.
    if (!q.isNull(first + 7))
        item.dueDate = QDateTime::fromMSecsSinceEpoch(q.value(first + 7).toLongLong(), Qt::UTC);
    item.priority = q.value(first + 8).toInt();
    item.version = q.value(first + 9).toInt();
    return item;
}

// A list of ids as one bound parameter (a JSON array the server unpacks): ids come from
// change_log and are chosen by whoever wrote the row, so they never become SQL text.
QString jsonIdList(const QStringList& ids)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(ids)).toJson(QJsonDocument::Compact));
}

// Activity and audit entries are written by the database (trigger astralis_audit, migration
// security_hardening) with the user it knows from the login: the client's word is not needed.

BoardRepository::WriteResult failed(BoardRepository::Failure failure, const QString& message,
                                    const QString& detail = {})
{
    BoardRepository::WriteResult r;
    r.failure = failure;
    r.message = message;
    r.detail = detail;
    return r;
}

BoardRepository::Failure failureOf(const QSqlQuery& q)
{
    using BoardRepository::Failure;
    const QString state = q.lastError().nativeErrorCode();
    if (state == QLatin1String("23503"))
        return Failure::StageGone;
    if (state == QLatin1String("42501"))
        return Failure::Refused;
    return Failure::Other;
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

QList<PipelineStage> stages(const QSqlDatabase& db, const QString& pipelineId, QString* error)
{
    QList<PipelineStage> list;
    QSqlQuery stages(db);
    stages.prepare(QStringLiteral(
        "SELECT id, \"pipelineId\", key, name, \"order\", \"isTerminal\", coalesce(color, ''), "
        "coalesce(\"wipLimit\", 0) FROM \"pipelineStage\" WHERE \"pipelineId\" = :p "
        "ORDER BY \"order\", name"));
    stages.bindValue(QStringLiteral(":p"), pipelineId);
    if (!stages.exec()) {
        if (error)
            *error = DbResult::fromQuery(stages).error;
        return list;
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
        list << s;
    }
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

    board->stages = stages(db, board->pipeline.id, error);
    if (error && !error->isEmpty())
        return false;

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
    fillNames(db, &board->items);
    return true;
}

QList<PipelineItem> items(const QSqlDatabase& db, const QStringList& ids, QString* error)
{
    QList<PipelineItem> list;
    if (ids.isEmpty())
        return list;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT ") + QLatin1String(kItemColumns) + QLatin1String(kItemFrom)
              + QStringLiteral("WHERE i.\"deletedAt\" IS NULL AND i.id IN "
                               "(SELECT jsonb_array_elements_text(CAST(:ids AS jsonb)))"));
    q.bindValue(QStringLiteral(":ids"), jsonIdList(ids));
    if (!q.exec()) {
        if (error)
            *error = DbResult::fromQuery(q).error;
        return list;
    }
    while (q.next())
        list << readItem(q);
    fillNames(db, &list);
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
    QString error;
    for (const Move& m : moves) {
        ids << m.itemId;
    }
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

namespace BoardRepository {

WriteResult update(const QSqlDatabase& constDb, const QString& itemId, const ItemChanges& changes,
                   int expectedVersion)
{
    QSqlDatabase db = constDb;
    const QHash<QString, QString> problems = validate(changes);
    if (!problems.isEmpty())
        return failed(Failure::Other, problems.values().join(QLatin1Char(' ')));
    if (changes.isEmpty())
        return failed(Failure::Other, Text::tr("Nothing to change."));

    QStringList sets;
    QJsonObject changed;
    if (changes.title) {
        sets << QStringLiteral("title = :title");
        changed.insert(QStringLiteral("title"), *changes.title);
    }
    if (changes.description) {
        sets << QStringLiteral("description = :description");
        changed.insert(QStringLiteral("description"), *changes.description);
    }
    if (changes.priority) {
        sets << QStringLiteral("priority = :priority");
        changed.insert(QStringLiteral("priority"), *changes.priority);
    }
    if (changes.dueDate) {
        sets << QStringLiteral("\"dueDate\" = :due");
        changed.insert(QStringLiteral("dueDate"),
                       changes.dueDate->isValid() ? changes.dueDate->toString(Qt::ISODate) : QString());
    }
    if (changes.assignedToId) {
        sets << QStringLiteral("\"assignedToId\" = :assignee");
        changed.insert(QStringLiteral("assignedToId"), *changes.assignedToId);
    }
    if (changes.stageId) {
        sets << QStringLiteral("\"stageId\" = :stage");
        changed.insert(QStringLiteral("stageId"), *changes.stageId);
    }
    if (!db.transaction())
        return failed(Failure::Other,
                      Text::tr("The change could not start: %1").arg(DbResult::errorText(db.lastError())));
    // The values before, for the audit trail's {field: [before, after]}.
    QSqlQuery before(db);
    before.prepare(QStringLiteral(
        "SELECT title, coalesce(description, ''), priority, \"dueDate\", "
        "coalesce(\"assignedToId\", ''), \"stageId\" FROM \"pipelineItem\" WHERE id = :id FOR UPDATE"));
    before.bindValue(QStringLiteral(":id"), itemId);
    if (before.exec() && before.next()) {
        const QStringList fields
            = {QStringLiteral("title"),   QStringLiteral("description"),  QStringLiteral("priority"),
               QStringLiteral("dueDate"), QStringLiteral("assignedToId"), QStringLiteral("stageId")};
        for (int f = 0; f < fields.size(); ++f) {
            if (!changed.contains(fields.at(f)))
                continue;
            const QVariant old = before.value(f);
            const QJsonValue oldJson = f == 3
                ? QJsonValue(old.toDateTime().isValid() ? old.toDateTime().toString(Qt::ISODate) : QString())
                : QJsonValue::fromVariant(old);
            changed.insert(fields.at(f), QJsonArray{oldJson, changed.value(fields.at(f))});
        }
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
                  "UPDATE \"pipelineItem\" i SET %1, version = i.version + 1, \"updatedAt\" = now() "
                  "WHERE i.id = :id AND i.\"deletedAt\" IS NULL AND (:unchecked OR i.version = :expected) "
                  "RETURNING i.id")
                  .arg(sets.join(QStringLiteral(", "))));
    if (changes.title)
        q.bindValue(QStringLiteral(":title"), changes.title->trimmed());
    if (changes.description)
        q.bindValue(QStringLiteral(":description"), *changes.description);
    if (changes.priority)
        q.bindValue(QStringLiteral(":priority"), *changes.priority);
    if (changes.dueDate)
        q.bindValue(QStringLiteral(":due"),
                    changes.dueDate->isValid() ? QVariant(changes.dueDate->toUTC())
                                               : QVariant(QMetaType(QMetaType::QDateTime)));
    if (changes.assignedToId)
        q.bindValue(QStringLiteral(":assignee"),
                    changes.assignedToId->isEmpty() ? QVariant(QMetaType(QMetaType::QString))
                                                    : QVariant(*changes.assignedToId));
    if (changes.stageId)
        q.bindValue(QStringLiteral(":stage"), *changes.stageId);
    q.bindValue(QStringLiteral(":id"), itemId);
    q.bindValue(QStringLiteral(":unchecked"), expectedVersion == 0);
    q.bindValue(QStringLiteral(":expected"), expectedVersion);
    if (!q.exec()) {
        const Failure failure = failureOf(q);
        const QString detail = DbResult::fromQuery(q).error;
        db.rollback();
        return failed(failure,
                      failure == Failure::StageGone
                          ? Text::tr("The stage or person chosen does not exist in this organization.")
                          : failure == Failure::Refused
                          ? Text::tr("The server refused the change: you may not change this card.")
                          : Text::tr("The change was not saved: %1").arg(detail),
                      detail);
    }
    if (!q.next()) {
        QSqlQuery why(db);
        why.prepare(QStringLiteral(
            "SELECT version, title FROM \"pipelineItem\" WHERE id = :id AND \"deletedAt\" IS NULL"));
        why.bindValue(QStringLiteral(":id"), itemId);
        const bool exists = why.exec() && why.next();
        const QString title = exists ? why.value(1).toString() : QString();
        const int version = exists ? why.value(0).toInt() : 0;
        db.rollback();
        if (!exists)
            return failed(Failure::Gone,
                          Text::tr("The card was deleted meanwhile (or you may no longer see it)."));
        WriteResult conflict
            = failed(Failure::Conflict,
                     Text::tr("\"%1\" was changed by someone else meanwhile (now version %2, "
                              "you edited version %3).")
                         .arg(title, QString::number(version), QString::number(expectedVersion)));
        QString error;
        conflict.items = items(db, {itemId}, &error); // theirs, to show next to mine
        return conflict;
    }
    QString error;
    WriteResult result;
    result.items = items(db, {itemId}, &error);
    if (!db.commit()) {
        db.rollback();
        return failed(Failure::Other,
                      Text::tr("The change was not saved: %1").arg(DbResult::errorText(db.lastError())));
    }
    return result;
}

QString resolveStage(const QSqlDatabase& db, const QString& itemId, const QString& stageKeyOrId,
                     QString* error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT s.id FROM \"pipelineStage\" s WHERE s.\"pipelineId\" = "
                             "(SELECT cs.\"pipelineId\" FROM \"pipelineItem\" i JOIN \"pipelineStage\" cs ON "
                             "cs.id = i.\"stageId\" "
                             " WHERE i.id = :item) AND (s.id = :stage OR s.key = :stage2)"));
    q.bindValue(QStringLiteral(":item"), itemId);
    q.bindValue(QStringLiteral(":stage"), stageKeyOrId);
    q.bindValue(QStringLiteral(":stage2"), stageKeyOrId);
    if (!q.exec()) {
        *error = DbResult::fromQuery(q).error;
        return {};
    }
    return q.next() ? q.value(0).toString() : QString();
}

QString resolveUser(const QSqlDatabase& db, const QString& idOrEmail, QString* error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "SELECT id FROM users WHERE (id = :v OR lower(email) = lower(:v2)) AND \"deletedAt\" IS NULL"));
    q.bindValue(QStringLiteral(":v"), idOrEmail);
    q.bindValue(QStringLiteral(":v2"), idOrEmail);
    if (!q.exec()) {
        *error = DbResult::fromQuery(q).error;
        return {};
    }
    return q.next() ? q.value(0).toString() : QString();
}

} // namespace BoardRepository

namespace BoardRepository {

QList<PipelineItem> myItems(const QSqlDatabase& db, QString* error)
{
    QList<PipelineItem> list;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT ") + QLatin1String(kItemColumns) + QLatin1String(kItemFrom)
                + QStringLiteral(
                    "JOIN \"pipelineStage\" s ON s.id = i.\"stageId\" "
                    "WHERE i.\"deletedAt\" IS NULL AND NOT s.\"isTerminal\" AND i.\"assignedToId\" = "
                    "(SELECT \"userId\" FROM staff_login WHERE login = current_user) "
                    "ORDER BY i.\"dueDate\" NULLS LAST, i.priority DESC, i.title"))) {
        if (error)
            *error = DbResult::fromQuery(q).error;
        return list;
    }
    while (q.next())
        list << readItem(q);
    fillNames(db, &list);
    return list;
}

WriteResult create(const QSqlDatabase& constDb, const QString& stageId, const QString& title,
                   const QString& givenId)
{
    QSqlDatabase db = constDb;
    ItemChanges check;
    check.title = title;
    const QHash<QString, QString> problems = validate(check);
    if (!problems.isEmpty())
        return failed(Failure::Other, problems.values().join(QLatin1Char(' ')));
    const QString id
        = givenId.isEmpty() ? QStringLiteral("c") + QUuid::createUuid().toString(QUuid::Id128) : givenId;
    if (!db.transaction())
        return failed(Failure::Other, DbResult::errorText(db.lastError()));
    QSqlQuery q(db);
    // The organization comes from the stage: row-level security has already checked both.
    q.prepare(QStringLiteral(
        "INSERT INTO \"pipelineItem\" (id, \"orgId\", \"stageId\", title, position, \"createdById\", "
        "\"updatedAt\") "
        "SELECT :id, s.\"orgId\", s.id, :title, "
        "coalesce((SELECT max(position) FROM \"pipelineItem\" WHERE \"stageId\" = s.id), 0) + :gap, "
        "(SELECT \"userId\" FROM staff_login WHERE login = current_user), now() "
        "FROM \"pipelineStage\" s WHERE s.id = :stage RETURNING id"));
    q.bindValue(QStringLiteral(":id"), id);
    q.bindValue(QStringLiteral(":gap"), kPositionGap);
    q.bindValue(QStringLiteral(":title"), title.trimmed());
    q.bindValue(QStringLiteral(":stage"), stageId);
    if (!q.exec() || !q.next()) {
        const bool noStage = q.lastError().type() == QSqlError::NoError;
        const Failure failure = noStage ? Failure::StageGone : failureOf(q);
        const QString detail = DbResult::fromQuery(q).error;
        db.rollback();
        return failed(failure,
                      noStage ? Text::tr("The stage no longer exists.")
                              : Text::tr("The card was not created: %1").arg(detail),
                      detail);
    }
    QString error;
    WriteResult result;
    result.items = items(db, {id}, &error);
    if (!db.commit()) {
        db.rollback();
        return failed(Failure::Other, DbResult::errorText(db.lastError()));
    }
    return result;
}

namespace {

WriteResult setDeleted(QSqlDatabase db, const QString& itemId, int expectedVersion, bool deleted)
{
    if (!db.transaction())
        return failed(Failure::Other, DbResult::errorText(db.lastError()));
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE \"pipelineItem\" i SET \"deletedAt\" = %1, version = i.version + 1, "
                             "\"updatedAt\" = now() "
                             "WHERE i.id = :id AND (i.\"deletedAt\" IS NULL) = :live AND (:unchecked OR "
                             "i.version = :expected) "
                             "RETURNING i.id")
                  .arg(deleted ? QStringLiteral("now()") : QStringLiteral("NULL")));
    q.bindValue(QStringLiteral(":id"), itemId);
    q.bindValue(QStringLiteral(":live"), deleted);
    q.bindValue(QStringLiteral(":unchecked"), expectedVersion == 0);
    q.bindValue(QStringLiteral(":expected"), expectedVersion);
    if (!q.exec() || !q.next()) {
        const bool matched = q.lastError().type() == QSqlError::NoError;
        const QString detail = DbResult::fromQuery(q).error;
        db.rollback();
        if (!matched)
            return failed(failureOf(q), Text::tr("The card could not be changed: %1").arg(detail), detail);
        return failed(deleted ? Failure::Conflict : Failure::Gone,
                      deleted ? Text::tr("The card was changed or deleted by someone else meanwhile.")
                              : Text::tr("The card can no longer be restored."));
    }
    QString error;
    WriteResult result;
    if (!deleted)
        result.items = items(db, {itemId}, &error);
    if (!db.commit()) {
        db.rollback();
        return failed(Failure::Other, DbResult::errorText(db.lastError()));
    }
    return result;
}

} // namespace

WriteResult remove(const QSqlDatabase& db, const QString& itemId, int expectedVersion)
{
    return setDeleted(db, itemId, expectedVersion, true);
}

WriteResult restore(const QSqlDatabase& db, const QString& itemId)
{
    return setDeleted(db, itemId, 0, false);
}

} // namespace BoardRepository
