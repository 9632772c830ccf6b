#include "PipelineItemApplier.h"

#include "PgStatement.h"

#include <QCoreApplication>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(PipelineItemApplier)
};

// The card's columns an outbox entry may carry, and how each is written.
struct Column
{
    const char* field;
    const char* sql; // the column
    const char* cast; // the value's SQL expression around %1
};
const Column kColumns[] = {
    {"title", "title", "CAST(%1 AS text)"},
    {"description", "description", "CAST(%1 AS text)"},
    {"priority", "priority", "CAST(%1 AS integer)"},
    // Epoch milliseconds, stored as Prisma does: TIMESTAMP(3) in UTC.
    {"dueDate", "\"dueDate\"", "(to_timestamp(CAST(%1 AS bigint) / 1000.0) AT TIME ZONE 'UTC')"},
    {"assignedToId", "\"assignedToId\"", "CAST(%1 AS text)"},
    {"stageId", "\"stageId\"", "CAST(%1 AS text)"},
    {"position", "position", "CAST(%1 AS double precision)"},
};

// The server's values of the same fields, in the same form the console queues them.
const char kCurrentColumns[]
    = "c.version, c.\"deletedAt\" IS NOT NULL, c.title, coalesce(c.description, ''), c.priority, "
      "(extract(epoch FROM c.\"dueDate\") * 1000)::bigint, coalesce(c.\"assignedToId\", ''), c.\"stageId\", "
      "c.position";

QVariantMap currentValues(const QVariantList& q, int first)
{
    QVariantMap theirs;
    theirs.insert(QStringLiteral("title"), q.value(first + 2).toString());
    theirs.insert(QStringLiteral("description"), q.value(first + 3).toString());
    theirs.insert(QStringLiteral("priority"), q.value(first + 4).toInt());
    theirs.insert(QStringLiteral("dueDate"),
                  q.value(first + 5).isValid() ? QVariant(q.value(first + 5).toLongLong()) : QVariant());
    theirs.insert(QStringLiteral("assignedToId"), q.value(first + 6).toString());
    theirs.insert(QStringLiteral("stageId"), q.value(first + 7).toString());
    theirs.insert(QStringLiteral("position"), q.value(first + 8).toDouble());
    theirs.insert(QStringLiteral("deletedAt"), q.value(first + 1).toBool());
    return theirs;
}

ApplyOutcome failure(const PgStatement::Result& r)
{
    ApplyOutcome o;
    o.kind = ApplyOutcome::Kind::Failed;
    o.sqlState = r.sqlState;
    o.error = r.error;
    // Two replays of one mutation at once (console and astralis-cli): the loser retries and
    // then finds it recorded (or, when the id is another row's, refuses it then).
    if (o.sqlState == QLatin1String("23505") && o.error.contains(QLatin1String("client_mutation_pkey")))
        o.sqlState = QStringLiteral("40001");
    return o;
}

ApplyOutcome injected(bool answerLost)
{
    ApplyOutcome o;
    o.kind = ApplyOutcome::Kind::Failed;
    o.sqlState = QStringLiteral("08006");
    o.error = answerLost ? QStringLiteral("injected fault: the answer was lost")
                         : QStringLiteral("injected fault: the request was lost");
    return o;
}

} // namespace

ApplyOutcome PipelineItemApplier::apply(QSqlDatabase& db, const OutboxEntry& entry, const QVariantMap& fields,
                                        int expectedVersion, ReplayFaults* faults)
{
    // Every value is a parameter ($n): ids, titles and the rest never become SQL text.
    PgStatement statement;
    const QString m = statement.bind(entry.mutationId);
    const QString id = statement.bind(entry.rowId);

    QString sql
        = QStringLiteral("WITH done AS (SELECT \"resultVersion\" AS v, (\"entityType\", \"entityId\") = "
                         "('pipelineItem', %2) AS same FROM client_mutation WHERE id = %1), ")
              .arg(m, id);
    if (entry.op == OutboxEntry::Op::Create) {
        QStringList columns
            = {QStringLiteral("id"), QStringLiteral("\"orgId\""), QStringLiteral("\"stageId\""),
               QStringLiteral("\"createdById\""), QStringLiteral("\"updatedAt\"")};
        QStringList values
            = {id, QStringLiteral("st.\"orgId\""), QStringLiteral("st.id"),
               QStringLiteral("(SELECT \"userId\" FROM staff_login WHERE login = current_user)"),
               QStringLiteral("now()")};
        for (const Column& c : kColumns) {
            const QString field = QLatin1String(c.field);
            if (field == QLatin1String("stageId") || !fields.contains(field))
                continue;
            columns << QLatin1String(c.sql);
            values << QString::fromLatin1(c.cast).arg(statement.bind(fields.value(field)));
        }
        sql += QStringLiteral("st AS (SELECT id, \"orgId\" FROM \"pipelineStage\" WHERE id = %1), "
                              "w AS (INSERT INTO \"pipelineItem\" (%2) SELECT %3 FROM st "
                              "      WHERE NOT EXISTS (SELECT 1 FROM done) ON CONFLICT (id) DO NOTHING "
                              "      RETURNING id, \"orgId\", version), ")
                   .arg(statement.bind(fields.value(QStringLiteral("stageId"))),
                        columns.join(QLatin1String(", ")), values.join(QLatin1String(", ")));
    } else {
        // Only the fields this change writes: an UPDATE that leaves indexed columns out can be
        // a HOT update, and the reference check fires only for references it writes.
        QStringList sets;
        for (const Column& c : kColumns) {
            const QString field = QLatin1String(c.field);
            if (!fields.contains(field))
                continue;
            sets << QStringLiteral("%1 = %2").arg(
                QLatin1String(c.sql), QString::fromLatin1(c.cast).arg(statement.bind(fields.value(field))));
        }
        if (entry.op == OutboxEntry::Op::Delete)
            sets << QStringLiteral("\"deletedAt\" = now()");
        if (entry.op == OutboxEntry::Op::Restore)
            sets << QStringLiteral("\"deletedAt\" = NULL");
        sets << QStringLiteral("version = i.version + 1") << QStringLiteral("\"updatedAt\" = now()");
        sql += QStringLiteral("w AS (UPDATE \"pipelineItem\" i SET %1 WHERE i.id = %2 AND i.version = %3 "
                              "      AND i.\"deletedAt\" IS %4 NULL AND NOT EXISTS (SELECT 1 FROM done) "
                              "      RETURNING i.id, i.\"orgId\", i.version), ")
                   .arg(sets.join(QLatin1String(", ")), id, statement.bind(expectedVersion),
                        entry.op == OutboxEntry::Op::Restore ? QStringLiteral("NOT") : QString());
    }
    sql += QStringLiteral("mark AS (INSERT INTO client_mutation (id, \"orgId\", \"entityType\", "
                          "\"entityId\", \"resultVersion\") "
                          "         SELECT %1, \"orgId\", 'pipelineItem', id, version FROM w) "
                          "SELECT (SELECT v FROM done WHERE same), (SELECT version FROM w), %2, "
                          "coalesce((SELECT NOT same FROM done), false) "
                          "FROM (SELECT 1) one LEFT JOIN \"pipelineItem\" c ON c.id = %3")
               .arg(m, QLatin1String(kCurrentColumns), id);

    const int call = faults ? ++faults->calls : 0;
    if (faults && faults->failBefore && faults->failBefore(call))
        return injected(false);
    const PgStatement::Result result = statement.exec(db, sql);
    if (!result.ok)
        return failure(result);
    if (faults && faults->failAfter && faults->failAfter(call))
        return injected(true);
    if (result.rows.isEmpty()) {
        ApplyOutcome o;
        o.error = Text::tr("The server gave no answer to a replayed change.");
        return o;
    }
    return interpret(result.rows.first(), entry, expectedVersion);
}

ApplyOutcome PipelineItemApplier::interpret(const QVariantList& q, const OutboxEntry& entry,
                                            int expectedVersion)
{
    ApplyOutcome o;
    if (q.last().toBool()) {
        // The mutation id is recorded for another row of this organization: not this change's
        // record, so neither "already applied" nor something a retry would fix.
        o.kind = ApplyOutcome::Kind::Failed;
        o.sqlState = QStringLiteral("23505");
        o.error = Text::tr("The server already has a change with this change's id (%1) for another item; "
                           "it was not applied. Discard it and make the change again.")
                      .arg(entry.mutationId);
        return o;
    }
    if (q.value(0).isValid()) {
        o.kind = ApplyOutcome::Kind::AlreadyApplied;
        o.newVersion = q.value(0).toInt();
        return o;
    }
    if (q.value(1).isValid()) {
        o.kind = ApplyOutcome::Kind::Applied;
        o.newVersion = q.value(1).toInt();
        return o;
    }
    const bool exists = q.value(2).isValid();
    const int version = q.value(2).toInt();
    const bool deleted = q.value(3).toBool();
    if (entry.op == OutboxEntry::Op::Create) {
        if (exists) { // made by this same change before its acknowledgement was lost
            o.kind = ApplyOutcome::Kind::AlreadyApplied;
            o.newVersion = version;
            return o;
        }
        o.kind = ApplyOutcome::Kind::Failed;
        o.sqlState = QStringLiteral("23503");
        o.error = Text::tr("The card's stage no longer exists (or is not visible to you).");
        return o;
    }
    if (!exists || (deleted && entry.op != OutboxEntry::Op::Restore)) {
        o.kind = ApplyOutcome::Kind::Gone;
        o.theirsVersion = exists ? version : 0;
        return o;
    }
    if (entry.op == OutboxEntry::Op::Restore && !deleted) {
        o.kind = ApplyOutcome::Kind::Failed;
        o.sqlState = QStringLiteral("40001"); // restored meanwhile: the next attempt edits it
        o.error = Text::tr("The card was restored meanwhile.");
        return o;
    }
    if (version == expectedVersion) {
        // The version matched but the write did not: changed between our read and write.
        o.kind = ApplyOutcome::Kind::Failed;
        o.sqlState = QStringLiteral("40001");
        o.error = Text::tr("The card changed while the change was sent; it is sent again.");
        return o;
    }
    o.kind = ApplyOutcome::Kind::VersionMismatch;
    o.theirs = currentValues(q, 2);
    o.theirsVersion = version;
    return o;
}
