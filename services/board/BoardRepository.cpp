#include "BoardRepository.h"

#include "DbResult.h"
#include "PipelineItemTable.h"
#include "SyncedTableSql.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

namespace {

const char kPipelineOfStage[] = "SELECT \"pipelineId\" FROM \"pipelineStage\" WHERE id = :s";
const char kLastPosition[] = "SELECT max(position) FROM \"pipelineItem\" WHERE \"stageId\" = :s AND id <> :i "
                             "AND \"deletedAt\" IS NULL";

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(BoardRepository)
};

// A card's columns as PipelineItemTable describes them. Assignee names are looked up separately
// (one small query) and filled in here: a join with "users" under row-level security turns the
// 10,000-row board query into a nested loop.
const QString& itemColumns()
{
    static const QString columns = QStringLiteral("i.id, ")
        + SyncedTableSql::columns(PipelineItemTable::table(), QStringLiteral("i"))
        + QStringLiteral(", i.version");
    return columns;
}
const QString& itemFrom()
{
    static const QString from = QStringLiteral(" FROM ")
        + SyncedTableSql::identifier(PipelineItemTable::table().sqlTable) + QStringLiteral(" i ");
    return from;
}

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

PipelineItem readItem(const QSqlQuery& q)
{
    const SyncedRecord<PipelineItem>& card = PipelineItemTable::item();
    const QList<SyncedTable::Field>& fields = card.table().fields;
    PipelineItem item;
    item.id = q.value(0).toString();
    int column = 1;
    for (int i = 0; i < fields.size(); ++i) {
        if (fields.at(i).isColumn())
            card.setAt(&item, i, fields.at(i).encoded(q.value(column++)));
    }
    item.version = q.value(column).toInt();
    return item;
}

// A list of ids as one bound parameter (a JSON array the server unpacks): ids come from
// change_log and are chosen by whoever wrote the row, so they never become SQL text.
QString jsonIdList(const QStringList& ids)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(ids)).toJson(QJsonDocument::Compact));
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
    items.prepare(QStringLiteral("SELECT ") + itemColumns() + itemFrom()
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
    q.prepare(QStringLiteral("SELECT ") + itemColumns() + itemFrom()
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

QList<PipelineStage> stagesBeside(const QSqlDatabase& db, const QString& stageId, QString* error)
{
    QSqlQuery q(db);
    q.prepare(QLatin1String(kPipelineOfStage));
    q.bindValue(QStringLiteral(":s"), stageId);
    if (!q.exec()) {
        if (error)
            *error = DbResult::fromQuery(q).error;
        return {};
    }
    return q.next() ? stages(db, q.value(0).toString(), error) : QList<PipelineStage>();
}

std::optional<double> lastPosition(const QSqlDatabase& db, const QString& stageId,
                                   const QString& exceptItemId, QString* error)
{
    QSqlQuery q(db);
    q.prepare(QLatin1String(kLastPosition));
    q.bindValue(QStringLiteral(":s"), stageId);
    q.bindValue(QStringLiteral(":i"), exceptItemId);
    if (!q.exec() || !q.next()) {
        if (error)
            *error = DbResult::fromQuery(q).error;
        return std::nullopt;
    }
    return q.isNull(0) ? std::nullopt : std::optional<double>(q.value(0).toDouble());
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

QList<PipelineItem> myItems(const QSqlDatabase& db, QString* error)
{
    QList<PipelineItem> list;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT ") + itemColumns() + itemFrom()
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

} // namespace BoardRepository
