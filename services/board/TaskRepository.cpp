#include "TaskRepository.h"

#include "DbResult.h"

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

const char kTaskColumns[]
    = "SELECT t.id, t.title, coalesce(t.description, ''), t.status::text, t.priority, "
      "coalesce(t.\"assignedToId\", ''), coalesce(u.name, u.email, ''), t.\"dueDate\", t.\"completedAt\", "
      "t.\"createdAt\", coalesce(t.\"pipelineId\", ''), coalesce(t.\"stageId\", ''), coalesce(s.name, ''), "
      "coalesce(t.\"templateId\", ''), t.source, t.version "
      "FROM \"Task\" t LEFT JOIN users u ON u.id = t.\"assignedToId\" "
      "LEFT JOIN \"pipelineStage\" s ON s.id = t.\"stageId\" ";

const char kTemplates[] = "SELECT id, label, category, coalesce(description, ''), "
                          "coalesce(\"preferredPipelineKey\", ''), definition::text FROM \"TaskTemplate\" "
                          "WHERE \"isActive\" ";

// Timestamps are written in UTC whatever the session's time zone: Prisma DateTime columns are
// TIMESTAMP(3) without time zone, holding UTC.
const char kNowUtc[] = "(now() AT TIME ZONE 'UTC')";

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
    TaskRepository::Task task;
    task.id = q.value(0).toString();
    task.title = q.value(1).toString();
    task.description = q.value(2).toString();
    task.statusValue = q.value(3).toString();
    task.status = TaskStatusFlow::fromDatabase(task.statusValue);
    task.priority = q.value(4).toInt();
    task.assignedToId = q.value(5).toString();
    task.assigneeName = q.value(6).toString();
    task.dueDate = utc(q.value(7));
    task.completedAt = utc(q.value(8));
    task.createdAt = utc(q.value(9));
    task.pipelineId = q.value(10).toString();
    task.stageId = q.value(11).toString();
    task.stageName = q.value(12).toString();
    task.templateId = q.value(13).toString();
    task.source = q.value(14).toString();
    task.version = q.value(15).toInt();
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
    q.prepare(QLatin1String(kTaskColumns)
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
    q.prepare(QLatin1String(kTaskColumns) + QStringLiteral("WHERE t.id = :id AND t.\"deletedAt\" IS NULL"));
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

WriteResult setStatus(const QSqlDatabase& constDb, const QString& taskId, TaskStatus to, int expectedVersion,
                      const QString& mutationId)
{
    QSqlDatabase db = constDb;
    if (!db.transaction())
        return failed(
            Failure::Other,
            Text::tr("The status could not be changed: %1").arg(DbResult::errorText(db.lastError())));
    QString sqlState; // of the statement that failed
    auto fail = [&db, &sqlState](Failure failure, const QString& message, const QString& detail = {}) {
        db.rollback();
        WriteResult r = failed(failure, message, detail);
        r.sqlState = sqlState;
        return r;
    };
    if (!mutationId.isEmpty()) {
        QSqlQuery done(db);
        done.prepare(
            QStringLiteral("SELECT \"resultVersion\", (\"entityType\", \"entityId\") = ('Task', :id) "
                           "FROM client_mutation WHERE id = :m"));
        done.bindValue(QStringLiteral(":m"), mutationId);
        done.bindValue(QStringLiteral(":id"), taskId);
        if (!done.exec()) {
            sqlState = done.lastError().nativeErrorCode();
            return fail(Failure::Other,
                        Text::tr("The status could not be changed: %1").arg(DbResult::fromQuery(done).error));
        }
        if (done.next() && !done.value(1).toBool()) {
            // Recorded for another row: a clash, refused for good (a retry would clash again).
            sqlState = QStringLiteral("23505");
            return fail(Failure::Other,
                        Text::tr("The server already has a change with this change's id (%1) for another "
                                 "item; it was not applied. Discard it and make the change again.")
                            .arg(mutationId));
        }
        if (done.isValid()) {
            WriteResult already;
            already.alreadyApplied = true;
            already.resultVersion = done.value(0).toInt();
            db.rollback();
            return already;
        }
    }

    // The flow is checked against the status in the database now, locked until the commit, so two
    // consoles cannot both make a change that is only valid from the status they both saw.
    QSqlQuery current(db);
    current.prepare(QStringLiteral("SELECT status::text, version, title FROM \"Task\" "
                                   "WHERE id = :id AND \"deletedAt\" IS NULL FOR UPDATE"));
    current.bindValue(QStringLiteral(":id"), taskId);
    if (!current.exec()) {
        sqlState = current.lastError().nativeErrorCode();
        const Failure failure = failureOf(current);
        const QString detail = DbResult::fromQuery(current).error;
        return fail(failure,
                    failure == Failure::Refused
                        ? Text::tr("The server refused the change: you may not change this task.")
                        : Text::tr("The status could not be changed: %1").arg(detail),
                    detail);
    }
    if (!current.next())
        return fail(Failure::Gone, Text::tr("The task was deleted meanwhile (or you may no longer see it)."));
    const QString fromValue = current.value(0).toString();
    const int version = current.value(1).toInt();
    const QString title = current.value(2).toString();

    QString error;
    if (expectedVersion != 0 && version != expectedVersion) {
        WriteResult conflict
            = fail(Failure::Conflict,
                   Text::tr("\"%1\" was changed by someone else meanwhile (now version %2, "
                            "you saw version %3). Check its status and try again.")
                       .arg(title, QString::number(version), QString::number(expectedVersion)));
        conflict.task = task(db, taskId, &error); // theirs, to show instead
        return conflict;
    }
    const std::optional<TaskStatus> from = TaskStatusFlow::fromDatabase(fromValue);
    if (!from)
        return fail(
            Failure::Other,
            Text::tr("\"%1\" has the status \"%2\", which this console does not know; change it in the "
                     "web platform.")
                .arg(title, fromValue));
    const TransitionCheck check = TaskStatusFlow::check(*from, to);
    if (!check.allowed) {
        WriteResult refused = fail(Failure::NotAllowed, check.reason);
        refused.task = task(db, taskId, &error);
        return refused;
    }

    QSqlQuery update(db);
    update.prepare(
        QStringLiteral("UPDATE \"Task\" SET status = CAST(:to AS \"TaskStatus\"), version = version + 1, "
                       "\"updatedAt\" = ")
        + QLatin1String(kNowUtc) + QStringLiteral(", \"completedAt\" = CASE WHEN :done THEN ")
        + QLatin1String(kNowUtc) + QStringLiteral(" END WHERE id = :id RETURNING id"));
    update.bindValue(QStringLiteral(":to"), TaskStatusFlow::toDatabase(to));
    // Done records when the work was finished; any other status (a reopened task) has none.
    update.bindValue(QStringLiteral(":done"), to == TaskStatus::Done);
    update.bindValue(QStringLiteral(":id"), taskId);
    if (!update.exec() || !update.next()) {
        sqlState = update.lastError().nativeErrorCode();
        const bool matched = update.lastError().type() != QSqlError::NoError;
        const Failure failure = matched ? failureOf(update) : Failure::Gone;
        const QString detail = DbResult::fromQuery(update).error;
        return fail(failure,
                    failure == Failure::Gone
                        ? Text::tr("The task was deleted meanwhile (or you may no longer see it).")
                        : failure == Failure::Refused
                        ? Text::tr("The server refused the change: you may not change this task.")
                        : Text::tr("The status could not be changed: %1").arg(detail),
                    detail);
    }
    const QString toValue = TaskStatusFlow::toDatabase(to);
    if (!mutationId.isEmpty()) {
        QSqlQuery mark(db);
        mark.prepare(
            QStringLiteral("INSERT INTO client_mutation (id, \"orgId\", \"entityType\", \"entityId\", "
                           "\"resultVersion\") SELECT :m, \"orgId\", 'Task', id, version FROM \"Task\" "
                           "WHERE id = :id"));
        mark.bindValue(QStringLiteral(":m"), mutationId);
        mark.bindValue(QStringLiteral(":id"), taskId);
        if (!mark.exec()) {
            sqlState = mark.lastError().nativeErrorCode();
            return fail(Failure::Other,
                        Text::tr("The status could not be changed: %1").arg(DbResult::fromQuery(mark).error));
        }
    }
    WriteResult result;
    result.task = task(db, taskId, &error);
    if (!db.commit())
        return fail(Failure::Other,
                    Text::tr("The status could not be changed: %1").arg(DbResult::errorText(db.lastError())));
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
