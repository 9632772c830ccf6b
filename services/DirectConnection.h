#pragma once

#include "DatabaseConnector.h"

#include <QString>

// One database connection used synchronously by the thread that opened it: astralis-cli's.
// The services' entry points for such callers (MigrationRunner, Seeder, SecurityAudit,
// StaffAdmin, SyncEngine, OfflineOutbox) take it; what is inside stays in services. The
// console goes through DatabaseService instead, whose connection lives on a thread of its own.
class DirectConnection
{
public:
    DirectConnection();
    ~DirectConnection();
    DirectConnection(const DirectConnection&) = delete;
    DirectConnection& operator=(const DirectConnection&) = delete;

    // Connects (closing the connection open before); blocks until the server answers or the
    // connect timeout ends. On failure nothing is open and the error says why.
    ConnectResult open(const ConnectionSettings& settings);
    void close();
    bool isOpen() const { return m_open; }
    // Who and how the open connection is signed in (TLS included).
    const SessionInfo& session() const { return m_session; }

    // The connection's name among the thread's database connections (DirectConnectionSql.h).
    const QString& name() const { return m_name; }

private:
    QString m_name;
    SessionInfo m_session;
    bool m_open = false;
};
