#include "LocalCache.h"

#include "CacheSchema.h"
#include "ConnectionSettings.h"
#include "DbResult.h"

#include <QCborMap>
#include <QCborValue>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScopeGuard>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>

#include <atomic>

namespace {

std::atomic<int> g_connections{0};

QByteArray toCbor(const QVariantMap& map)
{
    return QCborValue::fromVariant(map).toCbor();
}

QVariantMap fromCbor(const QByteArray& bytes)
{
    return QCborValue::fromCbor(bytes).toMap().toVariantMap();
}

QString toJson(const QVariantMap& map)
{
    return QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(map)).toJson(QJsonDocument::Compact));
}

QVariantMap fromJson(const QString& text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object().toVariantMap();
}

bool failed(const QSqlQuery& q, QString* error)
{
    if (error)
        *error = QStringLiteral("local cache: %1").arg(DbResult::errorText(q.lastError()));
    return false;
}

// SQLite compares NULL with nothing: an absent parent is stored and looked up as ''.
QString nonNull(const QString& text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

void overlay(QVariantMap* data, const QVariantMap& fields)
{
    for (auto it = fields.cbegin(); it != fields.cend(); ++it)
        data->insert(it.key(), it.value());
}

const char kEntryColumns[] = "seq, mutation_id, entity, row_id, op, base_version, fields, before, state, "
                             "attempts, next_attempt_ms, coalesce(error, ''), coalesce(theirs, '{}'), "
                             "theirs_version, created_ms, coalesce(label, ''), coalesce(conflicting, '[]')";

OutboxEntry readEntry(const QSqlQuery& q)
{
    OutboxEntry e;
    e.seq = q.value(0).toLongLong();
    e.mutationId = q.value(1).toString();
    e.entity = q.value(2).toString();
    e.rowId = q.value(3).toString();
    e.op = OutboxEntry::opFromName(q.value(4).toString());
    e.baseVersion = q.value(5).toInt();
    e.fields = fromJson(q.value(6).toString());
    e.before = fromJson(q.value(7).toString());
    e.state = OutboxEntry::stateFromName(q.value(8).toString());
    e.attempts = q.value(9).toInt();
    e.nextAttemptMs = q.value(10).toLongLong();
    e.error = q.value(11).toString();
    e.theirs = fromJson(q.value(12).toString());
    e.theirsVersion = q.value(13).toInt();
    e.createdMs = q.value(14).toLongLong();
    e.label = q.value(15).toString();
    for (const QJsonValue& v : QJsonDocument::fromJson(q.value(16).toString().toUtf8()).array())
        e.conflicting << v.toString();
    return e;
}

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(LocalCache)
};

// The database a cache belongs to (meta), and how the server tells its own.
const QString kInstanceKey = QStringLiteral("instanceId");
const char kInstanceQuery[] = "SELECT astralis_instance_id()";
const QString kCacheSuffix = QStringLiteral(".sqlite");
// Beside the caches of a server and login: which one was used last, and every one there is.
const QString kIndexSuffix = QStringLiteral(".index");

QString cacheFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/cache");
}

QString hashName(const QStringList& parts)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(parts.join(QLatin1Char('\n')).toUtf8(), QCryptographicHash::Sha256)
            .toHex()
            .left(24));
}

// The login and the server identify the cache; the password never does.
QString baseKey(const ConnectionSettings& s)
{
    return hashName({s.host, QString::number(s.port), s.database, s.user});
}

QString instanceName(const ConnectionSettings& s, const QString& instanceId)
{
    return hashName({s.host, QString::number(s.port), s.database, s.user, instanceId}) + kCacheSuffix;
}

// Only names this class made are followed from the index: never a path elsewhere.
bool isCacheName(const QString& name)
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9a-f]{24}\\.sqlite$"));
    return pattern.match(name).hasMatch();
}

struct CacheIndex
{
    QString current; // file name of the cache used last
    QStringList caches; // every cache of this server and login, by file name
};

CacheIndex readIndex(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
    CacheIndex index;
    index.current = object.value(QStringLiteral("current")).toString();
    for (const QJsonValue& name : object.value(QStringLiteral("caches")).toArray()) {
        if (isCacheName(name.toString()))
            index.caches << name.toString();
    }
    return index;
}

bool writeIndex(const QString& path, const CacheIndex& index, QString* error)
{
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly)) {
        const QJsonObject object{{QStringLiteral("current"), index.current},
                                 {QStringLiteral("caches"), QJsonArray::fromStringList(index.caches)}};
        file.write(QJsonDocument(object).toJson(QJsonDocument::Compact));
        if (file.commit()) {
            QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            return true;
        }
    }
    *error = QStringLiteral("local cache: cannot write %1: %2").arg(path, file.errorString());
    return false;
}

} // namespace

LocalCache::LocalCache()
    : m_connection(QStringLiteral("astralis-cache-%1").arg(g_connections.fetch_add(1)))
{ }

LocalCache::~LocalCache()
{
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

QString LocalCache::pathFor(const ConnectionSettings& settings)
{
    const QString folder = cacheFolder();
    const CacheIndex index = readIndex(folder + QLatin1Char('/') + baseKey(settings) + kIndexSuffix);
    if (isCacheName(index.current) && QFileInfo::exists(folder + QLatin1Char('/') + index.current))
        return folder + QLatin1Char('/') + index.current;
    return basePathFor(settings);
}

QString LocalCache::basePathFor(const ConnectionSettings& settings)
{
    return cacheFolder() + QLatin1Char('/') + baseKey(settings) + kCacheSuffix;
}

QString LocalCache::pathFor(const ConnectionSettings& settings, const QString& instanceId)
{
    return cacheFolder() + QLatin1Char('/') + instanceName(settings, instanceId);
}

LocalCache::ServerInstance LocalCache::serverInstance(QSqlDatabase& db)
{
    ServerInstance server;
    QSqlQuery q(db);
    if (q.exec(QLatin1String(kInstanceQuery)) && q.next() && !q.value(0).toString().isEmpty()) {
        server.id = q.value(0).toString();
        return server;
    }
    const QSqlError sqlError = q.lastError();
    const QString state = sqlError.nativeErrorCode();
    server.missing = state == QLatin1String("42883"); // undefined_function
    server.connectionLost = !db.isOpen() || (sqlError.isValid() && state.isEmpty())
        || state.startsWith(QLatin1String("08")) || state.startsWith(QLatin1String("57P"));
    if (server.missing)
        server.error = Text::tr("The database has no instance id (astralis_instance_id() is missing): its "
                                "schema is older than this console. Update it with astralis-cli db deploy.");
    else if (sqlError.isValid())
        server.error
            = Text::tr("The database's instance id could not be read: %1").arg(DbResult::errorText(sqlError));
    else
        server.error = Text::tr("The database has no instance id.");
    return server;
}

QString LocalCache::shortInstance(const QString& instanceId)
{
    return instanceId.left(8);
}

LocalCache::Fit LocalCache::fit(const QString& cached, const QString& server)
{
    if (cached.isEmpty())
        return Fit::Adopt;
    return cached == server ? Fit::Same : Fit::Other;
}

LocalCache::Choice LocalCache::choose(const ConnectionSettings& settings, const QString& serverInstance)
{
    Choice choice;
    if (serverInstance.isEmpty()) {
        choice.error = QStringLiteral("local cache: no instance id to choose a cache by");
        return choice;
    }
    const QString folder = cacheFolder();
    if (!QDir().mkpath(folder)) {
        choice.error = QStringLiteral("local cache: cannot create the folder %1").arg(folder);
        return choice;
    }
    QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QString key = baseKey(settings);
    const auto pathOf
        = [&folder](const QString& name) -> QString { return folder + QLatin1Char('/') + name; };
    // The console and astralis-cli may connect at the same moment: one chooses at a time.
    QLockFile lock(pathOf(key + QStringLiteral(".lock")));
    if (!lock.tryLock(10000)) {
        choice.error = QStringLiteral("local cache: %1 stays locked by another program")
                           .arg(pathOf(key + QStringLiteral(".lock")));
        return choice;
    }
    const QString indexPath = pathOf(key + kIndexSuffix);
    CacheIndex index = readIndex(indexPath);
    const QString baseName = key + kCacheSuffix;
    const QString current
        = isCacheName(index.current) && QFileInfo::exists(pathOf(index.current)) ? index.current : baseName;

    QString chosen;
    {
        LocalCache cache;
        if (!cache.open(pathOf(current), &choice.error))
            return choice;
        QString stored = cache.instanceId();
        if (fit(stored, serverInstance) == Fit::Adopt) {
            // A new cache, or one from before instance ids: the first database it meets is its own.
            stored = cache.adoptInstance(serverInstance, &choice.error);
            if (stored.isEmpty())
                return choice;
            choice.adopted = stored == serverInstance;
        }
        if (stored == serverInstance) {
            chosen = current;
        } else {
            choice.switched = true;
            choice.previousPath = pathOf(current);
            choice.previousInstance = stored;
            choice.previousUnsent = cache.counts().total();
        }
    }
    if (chosen.isEmpty()) {
        // This database's own cache: one known for this server and login, else a new one.
        QStringList candidates = index.caches;
        candidates << baseName << instanceName(settings, serverInstance);
        candidates.removeDuplicates();
        candidates.removeAll(current);
        for (const QString& name : std::as_const(candidates)) {
            if (!isCacheName(name) || !QFileInfo::exists(pathOf(name)))
                continue;
            LocalCache cache;
            QString ignored;
            if (cache.open(pathOf(name), &ignored) && cache.instanceId() == serverInstance) {
                chosen = name;
                break;
            }
        }
        if (chosen.isEmpty()) {
            const QString name = instanceName(settings, serverInstance);
            LocalCache cache;
            if (!cache.open(pathOf(name), &choice.error))
                return choice;
            const QString stored = cache.adoptInstance(serverInstance, &choice.error);
            if (stored.isEmpty())
                return choice;
            if (stored != serverInstance) { // a hash collision: never mix two databases
                choice.error = QStringLiteral("local cache: %1 belongs to another database").arg(name);
                return choice;
            }
            chosen = name;
        }
    }
    choice.path = pathOf(chosen);

    const CacheIndex before = index;
    index.current = chosen;
    for (const QString& name : {baseName, current, chosen}) {
        if (!index.caches.contains(name) && QFileInfo::exists(pathOf(name)))
            index.caches << name;
    }
    if ((index.current != before.current || index.caches != before.caches)
        && !writeIndex(indexPath, index, &choice.error))
        return choice;
    choice.ok = true;
    return choice;
}

QList<LocalCache::Held> LocalCache::held(const ConnectionSettings& settings, const QString& currentPath)
{
    const QString folder = cacheFolder();
    const QString key = baseKey(settings);
    QStringList names = readIndex(folder + QLatin1Char('/') + key + kIndexSuffix).caches;
    names.prepend(key + kCacheSuffix);
    names.removeDuplicates();
    const QString current = QFileInfo(currentPath).absoluteFilePath();
    QList<Held> list;
    for (const QString& name : std::as_const(names)) {
        const QString path = folder + QLatin1Char('/') + name;
        if (!isCacheName(name) || !QFileInfo::exists(path) || QFileInfo(path).absoluteFilePath() == current)
            continue;
        LocalCache cache;
        QString error;
        if (!cache.open(path, &error))
            continue;
        const int unsent = cache.counts().total();
        if (unsent > 0)
            list << Held{path, cache.instanceId(), unsent};
    }
    return list;
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

bool LocalCache::begin(QString* error)
{
    QSqlQuery q(database());
    return q.exec(QStringLiteral("BEGIN IMMEDIATE")) || failed(q, error);
}

bool LocalCache::commit(QString* error)
{
    QSqlQuery q(database());
    if (q.exec(QStringLiteral("COMMIT")))
        return true;
    failed(q, error);
    rollback();
    return false;
}

void LocalCache::rollback()
{
    QSqlQuery q(database());
    q.exec(QStringLiteral("ROLLBACK"));
}

bool LocalCache::storeRows(const QString& entity, const QString& parent, const QList<CachedRow>& rows,
                           bool replaceParent, QString* error)
{
    if (!begin(error))
        return false;
    QSqlDatabase db = database();
    // Rows with open local changes: their fields are laid over the server's below.
    QSet<QString> dirty;
    {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT id FROM row_cache WHERE entity = ? AND dirty = 1"));
        q.addBindValue(entity);
        if (!q.exec()) {
            rollback();
            return failed(q, error);
        }
        while (q.next())
            dirty.insert(q.value(0).toString());
    }
    if (replaceParent) {
        QSqlQuery drop(db);
        drop.prepare(QStringLiteral("DELETE FROM row_cache WHERE entity = ? AND parent = ? AND dirty = 0"));
        drop.addBindValue(entity);
        drop.addBindValue(nonNull(parent));
        if (!drop.exec()) {
            rollback();
            return failed(drop, error);
        }
    }
    QSqlQuery put(db);
    put.prepare(QStringLiteral("INSERT INTO row_cache (entity, id, parent, version, server, data, dirty) "
                               "VALUES (?, ?, ?, ?, ?, ?, 0) ON CONFLICT (entity, id) DO UPDATE SET "
                               "parent = CASE excluded.parent WHEN '' THEN row_cache.parent ELSE "
                               "excluded.parent END, version = excluded.version, server = excluded.server, "
                               "data = excluded.data "
                               // Row versions only grow: a read that started before one of our
                               // own changes was applied must not bring the old row back.
                               "WHERE excluded.version >= row_cache.version"));
    QStringList toRelay;
    for (const CachedRow& row : rows) {
        const QByteArray server = toCbor(row.data);
        put.bindValue(0, entity);
        put.bindValue(1, row.id);
        put.bindValue(2, nonNull(row.parent.isEmpty() ? parent : row.parent));
        put.bindValue(3, row.version);
        put.bindValue(4, server);
        put.bindValue(5, server);
        if (!put.exec()) {
            rollback();
            return failed(put, error);
        }
        if (dirty.contains(row.id))
            toRelay << row.id;
    }
    for (const QString& id : std::as_const(toRelay)) {
        if (!relayRow(entity, id, error)) {
            rollback();
            return false;
        }
    }
    return commit(error);
}

bool LocalCache::changeServer(const QString& entity, const QString& id,
                              const std::function<void(QVariantMap* server, int* version)>& change,
                              QString* error)
{
    QSqlDatabase db = database();
    QSqlQuery read(db);
    read.prepare(QStringLiteral("SELECT server, version FROM row_cache WHERE entity = ? AND id = ?"));
    read.addBindValue(entity);
    read.addBindValue(id);
    if (!read.exec())
        return failed(read, error);
    if (!read.next())
        return true; // not cached: nothing to record
    QVariantMap server = fromCbor(read.value(0).toByteArray());
    int version = read.value(1).toInt();
    read.finish();
    change(&server, &version);
    QSqlQuery write(db);
    write.prepare(QStringLiteral("UPDATE row_cache SET server = ?, version = ? WHERE entity = ? AND id = ?"));
    write.addBindValue(toCbor(server));
    write.addBindValue(version);
    write.addBindValue(entity);
    write.addBindValue(id);
    return write.exec() || failed(write, error);
}

bool LocalCache::markDeleted(const QString& entity, const QString& id, QString* error)
{
    if (!begin(error))
        return false;
    const auto deleted = [](QVariantMap* server, int*) { server->insert(QStringLiteral("deletedAt"), true); };
    if (!changeServer(entity, id, deleted, error) || !relayRow(entity, id, error)) {
        rollback();
        return false;
    }
    return commit(error);
}

bool LocalCache::forEachRow(
    const QString& entity, const QString& parent,
    const std::function<void(const QString& id, int version, const QByteArray& cbor)>& visit,
    QString* error) const
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, version, data FROM row_cache WHERE entity = ? AND parent = ?"));
    q.addBindValue(entity);
    q.addBindValue(nonNull(parent));
    if (!q.exec())
        return failed(q, error);
    while (q.next())
        visit(q.value(0).toString(), q.value(1).toInt(), q.value(2).toByteArray());
    return true;
}

QList<CachedRow> LocalCache::rows(const QString& entity, const QString& parent, QString* error) const
{
    QList<CachedRow> list;
    QSqlQuery q(database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT id, parent, version, data, dirty FROM row_cache WHERE entity = ? AND parent = ?"));
    q.addBindValue(entity);
    q.addBindValue(nonNull(parent));
    if (!q.exec()) {
        failed(q, error);
        return list;
    }
    while (q.next()) {
        CachedRow row;
        row.entity = entity;
        row.id = q.value(0).toString();
        row.parent = q.value(1).toString();
        row.version = q.value(2).toInt();
        row.data = fromCbor(q.value(3).toByteArray());
        row.dirty = q.value(4).toBool();
        list << row;
    }
    return list;
}

std::optional<CachedRow> LocalCache::row(const QString& entity, const QString& id, QString* error) const
{
    QSqlQuery q(database());
    q.prepare(
        QStringLiteral("SELECT parent, version, data, dirty FROM row_cache WHERE entity = ? AND id = ?"));
    q.addBindValue(entity);
    q.addBindValue(id);
    if (!q.exec()) {
        failed(q, error);
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    CachedRow row;
    row.entity = entity;
    row.id = id;
    row.parent = q.value(0).toString();
    row.version = q.value(1).toInt();
    row.data = fromCbor(q.value(2).toByteArray());
    row.dirty = q.value(3).toBool();
    return row;
}

bool LocalCache::relayRow(const QString& entity, const QString& id, QString* error)
{
    QSqlDatabase db = database();
    QSqlQuery read(db);
    read.prepare(QStringLiteral("SELECT server FROM row_cache WHERE entity = ? AND id = ?"));
    read.addBindValue(entity);
    read.addBindValue(id);
    if (!read.exec())
        return failed(read, error);
    if (!read.next())
        return true;
    QVariantMap data = fromCbor(read.value(0).toByteArray());
    QSqlQuery open(db);
    open.prepare(QStringLiteral("SELECT op, fields FROM outbox WHERE entity = ? AND row_id = ? AND state <> "
                                "'rejected' ORDER BY seq"));
    open.addBindValue(entity);
    open.addBindValue(id);
    if (!open.exec())
        return failed(open, error);
    bool dirty = false;
    while (open.next()) {
        dirty = true;
        overlay(&data, fromJson(open.value(1).toString()));
    }
    QSqlQuery write(db);
    write.prepare(QStringLiteral("UPDATE row_cache SET data = ?, dirty = ? WHERE entity = ? AND id = ?"));
    write.addBindValue(toCbor(data));
    write.addBindValue(dirty ? 1 : 0);
    write.addBindValue(entity);
    write.addBindValue(id);
    return write.exec() || failed(write, error);
}

bool LocalCache::enqueue(QList<OutboxEntry>* entries, QString* error)
{
    if (!begin(error))
        return false;
    QSqlDatabase db = database();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QSqlQuery insert(db);
    insert.prepare(
        QStringLiteral("INSERT INTO outbox (mutation_id, entity, row_id, op, base_version, fields, "
                       "before, state, created_ms, label) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)"));
    for (OutboxEntry& e : *entries) {
        if (e.mutationId.isEmpty())
            e.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QString rowError;
        const std::optional<CachedRow> cached = row(e.entity, e.rowId, &rowError);
        if (!rowError.isEmpty()) {
            rollback();
            *error = rowError;
            return false;
        }
        if (cached) {
            e.baseVersion = cached->version;
            for (auto it = e.fields.cbegin(); it != e.fields.cend(); ++it)
                e.before.insert(it.key(), cached->data.value(it.key()));
        } else if (e.op != OutboxEntry::Op::Create) {
            rollback();
            *error = QStringLiteral("local cache: %1 %2 has never been loaded on this computer; connect once "
                                    "to load it")
                         .arg(e.entity, e.rowId);
            return false;
        } else {
            // A new row: cached now, with no server version, so screens show it at once.
            QSqlQuery put(db);
            put.prepare(
                QStringLiteral("INSERT INTO row_cache (entity, id, parent, version, server, data, dirty) "
                               "VALUES (?, ?, ?, 0, ?, ?, 1)"));
            put.addBindValue(e.entity);
            put.addBindValue(e.rowId);
            put.addBindValue(nonNull(e.fields.value(QStringLiteral("_parent")).toString()));
            const QByteArray empty = toCbor(QVariantMap{{QStringLiteral("deletedAt"), true}});
            put.addBindValue(empty);
            put.addBindValue(empty);
            if (!put.exec()) {
                rollback();
                return failed(put, error);
            }
            e.fields.remove(QStringLiteral("_parent"));
        }
        e.createdMs = now;
        insert.bindValue(0, e.mutationId);
        insert.bindValue(1, e.entity);
        insert.bindValue(2, e.rowId);
        insert.bindValue(3, OutboxEntry::opName(e.op));
        insert.bindValue(4, e.baseVersion);
        insert.bindValue(5, toJson(e.fields));
        insert.bindValue(6, toJson(e.before));
        insert.bindValue(7, now);
        insert.bindValue(8, e.label);
        if (!insert.exec()) {
            rollback();
            return failed(insert, error);
        }
        e.seq = insert.lastInsertId().toLongLong();
        if (!relayRow(e.entity, e.rowId, error)) {
            rollback();
            return false;
        }
    }
    return commit(error);
}

QList<OutboxEntry> LocalCache::entries(QString* error) const
{
    QList<OutboxEntry> list;
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT ") + QLatin1String(kEntryColumns)
                + QStringLiteral(" FROM outbox ORDER BY seq"))) {
        failed(q, error);
        return list;
    }
    while (q.next())
        list << readEntry(q);
    return list;
}

std::optional<OutboxEntry> LocalCache::entry(qint64 seq, QString* error) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT ") + QLatin1String(kEntryColumns)
              + QStringLiteral(" FROM outbox WHERE seq = ?"));
    q.addBindValue(seq);
    if (!q.exec()) {
        failed(q, error);
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return readEntry(q);
}

LocalCache::Counts LocalCache::counts(QString* error) const
{
    Counts counts;
    QSqlQuery q(database());
    if (!q.exec(QStringLiteral("SELECT state, count(*) FROM outbox GROUP BY state"))) {
        failed(q, error);
        return counts;
    }
    while (q.next()) {
        const OutboxEntry::State state = OutboxEntry::stateFromName(q.value(0).toString());
        const int n = q.value(1).toInt();
        if (state == OutboxEntry::State::Pending)
            counts.pending = n;
        else if (state == OutboxEntry::State::Conflict)
            counts.conflicts = n;
        else
            counts.rejected = n;
    }
    return counts;
}

qint64 LocalCache::earliestRetryMs(qint64 afterMs) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral(
        "SELECT min(next_attempt_ms) FROM outbox WHERE state = 'pending' AND next_attempt_ms > ?"));
    q.addBindValue(afterMs);
    return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
}

bool LocalCache::markApplied(const OutboxEntry& e, int newVersion, QString* error)
{
    return markApplied(QList<QPair<OutboxEntry, int>>{{e, newVersion}}, error);
}

bool LocalCache::markApplied(const QList<QPair<OutboxEntry, int>>& applied, QString* error)
{
    if (applied.isEmpty())
        return true;
    // Not fsynced: a batch lost to a power cut only makes its entries replay again, and the
    // server recognises them (client_mutation). Changes made here are always FULL.
    QSqlDatabase db = database();
    QSqlQuery pragma(db);
    pragma.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    auto restore = qScopeGuard([db] {
        QSqlQuery full(db);
        full.exec(QStringLiteral("PRAGMA synchronous=FULL"));
    });
    if (!begin(error))
        return false;
    QSqlQuery drop(db);
    drop.prepare(QStringLiteral("DELETE FROM outbox WHERE seq = ?"));
    QSqlQuery rebase(db);
    rebase.prepare(
        QStringLiteral("UPDATE outbox SET base_version = ? WHERE entity = ? AND row_id = ? AND seq > ? "
                       "AND state = 'pending'"));
    for (const auto& [e, newVersion] : applied) {
        drop.bindValue(0, e.seq);
        if (!drop.exec()) {
            rollback();
            return failed(drop, error);
        }
        // The server now holds my fields at newVersion: that is the row's server state, and
        // what the row's later changes were made on top of.
        const auto appliedHere = [&e = e, newVersion = newVersion](QVariantMap* server, int* version) {
            overlay(server, e.fields);
            server->insert(QStringLiteral("deletedAt"), e.op == OutboxEntry::Op::Delete);
            *version = newVersion;
        };
        if (!changeServer(e.entity, e.rowId, appliedHere, error)) {
            rollback();
            return false;
        }
        rebase.bindValue(0, newVersion);
        rebase.bindValue(1, e.entity);
        rebase.bindValue(2, e.rowId);
        rebase.bindValue(3, e.seq);
        if (!rebase.exec()) {
            rollback();
            return failed(rebase, error);
        }
        if (!relayRow(e.entity, e.rowId, error)) {
            rollback();
            return false;
        }
    }
    return commit(error);
}

bool LocalCache::markRetry(const OutboxEntry& e, const QString& reason, qint64 nextAttemptMs, QString* error)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral(
        "UPDATE outbox SET attempts = attempts + 1, next_attempt_ms = ?, error = ? WHERE seq = ?"));
    q.addBindValue(nextAttemptMs);
    q.addBindValue(reason);
    q.addBindValue(e.seq);
    return q.exec() || failed(q, error);
}

bool LocalCache::markRejected(const OutboxEntry& e, const QString& reason, QString* error)
{
    if (!begin(error))
        return false;
    QSqlQuery q(database());
    q.prepare(QStringLiteral(
        "UPDATE outbox SET state = 'rejected', attempts = attempts + 1, error = ? WHERE seq = ?"));
    q.addBindValue(reason);
    q.addBindValue(e.seq);
    if (!q.exec()) {
        rollback();
        return failed(q, error);
    }
    // The row shows the server's values again for what was refused.
    if (!relayRow(e.entity, e.rowId, error)) {
        rollback();
        return false;
    }
    return commit(error);
}

bool LocalCache::markConflict(const OutboxEntry& e, const QVariantMap& theirs, int theirsVersion,
                              const QStringList& conflicting, QString* error)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral(
        "UPDATE outbox SET state = 'conflict', theirs = ?, theirs_version = ?, conflicting = ?, "
        "error = NULL WHERE seq = ?"));
    q.addBindValue(toJson(theirs));
    q.addBindValue(theirsVersion);
    q.addBindValue(QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(conflicting)).toJson(QJsonDocument::Compact)));
    q.addBindValue(e.seq);
    return q.exec() || failed(q, error);
}

bool LocalCache::keepMine(qint64 seq, QString* error)
{
    const std::optional<OutboxEntry> e = entry(seq, error);
    if (!e || e->state != OutboxEntry::State::Conflict || e->rowDeletedOnServer()) {
        if (error && error->isEmpty())
            *error = QStringLiteral("local cache: change %1 is not a conflict that can keep its values")
                         .arg(seq);
        return false;
    }
    // Made again on top of the server's current row: theirs becomes the base.
    QSqlQuery q(database());
    q.prepare(
        QStringLiteral("UPDATE outbox SET state = 'pending', base_version = ?, before = ?, attempts = 0, "
                       "next_attempt_ms = 0, error = NULL WHERE seq = ?"));
    q.addBindValue(e->theirsVersion);
    q.addBindValue(toJson(e->theirs));
    q.addBindValue(seq);
    return q.exec() || failed(q, error);
}

bool LocalCache::discard(qint64 seq, QString* error)
{
    const std::optional<OutboxEntry> e = entry(seq, error);
    if (!e) {
        if (error && error->isEmpty())
            *error = QStringLiteral("local cache: there is no change %1").arg(seq);
        return false;
    }
    if (!begin(error))
        return false;
    QSqlDatabase db = database();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM outbox WHERE seq = ?"));
    q.addBindValue(seq);
    if (!q.exec()) {
        rollback();
        return failed(q, error);
    }
    if (e->state == OutboxEntry::State::Conflict) {
        // Their values are the server's: record them so the row shows them until the next load.
        const auto theirs = [&e](QVariantMap* server, int* version) {
            if (e->rowDeletedOnServer()) {
                server->insert(QStringLiteral("deletedAt"), true);
                *version = e->theirs.value(QStringLiteral("_deletedVersion")).toInt();
            } else {
                overlay(server, e->theirs);
                *version = e->theirsVersion;
            }
        };
        if (!changeServer(e->entity, e->rowId, theirs, error)) {
            rollback();
            return false;
        }
    }
    if (e->op == OutboxEntry::Op::Create) {
        QSqlQuery drop(db);
        drop.prepare(QStringLiteral("DELETE FROM row_cache WHERE entity = ? AND id = ? AND version = 0"));
        drop.addBindValue(e->entity);
        drop.addBindValue(e->rowId);
        if (!drop.exec()) {
            rollback();
            return failed(drop, error);
        }
    }
    if (!relayRow(e->entity, e->rowId, error)) {
        rollback();
        return false;
    }
    return commit(error);
}

bool LocalCache::discardConflicts(const QString& entity, const QString& id, QString* error)
{
    for (const OutboxEntry& e : entries(error)) {
        if (e.entity == entity && e.rowId == id && e.state == OutboxEntry::State::Conflict
            && !discard(e.seq, error))
            return false;
    }
    return error == nullptr || error->isEmpty();
}

bool LocalCache::recreate(qint64 seq, QString* error)
{
    const std::optional<OutboxEntry> e = entry(seq, error);
    if (!e || !e->rowDeletedOnServer()) {
        if (error && error->isEmpty())
            *error = QStringLiteral("local cache: change %1 is not an edit of a row deleted on the server")
                         .arg(seq);
        return false;
    }
    // Restoring the soft-deleted row with my values; the server's deleted version is the base.
    QSqlQuery q(database());
    q.prepare(
        QStringLiteral("UPDATE outbox SET state = 'pending', op = 'restore', base_version = ?, attempts = 0, "
                       "next_attempt_ms = 0, error = NULL WHERE seq = ?"));
    q.addBindValue(e->theirs.value(QStringLiteral("_deletedVersion")).toInt());
    q.addBindValue(seq);
    return q.exec() || failed(q, error);
}

bool LocalCache::retryNow(qint64 seq, QString* error)
{
    const std::optional<OutboxEntry> e = entry(seq, error);
    if (!e || e->state == OutboxEntry::State::Conflict) {
        if (error && error->isEmpty())
            *error = e ? QStringLiteral("local cache: change %1 is a conflict; decide it first").arg(seq)
                       : QStringLiteral("local cache: there is no change %1").arg(seq);
        return false;
    }
    if (!begin(error))
        return false;
    QSqlQuery q(database());
    q.prepare(
        QStringLiteral("UPDATE outbox SET state = 'pending', next_attempt_ms = 0 WHERE seq = ? AND state <> "
                       "'conflict'"));
    q.addBindValue(seq);
    if (!q.exec()) {
        rollback();
        return failed(q, error);
    }
    if (!relayRow(e->entity, e->rowId, error)) {
        rollback();
        return false;
    }
    return commit(error);
}

QString LocalCache::instanceId() const
{
    return meta(kInstanceKey);
}

QString LocalCache::adoptInstance(const QString& instanceId, QString* error)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING"));
    q.addBindValue(kInstanceKey);
    q.addBindValue(instanceId);
    if (!q.exec()) {
        failed(q, error);
        return {};
    }
    return meta(kInstanceKey);
}

QString LocalCache::meta(const QString& key) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(key);
    return q.exec() && q.next() ? q.value(0).toString() : QString();
}

bool LocalCache::setMeta(const QString& key, const QString& value, QString* error)
{
    QSqlQuery q(database());
    q.prepare(
        QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = "
                       "excluded.value"));
    q.addBindValue(key);
    q.addBindValue(value);
    return q.exec() || failed(q, error);
}

std::optional<QByteArray> LocalCache::providerResponse(const QString& key) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT response FROM provider_cache WHERE key = ?"));
    q.addBindValue(key);
    if (q.exec() && q.next())
        return q.value(0).toByteArray();
    return std::nullopt;
}

bool LocalCache::storeProviderResponse(const QString& key, const QString& provider,
                                       const QByteArray& response, QString* error)
{
    QSqlQuery q(database());
    q.prepare(
        QStringLiteral("INSERT INTO provider_cache (key, provider, response, created_ms) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (key) DO UPDATE SET response = excluded.response, created_ms = "
                       "excluded.created_ms"));
    q.addBindValue(key);
    q.addBindValue(provider);
    q.addBindValue(response);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    return q.exec() || failed(q, error);
}

bool LocalCache::queueProviderRequest(const QString& key, const QString& provider, const QString& operation,
                                      const QByteArray& body, QString* error)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral(
        "INSERT INTO provider_queue (key, provider, operation, body, created_ms) VALUES (?, ?, "
        "?, ?, ?)"));
    q.addBindValue(key);
    q.addBindValue(provider);
    q.addBindValue(operation);
    q.addBindValue(body);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    return q.exec() || failed(q, error);
}

QList<LocalCache::QueuedProviderRequest> LocalCache::queuedProviderRequests(QString* error) const
{
    QList<QueuedProviderRequest> list;
    QSqlQuery q(database());
    if (!q.exec(
            QStringLiteral("SELECT seq, key, provider, operation, body FROM provider_queue ORDER BY seq"))) {
        failed(q, error);
        return list;
    }
    while (q.next())
        list.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                     q.value(3).toString(), q.value(4).toByteArray()});
    return list;
}

bool LocalCache::dropQueuedProviderRequest(qint64 seq, QString* error)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("DELETE FROM provider_queue WHERE seq = ?"));
    q.addBindValue(seq);
    return q.exec() || failed(q, error);
}
