#pragma once

#include "ConnectionSettings.h"
#include "DirectConnection.h"
#include "SessionInfo.h"

#include <QString>

#include <functional>

// Opens the database for a CLI command from --database-url / DATABASE_URL (and
// --password-stdin, or a prompt on a terminal when the server asks for a password), printing
// the specific error and returning its exit code on failure. The connection itself is the
// services' (DirectConnection): commands hand it to them and never see SQL.
class CliDatabase
{
public:
    // Returns 0 when open; otherwise the exit code to return (the error is already printed).
    // beforeConnect may refuse (returning an exit code) once the URL is known, without
    // touching the network: e.g. a destructive command on a server that is not local.
    int open(const QString& urlOption, const std::function<int(const CliDatabase&)>& beforeConnect = {});
    // Like open(), but a server that cannot be reached (down, unreachable, timing out, busy)
    // is not an error: returns 0 with offline set, for commands that work from the local
    // cache and queue their changes. Other failures (wrong password, bad URL) still fail.
    int openOrOffline(const QString& urlOption, bool* offline);
    // Only reads the URL (commands that work on the local cache alone).
    int parseOnly(const QString& urlOption) { return parse(urlOption); }
    // After the connection failed: opens a new one with the same settings (password kept
    // from the URL, which is read again).
    int reconnect();
    DirectConnection& connection() { return m_connection; }
    bool isOpen() const { return m_open; }
    const ConnectionSettings& settings() const { return m_settings; }
    // Who and how the open connection is signed in (TLS included).
    const SessionInfo& session() const { return m_session; }
    // A Unix socket or a loopback address: destructive commands need no --allow-remote.
    bool isLocal() const;

    // How the connection is made: this object's DirectConnection unless another is set (the
    // board commands connect through DatabaseService, as the console does). The URL, the
    // password prompt and the exit codes stay here either way.
    using Connector = std::function<ConnectResult(const ConnectionSettings&)>;
    void setConnector(Connector connector) { m_connector = std::move(connector); }

private:
    int parse(const QString& urlOption);
    int connect(bool* offline); // offline: nullptr when an unreachable server is an error

    ConnectionSettings m_settings;
    SessionInfo m_session;
    QString m_urlOption;
    QString m_promptedPassword; // asked on the terminal once, kept for reconnect()
    DirectConnection m_connection;
    Connector m_connector;
    bool m_open = false;
};
