#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include <memory>

// The PostgreSQL server tests run against. scripts/test starts one cluster for the whole run
// and exports PGCLUSTER_SOCKET / PGCLUSTER_PORT / PGCLUSTER_CERTS; when they are absent (a
// test started by hand) the first use starts a private cluster, stopped when the process ends.
// Every test creates its own uniquely named roles and databases, so tests can share a cluster.
class PgCluster
{
public:
    static PgCluster& instance();
    // A cluster of the calling test's own, beside the shared one, for tests that crash and
    // restart the server. Stopped and removed when destroyed (or when the test is killed).
    static std::unique_ptr<PgCluster> startOwn();
    // pg_ctl stop -m immediate (a crash: no shutdown checkpoint, clients cut off), and starting
    // it again on the same port (crash recovery). Own clusters only.
    bool crash(QString* error);
    bool resume(QString* error);

    bool isRunning() const { return m_port > 0; }
    QString error() const { return m_error; }

    QString socketDir() const { return m_socketDir; }
    int port() const { return m_port; }
    QString caFile() const { return m_certDir + QStringLiteral("/ca.crt"); }
    QString otherCaFile() const { return m_certDir + QStringLiteral("/other-ca.crt"); }

    // Runs SQL as the superuser (over the socket). Fails the calling test through *error.
    bool exec(const QString& sql, QString* error = nullptr,
              const QString& database = QStringLiteral("postgres"));
    QVariant scalar(const QString& sql, const QString& database = QStringLiteral("postgres"));

    // Unique names: prefix + process id + counter. Roles get LOGIN and the password.
    QString createRole(const QString& prefix, const QString& password, const QString& options = {});
    QString createDatabase(const QString& prefix, const QString& owner = {});
    // Ends every session of a role (what a network drop or an admin kill looks like).
    int terminateSessions(const QString& role);

    // A database with the Astralis schema deployed, one organization, one user and a staff
    // login for that user (password-protected over TCP). For tests that sign in as staff.
    struct Workspace
    {
        QString database;
        QString organizationId;
        QString organizationName;
        QString userName;
        QString login;
        QString password;
        QString error; // set when creating it failed
    };
    Workspace createWorkspace(const QString& prefix,
                              const QString& organizationName = QStringLiteral("Acme Test Org"),
                              const QString& password = QStringLiteral("staff-pass-1"));
    // Another organization with its own user and staff login in an existing workspace database.
    Workspace addOrganization(const Workspace& workspace, const QString& organizationName,
                              const QString& password);

    // A database with the Astralis schema and the demo organizations (Northwind Studio,
    // Globex Logistics) seeded with `items` cards, whose two staff logins get this run's own
    // names (roles are cluster-wide; other tests seed at the same time) and `password`.
    struct DemoDatabase
    {
        QString database;
        QString login; // Northwind's staff login (demo_staff + suffix)
        QString otherLogin; // Globex's
        QString error;
    };
    DemoDatabase createDemoDatabase(const QString& prefix, int items, const QString& password);
    // Another demo database whose staff logins are those of `sameLogins` (roles are cluster-wide:
    // the same login and password reach both, as after a restore or behind a switched tunnel).
    DemoDatabase createDemoDatabase(const QString& prefix, int items, const QString& password,
                                    const DemoDatabase& sameLogins);
    // Swaps the names of two databases in one transaction (their sessions are ended first): a
    // client reconnecting to one name reaches the other database, never a missing one.
    bool swapDatabases(const QString& a, const QString& b, QString* error);

    // A connection of its own, named: over TCP as `user` (row-level security applies to staff
    // logins), or over the socket (the superuser needs no password there).
    QSqlDatabase connect(const QString& connectionName, const QString& database, const QString& user,
                         const QString& password, bool tcp) const;

    QString tcpUrl(const QString& role, const QString& password, const QString& database,
                   const QString& query = {}) const;
    QString socketUrl(const QString& role, const QString& database) const;

    ~PgCluster();

private:
    struct Own
    {
    };
    PgCluster();
    explicit PgCluster(Own);
    bool control(const QString& command, QString* error);
    bool startPrivate(bool durable = false);

    QString m_socketDir;
    QString m_certDir;
    QString m_ownedDir; // set when this process started the cluster
    int m_port = 0;
    QString m_error;
    int m_counter = 0;
};
