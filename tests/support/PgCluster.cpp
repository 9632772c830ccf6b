#include "PgCluster.h"

#include "MigrationRunner.h"
#include "Seeder.h"
#include "StaffAdmin.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

#include <cstdlib>

namespace {

const QString kAdmin = QStringLiteral("pgcluster-admin");

// Per cluster and database: a test may run its own cluster beside the shared one.
QString adminConnectionName(int port, const QString& database)
{
    return kAdmin + QLatin1Char('-') + QString::number(port) + QLatin1Char('-') + database;
}

} // namespace

PgCluster& PgCluster::instance()
{
    static PgCluster cluster;
    return cluster;
}

PgCluster::PgCluster()
{
    const QString socket = qEnvironmentVariable("PGCLUSTER_SOCKET");
    const int port = qEnvironmentVariableIntValue("PGCLUSTER_PORT");
    if (!socket.isEmpty() && port > 0) {
        m_socketDir = socket;
        m_port = port;
        m_certDir = qEnvironmentVariable("PGCLUSTER_CERTS");
        return;
    }
    startPrivate();
}

PgCluster::~PgCluster()
{
    if (m_ownedDir.isEmpty())
        return;
    // Static destruction: no event loop any more, so no QProcess.
    const QByteArray command = QByteArray(ASTRALIS_PG_CLUSTER_SCRIPT) + " stop " + m_ownedDir.toLocal8Bit();
    if (std::system(command.constData()) != 0)
        std::fprintf(stderr, "PgCluster: could not stop %s\n", qPrintable(m_ownedDir));
}

std::unique_ptr<PgCluster> PgCluster::startOwn()
{
    std::unique_ptr<PgCluster> cluster(new PgCluster(Own{}));
    cluster->startPrivate(true);
    return cluster;
}

PgCluster::PgCluster(Own) { }

bool PgCluster::control(const QString& command, QString* error)
{
    if (m_ownedDir.isEmpty()) {
        *error = QStringLiteral("only a cluster of the test's own can be crashed or resumed");
        return false;
    }
    // The superuser connections die with the server: drop them so the next exec() reconnects.
    for (const QString& name : QSqlDatabase::connectionNames()) {
        if (name.startsWith(kAdmin + QLatin1Char('-') + QString::number(m_port) + QLatin1Char('-'))) {
            QSqlDatabase::database(name, false).close();
            QSqlDatabase::removeDatabase(name);
        }
    }
    QProcess process;
    process.start(QStringLiteral(ASTRALIS_PG_CLUSTER_SCRIPT), {command, m_ownedDir});
    if (!process.waitForFinished(120000) || process.exitCode() != 0) {
        *error = QStringLiteral("pg-cluster %1 failed: %2")
                     .arg(command, QString::fromLocal8Bit(process.readAllStandardError()));
        return false;
    }
    return true;
}

bool PgCluster::crash(QString* error)
{
    return control(QStringLiteral("crash"), error);
}

bool PgCluster::resume(QString* error)
{
    return control(QStringLiteral("resume"), error);
}

bool PgCluster::startPrivate(bool durable)
{
    // Short path: a Unix socket path may not exceed 107 bytes.
    const QString dir
        = QStringLiteral("/tmp/apg-%1-%2").arg(QCoreApplication::applicationPid()).arg(std::rand() % 100000);
    QProcess process;
    if (durable) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PGCLUSTER_SYNCHRONOUS_COMMIT"), QStringLiteral("on"));
        process.setProcessEnvironment(env);
    }
    // Our pid: the script's watchdog stops the cluster if this process is killed.
    process.start(QStringLiteral(ASTRALIS_PG_CLUSTER_SCRIPT),
                  {QStringLiteral("start"), dir, QString::number(QCoreApplication::applicationPid())});
    if (!process.waitForFinished(120000) || process.exitCode() != 0) {
        m_error = QStringLiteral("could not start a PostgreSQL cluster: ")
            + QString::fromLocal8Bit(process.readAllStandardError());
        return false;
    }
    m_ownedDir = dir;
    for (const QString& line :
         QString::fromLocal8Bit(process.readAllStandardOutput()).split(QLatin1Char('\n'))) {
        const QString key = line.section(QLatin1Char('='), 0, 0);
        const QString value = line.section(QLatin1Char('='), 1);
        if (key == QLatin1String("PGCLUSTER_SOCKET"))
            m_socketDir = value;
        else if (key == QLatin1String("PGCLUSTER_PORT"))
            m_port = value.toInt();
        else if (key == QLatin1String("PGCLUSTER_CERTS"))
            m_certDir = value;
    }
    return m_port > 0;
}

bool PgCluster::exec(const QString& sql, QString* error, const QString& database)
{
    const QString name = adminConnectionName(m_port, database);
    QSqlDatabase db = QSqlDatabase::contains(name) ? QSqlDatabase::database(name)
                                                   : QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    if (!db.isOpen()) {
        db.setHostName(m_socketDir);
        db.setPort(m_port);
        db.setUserName(QStringLiteral("postgres"));
        db.setDatabaseName(database);
        if (!db.open()) {
            if (error)
                *error = db.lastError().text();
            return false;
        }
    }
    QSqlQuery query(db);
    if (!query.exec(sql)) {
        if (error)
            *error = query.lastError().text();
        return false;
    }
    return true;
}

QVariant PgCluster::scalar(const QString& sql, const QString& database)
{
    if (!exec(QStringLiteral("SELECT 1"), nullptr, database))
        return {};
    QSqlQuery query(QSqlDatabase::database(adminConnectionName(m_port, database)));
    if (!query.exec(sql) || !query.next())
        return {};
    return query.value(0);
}

QString PgCluster::createRole(const QString& prefix, const QString& password, const QString& options)
{
    const QString name
        = QStringLiteral("%1_%2_%3").arg(prefix).arg(QCoreApplication::applicationPid()).arg(++m_counter);
    QString escaped = password;
    escaped.replace(QLatin1Char('\''), QLatin1String("''"));
    QString error;
    if (!exec(QStringLiteral("CREATE ROLE \"%1\" LOGIN PASSWORD '%2' %3").arg(name, escaped, options),
              &error)) {
        qWarning("PgCluster: CREATE ROLE failed: %s", qPrintable(error));
        return {};
    }
    return name;
}

QString PgCluster::createDatabase(const QString& prefix, const QString& owner)
{
    const QString name
        = QStringLiteral("%1_%2_%3").arg(prefix).arg(QCoreApplication::applicationPid()).arg(++m_counter);
    QString error;
    const QString ownerClause = owner.isEmpty() ? QString() : QStringLiteral(" OWNER \"%1\"").arg(owner);
    if (!exec(QStringLiteral("CREATE DATABASE \"%1\"%2").arg(name, ownerClause), &error)) {
        qWarning("PgCluster: CREATE DATABASE failed: %s", qPrintable(error));
        return {};
    }
    return name;
}

int PgCluster::terminateSessions(const QString& role)
{
    return scalar(QStringLiteral(
                      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = '%1'")
                      .arg(role))
        .toInt();
}

QString PgCluster::tcpUrl(const QString& role, const QString& password, const QString& database,
                          const QString& query) const
{
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setUserName(role);
    url.setPassword(password);
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    url.setPath(QLatin1Char('/') + database);
    if (!query.isEmpty())
        url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

QString PgCluster::socketUrl(const QString& role, const QString& database) const
{
    return QStringLiteral("postgresql://%1@localhost:%2/%3?host=%4")
        .arg(role)
        .arg(m_port)
        .arg(database, m_socketDir);
}

PgCluster::Workspace PgCluster::createWorkspace(const QString& prefix, const QString& organizationName,
                                                const QString& password)
{
    Workspace workspace;
    workspace.database = createDatabase(prefix);
    if (workspace.database.isEmpty()) {
        workspace.error = QStringLiteral("CREATE DATABASE failed");
        return workspace;
    }
    if (!exec(QStringLiteral("SELECT 1"), &workspace.error, workspace.database))
        return workspace;
    const MigrationRunner::DeployResult deployed
        = MigrationRunner(QSqlDatabase::database(adminConnectionName(m_port, workspace.database))).deploy();
    if (!deployed.ok) {
        workspace.error = deployed.error;
        return workspace;
    }
    return addOrganization(workspace, organizationName, password);
}

PgCluster::Workspace PgCluster::addOrganization(const Workspace& base, const QString& organizationName,
                                                const QString& password)
{
    Workspace workspace = base;
    const int n = ++m_counter;
    const QString tag = QStringLiteral("%1_%2").arg(QCoreApplication::applicationPid()).arg(n);
    workspace.organizationId = QStringLiteral("org_") + tag;
    workspace.organizationName = organizationName;
    workspace.userName = QStringLiteral("Test User %1").arg(n);
    const QString email = QStringLiteral("user%1@example.test").arg(tag);
    QSqlDatabase db = QSqlDatabase::database(adminConnectionName(m_port, workspace.database));
    QSqlQuery query(db);
    query.prepare(QStringLiteral(
        "INSERT INTO organization (id, name, slug, \"updatedAt\") VALUES (:id, :name, :slug, now())"));
    query.bindValue(QStringLiteral(":id"), workspace.organizationId);
    query.bindValue(QStringLiteral(":name"), organizationName);
    query.bindValue(QStringLiteral(":slug"), QString(QStringLiteral("org-") + tag));
    if (!query.exec()) {
        workspace.error = query.lastError().text();
        return workspace;
    }
    query.prepare(QStringLiteral("INSERT INTO users (id, \"orgId\", email, name, role, \"updatedAt\") "
                                 "VALUES (:id, :org, :email, :name, 'ADMIN', now())"));
    query.bindValue(QStringLiteral(":id"), QString(QStringLiteral("user_") + tag));
    query.bindValue(QStringLiteral(":org"), workspace.organizationId);
    query.bindValue(QStringLiteral(":email"), email);
    query.bindValue(QStringLiteral(":name"), workspace.userName);
    if (!query.exec()) {
        workspace.error = query.lastError().text();
        return workspace;
    }
    workspace.login = QStringLiteral("staff_") + tag;
    workspace.password = password;
    const StaffAdmin::Result added = StaffAdmin(db).add(email, workspace.login, password);
    if (!added.ok)
        workspace.error = added.error;
    return workspace;
}

PgCluster::DemoDatabase PgCluster::createDemoDatabase(const QString& prefix, int items,
                                                      const QString& password)
{
    return createDemoDatabase(prefix, items, password, DemoDatabase());
}

bool PgCluster::swapDatabases(const QString& a, const QString& b, QString* error)
{
    // This process's own admin sessions on them go first (no query may be open on them).
    for (const QString& name : {a, b}) {
        const QString connection = adminConnectionName(m_port, name);
        if (QSqlDatabase::contains(connection)) {
            QSqlDatabase::database(connection, false).close();
            QSqlDatabase::removeDatabase(connection);
        }
    }
    const QString temporary = a + QStringLiteral("_swap");
    // A client may reconnect between the two statements: then the rename waits for it (up to
    // five seconds) and fails; ending its session again and retrying settles it.
    for (int attempt = 0; attempt < 10; ++attempt) {
        exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname IN ('%1', "
                            "'%2') AND pid <> pg_backend_pid()")
                 .arg(a, b),
             error);
        if (exec(QStringLiteral("BEGIN; ALTER DATABASE \"%1\" RENAME TO \"%3\"; ALTER DATABASE \"%2\" "
                                "RENAME TO \"%1\"; ALTER DATABASE \"%3\" RENAME TO \"%2\"; COMMIT")
                     .arg(a, b, temporary),
                 error))
            return true;
        exec(QStringLiteral("ROLLBACK"));
    }
    return false;
}

PgCluster::DemoDatabase PgCluster::createDemoDatabase(const QString& prefix, int items,
                                                      const QString& password, const DemoDatabase& sameLogins)
{
    DemoDatabase demo;
    demo.database = createDatabase(prefix);
    if (demo.database.isEmpty() || !exec(QStringLiteral("SELECT 1"), &demo.error, demo.database)) {
        if (demo.error.isEmpty())
            demo.error = QStringLiteral("CREATE DATABASE failed");
        return demo;
    }
    QSqlDatabase db = QSqlDatabase::database(adminConnectionName(m_port, demo.database));
    const MigrationRunner::DeployResult deployed = MigrationRunner(db).deploy();
    if (!deployed.ok) {
        demo.error = deployed.error;
        return demo;
    }
    const QString suffix = !sameLogins.login.isEmpty() ? sameLogins.login.mid(Seeder::demoLogin().size())
                                                       : QStringLiteral("_%1%2_%3")
                                                             .arg(prefix.left(6))
                                                             .arg(QCoreApplication::applicationPid())
                                                             .arg(++m_counter);
    const Seeder::Result seeded = Seeder(db).seedDemo(items, suffix);
    if (!seeded.ok) {
        demo.error = seeded.error;
        return demo;
    }
    demo.login = Seeder::demoLogin() + suffix;
    demo.otherLogin = Seeder::otherOrgLogin() + suffix;
    QString escaped = password;
    escaped.replace(QLatin1Char('\''), QLatin1String("''"));
    for (const QString& login : QStringList{demo.login, demo.otherLogin}) {
        if (!exec(QStringLiteral("ALTER ROLE %1 PASSWORD '%2'").arg(login, escaped), &demo.error))
            return demo;
    }
    return demo;
}

QSqlDatabase PgCluster::connect(const QString& connectionName, const QString& database, const QString& user,
                                const QString& password, bool tcp) const
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
    db.setHostName(tcp ? QStringLiteral("127.0.0.1") : m_socketDir);
    db.setPort(m_port);
    db.setUserName(user);
    db.setPassword(password);
    db.setDatabaseName(database);
    if (!db.open())
        qWarning("PgCluster: cannot connect as %s: %s", qPrintable(user), qPrintable(db.lastError().text()));
    return db;
}
