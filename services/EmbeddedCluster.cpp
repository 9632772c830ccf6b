#include "EmbeddedCluster.h"

#include "DatabaseConnector.h"
#include "LogCategories.h"
#include "MigrationRunner.h"
#include "Seeder.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QPointer>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <csignal>
#include <unistd.h>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(EmbeddedCluster)
};

const QString kDatabase = QStringLiteral("astralis");
const int kPort = 5432; // only names the socket file; there is no TCP listener

bool isRoot()
{
    return geteuid() == 0;
}

// initdb and postgres refuse to run as root: as root, run them as the postgres user.
QStringList serverCommand(const QString& program, const QStringList& args)
{
    if (isRoot())
        return QStringList{QStringLiteral("runuser"), QStringLiteral("-u"), QStringLiteral("postgres"),
                           QStringLiteral("--"), program}
        + args;
    return QStringList{program} + args;
}

struct Run
{
    int exitCode = -1;
    QString output;
};

Run runServerTool(const QString& program, const QStringList& args, int timeoutMs = 120000)
{
    const QStringList command = serverCommand(program, args);
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(command.first(), command.mid(1));
    Run run;
    if (!process.waitForStarted(10000)) {
        run.output = process.errorString();
        return run;
    }
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        run.output = Text::tr("timed out");
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.output = QString::fromLocal8Bit(process.readAll()).trimmed();
    return run;
}

bool pidAlive(qint64 pid)
{
    return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM);
}

} // namespace

EmbeddedCluster::EmbeddedCluster(const QString& root, QObject* parent)
    : QObject(parent)
    , m_root(root)
{
    // "<pid>-<n>": one mark per user of the cluster, even several in one process.
    static std::atomic_int instances{0};
    m_markName = QStringLiteral("%1-%2").arg(QCoreApplication::applicationPid()).arg(++instances);
    if (m_root.isEmpty())
        m_root = qEnvironmentVariable("ASTRALIS_DEMO_DIR");
    // As root the server runs as the postgres user, who cannot enter /root. /var/lib, unlike
    // /var/tmp, is writable by root alone: nobody can plant a symlink there beforehand.
    if (m_root.isEmpty() && isRoot())
        m_root = QStringLiteral("/var/lib/astralis-console/demo");
    if (m_root.isEmpty())
        m_root = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo");
}

EmbeddedCluster::~EmbeddedCluster()
{
    // A start still running on the pool uses this object: stop it and wait before going.
    m_cancelled = true;
    m_future.waitForFinished();
    release();
}

QString EmbeddedCluster::serverBinDir()
{
    // Debian installs each major version side by side; take the newest.
    const QDir versions(QStringLiteral("/usr/lib/postgresql"));
    QStringList names = versions.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(names.begin(), names.end(),
              [](const QString& a, const QString& b) { return a.toInt() > b.toInt(); });
    for (const QString& version : names) {
        const QString bin = versions.filePath(version + QStringLiteral("/bin"));
        if (QFileInfo(bin + QStringLiteral("/initdb")).isExecutable()
            && QFileInfo(bin + QStringLiteral("/pg_ctl")).isExecutable())
            return bin;
    }
    return {};
}

QString EmbeddedCluster::socketDir() const
{
    // Short and private: the socket path may not exceed 107 bytes, and only this user (or
    // root) may enter the folder, so trust authentication on it reaches no one else.
    return m_root + QStringLiteral("/run");
}

void EmbeddedCluster::start(std::function<void(const Result&)> done)
{
    m_cancelled = false;
    QPointer<EmbeddedCluster> self(this);
    m_future = QtConcurrent::run([this] { return startBlocking(); });
    m_future.then(this, [self, done = std::move(done)](const Result& result) {
        if (self)
            done(result);
    });
}

void EmbeddedCluster::cancel()
{
    m_cancelled = true;
}

EmbeddedCluster::Result EmbeddedCluster::startBlocking()
{
    Result result;
    const QString bin = serverBinDir();
    if (bin.isEmpty()) {
        result.error
            = Text::tr("The PostgreSQL server is not installed, so the local demo workspace cannot start. "
                       "Install the package \"postgresql\" and try again.");
        return result;
    }
    if (m_root.size() > 90) {
        result.error = Text::tr("The demo folder's path is too long for a PostgreSQL socket (%1). Set "
                                "ASTRALIS_DEMO_DIR to a shorter folder.")
                           .arg(m_root);
        return result;
    }
    const QString dataDir = m_root + QStringLiteral("/data");
    const QString run = socketDir();
    QDir().mkpath(m_root);
    QDir().mkpath(run + QStringLiteral("/consoles"));
    QFile::setPermissions(run, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    if (isRoot()) {
        // The server runs as postgres: it must own its folders; root still reaches the socket.
        QProcess::execute(QStringLiteral("chown"), {QStringLiteral("postgres"), m_root, run});
        QFile::setPermissions(m_root,
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                  | QFileDevice::ExeOther | QFileDevice::ExeGroup);
    }

    // Start and stop are serialised between consoles by a lock file; a stale lock left by a
    // crashed console is taken over (QLockFile checks whether its process still lives).
    QLockFile lock(m_root + QStringLiteral("/cluster.lock"));
    lock.setStaleLockTime(0);
    if (!lock.tryLock(30000)) {
        result.error
            = Text::tr("Waited 30 s for another console that is starting the demo workspace. Close it "
                       "and try again, or delete %1 if no console is running.")
                  .arg(lock.fileName());
        return result;
    }

    if (!QFileInfo::exists(dataDir + QStringLiteral("/PG_VERSION"))) {
        emit progress(Text::tr("Creating the demo database cluster…"));
        QDir(dataDir).removeRecursively(); // a half-made cluster from an interrupted first run
        const Run init
            = runServerTool(bin + QStringLiteral("/initdb"),
                            {QStringLiteral("-D"), dataDir, QStringLiteral("-U"), QStringLiteral("postgres"),
                             QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--locale=C"),
                             QStringLiteral("--auth=trust"), QStringLiteral("--no-sync")});
        if (init.exitCode != 0) {
            result.error = Text::tr("Creating the demo database failed: %1").arg(init.output.right(400));
            return result;
        }
        // In the configuration, not only on pg_ctl's command line: a server started by hand
        // from this folder listens on no TCP port either.
        QFile conf(dataDir + QStringLiteral("/postgresql.conf"));
        if (conf.open(QIODevice::Append)) {
            QString quotedDir = run;
            quotedDir.replace(QLatin1Char('\''), QLatin1String("''"));
            conf.write(
                QStringLiteral("\n# Astralis Console demo workspace: Unix socket only, private folder\n"
                               "listen_addresses = ''\nunix_socket_directories = '%1'\n"
                               "unix_socket_permissions = 0700\nmax_connections = 50\n")
                    .arg(quotedDir)
                    .toUtf8());
        }
    }
    if (m_cancelled)
        return result;

    const Run status = runServerTool(bin + QStringLiteral("/pg_ctl"),
                                     {QStringLiteral("-D"), dataDir, QStringLiteral("status")});
    if (status.exitCode != 0) {
        emit progress(Text::tr("Starting the demo database…"));
        if (QFileInfo::exists(dataDir + QStringLiteral("/postmaster.pid")))
            result.notice
                = Text::tr("The demo database was not shut down cleanly last time; PostgreSQL recovered it.");
        // pg_ctl hands these to a shell: quote the folder, which may contain spaces.
        QString quotedRun = run;
        quotedRun.replace(QLatin1Char('\''), QLatin1String("'\\''"));
        const QString options
            = QStringLiteral("-k '%1' -p %2 -c listen_addresses='' -c unix_socket_permissions=0700 "
                             "-c max_connections=50")
                  .arg(quotedRun)
                  .arg(kPort);
        const Run start = runServerTool(bin + QStringLiteral("/pg_ctl"),
                                        {QStringLiteral("-D"), dataDir, QStringLiteral("-l"),
                                         m_root + QStringLiteral("/server.log"), QStringLiteral("-w"),
                                         QStringLiteral("-t"), QStringLiteral("120"), QStringLiteral("-o"),
                                         options, QStringLiteral("start")});
        if (start.exitCode != 0) {
            result.error = Text::tr("The demo database did not start: %1 (see %2)")
                               .arg(start.output.right(300), m_root + QStringLiteral("/server.log"));
            return result;
        }
    }
    // Registered before anything can fail, so release() stops a server this console started.
    QFile mark(run + QStringLiteral("/consoles/") + m_markName);
    mark.open(QIODevice::WriteOnly);
    m_registered = true; // from here on, release() may have to stop the server

    // Deploy and seed as the cluster's superuser, then sign in as the demo staff login.
    ConnectionSettings admin;
    admin.user = QStringLiteral("postgres");
    admin.host = run;
    admin.port = kPort;
    admin.database = QStringLiteral("postgres");
    admin.sslMode = SslMode::Disable;
    admin.applicationName = QStringLiteral("astralis-console-demo-setup");
    const QString connection = QStringLiteral("demo-setup-%1").arg(quintptr(QThread::currentThreadId()));
    ConnectResult opened = DatabaseConnector::open(admin, connection);
    if (!opened.ok()) {
        result.error = Text::tr("Cannot reach the demo database: %1").arg(opened.error.detail);
        return result;
    }
    {
        QSqlDatabase db = QSqlDatabase::database(connection, false);
        QSqlQuery query(db);
        query.exec(QStringLiteral("SELECT 1 FROM pg_database WHERE datname = 'astralis'"));
        const bool exists = query.next();
        if (!exists && !query.exec(QStringLiteral("CREATE DATABASE astralis"))) {
            result.error = query.lastError().text();
            db = QSqlDatabase();
            DatabaseConnector::close(connection);
            return result;
        }
    }
    DatabaseConnector::close(connection);
    admin.database = kDatabase;
    opened = DatabaseConnector::open(admin, connection);
    if (!opened.ok()) {
        result.error = Text::tr("Cannot open the demo database: %1").arg(opened.error.detail);
        return result;
    }
    {
        QSqlDatabase db = QSqlDatabase::database(connection, false);
        emit progress(Text::tr("Updating the demo database…"));
        const MigrationRunner::DeployResult deployed = MigrationRunner(db).deploy();
        if (!deployed.ok) {
            result.error = deployed.error;
        } else {
            Seeder seeder(db);
            if (!seeder.hasDemo()) {
                emit progress(Text::tr("Filling the demo workspace with sample data…"));
                const Seeder::Result seeded = seeder.seedDemo();
                if (!seeded.ok)
                    result.error = Text::tr("Seeding the demo workspace failed: %1").arg(seeded.error);
            }
        }
    }
    DatabaseConnector::close(connection);
    if (!result.error.isEmpty())
        return result;

    result.settings = admin;
    result.settings.user = Seeder::demoLogin();
    result.settings.applicationName = QStringLiteral("astralis-console");
    result.ok = !m_cancelled;
    qCInfo(lcDatabase) << "demo workspace ready in" << m_root;
    return result;
}

void EmbeddedCluster::release()
{
    if (!m_registered.exchange(false))
        return;
    const QString run = socketDir();
    QFile::remove(run + QStringLiteral("/consoles/") + m_markName);
    QLockFile lock(m_root + QStringLiteral("/cluster.lock"));
    lock.setStaleLockTime(0);
    if (!lock.tryLock(5000))
        return; // another console is starting it: that one keeps it running
    // Other consoles still running keep the server; marks of crashed ones are cleared.
    const QDir consoles(run + QStringLiteral("/consoles"));
    for (const QString& name : consoles.entryList(QDir::Files)) {
        if (pidAlive(name.section(QLatin1Char('-'), 0, 0).toLongLong()))
            return;
        QFile::remove(consoles.filePath(name));
    }
    const QString bin = serverBinDir();
    if (!bin.isEmpty()) {
        runServerTool(bin + QStringLiteral("/pg_ctl"),
                      {QStringLiteral("-D"), m_root + QStringLiteral("/data"), QStringLiteral("-m"),
                       QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("stop")},
                      30000);
        qCInfo(lcDatabase) << "demo database stopped";
    }
}
