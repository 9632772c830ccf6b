#pragma once

#include <QSqlDatabase>
#include <QString>

// The local cache's SQLite schema, version by version (PRAGMA user_version). A cache written by
// an older console is upgraded in place, one step per version, each in its own transaction —
// never dropped, since it may hold changes not yet on the server. A cache written by a newer
// console is refused with a message: this one cannot know what its tables mean.
namespace CacheSchema {

int currentVersion();

// Brings the open cache to currentVersion(). False with *error when a step fails (the file
// stays at the last version that completed) or the file is newer than this program.
bool migrate(QSqlDatabase& db, QString* error);

} // namespace CacheSchema
