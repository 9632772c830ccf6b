#include "CacheSchema.h"

#include "DbResult.h"

#include <QSqlQuery>
#include <QStringList>

namespace {

struct Step
{
    int version;
    const char* why;
    QStringList statements;
};

// Append only: a shipped step is never edited, a change is a new step. Version 1 is the schema
// as first shipped; IF NOT EXISTS lets it also stamp files made before versions were counted.
const QList<Step>& steps()
{
    static const QList<Step> list = {
        {1,
         "the first schema: cached rows, outbox, meta, provider answers and queue",
         {
             // server: the server's fields as last seen; data: those with local changes laid
             // over. Clustered by parent: a board's 10,000 cards are one range read.
             QStringLiteral(
                 "CREATE TABLE IF NOT EXISTS row_cache (entity TEXT NOT NULL, parent TEXT NOT NULL "
                 "DEFAULT '', id TEXT NOT NULL, version INTEGER NOT NULL, server BLOB NOT NULL, "
                 "data BLOB NOT NULL, dirty INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (entity, parent, "
                 "id)) WITHOUT ROWID"),
             QStringLiteral("CREATE UNIQUE INDEX IF NOT EXISTS row_cache_id ON row_cache (entity, id)"),
             QStringLiteral(
                 "CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                 "mutation_id TEXT NOT NULL UNIQUE, entity TEXT NOT NULL, row_id TEXT NOT NULL, "
                 "op TEXT NOT NULL, base_version INTEGER NOT NULL, fields TEXT NOT NULL, "
                 "before TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending', "
                 "attempts INTEGER NOT NULL DEFAULT 0, next_attempt_ms INTEGER NOT NULL DEFAULT 0, "
                 "error TEXT, theirs TEXT, theirs_version INTEGER NOT NULL DEFAULT 0, "
                 "conflicting TEXT, created_ms INTEGER NOT NULL, label TEXT)"),
             QStringLiteral("CREATE INDEX IF NOT EXISTS outbox_row ON outbox (entity, row_id, seq)"),
             QStringLiteral("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)"),
             QStringLiteral(
                 "CREATE TABLE IF NOT EXISTS provider_cache (key TEXT PRIMARY KEY, provider TEXT NOT "
                 "NULL, response BLOB NOT NULL, created_ms INTEGER NOT NULL)"),
             QStringLiteral(
                 "CREATE TABLE IF NOT EXISTS provider_queue (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                 "key TEXT NOT NULL, provider TEXT NOT NULL, operation TEXT NOT NULL, body BLOB NOT "
                 "NULL, created_ms INTEGER NOT NULL)"),
         }},
        {2,
         "counts by state and the next retry read an index instead of the whole outbox",
         {
             QStringLiteral("CREATE INDEX IF NOT EXISTS outbox_state ON outbox (state, next_attempt_ms)"),
         }},
        {3,
         "a change to a row deleted on the server keeps the deleted row's version in a column of its own "
         "(it travelled inside the server's values as \"_deletedVersion\")",
         {
             QStringLiteral("ALTER TABLE outbox ADD COLUMN deleted_version INTEGER NOT NULL DEFAULT 0"),
             QStringLiteral(
                 "UPDATE outbox SET deleted_version = CAST(json_extract(theirs, '$._deletedVersion') AS "
                 "INTEGER), "
                 "theirs = json_remove(theirs, '$._deletedVersion') "
                 "WHERE json_valid(theirs) AND json_extract(theirs, '$._deletedVersion') IS NOT NULL"),
         }},
    };
    return list;
}

bool failed(QSqlQuery& q, QString* error)
{
    *error = QStringLiteral("local cache: ") + DbResult::errorText(q.lastError());
    return false;
}

} // namespace

namespace CacheSchema {

int currentVersion()
{
    return steps().last().version;
}

bool migrate(QSqlDatabase& db, QString* error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return failed(q, error);
    const int version = q.value(0).toInt();
    if (version > currentVersion()) {
        *error = QStringLiteral(
                     "local cache: %1 was written by a newer Astralis Console (cache version %2; this "
                     "one knows up to %3). Update this console, or use the newer one.")
                     .arg(db.databaseName(), QString::number(version), QString::number(currentVersion()));
        return false;
    }
    for (const Step& step : steps()) {
        if (step.version <= version)
            continue;
        // One transaction per step: an interrupted upgrade resumes from the last whole step.
        if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
            return failed(q, error);
        QStringList statements = step.statements;
        statements << QStringLiteral("PRAGMA user_version = %1").arg(step.version);
        for (const QString& statement : std::as_const(statements)) {
            if (!q.exec(statement)) {
                failed(q, error);
                QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
                return false;
            }
        }
        if (!q.exec(QStringLiteral("COMMIT")))
            return failed(q, error);
    }
    return true;
}

} // namespace CacheSchema
