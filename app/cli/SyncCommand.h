#pragma once

#include "OfflineTypes.h"

#include <QStringList>

class CliDatabase;
class OfflineOutbox;

// astralis-cli sync status|push|resolve|retry: the local outbox of this server and login.
namespace SyncCommand {

QString usage();
int run(const QStringList& args);

// Replays the outbox until nothing is due, waiting out transient failures for at most
// timeoutSeconds. Prints a line per outcome unless quiet. Returns the entries left.
int push(CliDatabase& database, OfflineOutbox& outbox, int timeoutSeconds, bool quiet);

// Opens the cache of the server and login in `database`'s settings: when connected, the one of
// the database at the other end (OfflineOutbox::openFor(); a switch away from a cache with
// unsent changes is said on stderr), else the one used last. Prints the error; returns 0 or the
// exit code (9 when the database is too old to say which it is).
int openCache(CliDatabase& database, OfflineOutbox* outbox, CacheChoice* choice);
// The same, for commands that fail with 1 whatever went wrong.
bool openCache(CliDatabase& database, OfflineOutbox* outbox);
// What openCache() says about a cache chosen for the database at the other end: the error (and
// returns its exit code), or a switch away from a cache with unsent changes (and returns 0).
int reportChoice(const CacheChoice& choice);

} // namespace SyncCommand
