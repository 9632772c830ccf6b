#pragma once

#include "OutboxEntry.h"

#include <QList>
#include <QMetaType>
#include <QString>

// The offline services' answers (OfflineStore, SyncService, OfflineOutbox), as values: the
// screens and astralis-cli see these, never the cache file or the connection behind them.

// Why an offline call did not do what was asked.
struct OfflineError
{
    enum class Code
    {
        None,
        NoCache, // no cache is open (or it could not be opened): nothing was done
        Offline, // the server is not reachable: nothing was asked
        ConnectionLost, // the connection dropped while asking; the next one asks again
        SchemaTooOld, // the database cannot say which one it is (no astralis_instance_id())
        Failed, // the cache or the server refused; detail says why
    };
    Code code = Code::None;
    QString detail; // the cache's or the server's words, free of secrets

    bool isError() const { return code != Code::None; }
    static OfflineError failed(const QString& detail) { return {Code::Failed, detail}; }
};

// The outbox's entries by state: what the status bar and `sync status` count.
struct OutboxCounts
{
    int pending = 0;
    int conflicts = 0;
    int rejected = 0;

    int total() const { return pending + conflicts + rejected; }
    bool operator==(const OutboxCounts& other) const
    {
        return pending == other.pending && conflicts == other.conflicts && rejected == other.rejected;
    }
    bool operator!=(const OutboxCounts& other) const { return !(*this == other); }
};

// Changes made on this computer for another database at the same server and login: they stay
// in that database's cache (path) and go out only when the address leads to it again.
struct HeldChanges
{
    QString path;
    QString instanceId;
    int unsent = 0;
};

// Every change in the outbox, in replay order.
struct OutboxListing
{
    QList<OutboxEntry> entries;
    OfflineError error;
};

// What a person decided about one change (the Sync panel, `astralis-cli sync resolve|retry`).
enum class OutboxDecision
{
    KeepMine, // a conflict: send my values over the server's current version
    Discard, // drop my change (also "take theirs"); the row shows the server's values
    Recreate, // a row deleted on the server while I changed it: restore it with my values
    RetryNow, // a refused or backing-off change: send it again at the next pass
};

// The cache for the database at the other end of a connection (docs/offline.md, "One cache
// per database"), chosen when the console signs in or reconnects and by astralis-cli.
struct CacheChoice
{
    OfflineError error;
    QString path; // the cache to use from now on
    QString serverInstance; // the database's instance id
    bool adopted = false; // the cache had no instance id and now has this one
    bool switched = false; // the cache used last belongs to another database
    QString previousPath; // when switched: that cache, which keeps its changes
    QString previousInstance;
    int previousUnsent = 0; // changes in it that were not sent

    bool ok() const { return !error.isError(); }
};

Q_DECLARE_METATYPE(OfflineError)
Q_DECLARE_METATYPE(OutboxCounts)
Q_DECLARE_METATYPE(HeldChanges)
Q_DECLARE_METATYPE(OutboxListing)
Q_DECLARE_METATYPE(CacheChoice)
