#include "TaskRepository.h"

#include "DbResult.h"
#include "SyncedTableSql.h"
#include "TaskTable.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(TaskRepository)
};

using TaskRepository::Failure;
using TaskRepository::WriteResult;

// A task's columns as TaskTable describes them, then the names it shows for its assignee and stage.
const QString& taskColumns()
{
    static const QString columns = QStringLiteral("SELECT t.id, ")
        + SyncedTableSql::columns(TaskTable::table(), QStringLiteral("t"))
        + QStringLiteral(", t.version, coalesce(u.name, u.email, ''), coalesce(s.name, '') FROM ")
        + SyncedTableSql::identifier(TaskTable::table().sqlTable)
        + QStringLiteral(" t LEFT JOIN users u ON u.id = t.\"assignedToId\" "
                         "LEFT JOIN \"pipelineStage\" s ON s.id = t.\"stageId\" ");
    return columns;
}

const char kTemplates[] = "SELECT id, label, category, coalesce(description, ''), "
                          "coalesce(\"preferredPipelineKey\", ''), definition::text FROM \"TaskTemplate\" "
                          "WHERE \"isActive\" ";

using SyncedTableSql::kNowUtc;

QDateTime utc(const QVariant& value)
{
    QDateTime time = value.toDateTime();
    if (time.isValid())
        time.setTimeSpec(Qt::UTC);
    return time;
}

// A JSON column as text → its value; SQL NULL → Null. Any JSON value, not only objects.
QJsonValue jsonValue(const QVariant& text)
{
    if (text.isNull())
        return QJsonValue(QJsonValue::Null);
    const QByteArray raw = text.toString().toUtf8();
    const QJsonDocument doc = QJsonDocument::fromJson(raw);
    if (doc.isObject())
        return doc.object();
    if (doc.isArray())
        return doc.array();
    // A scalar at the top: parse it as the only element of an array.
    const QJsonDocument wrapped = QJsonDocument::fromJson(QByteArray('[' + raw + ']'));
    return wrapped.isArray() && !wrapped.array().isEmpty() ? wrapped.array().first() : QJsonValue();
}

TaskRepository::Task readTask(const QSqlQuery& q)
{
    const SyncedRecord<TaskRecord>& record = TaskTable::task();
    const QList<SyncedTable::Field>& fields = record.table().fields;
    TaskRepository::Task task;
    task.id = q.value(0).toString();
    int column = 1;
    for (int i = 0; i < fields.size(); ++i) {
        if (fields.at(i).isColumn())
            record.setAt(&task, i, fields.at(i).encoded(q.value(column++)));
    }
    task.version = q.value(column).toInt();
    task.assigneeName = q.value(column + 1).toString();
    task.stageName = q.value(column + 2).toString();
    return task;
}

TaskRepository::Template readTemplate(const QSqlQuery& q)
{
    TaskRepository::Template t;
    t.id = q.value(0).toString();
    t.label = q.value(1).toString();
    t.category = q.value(2).toString();
    t.description = q.value(3).toString();
    t.preferredPipelineKey = q.value(4).toString();
    t.definition = jsonValue(q.value(5)).toObject();
    return t;
}

// Activity entries (task.created, task.status) are written by the database (trigger
// astralis_audit, migration security_hardening), with the user it knows from the login.

WriteResult failed(Failure failure, const QString& message, const QString& detail = {})
{
    WriteResult r;
    r.failure = failure;
    r.message = message;
    r.detail = detail;
    return r;
}

Failure failureOf(const QSqlQuery& q)
{
    const QString state = q.lastError().nativeErrorCode();
    if (state == QLatin1String("23503"))
        return Failure::PipelineMissing;
    if (state == QLatin1String("42501"))
        return Failure::Refused;
    return Failure::Other;
}

// The first number found under these keys, in order (paths of at most two keys).
std::optional<double> numberAt(const QJsonObject& object, const QList<QStringList>& paths)
{
    for (const QStringList& path : paths) {
        QJsonValue value = object.value(path.first());
        if (path.size() > 1)
            value = value.toObject().value(path.at(1));
        if (value.isDouble())
            return value.toDouble();
    }
    return std::nullopt;
}

QString textAt(const QJsonObject& object, const QStringList& keys)
{
    for (const QString& key : keys) {
        const QString text = object.value(key).toString().trimmed();
        if (!text.isEmpty())
            return text;
    }
    return {};
}

} // namespace

namespace TaskRepository {

Prefill prefill(const Template& tmpl)
{
    const QJsonObject& def = tmpl.definition;
    Prefill p;
    p.title = textAt(def, {QStringLiteral("title"), QStringLiteral("summary")});
    if (p.title.isEmpty())
        p.title = tmpl.label.trimmed();
    p.description = textAt(def, {QStringLiteral("description")});
    if (p.description.isEmpty())
        p.description = tmpl.description;

    // The seeded catalog keeps the priority among the routing hints; a flat key wins.
    const auto priority = numberAt(def,
                                   {{QStringLiteral("defaultPriority")},
                                    {QStringLiteral("routing"), QStringLiteral("defaultPriority")}});
    if (priority)
        p.priority = std::clamp(int(*priority), 0, 3);

    // An explicit due date wins; else the SLA's resolution time is when it is due.
    if (const auto days = numberAt(def, {{QStringLiteral("dueInDays")}}))
        p.dueInHours = int(*days * 24);
    else if (const auto hours = numberAt(def,
                                         {{QStringLiteral("dueInHours")},
                                          {QStringLiteral("sla"), QStringLiteral("resolutionHours")}}))
        p.dueInHours = int(*hours);
    if (p.dueInHours && *p.dueInHours <= 0)
        p.dueInHours.reset();

    // The steps to work through become the task's checklist, in the shape the platform uses.
    QJsonArray checklist;
    const QJsonArray steps = def.value(QStringLiteral("steps")).toArray();
    for (const QJsonValue& step : steps) {
        const QString text
            = step.isString() ? step.toString() : step.toObject().value(QStringLiteral("title")).toString();
        if (!text.trimmed().isEmpty())
            checklist.append(
                QJsonObject{{QStringLiteral("text"), text.trimmed()}, {QStringLiteral("done"), false}});
    }
    if (!checklist.isEmpty())
        p.data.insert(QStringLiteral("checklist"), checklist);
    if (def.contains(QStringLiteral("version")))
        p.data.insert(QStringLiteral("templateVersion"), def.value(QStringLiteral("version")));
    return p;
}

QList<Template> templates(const QSqlDatabase& db, QString* error)
{
    QList<Template> list;
    QSqlQuery q(db);
    if (!q.exec(QLatin1String(kTemplates) + QStringLiteral("ORDER BY category, label, id"))) {
        if (error)
            *error = DbResult::fromQuery(q).error;
        return list;
    }
    while (q.next())
        list << readTemplate(q);
    return list;
}

QList<Task> tasks(const QSqlDatabase& db, const QString& pipelineId, QString* error)
{
    QList<Task> list;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(taskColumns()
              + QStringLiteral("WHERE t.\"pipelineId\" = :p AND t.\"deletedAt\" IS NULL "
                               "ORDER BY t.\"createdAt\" DESC, t.id DESC"));
    q.bindValue(QStringLiteral(":p"), pipelineId);
    if (!q.exec()) {
        if (error)
            *error = DbResult::fromQuery(q).error;
        return list;
    }
    while (q.next())
        list << readTask(q);
    return list;
}

Task task(const QSqlDatabase& db, const QString& taskId, QString* error)
{
    QSqlQuery q(db);
    q.prepare(taskColumns() + QStringLiteral("WHERE t.id = :id AND t.\"deletedAt\" IS NULL"));
    q.bindValue(QStringLiteral(":id"), taskId);
    if (!q.exec()) {
        if (error)
            *error = DbResult::fromQuery(q).error;
        return {};
    }
    return q.next() ? readTask(q) : Task();
}

WriteResult createFromTemplate(const QSqlDatabase& constDb, const QString& templateId,
                               const QString& pipelineKeyOverride)
{
    QSqlDatabase db = constDb;
    if (!db.transaction())
        return failed(Failure::Other,
                      Text::tr("The task could not be created: %1").arg(DbResult::errorText(db.lastError())));
    auto fail = [&db](Failure failure, const QString& message, const QString& detail = {}) {
        db.rollback();
        return failed(failure, message, detail);
    };

    QSqlQuery t(db);
    t.prepare(QLatin1String(kTemplates) + QStringLiteral("AND id = :id"));
    t.bindValue(QStringLiteral(":id"), templateId);
    if (!t.exec())
        return fail(failureOf(t),
                    Text::tr("The task could not be created: %1").arg(DbResult::fromQuery(t).error),
                    DbResult::fromQuery(t).error);
    if (!t.next())
        return fail(Failure::TemplateGone, Text::tr("This template no longer exists or was retired."));
    const Template tmpl = readTemplate(t);

    const bool overridden = !pipelineKeyOverride.isEmpty();
    const QString key = overridden ? pipelineKeyOverride : tmpl.preferredPipelineKey;
    if (key.isEmpty())
        return fail(Failure::PipelineMissing,
                    Text::tr("The template \"%1\" names no pipeline: choose the pipeline for the task.")
                        .arg(tmpl.label));

    // Row-level security limits a staff login to its own organization's pipelines, so the key
    // resolves to this organization's pipeline. A privileged connection sees every organization:
    // it must not guess among them.
    QSqlQuery p(db);
    p.prepare(QStringLiteral("SELECT id, \"orgId\", name, \"isActive\" FROM pipeline WHERE key = :key "
                             "ORDER BY \"isActive\" DESC, id"));
    p.bindValue(QStringLiteral(":key"), key);
    if (!p.exec())
        return fail(failureOf(p),
                    Text::tr("The task could not be created: %1").arg(DbResult::fromQuery(p).error),
                    DbResult::fromQuery(p).error);
    if (!p.next())
        return fail(
            Failure::PipelineMissing,
            overridden
                ? Text::tr("The pipeline '%1' does not exist in your organization.").arg(key)
                : Text::tr("This template's pipeline '%1' does not exist in your organization.").arg(key));
    const QString pipelineId = p.value(0).toString();
    const QString pipelineName = p.value(2).toString();
    const bool active = p.value(3).toBool();
    if (p.next())
        return fail(
            Failure::Other,
            Text::tr("The pipeline '%1' exists in several organizations. Sign in with a staff login to "
                     "create tasks for your organization.")
                .arg(key));
    if (!active)
        return fail(Failure::PipelineMissing,
                    Text::tr("The pipeline \"%1\" is archived; restore it before adding tasks to it.")
                        .arg(pipelineName));

    QSqlQuery s(db);
    s.prepare(QStringLiteral("SELECT id FROM \"pipelineStage\" WHERE \"pipelineId\" = :p "
                             "ORDER BY \"order\", name, id LIMIT 1"));
    s.bindValue(QStringLiteral(":p"), pipelineId);
    if (!s.exec())
        return fail(failureOf(s),
                    Text::tr("The task could not be created: %1").arg(DbResult::fromQuery(s).error),
                    DbResult::fromQuery(s).error);
    if (!s.next())
        return fail(Failure::PipelineMissing,
                    Text::tr("The pipeline \"%1\" has no stages yet.").arg(pipelineName));
    const QString stageId = s.value(0).toString();

    const Prefill fill = prefill(tmpl);
    const QString id = QStringLiteral("c") + QUuid::createUuid().toString(QUuid::Id128);
    QSqlQuery insert(db);
    // The organization comes from the pipeline: row-level security has already checked it.
    insert.prepare(
        QStringLiteral("INSERT INTO \"Task\" (id, \"orgId\", \"templateId\", source, title, "
                       "description, status, priority, \"pipelineId\", \"stageId\", \"createdById\", "
                       "\"dueDate\", data, \"createdAt\", \"updatedAt\") "
                       "SELECT :id, p.\"orgId\", :template, 'console', :title, :description, 'NEW', "
                       ":priority, p.id, :stage, "
                       "(SELECT \"userId\" FROM staff_login WHERE login = current_user), ")
        + QLatin1String(kNowUtc) + QStringLiteral(" + make_interval(hours => :hours), ")
        + QStringLiteral("CAST(:data AS jsonb), ") + QLatin1String(kNowUtc) + QStringLiteral(", ")
        + QLatin1String(kNowUtc) + QStringLiteral(" FROM pipeline p WHERE p.id = :pipeline RETURNING id"));
    insert.bindValue(QStringLiteral(":id"), id);
    insert.bindValue(QStringLiteral(":template"), tmpl.id);
    insert.bindValue(QStringLiteral(":title"), fill.title);
    insert.bindValue(QStringLiteral(":description"),
                     fill.description.isEmpty() ? QVariant(QMetaType(QMetaType::QString))
                                                : QVariant(fill.description));
    insert.bindValue(QStringLiteral(":priority"), fill.priority);
    insert.bindValue(QStringLiteral(":stage"), stageId);
    // NULL hours → NULL due date.
    insert.bindValue(QStringLiteral(":hours"),
                     fill.dueInHours ? QVariant(*fill.dueInHours) : QVariant(QMetaType(QMetaType::Int)));
    insert.bindValue(QStringLiteral(":data"),
                     fill.data.isEmpty() ? QVariant(QMetaType(QMetaType::QString))
                                         : QVariant(QString::fromUtf8(
                                             QJsonDocument(fill.data).toJson(QJsonDocument::Compact))));
    insert.bindValue(QStringLiteral(":pipeline"), pipelineId);
    if (!insert.exec() || !insert.next()) {
        const QString detail = DbResult::fromQuery(insert).error;
        const Failure failure
            = insert.lastError().type() == QSqlError::NoError ? Failure::PipelineMissing : failureOf(insert);
        return fail(failure,
                    failure == Failure::Refused
                        ? Text::tr("The server refused the new task: you may not add tasks to this pipeline.")
                        : failure == Failure::PipelineMissing
                        ? Text::tr("The pipeline \"%1\" was removed meanwhile.").arg(pipelineName)
                        : Text::tr("The task could not be created: %1").arg(detail),
                    detail);
    }

    QString error;
    WriteResult result;
    result.task = task(db, id, &error);
    if (!db.commit())
        return fail(Failure::Other,
                    Text::tr("The task could not be created: %1").arg(DbResult::errorText(db.lastError())));
    return result;
}

QList<DecisionEntry> decisionLog(const QSqlDatabase& db, const QString& taskId, QString* error)
{
    QList<DecisionEntry> list;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, \"eventName\", decision::text, \"llmCall\"::text, \"createdAt\" "
                             "FROM \"DecisionLog\" WHERE \"taskId\" = :t ORDER BY \"createdAt\", id"));
    q.bindValue(QStringLiteral(":t"), taskId);
    if (!q.exec()) {
        if (error)
            *error = DbResult::fromQuery(q).error;
        return list;
    }
    while (q.next()) {
        DecisionEntry entry;
        entry.id = q.value(0).toString();
        entry.eventName = q.value(1).toString();
        entry.decision = jsonValue(q.value(2));
        entry.llmCall = jsonValue(q.value(3));
        entry.createdAt = utc(q.value(4));
        list << entry;
    }
    return list;
}

} // namespace TaskRepository
