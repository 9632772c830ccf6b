#pragma once

#include "ConnectError.h"

#include <QMetaType>
#include <QSqlDatabase>
#include <QStringList>

// Right after connecting: is this an Astralis database this console understands, and which
// Astralis user and organization does the login stand for? Runs on the database thread.
struct SessionCheckResult
{
    ConnectError error; // SchemaMissing, SchemaBehind or NotLinked; None when the console may work
    QString userName;
    QString email;
    QString appRole; // users.role: ADMIN, PM, OPERATOR, … (what the UI offers)
    QString organizationId;
    QString organizationName;
    QStringList newerMigrations; // the database is ahead: applied migrations unknown here
};

Q_DECLARE_METATYPE(SessionCheckResult)

namespace SessionCheck {

SessionCheckResult run(const QSqlDatabase& db);

// Whether the connection still answers (a failed check may only mean it dropped meanwhile).
bool stillConnected(const QSqlDatabase& db);

} // namespace SessionCheck
