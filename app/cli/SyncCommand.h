#pragma once

#include <QStringList>

class CliDatabase;
class LocalCache;

// astralis-cli sync status|push|resolve|retry: the local outbox of this server and login.
namespace SyncCommand {

QString usage();
int run(const QStringList& args);

// Replays the outbox until nothing is due, waiting out transient failures for at most
// timeoutSeconds. Prints a line per outcome unless quiet. Returns the entries left.
int push(CliDatabase& database, LocalCache& cache, int timeoutSeconds, bool quiet);

// Opens the cache of the server and login in `database`'s settings; prints the error.
bool openCache(const CliDatabase& database, LocalCache* cache);

} // namespace SyncCommand
