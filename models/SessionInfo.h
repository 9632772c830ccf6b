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

    // How the connection is protected: the server's own account (pg_stat_ssl) and what libpq was
    // told to insist on. tlsKnown is false until it has been read.
    bool tlsKnown = false;
    bool unixSocket = false;
    bool tls = false;
    QString tlsVersion; // "TLSv1.3"
    QString tlsCipher; // "TLS_AES_256_GCM_SHA384"
    QString sslMode; // libpq's sslmode for this connection
    QString channelBinding; // libpq's channel_binding as sent; empty: libpq's default (prefer)
};
