#pragma once

#include "Migrations.h"
#include "SqlScript.h"

#include <QStringList>

#include <memory>

class DirectConnection;
class QSqlDatabase;
class QSqlQuery;

// Applies and checks migrations the way `prisma migrate deploy` / `status` do, recording them
// in "_prisma_migrations" with Prisma's columns and checksums so the web platform's own tools
// agree. Synchronous: run it on the database thread or in astralis-cli.
class MigrationRunner
{
public:
    struct Status
    {
        bool hasMigrationsTable = false;
        QStringList applied; // finished, checksum matches
        QStringList pending; // known here, not applied
        QStringList modified; // applied, but the file here differs (refused)
        QStringList failed; // started and never finished (a crashed deploy)
        QStringList unknown; // applied in the database, unknown to this program: it is newer
        QString error; // reading the status failed

        bool ok() const { return error.isEmpty(); }
        bool upToDate() const
        {
            return ok() && pending.isEmpty() && modified.isEmpty() && failed.isEmpty() && unknown.isEmpty();
        }
        bool behind() const { return !pending.isEmpty(); }
        bool ahead() const { return !unknown.isEmpty(); }
    };

    struct DeployResult
    {
        bool ok = false;
        QStringList applied;
        QString error; // what went wrong, naming the migration and statement
        QString failedMigration;
        int failedStatement = 0; // 1-based
        int failedLine = 0;
    };

    // On the database thread's connection (services) or astralis-cli's.
    explicit MigrationRunner(const QSqlDatabase& db, QList<Migration> migrations = Migrations::embedded());
    explicit MigrationRunner(const DirectConnection& connection,
                             QList<Migration> migrations = Migrations::embedded());
    ~MigrationRunner();

    Status status() const;
    DeployResult deploy();
    // Drops the public schema and the migration history. Callers check locality first.
    bool reset(QString* error);

    // Whether a script controls transactions itself (BEGIN/COMMIT, CREATE INDEX CONCURRENTLY).
    static bool managesTransactions(const QList<SqlStatement>& statements);

private:
    bool applyAtomically(const Migration& migration, const QList<SqlStatement>& statements,
                         DeployResult* result);
    bool applyStepwise(const Migration& migration, const QList<SqlStatement>& statements,
                       DeployResult* result);
    static QString describeFailure(const Migration& migration, const QList<SqlStatement>& statements,
                                   int index, const QSqlQuery& query, DeployResult* result);

    std::unique_ptr<QSqlDatabase> m_db;
    QList<Migration> m_migrations;
};
