#include "CacheFiles.h"

#include "ConnectionSettings.h"
#include "DbResult.h"
#include "LocalCache.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(LocalCache)
};

// How the server tells its own instance id.
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

QString CacheFiles::pathFor(const ConnectionSettings& settings)
{
    const QString folder = cacheFolder();
    const CacheIndex index = readIndex(folder + QLatin1Char('/') + baseKey(settings) + kIndexSuffix);
    if (isCacheName(index.current) && QFileInfo::exists(folder + QLatin1Char('/') + index.current))
        return folder + QLatin1Char('/') + index.current;
    return basePathFor(settings);
}

QString CacheFiles::basePathFor(const ConnectionSettings& settings)
{
    return cacheFolder() + QLatin1Char('/') + baseKey(settings) + kCacheSuffix;
}

QString CacheFiles::pathFor(const ConnectionSettings& settings, const QString& instanceId)
{
    return cacheFolder() + QLatin1Char('/') + instanceName(settings, instanceId);
}

CacheFiles::ServerInstance CacheFiles::serverInstance(QSqlDatabase& db)
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

QString CacheFiles::shortInstance(const QString& instanceId)
{
    return instanceId.left(8);
}

CacheFiles::Fit CacheFiles::fit(const QString& cached, const QString& server)
{
    if (cached.isEmpty())
        return Fit::Adopt;
    return cached == server ? Fit::Same : Fit::Other;
}

CacheFiles::Choice CacheFiles::choose(const ConnectionSettings& settings, const QString& serverInstance)
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
        QString stored = cache.meta().instanceId();
        if (fit(stored, serverInstance) == Fit::Adopt) {
            // A new cache, or one from before instance ids: the first database it meets is its own.
            stored = cache.meta().adoptInstance(serverInstance, &choice.error);
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
            choice.previousUnsent = cache.outbox().counts().total();
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
            if (cache.open(pathOf(name), &ignored) && cache.meta().instanceId() == serverInstance) {
                chosen = name;
                break;
            }
        }
        if (chosen.isEmpty()) {
            const QString name = instanceName(settings, serverInstance);
            LocalCache cache;
            if (!cache.open(pathOf(name), &choice.error))
                return choice;
            const QString stored = cache.meta().adoptInstance(serverInstance, &choice.error);
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

QList<CacheFiles::Held> CacheFiles::held(const ConnectionSettings& settings, const QString& currentPath)
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
        const int unsent = cache.outbox().counts().total();
        if (unsent > 0)
            list << Held{path, cache.meta().instanceId(), unsent};
    }
    return list;
}
