#pragma once

#include <QString>

// Who the console is signed in as, read from the server right after connecting.
struct SessionInfo
{
    QString role; // PostgreSQL login role (current_user)
    QString database; // current_database()
    QString serverVersion; // server_version, e.g. "15.18"
    QString serverLabel; // user@host:port/db as the person typed it, without the password
    qint64 backendPid = 0; // pg_backend_pid(): lets tests and admins find the connection
    // The Astralis user and organization the role maps to. Empty until the role is linked
    // to a "users" row (the database issue brings the mapping).
    QString userDisplayName;
    QString userEmail;
    QString appRole; // users.role: decides what the UI offers (PostgreSQL decides the data)
    QString organizationId;
    QString organizationName;
    bool databaseNewer = false; // applied migrations this console does not know
};
