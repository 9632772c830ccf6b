#include "MigrationRunner.h"

#include "DbResult.h"
#include "DirectConnectionSql.h"
#include "LogCategories.h"
#include "SqlScript.h"

#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace {

// Prisma Migrate's own table, column for column.
const char kCreateTable[] = R"(CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
))";

const char kReadApplied[]
    = "SELECT migration_name, checksum, finished_at IS NOT NULL FROM \"_prisma_migrations\" "
      "WHERE rolled_back_at IS NULL ORDER BY started_at, migration_name";

const char kInsertStarted[] = "INSERT INTO \"_prisma_migrations\" (id, checksum, migration_name, started_at, "
                              "applied_steps_count) VALUES (:id, :checksum, :name, now(), 0)";

const char kMarkFinished[] = "UPDATE \"_prisma_migrations\" SET finished_at = now(), applied_steps_count = 1 "
                             "WHERE id = :id";

// The key `prisma migrate` holds while it works, so the two never run at once.
const char kLock[] = "SELECT pg_advisory_lock(72707369)";
const char kUnlock[] = "SELECT pg_advisory_unlock(72707369)";

QString firstLine(const QString& statement)
{
    const QString line = statement.section(QLatin1Char('\n'), 0, 0).trimmed();
    return line.size() > 120 ? line.left(117) + QStringLiteral("...") : line;
}

} // namespace

MigrationRunner::MigrationRunner(const QSqlDatabase& db, QList<Migration> migrations)
    : m_db(std::make_unique<QSqlDatabase>(db))
    , m_migrations(std::move(migrations))
{ }

MigrationRunner::MigrationRunner(const DirectConnection& connection, QList<Migration> migrations)
    : MigrationRunner(sqlDatabase(connection), std::move(migrations))
{ }

MigrationRunner::~MigrationRunner() = default;

bool MigrationRunner::managesTransactions(const QList<SqlStatement>& statements)
{
    static const QRegularExpression control(
        QStringLiteral("^(BEGIN|COMMIT|ROLLBACK|END|START\\s+TRANSACTION)\\b|\\bCONCURRENTLY\\b"),
        QRegularExpression::CaseInsensitiveOption);
    for (const SqlStatement& statement : statements) {
        if (control.match(statement.text).hasMatch())
            return true;
    }
    return false;
}

QString MigrationRunner::describeFailure(const Migration& migration, const QList<SqlStatement>& statements,
                                         int index, const QSqlQuery& query, DeployResult* result)
{
    result->failedStatement = index + 1;
    result->failedLine = statements.at(index).line;
    return QStringLiteral("migration %1 failed at statement %2 (line %3: %4): %5")
        .arg(migration.name)
        .arg(index + 1)
        .arg(statements.at(index).line)
        .arg(firstLine(statements.at(index).text), DbResult::fromQuery(query).error);
}

// The usual case: the record and every statement in one transaction, so a failure leaves the
// database exactly as it was.
bool MigrationRunner::applyAtomically(const Migration& migration, const QList<SqlStatement>& statements,
                                      DeployResult* result)
{
    if (!m_db->transaction()) {
        result->error = m_db->lastError().text();
        return false;
    }
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QSqlQuery record(*m_db);
    record.prepare(QLatin1String(kInsertStarted));
    record.bindValue(QStringLiteral(":id"), id);
    record.bindValue(QStringLiteral(":checksum"), migration.checksum);
    record.bindValue(QStringLiteral(":name"), migration.name);
    bool ok = record.exec();
    QString error = ok ? QString() : DbResult::fromQuery(record).error;
    for (int i = 0; ok && i < statements.size(); ++i) {
        QSqlQuery query(*m_db);
        if (!query.exec(statements.at(i).text)) {
            ok = false;
            error = describeFailure(migration, statements, i, query, result);
        }
    }
    if (ok) {
        QSqlQuery finish(*m_db);
        finish.prepare(QLatin1String(kMarkFinished));
        finish.bindValue(QStringLiteral(":id"), id);
        ok = finish.exec();
        if (!ok)
            error = DbResult::fromQuery(finish).error;
    }
    if (!ok || !m_db->commit()) {
        m_db->rollback();
        result->error = error.isEmpty() ? m_db->lastError().text() : error;
        return false;
    }
    return true;
}

// A script with its own BEGIN/COMMIT, or CREATE INDEX CONCURRENTLY, cannot run inside a
// transaction: run it statement by statement as Prisma does, recorded as started first. A
// failure stays recorded as failed, with the error in "logs" (Prisma's P3009), so it is
// resolved by a person, never retried blindly.
bool MigrationRunner::applyStepwise(const Migration& migration, const QList<SqlStatement>& statements,
                                    DeployResult* result)
{
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QSqlQuery record(*m_db);
    record.prepare(QLatin1String(kInsertStarted));
    record.bindValue(QStringLiteral(":id"), id);
    record.bindValue(QStringLiteral(":checksum"), migration.checksum);
    record.bindValue(QStringLiteral(":name"), migration.name);
    if (!record.exec()) {
        result->error = DbResult::fromQuery(record).error;
        return false;
    }
    for (int i = 0; i < statements.size(); ++i) {
        QSqlQuery query(*m_db);
        if (!query.exec(statements.at(i).text)) {
            result->error = describeFailure(migration, statements, i, query, result)
                + QStringLiteral(" (this migration manages its own transactions: statements before it stay "
                                 "applied; it is recorded as failed until resolved)");
            QSqlQuery(*m_db).exec(QStringLiteral("ROLLBACK")); // in case the script left one open
            QSqlQuery logs(*m_db);
            logs.prepare(QStringLiteral("UPDATE \"_prisma_migrations\" SET logs = :logs WHERE id = :id"));
            logs.bindValue(QStringLiteral(":logs"), result->error);
            logs.bindValue(QStringLiteral(":id"), id);
            logs.exec();
            return false;
        }
    }
    QSqlQuery finish(*m_db);
    finish.prepare(QLatin1String(kMarkFinished));
    finish.bindValue(QStringLiteral(":id"), id);
    if (!finish.exec()) {
        result->error = DbResult::fromQuery(finish).error;
        return false;
    }
    return true;
}

MigrationRunner::Status MigrationRunner::status() const
{
    Status s;
    QSqlQuery exists(*m_db);
    if (!exists.exec(QStringLiteral("SELECT to_regclass('\"_prisma_migrations\"') IS NOT NULL"))
        || !exists.next()) {
        s.error = DbResult::fromQuery(exists).error;
        return s;
    }
    s.hasMigrationsTable = exists.value(0).toBool();

    QHash<QString, QString> appliedChecksums;
    QStringList appliedOrder;
    if (s.hasMigrationsTable) {
        QSqlQuery query(*m_db);
        if (!query.exec(QLatin1String(kReadApplied))) {
            s.error = DbResult::fromQuery(query).error;
            return s;
        }
        while (query.next()) {
            const QString name = query.value(0).toString();
            if (!query.value(2).toBool()) {
                s.failed << name;
                continue;
            }
            appliedChecksums.insert(name, query.value(1).toString());
            appliedOrder << name;
        }
    }
    QSet<QString> known;
    for (const Migration& m : m_migrations) {
        known.insert(m.name);
        if (!appliedChecksums.contains(m.name)) {
            if (!s.failed.contains(m.name))
                s.pending << m.name;
        } else if (appliedChecksums.value(m.name) != m.checksum) {
            s.modified << m.name;
        } else {
            s.applied << m.name;
        }
    }
    for (const QString& name : appliedOrder) {
        if (!known.contains(name))
            s.unknown << name;
    }
    return s;
}

MigrationRunner::DeployResult MigrationRunner::deploy()
{
    DeployResult result;
    QSqlQuery lock(*m_db);
    if (!lock.exec(QLatin1String(kLock))) {
        result.error = DbResult::fromQuery(lock).error;
        return result;
    }
    auto unlock = qScopeGuard([this] { QSqlQuery(*m_db).exec(QLatin1String(kUnlock)); });

    // Prisma's DDL says "CREATE SCHEMA IF NOT EXISTS": keep such notices off the terminal.
    QSqlQuery(*m_db).exec(QStringLiteral("SET client_min_messages TO warning"));
    // A migration of a big table may run for minutes: no statement timeout for it.
    QSqlQuery(*m_db).exec(QStringLiteral("SET statement_timeout TO 0"));
    QSqlQuery create(*m_db);
    if (!create.exec(QLatin1String(kCreateTable))) {
        result.error = DbResult::fromQuery(create).error;
        return result;
    }
    const Status s = status();
    if (!s.ok()) {
        result.error = s.error;
        return result;
    }
    if (!s.modified.isEmpty()) {
        result.error
            = QStringLiteral("refusing to deploy: the applied migration(s) %1 differ from the files this "
                             "program carries (changed after they were applied)")
                  .arg(s.modified.join(QStringLiteral(", ")));
        return result;
    }
    if (!s.failed.isEmpty()) {
        result.error
            = QStringLiteral("refusing to deploy: migration(s) %1 started but never finished; inspect the "
                             "database and mark them rolled back in \"_prisma_migrations\"")
                  .arg(s.failed.join(QStringLiteral(", ")));
        return result;
    }

    for (const Migration& migration : m_migrations) {
        if (!s.pending.contains(migration.name))
            continue;
        qCInfo(lcDatabase) << "applying migration" << migration.name;
        const QList<SqlStatement> statements = SqlScript::split(QString::fromUtf8(migration.script));
        const bool ok = managesTransactions(statements) ? applyStepwise(migration, statements, &result)
                                                        : applyAtomically(migration, statements, &result);
        if (!ok) {
            result.failedMigration = migration.name;
            qCWarning(lcDatabase).noquote() << result.error;
            return result;
        }
        result.applied << migration.name;
    }
    result.ok = true;
    return result;
}

bool MigrationRunner::reset(QString* error)
{
    QSqlQuery query(*m_db);
    // "drop cascades to …" once per object: keep those notices off the terminal.
    const QStringList statements
        = {QStringLiteral("SET client_min_messages TO warning"),
           // astralis: the console's classification and instance id (migration security_hardening)
           QStringLiteral("DROP SCHEMA IF EXISTS astralis CASCADE"),
           QStringLiteral("DROP SCHEMA IF EXISTS public CASCADE"), QStringLiteral("CREATE SCHEMA public")};
    for (const QString& sql : statements) {
        if (!query.exec(sql)) {
            if (error)
                *error = DbResult::fromQuery(query).error;
            return false;
        }
    }
    return true;
}
