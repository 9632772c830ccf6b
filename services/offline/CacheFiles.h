#pragma once

#include "OfflineTypes.h"

#include <QList>
#include <QMetaType>
#include <QString>

class QSqlDatabase;
struct ConnectionSettings;

// Which local cache file belongs to which database (docs/offline.md, "One cache per database").
class CacheFiles
{
public:
    // Which file is whose (docs/offline.md, "One cache per database"). A server and login
    // (host, port, database name, login) may lead to different databases over time: two SSH
    // tunnels on one local port, a database dropped and created again, a restored dump. Each
    // database has its own cache, told apart by its instance id (astralis_instance_id(): made
    // by the migrations, with the cluster's system identifier), so an outbox is only ever sent
    // to the database it was made against. File names are hashes: never the password.
    //
    // The cache last used for this server and login: what a cold start opens while the
    // server is out of reach, and what offline commands use. <app data>/cache/<hash>.sqlite
    // until another database was found there (the index file beside it records the switch).
    static QString pathFor(const ConnectionSettings& settings);
    // The first cache of a server and login (the only one before instance ids existed).
    static QString basePathFor(const ConnectionSettings& settings);
    // The cache of the database `instanceId` at this server and login, when it is not the first.
    static QString pathFor(const ConnectionSettings& settings, const QString& instanceId);

    // The server's instance id, read with the caller's connection.
    struct ServerInstance
    {
        QString id; // empty on failure
        QString error;
        bool connectionLost = false; // the query failed for want of a connection
        bool missing = false; // the database has no astralis_instance_id(): an older schema
    };
    static ServerInstance serverInstance(QSqlDatabase& db);
    // How a person is shown an instance id: its first eight characters (enough to tell two
    // apart; not a secret, but no need to print all of it).
    static QString shortInstance(const QString& instanceId);

    // Whether a cache stored for `cached` may be used with the database `server`.
    enum class Fit
    {
        Same, // this database's cache
        Adopt, // not tied to a database yet (new, or made before instance ids): it becomes server's
        Other, // another database's: nothing from it goes to this server
    };
    static Fit fit(const QString& cached, const QString& server);

    // Connected to the database `serverInstance` at this server and login: the cache to use.
    // The last used one when it is this database's (or adopted, when it belongs to none); else
    // this database's own, found or made, and the last used one stays as it is, changes and
    // all. Records the choice for pathFor(settings). Safe against astralis-cli choosing at
    // the same time (a lock file beside the index).
    struct Choice
    {
        bool ok = false;
        QString error;
        QString path;
        bool adopted = false; // the cache had no instance id and now has this one
        bool switched = false; // the last used cache belongs to another database
        QString previousPath; // when switched: that cache, which keeps its changes
        QString previousInstance;
        int previousUnsent = 0; // changes in it that were not sent (pending, conflicts, refused)
    };
    static Choice choose(const ConnectionSettings& settings, const QString& serverInstance);

    // The other caches of this server and login that hold changes not sent: made against a
    // database that this address does not lead to now. They wait there until it does.
    using Held = HeldChanges; // OfflineTypes.h
    static QList<Held> held(const ConnectionSettings& settings, const QString& currentPath);
};

Q_DECLARE_METATYPE(CacheFiles::Choice)
