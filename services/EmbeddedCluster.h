#pragma once

#include "ConnectionSettings.h"

#include <QFuture>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>

// The local demo workspace's database: a private PostgreSQL cluster in the app's data folder,
// made with Debian's initdb and run with pg_ctl, listening on a Unix socket in a 0700 folder
// only (no TCP port), as KDE's Akonadi does. It is created once, deployed, seeded with the
// demo organizations and then reused; a crashed cluster recovers on start, a stale lock is
// cleared. Several consoles may share it: the last one to quit stops it.
//
// The folder: <root> (this user's, writable by no one else; as root 0711 so postgres can pass)
// holds cluster.lock, the marker .astralis-demo (this console made data/) and consoles/ (one
// mark per running console); data/, run/ (the socket) and log/ belong to the account the
// server runs as: this user, or postgres when the console runs as root. Root never deletes or
// writes inside those: that is done as postgres, and never through a symbolic link.
//
// start() does its work on a worker thread and reports progress; it never blocks the caller.
class EmbeddedCluster : public QObject
{
    Q_OBJECT

public:
    struct Result
    {
        bool ok = false;
        QString error; // what went wrong and what to do
        QString notice; // e.g. "recovered after an unclean shutdown"
        ConnectionSettings settings; // the demo staff login's connection (subject to RLS)
    };

    // root: the folder for the cluster (data, log, lock); empty = <AppData>/demo, or the
    // ASTRALIS_DEMO_DIR environment variable when set.
    explicit EmbeddedCluster(const QString& root = {}, QObject* parent = nullptr);
    ~EmbeddedCluster() override;

    void start(std::function<void(const Result&)> done);
    void cancel();
    // Unregisters this console and stops the server when no other console uses it.
    void release();

    QString root() const { return m_root; }
    QString socketDir() const;
    static QString serverBinDir(); // empty when PostgreSQL's server is not installed

    // The server's socket file, <root>/run/.s.PGSQL.5432, and whether its path fits in a Unix
    // socket address (sun_path: 107 bytes and the NUL).
    static QString socketFile(const QString& root);
    static bool socketPathFits(const QString& root);
    static constexpr int kMaxSocketPathBytes = 107;

signals:
    void progress(const QString& step);

private:
    Result startBlocking();

    QString m_root; // absolute, symbolic links resolved
    bool m_defaultRoot = false; // not chosen by the caller nor ASTRALIS_DEMO_DIR
    QString m_markName; // this console's file in consoles/
    std::atomic_bool m_registered{false};
    QFuture<Result> m_future;
    std::atomic_bool m_cancelled{false};
};
