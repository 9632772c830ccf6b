#include "EmbeddedCluster.h"

#include "DatabaseConnector.h"
#include "LogCategories.h"
#include "MigrationRunner.h"
#include "SafeFs.h"
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

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
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

// Written in the demo folder before the console makes data/: a data/ without a cluster is then
// known to be the console's own unfinished one, which it may clear. Any other is left alone.
const QByteArray kMarker = QByteArrayLiteral(".astralis-demo");
const QString kConsoles = QStringLiteral("consoles");
const QString kDefaultRootAsRoot = QStringLiteral("/var/lib/astralis-console/demo");

// Absolute, with the links of its existing part resolved: the folder may not exist yet. The
// checks then walk this path and refuse any link that appears on it later.
QString resolvedPath(const QString& path)
{
    const QString absolute = QDir::cleanPath(QDir::current().absoluteFilePath(path));
    QString existing = absolute;
    QStringList missing;
    while (existing != QLatin1String("/") && !QFileInfo::exists(existing)) {
        const QFileInfo info(existing);
        if (info.isSymLink())
            return absolute; // a dangling link: left for the checks to refuse
        missing.prepend(info.fileName());
        existing = info.path();
    }
    const QString canonical = QFileInfo(existing).canonicalFilePath();
    if (canonical.isEmpty())
        return absolute;
    if (missing.isEmpty())
        return canonical;
    return QDir::cleanPath(canonical + QLatin1Char('/') + missing.join(QLatin1Char('/')));
}

// The account the server runs as and that owns data/, run/ and log/.
std::optional<SafeFs::Account> serverAccount()
{
    if (isRoot())
        return SafeFs::lookupAccount(QByteArrayLiteral("postgres"));
    return SafeFs::Account{::geteuid(), ::getegid()};
}

// Work inside the server's folders is done with the server account's rights: as root in a
// child process that has become postgres, so a link planted there cannot make root delete or
// write anything that postgres could not.
int asServerAccount(const SafeFs::Account& server, const std::function<int()>& fn)
{
    return isRoot() ? SafeFs::runAs(server, fn) : fn();
}

QString folderError(const SafeFs::Status& status)
{
    switch (status.problem) {
    case SafeFs::Problem::None:
        return {};
    case SafeFs::Problem::Missing:
        return Text::tr("The folder %1 does not exist.").arg(status.path);
    case SafeFs::Problem::Symlink:
        return Text::tr("%1 is a symbolic link. The demo workspace never follows links in its folders: "
                        "replace it with a real folder, or set ASTRALIS_DEMO_DIR to another folder.")
            .arg(status.path);
    case SafeFs::Problem::NotDirectory:
        return Text::tr("%1 is not a folder. Move it away, or set ASTRALIS_DEMO_DIR to another folder.")
            .arg(status.path);
    case SafeFs::Problem::UntrustedAncestor:
        return Text::tr("The folder %1, on the way to the demo folder, belongs to the account \"%2\", who "
                        "could swap the demo folder for a link. Set ASTRALIS_DEMO_DIR to a folder that only "
                        "you (or root) can change.")
            .arg(status.path, SafeFs::accountName(status.owner));
    case SafeFs::Problem::WritableAncestor:
        return Text::tr("The folder %1, on the way to the demo folder, can be changed by other accounts "
                        "(group- or world-writable, without the sticky bit). Set ASTRALIS_DEMO_DIR to a "
                        "folder that only you (or root) can change.")
            .arg(status.path);
    case SafeFs::Problem::System:
        break;
    }
    return Text::tr("Cannot use %1: %2. Check its permissions, or set ASTRALIS_DEMO_DIR to another folder.")
        .arg(status.path, SafeFs::errorText(status.sysError));
}

QString chmodError(const QString& path, int error)
{
    return Text::tr("Cannot change the permissions of %1: %2. Check that the folder is yours, or set "
                    "ASTRALIS_DEMO_DIR to another folder.")
        .arg(path, SafeFs::errorText(error));
}

// Gives `fd` exactly `mode`, checked.
QString setMode(int fd, const struct stat& st, const QString& path, mode_t mode)
{
    if ((st.st_mode & 07777) != mode && ::fchmod(fd, mode) != 0)
        return chmodError(path, errno);
    return {};
}

// Opens the demo folder (making it when `create`) and checks that it is this user's and that
// nobody else can change it: anyone who could would be able to swap its entries for links or
// put their own socket in the way.
QString openRoot(const QString& root, bool defaultRoot, bool create, SafeFs::Fd& out)
{
    struct stat st;
    // As root the server, running as postgres, must pass through the folder: 0711.
    const SafeFs::Status opened
        = SafeFs::openTrustedDir(root, ::geteuid(), create, isRoot() ? 0711 : 0700, out, st);
    if (!opened.ok())
        return folderError(opened);
    if (st.st_uid != ::geteuid()) {
        const std::optional<SafeFs::Account> postgres = SafeFs::lookupAccount(QByteArrayLiteral("postgres"));
        // Consoles before this fix gave their default folder to postgres. It is root's again,
        // so postgres cannot plant links beside root's files; its own folders stay its own.
        const bool legacy = isRoot() && defaultRoot && postgres && st.st_uid == postgres->uid;
        if (!legacy)
            return Text::tr(
                       "The demo folder %1 belongs to the account \"%2\", not to you, so it is not used: "
                       "that account could read the demo database or replace its files. Set "
                       "ASTRALIS_DEMO_DIR to a folder of your own.")
                .arg(root, SafeFs::accountName(st.st_uid));
        if (::fchown(out.get(), 0, 0) != 0 || ::fstat(out.get(), &st) != 0)
            return Text::tr("Cannot give the demo folder %1 back to root: %2.")
                .arg(root, SafeFs::errorText(errno));
    }
    if (st.st_mode & (S_IWGRP | S_IWOTH))
        return Text::tr(
                   "The demo folder %1 can be changed by other accounts (it is group- or world-writable), "
                   "so it is not used. Make it private (chmod go-w %1), or set ASTRALIS_DEMO_DIR to "
                   "another folder.")
            .arg(root);
    if (isRoot() && (st.st_mode & 0011) != 0011 && ::fchmod(out.get(), (st.st_mode & 07777) | 0011) != 0)
        return chmodError(root, errno);
    return {};
}

// consoles/: the running consoles' marks, this user's alone (0700).
QString openConsoles(int rootFd, const QString& root, bool create, SafeFs::Fd& out)
{
    struct stat st;
    const SafeFs::Status opened = SafeFs::openSubdir(rootFd, root, kConsoles, create, 0700, out, st);
    if (!opened.ok())
        return folderError(opened);
    const QString path = root + QLatin1Char('/') + kConsoles;
    if (st.st_uid != ::geteuid())
        return Text::tr(
                   "%1 belongs to the account \"%2\", not to you. Delete it, or set ASTRALIS_DEMO_DIR to "
                   "another folder.")
            .arg(path, SafeFs::accountName(st.st_uid));
    return setMode(out.get(), st, path, 0700);
}

// A folder the server writes in (data/, run/, log/) must be the server account's. One this
// user made (as root: before handing it over, by a console that was interrupted) is handed
// over now; one of any other account is refused.
QString ensureServerOwned(int fd, struct stat& st, const QString& path, const SafeFs::Account& server)
{
    if (st.st_uid == server.uid)
        return {};
    if (st.st_uid != ::geteuid())
        return Text::tr("%1 belongs to the account \"%2\" instead of \"%3\", the one the demo database runs "
                        "as. Delete it, or set ASTRALIS_DEMO_DIR to another folder.")
            .arg(path, SafeFs::accountName(st.st_uid), SafeFs::accountName(server.uid));
    if (::fchown(fd, server.uid, server.gid) != 0 || ::fstat(fd, &st) != 0)
        return Text::tr("Cannot give %1 to the account \"%2\" the demo database runs as: %3.")
            .arg(path, SafeFs::accountName(server.uid), SafeFs::errorText(errno));
    return {};
}

// run/ and log/: made when missing, the server account's, private (0700).
QString openServerDir(int rootFd, const QString& root, const QString& name, const SafeFs::Account& server,
                      SafeFs::Fd& out)
{
    struct stat st;
    const SafeFs::Status opened = SafeFs::openSubdir(rootFd, root, name, true, 0700, out, st);
    if (!opened.ok())
        return folderError(opened);
    const QString path = root + QLatin1Char('/') + name;
    const QString error = ensureServerOwned(out.get(), st, path, server);
    return error.isEmpty() ? setMode(out.get(), st, path, 0700) : error;
}

bool hasMarker(int rootFd)
{
    struct stat st;
    return ::fstatat(rootFd, kMarker.constData(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode)
        && st.st_uid == ::geteuid();
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
    m_defaultRoot = m_root.isEmpty();
    // As root the server runs as the postgres user, who cannot enter /root. /var/lib, unlike
    // /var/tmp, is writable by root alone: nobody can plant a symlink there beforehand.
    if (m_root.isEmpty() && isRoot())
        m_root = kDefaultRootAsRoot;
    if (m_root.isEmpty())
        m_root = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo");
    m_root = resolvedPath(m_root);
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

QString EmbeddedCluster::socketFile(const QString& root)
{
    return root + QStringLiteral("/run/.s.PGSQL.") + QString::number(kPort);
}

bool EmbeddedCluster::socketPathFits(const QString& root)
{
    return QFile::encodeName(socketFile(root)).size() <= kMaxSocketPathBytes;
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
    if (!socketPathFits(m_root)) {
        result.error
            = Text::tr("The demo folder's path is too long for a PostgreSQL socket: %1 would be %2 "
                       "bytes, and at most %3 fit. Set ASTRALIS_DEMO_DIR to a shorter folder.")
                  .arg(socketFile(m_root), QString::number(QFile::encodeName(socketFile(m_root)).size()),
                       QString::number(kMaxSocketPathBytes));
        return result;
    }
    const std::optional<SafeFs::Account> server = serverAccount();
    if (!server) {
        result.error
            = Text::tr("The account \"postgres\" is missing, so the demo workspace cannot run as root. "
                       "Reinstall the package \"postgresql\", or start the console as an ordinary user.");
        return result;
    }
    const QString dataDir = m_root + QStringLiteral("/data");
    const QString run = socketDir();
    const QString logFile = m_root + QStringLiteral("/log/server.log");
    SafeFs::Fd rootFd;
    result.error = openRoot(m_root, m_defaultRoot, true, rootFd);
    if (!result.error.isEmpty())
        return result;

    // Start and stop are serialised between consoles by a lock file; a stale lock left by a
    // crashed console is taken over (QLockFile checks whether its process still lives). It is
    // in the demo folder, which nobody else can write in.
    QLockFile lock(m_root + QStringLiteral("/cluster.lock"));
    lock.setStaleLockTime(0);
    if (!lock.tryLock(30000)) {
        result.error
            = Text::tr("Waited 30 s for another console that is starting the demo workspace. Close it "
                       "and try again, or delete %1 if no console is running.")
                  .arg(lock.fileName());
        return result;
    }

    SafeFs::Fd consolesFd;
    SafeFs::Fd runFd;
    SafeFs::Fd logFd;
    result.error = openConsoles(rootFd.get(), m_root, true, consolesFd);
    if (result.error.isEmpty())
        result.error = openServerDir(rootFd.get(), m_root, QStringLiteral("run"), *server, runFd);
    if (result.error.isEmpty())
        result.error = openServerDir(rootFd.get(), m_root, QStringLiteral("log"), *server, logFd);
    if (!result.error.isEmpty())
        return result;

    SafeFs::Fd dataFd;
    struct stat dataStat;
    SafeFs::Status data
        = SafeFs::openSubdir(rootFd.get(), m_root, QStringLiteral("data"), false, 0700, dataFd, dataStat);
    bool create = false;
    if (data.problem == SafeFs::Problem::Missing) {
        // The marker first: from here on, a data/ left unfinished is known to be this console's.
        const int marked = SafeFs::createFile(
            rootFd.get(), kMarker, 0600,
            QByteArrayLiteral(
                "Astralis Console made data/ here and may clear it if its creation was interrupted.\n"));
        const QString markerPath = m_root + QLatin1Char('/') + QFile::decodeName(kMarker);
        if (marked == EEXIST && !hasMarker(rootFd.get())) {
            result.error = Text::tr("%1 is in the way: it is not a file this console wrote. Move it away, or "
                                    "set ASTRALIS_DEMO_DIR to another folder.")
                               .arg(markerPath);
            return result;
        }
        if (marked != 0 && marked != EEXIST) {
            result.error = Text::tr("Cannot write %1: %2.").arg(markerPath, SafeFs::errorText(marked));
            return result;
        }
        data = SafeFs::openSubdir(rootFd.get(), m_root, QStringLiteral("data"), true, 0700, dataFd, dataStat);
        create = true;
    } else if (data.ok()) {
        struct stat version;
        if (::fstatat(dataFd.get(), "PG_VERSION", &version, AT_SYMLINK_NOFOLLOW) != 0) {
            // Only the console's own unfinished cluster is cleared: a data/ it did not make (say
            // ASTRALIS_DEMO_DIR=$HOME, with the person's own ~/data) is never deleted.
            if (!hasMarker(rootFd.get())) {
                result.error
                    = Text::tr("%1 holds no PostgreSQL cluster and was not created by Astralis Console, "
                               "so it was left untouched. Move or delete it yourself, or set "
                               "ASTRALIS_DEMO_DIR to another folder.")
                          .arg(dataDir);
                return result;
            }
            create = true;
        }
    }
    if (!data.ok()) {
        result.error = folderError(data);
        return result;
    }
    result.error = ensureServerOwned(dataFd.get(), dataStat, dataDir, *server);
    if (!result.error.isEmpty())
        return result;

    if (create) {
        emit progress(Text::tr("Creating the demo database cluster…"));
        // A half-made cluster from an interrupted first run, cleared as the server account.
        const int cleared
            = asServerAccount(*server, [fd = dataFd.get()] { return SafeFs::removeContents(fd); });
        if (cleared != 0) {
            result.error = Text::tr("An unfinished demo database in %1 could not be cleared: %2. Delete its "
                                    "contents yourself and start the demo workspace again.")
                               .arg(dataDir, SafeFs::errorText(cleared));
            return result;
        }
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
        // from this folder listens on no TCP port either. Written as the server account too.
        QString quotedDir = run;
        quotedDir.replace(QLatin1Char('\''), QLatin1String("''"));
        const QByteArray conf
            = QStringLiteral("\n# Astralis Console demo workspace: Unix socket only, private folder\n"
                             "listen_addresses = ''\nunix_socket_directories = '%1'\n"
                             "unix_socket_permissions = 0700\nmax_connections = 50\n")
                  .arg(quotedDir)
                  .toUtf8();
        const int configured = asServerAccount(*server, [fd = dataFd.get(), &conf] {
            return SafeFs::appendToFile(fd, "postgresql.conf", conf.constData(), size_t(conf.size()));
        });
        if (configured != 0) {
            result.error
                = Text::tr("Cannot configure the demo database (%1): %2.")
                      .arg(dataDir + QStringLiteral("/postgresql.conf"), SafeFs::errorText(configured));
            return result;
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
                  .arg(quotedRun, QString::number(kPort)); // one arg(): a "%1" in the folder stays as it is
        const Run start = runServerTool(bin + QStringLiteral("/pg_ctl"),
                                        {QStringLiteral("-D"), dataDir, QStringLiteral("-l"), logFile,
                                         QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("120"),
                                         QStringLiteral("-o"), options, QStringLiteral("start")});
        if (start.exitCode != 0) {
            result.error = Text::tr("The demo database did not start: %1 (see %2)")
                               .arg(start.output.right(300), logFile);
            return result;
        }
    }
    // Registered before anything can fail, so release() stops a server this console started.
    // A new file, never an existing one nor a link's target; a mark of this name can only be
    // left by a dead process that had the same id.
    const QByteArray markName = QFile::encodeName(m_markName);
    int marked = SafeFs::createFile(consolesFd.get(), markName, 0600, {});
    if (marked == EEXIST) {
        ::unlinkat(consolesFd.get(), markName.constData(), 0);
        marked = SafeFs::createFile(consolesFd.get(), markName, 0600, {});
    }
    m_registered = true; // from here on, release() may have to stop the server
    if (marked != 0) {
        result.error = Text::tr("Cannot register this console in %1: %2.")
                           .arg(m_root + QLatin1Char('/') + kConsoles, SafeFs::errorText(marked));
        return result;
    }

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
    SafeFs::Fd rootFd;
    SafeFs::Fd consolesFd;
    QString error = openRoot(m_root, m_defaultRoot, false, rootFd);
    if (error.isEmpty())
        error = openConsoles(rootFd.get(), m_root, false, consolesFd);
    if (!error.isEmpty()) {
        // Without its list of consoles, stopping the server could cut off another one.
        qCWarning(lcDatabase) << "demo database left running:" << error;
        return;
    }
    ::unlinkat(consolesFd.get(), QFile::encodeName(m_markName).constData(), 0);
    QLockFile lock(m_root + QStringLiteral("/cluster.lock"));
    lock.setStaleLockTime(0);
    if (!lock.tryLock(5000))
        return; // another console is starting it: that one keeps it running
    // Other consoles still running keep the server; marks of crashed ones are cleared. Only a
    // regular file is a mark; anything else is removed itself (a link, never its target).
    for (const QString& name : SafeFs::entryNames(consolesFd.get())) {
        const QByteArray entry = QFile::encodeName(name);
        struct stat st;
        if (::fstatat(consolesFd.get(), entry.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0
            || S_ISDIR(st.st_mode))
            continue;
        if (S_ISREG(st.st_mode) && pidAlive(name.section(QLatin1Char('-'), 0, 0).toLongLong()))
            return;
        ::unlinkat(consolesFd.get(), entry.constData(), 0);
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
