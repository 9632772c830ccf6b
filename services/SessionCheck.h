#pragma once

#include "ConnectError.h"

#include <QMetaType>
#include <QStringList>

class QSqlDatabase;

// Right after connecting: is this an Astralis database this console understands, and which
// Astralis user and organization does the login stand for? Runs on the database thread; the
// console asks through DatabaseService::checkSession().
struct SessionCheckResult
{
    ConnectError error; // SchemaMissing, SchemaBehind or NotLinked; None when the console may work
    // The connection dropped during the check (or was gone before it): that says nothing about
    // the database; the next connection is checked again.
    bool connectionLost = false;
    QString userName;
    QString email;
    QString appRole; // users.role: ADMIN, PM, OPERATOR, … (what the UI offers)
    QString organizationId;
    QString organizationName;
    QStringList newerMigrations; // the database is ahead: applied migrations unknown here
};

Q_DECLARE_METATYPE(SessionCheckResult)

// Services only: the check on the database thread's connection.
namespace SessionCheck {

SessionCheckResult run(const QSqlDatabase& db);

// Whether the connection still answers (a failed check may only mean it dropped meanwhile).
bool stillConnected(const QSqlDatabase& db);

} // namespace SessionCheck
