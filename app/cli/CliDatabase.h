#pragma once

#include "ConnectionSettings.h"

#include <QSqlDatabase>
#include <QString>

#include <functional>

// Opens the database for a CLI command from --database-url / DATABASE_URL, printing the
// specific error and returning its exit code on failure.
class CliDatabase
{
public:
    // Returns 0 when open; otherwise the exit code to return (the error is already printed).
    // beforeConnect may refuse (returning an exit code) once the URL is known, without
    // touching the network: e.g. a destructive command on a server that is not local.
    int open(const QString& urlOption, const std::function<int(const CliDatabase&)>& beforeConnect = {});
    QSqlDatabase db() const;
    const ConnectionSettings& settings() const { return m_settings; }
    // A Unix socket or a loopback address: destructive commands need no --allow-remote.
    bool isLocal() const;

    ~CliDatabase();

private:
    ConnectionSettings m_settings;
    bool m_open = false;
};
