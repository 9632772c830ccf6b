#pragma once

#include "LocalCache.h"

#include <QStringList>

class CliDatabase;

// astralis-cli sync status|push|resolve|retry: the local outbox of this server and login.
namespace SyncCommand {

QString usage();
int run(const QStringList& args);

// Replays the outbox until nothing is due, waiting out transient failures for at most
// timeoutSeconds. Prints a line per outcome unless quiet. Returns the entries left.
int push(CliDatabase& database, LocalCache& cache, int timeoutSeconds, bool quiet);

// Opens the cache of the server and login in `database`'s settings: when connected, the one of
// the database at the other end (LocalCache::choose(); a switch away from a cache with unsent
// changes is said on stderr), else the one used last. Prints the error; returns 0 or the exit
// code (9 when the database is too old to say which it is).
int openCache(const CliDatabase& database, LocalCache* cache, LocalCache::Choice* choice);
// The same, for commands that fail with 1 whatever went wrong.
bool openCache(const CliDatabase& database, LocalCache* cache);

} // namespace SyncCommand
