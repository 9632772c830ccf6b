#pragma once

#include "ConnectError.h"
#include "ConnectionSettings.h"
#include "SessionInfo.h"

#include <QString>

// Opens one QPSQL connection synchronously and reads who we are. Used on the database worker
// thread by the console and directly by astralis-cli; never call it on the UI thread.
struct ConnectResult
{
    ConnectError error;
    SessionInfo session;
    bool ok() const { return !error.isError(); }
};

namespace DatabaseConnector {

// Adds (or replaces) the named connection and opens it. On failure the connection is removed.
ConnectResult open(const ConnectionSettings& settings, const QString& connectionName);

// Closes and removes the named connection (must run on the thread that opened it).
void close(const QString& connectionName);

} // namespace DatabaseConnector
