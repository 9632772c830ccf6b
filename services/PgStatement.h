#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QVariant>

// One SQL statement with $1…$n parameters, in one round trip, on a QPSQL connection (libpq's
// PQexecParams on the connection's own PGconn). QSqlQuery::prepare() would instead make a
// server-side prepared statement per call — three round trips, and gone after a reconnect —
// which is why hot paths used to splice quoted values into their SQL text. With this, values
// never become SQL text anywhere: they travel as parameters.
//
// Values come back typed by their column: boolean as bool, integers as qint64, floating point
// as double, everything else as QString; SQL NULL as an invalid QVariant.
class PgStatement
{
public:
    struct Result
    {
        bool ok = false;
        QString sqlState; // empty when the server gave no answer (connection lost)
        QString error; // the server's message, with its detail
        QList<QVariantList> rows;
    };

    // Adds a parameter and returns its placeholder ("$3").
    QString bind(const QVariant& value);

    Result exec(const QSqlDatabase& db, const QString& sql) const;

private:
    QVariantList m_params;
};
