#include "LocalCache.h"

#include "CacheSchema.h"
#include "DbResult.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

namespace {

std::atomic<int> g_connections{0};

bool failed(const QSqlQuery& q, QString* error)
{
    if (error)
        *error = QStringLiteral("local cache: %1").arg(DbResult::errorText(q.lastError()));
    return false;
}

} // namespace

LocalCache::LocalCache()
    : m_connection(QStringLiteral("astralis-cache-%1").arg(g_connections.fetch_add(1)))
    , m_rows(m_connection)
    , m_outbox(m_connection, m_rows)
    , m_meta(m_connection)
    , m_providers(m_connection)
{ }

LocalCache::~LocalCache()
{
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

bool LocalCache::open(const QString& path, QString* error)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        *error = QStringLiteral("local cache: cannot create the folder %1").arg(info.absolutePath());
        return false;
    }
    QFile::setPermissions(info.absolutePath(),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    // Created 0600 before SQLite opens it: never readable by others, not even for a moment.
    if (!info.exists()) {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
            *error = QStringLiteral("local cache: cannot create %1: %2").arg(path, file.errorString());
            return false;
        }
        file.close();
    }
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);

    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(path);
    // Another thread or astralis-cli may be writing: wait for it instead of failing.
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    if (!db.open()) {
        *error = QStringLiteral("local cache: cannot open %1: %2")
                     .arg(path, DbResult::errorText(db.lastError()));
        return false;
    }
    m_path = path;
    QSqlQuery q(db);
    // WAL: readers never block the writer; synchronous=FULL: a committed change survives a
    // power cut, because the UI tells the person it is saved once this commit returns. A page
    // cache and memory-mapped reads big enough for a 10,000-card board.
    for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
                               "PRAGMA cache_size=-32000", "PRAGMA mmap_size=268435456"}) {
        if (!q.exec(QString::fromLatin1(pragma)))
            return failed(q, error);
    }
    if (!migrate(error))
        return false;
    // The WAL and shared-memory files SQLite creates next to the cache get the same mode.
    for (const char* suffix : {"-wal", "-shm"}) {
        if (QFile::exists(path + QLatin1String(suffix)))
            QFile::setPermissions(path + QLatin1String(suffix),
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    return true;
}

bool LocalCache::isOpen() const
{
    return QSqlDatabase::contains(m_connection) && QSqlDatabase::database(m_connection, false).isOpen();
}

QSqlDatabase LocalCache::database() const
{
    return QSqlDatabase::database(m_connection, false);
}

bool LocalCache::migrate(QString* error)
{
    QSqlDatabase db = database();
    return CacheSchema::migrate(db, error);
}
