#include "SyncedTableApplier.h"

#include "PgStatement.h"
#include "SyncedTableSql.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace {

// The sentences every table shares were the card applier's: they keep its translations.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(PipelineItemApplier)
};

// The general wording, for tables that do not name their kind of row.
struct General
{
    Q_DECLARE_TR_FUNCTIONS(SyncedTableApplier)
};

using SyncedTableSql::identifier;

ApplyOutcome failed(const QString& sqlState, const QString& error)
{
    ApplyOutcome o;
    o.kind = ApplyOutcome::Kind::Failed;
    o.sqlState = sqlState;
    o.error = error;
    return o;
}

ApplyOutcome failure(const PgStatement::Result& r, const SyncedTable& table)
{
    ApplyOutcome o = failed(r.sqlState, r.error);
    // Two replays of one mutation at once (console and astralis-cli): the loser retries and
    // then finds it recorded (or, when the id is another row's, refuses it then).
    if (o.sqlState == QLatin1String("23505") && o.error.contains(QLatin1String("client_mutation_pkey")))
        o.sqlState = QStringLiteral("40001");
    if (o.sqlState == QLatin1String("42501") && table.sentences.refused)
        o.error = table.sentences.refused();
    return o;
}

ApplyOutcome injected(bool answerLost)
{
    return failed(QStringLiteral("08006"),
                  answerLost ? QStringLiteral("injected fault: the answer was lost")
                             : QStringLiteral("injected fault: the request was lost"));
}

QString sentence(const std::function<QString()>& own, const QString& general)
{
    return own ? own() : general;
}

} // namespace

SyncedTableApplier::SyncedTableApplier(const SyncedTable& table)
    : m_table(table)
{ }

QString SyncedTableApplier::cannotSend(const QString& what) const
{
    return m_table.sentences.cannotSend ? m_table.sentences.cannotSend(what)
                                        : General::tr("This console cannot send this change (%1).").arg(what);
}

ApplyOutcome SyncedTableApplier::apply(QSqlDatabase& db, const OutboxEntry& entry, const QVariantMap& fields,
                                       int expectedVersion, ReplayFaults* faults)
{
    using Op = OutboxEntry::Op;
    if (!m_table.allows(entry.op))
        return failed(QStringLiteral("22023"), cannotSend(OutboxEntry::opName(entry.op)));

    // Every value is a parameter ($n): ids, titles and the rest never become SQL text.
    PgStatement statement;
    const QString m = statement.bind(entry.mutationId);
    const QString id = statement.bind(entry.rowId);
    const QString entity = statement.bind(m_table.entity);
    const QString table = identifier(m_table.sqlTable);
    const QString idColumn = identifier(SyncedTable::kId);
    const QString org = identifier(SyncedTable::kOrg);
    const QString version = identifier(SyncedTable::kVersion);
    const QString deleted = identifier(SyncedTable::kDeleted);
    const QString now = QLatin1String(SyncedTableSql::kNowUtc);

    // The fields this change writes, in the description's order; the rest of what an entry
    // carries (the cache's deleted flag, looked-up names) is not the server's to write.
    QVariantMap written;
    QStringList columns;
    QStringList values;
    QStringList guards;
    for (const SyncedTable::Field& f : m_table.fields) {
        if (!f.editable || !fields.contains(f.name))
            continue;
        const QVariant value = fields.value(f.name);
        if (f.type == SyncedTable::Type::Enum && !f.values.contains(value.toString())
            && !(f.nullable && value.toString().isEmpty()))
            return failed(QStringLiteral("22023"), cannotSend(value.toString()));
        written.insert(f.name, value);
        if (entry.op == Op::Create && f.name == m_table.parentField)
            continue; // the parent's row gives it, below
        const QString placeholder = statement.bind(SyncedTableSql::parameter(f, value));
        columns << identifier(f.column);
        values << SyncedTableSql::write(f, placeholder);
        if (!f.stamps.isEmpty()) {
            columns << identifier(m_table.declared(f.stamps).column);
            values << QStringLiteral("CASE WHEN CAST(%1 AS text) = %2 THEN %3 END")
                          .arg(placeholder, statement.bind(f.stampWhen), now);
        }
        if (f.refusal && entry.op != Op::Create) {
            // Written only from a value the flow allows it from; otherwise nothing is written
            // and the answer's current row says why (interpret).
            const QString allowed
                = QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(f.allowedFrom(value)))
                                        .toJson(QJsonDocument::Compact));
            guards << QStringLiteral(
                          "CAST(i.%1 AS text) IN (SELECT jsonb_array_elements_text(CAST(%2 AS jsonb)))")
                          .arg(identifier(f.column), statement.bind(allowed));
        }
    }
    if (entry.op == Op::Update && written.isEmpty())
        return failed(QStringLiteral("22023"), cannotSend(fields.keys().join(QLatin1String(", "))));

    QString sql
        = QStringLiteral("WITH done AS (SELECT \"resultVersion\" AS v, (\"entityType\", \"entityId\") = "
                         "(CAST(%3 AS text), %2) AS same FROM client_mutation WHERE id = %1), ")
              .arg(m, id, entity);
    if (entry.op == Op::Create) {
        const SyncedTable::Field& parent = m_table.declared(m_table.parentField);
        columns = QStringList{idColumn, org, identifier(parent.column), identifier(SyncedTable::kCreatedBy),
                              identifier(SyncedTable::kUpdatedAt)}
            + columns;
        values
            = QStringList{id, QStringLiteral("p.") + org, QStringLiteral("p.") + idColumn,
                          QStringLiteral("(SELECT \"userId\" FROM staff_login WHERE login = current_user)"),
                          now}
            + values;
        // The organization comes from the parent row: row-level security has already checked it.
        sql += QStringLiteral("p AS (SELECT %1, %2 FROM %3 WHERE %1 = %4), "
                              "w AS (INSERT INTO %5 (%6) SELECT %7 FROM p "
                              "      WHERE NOT EXISTS (SELECT 1 FROM done) ON CONFLICT (%1) DO NOTHING "
                              "      RETURNING %1 AS id, %2 AS org, %8 AS version), ")
                   .arg(idColumn, org, identifier(parent.target), statement.bind(fields.value(parent.name)),
                        table, columns.join(QLatin1String(", ")), values.join(QLatin1String(", ")), version);
    } else {
        // Only the fields this change writes: an UPDATE that leaves indexed columns out can be
        // a HOT update, and the reference check fires only for references it writes.
        QStringList sets;
        for (int i = 0; i < columns.size(); ++i)
            sets << columns.at(i) + QStringLiteral(" = ") + values.at(i);
        if (entry.op == Op::Delete)
            sets << deleted + QStringLiteral(" = ") + now;
        if (entry.op == Op::Restore)
            sets << deleted + QStringLiteral(" = NULL");
        sets << QStringLiteral("%1 = i.%1 + 1").arg(version)
             << identifier(SyncedTable::kUpdatedAt) + QStringLiteral(" = ") + now;
        guards.prepend(QStringLiteral("NOT EXISTS (SELECT 1 FROM done)"));
        sql += QStringLiteral(
                   "w AS (UPDATE %1 i SET %2 WHERE i.%3 = %4 AND i.%5 = %6 AND i.%7 IS %8 NULL AND %9 "
                   "      RETURNING i.%3 AS id, i.%10 AS org, i.%5 AS version), ")
                   .arg(table, sets.join(QLatin1String(", ")), idColumn, id, version,
                        statement.bind(expectedVersion), deleted,
                        entry.op == Op::Restore ? QStringLiteral("NOT") : QString(),
                        guards.join(QLatin1String(" AND ")), org);
    }
    sql += QStringLiteral(
               "mark AS (INSERT INTO client_mutation (id, \"orgId\", \"entityType\", \"entityId\", "
               "\"resultVersion\") SELECT %1, org, CAST(%2 AS text), id, version FROM w) "
               "SELECT (SELECT v FROM done WHERE same), (SELECT version FROM w), c.%3, c.%4 IS NOT NULL, "
               "%5, coalesce((SELECT NOT same FROM done), false) "
               "FROM (SELECT 1) one LEFT JOIN %6 c ON c.%7 = %8")
               .arg(m, entity, version, deleted, SyncedTableSql::columns(m_table, QStringLiteral("c")), table,
                    idColumn, id);

    const int call = faults ? ++faults->calls : 0;
    if (faults && faults->failBefore && faults->failBefore(call))
        return injected(false);
    const PgStatement::Result result = statement.exec(db, sql);
    if (!result.ok)
        return failure(result, m_table);
    if (faults && faults->failAfter && faults->failAfter(call))
        return injected(true);
    if (result.rows.isEmpty()) {
        ApplyOutcome o;
        o.error = Text::tr("The server gave no answer to a replayed change.");
        return o;
    }
    return interpret(result.rows.first(), entry, written, expectedVersion);
}

ApplyOutcome SyncedTableApplier::interpret(const QVariantList& q, const OutboxEntry& entry,
                                           const QVariantMap& written, int expectedVersion) const
{
    using Op = OutboxEntry::Op;
    ApplyOutcome o;
    if (q.last().toBool()) {
        // The mutation id is recorded for another row of this organization: not this change's
        // record, so neither "already applied" nor something a retry would fix.
        return failed(QStringLiteral("23505"),
                      Text::tr("The server already has a change with this change's id (%1) for another item; "
                               "it was not applied. Discard it and make the change again.")
                          .arg(entry.mutationId));
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
    if (entry.op == Op::Create) {
        if (exists) { // made by this same change before its acknowledgement was lost
            o.kind = ApplyOutcome::Kind::AlreadyApplied;
            o.newVersion = version;
            return o;
        }
        return failed(
            QStringLiteral("23503"),
            sentence(m_table.sentences.parentGone,
                     General::tr("The row this one belongs to no longer exists (or is not visible to "
                                 "you).")));
    }
    if (!exists || (deleted && entry.op != Op::Restore)) {
        o.kind = ApplyOutcome::Kind::Gone;
        o.theirsVersion = exists ? version : 0;
        return o;
    }
    if (entry.op == Op::Restore && !deleted) // restored meanwhile: the next attempt edits it
        return failed(
            QStringLiteral("40001"),
            sentence(m_table.sentences.restoredMeanwhile, General::tr("It was restored meanwhile.")));
    QVariantMap theirs = SyncedTableSql::values(m_table, q, 4);
    if (version == expectedVersion) {
        // The version matched but nothing was written: a flow refuses the change from the row
        // as it is (for good, with the reason), or the row changed between read and write.
        for (auto it = written.cbegin(); it != written.cend(); ++it) {
            const SyncedTable::Field* f = m_table.field(it.key());
            const QString refusal = f && f->refusal ? f->refusal(theirs, it.value()) : QString();
            if (!refusal.isEmpty())
                return failed(QStringLiteral("P0001"), refusal);
        }
        return failed(QStringLiteral("40001"),
                      sentence(m_table.sentences.changedWhileSent,
                               General::tr("It changed while the change was sent; it is sent again.")));
    }
    theirs.insert(QString(SyncedTable::kDeleted), deleted);
    o.kind = ApplyOutcome::Kind::VersionMismatch;
    o.theirs = theirs;
    o.theirsVersion = version;
    return o;
}
