#pragma once

#include <QMetaType>
#include <QString>
#include <QVariant>

#include <functional>

class QSqlDatabase;
class QSqlError;
class QSqlQuery;

// The outcome of one unit of database work, carried from the worker thread to the UI thread.
struct DbResult
{
    bool ok = false;
    QVariant value;
    QString error; // the server's message, free of secrets
    QString sqlState; // e.g. "42501" for an RLS refusal
    bool connectionLost = false; // the work failed because the server went away
    bool offline = false; // never sent: the console was not connected

    static DbResult success(const QVariant& value = {})
    {
        DbResult r;
        r.ok = true;
        r.value = value;
        return r;
    }
    static DbResult failure(const QString& message, const QString& state = {})
    {
        DbResult r;
        r.error = message;
        r.sqlState = state;
        return r;
    }
    // The failure of an executed query, with its SQLSTATE.
    static DbResult fromQuery(const QSqlQuery& query);
    // A driver error as one line a person can read, free of secrets.
    static QString errorText(const QSqlError& error);
};

// A unit of work run on the database thread with its connection.
using DbWork = std::function<DbResult(QSqlDatabase&)>;

Q_DECLARE_METATYPE(DbResult)
