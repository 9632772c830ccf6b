#include "PgStatement.h"

#include <QSqlDriver>

#include <cmath>
#include <libpq-fe.h>
#include <memory>

namespace {

// Type OIDs of PostgreSQL's built-in types (pg_type.dat); stable across releases.
constexpr Oid kBool = 16;
constexpr Oid kInt8 = 20;
constexpr Oid kInt2 = 21;
constexpr Oid kInt4 = 23;
constexpr Oid kFloat4 = 700;
constexpr Oid kFloat8 = 701;
constexpr Oid kNumeric = 1700;

PGconn* connectionOf(const QSqlDatabase& db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    // Registered by the QPSQL driver as PGconn*, which Qt's type-name normalisation spells
    // after the struct behind the typedef.
    if (!handle.isValid()
        || (qstrcmp(handle.typeName(), "PGconn*") != 0 && qstrcmp(handle.typeName(), "pg_conn*") != 0))
        return nullptr;
    return *static_cast<PGconn* const*>(handle.constData());
}

QByteArray text(const QVariant& value)
{
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool() ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        return QByteArray::number(value.toLongLong());
    case QMetaType::Double:
    case QMetaType::Float: {
        const double d = value.toDouble();
        if (d == double(qint64(d)) && std::abs(d) < 9e15)
            return QByteArray::number(qint64(d));
        return QByteArray::number(d, 'g', 17);
    }
    default:
        return value.toString().toUtf8();
    }
}

QVariant valueOf(const PGresult* result, int row, int column)
{
    if (PQgetisnull(result, row, column))
        return {};
    const char* raw = PQgetvalue(result, row, column);
    switch (PQftype(result, column)) {
    case kBool:
        return QVariant(raw[0] == 't');
    case kInt2:
    case kInt4:
    case kInt8:
        return QVariant(QByteArray(raw).toLongLong());
    case kFloat4:
    case kFloat8:
    case kNumeric:
        return QVariant(QByteArray(raw).toDouble());
    default:
        return QVariant(QString::fromUtf8(raw));
    }
}

} // namespace

QString PgStatement::bind(const QVariant& value)
{
    m_params.append(value);
    return QLatin1Char('$') + QString::number(m_params.size());
}

PgStatement::Result PgStatement::exec(const QSqlDatabase& db, const QString& sql) const
{
    Result result;
    PGconn* connection = connectionOf(db);
    if (!connection) {
        result.error = QStringLiteral("not a PostgreSQL connection");
        return result;
    }
    QList<QByteArray> texts;
    texts.reserve(m_params.size());
    std::vector<const char*> values;
    values.reserve(m_params.size());
    for (const QVariant& value : m_params) {
        if (!value.isValid() || value.isNull()) {
            texts.append(QByteArray());
            values.push_back(nullptr);
        } else {
            texts.append(text(value));
            values.push_back(texts.last().constData());
        }
    }
    const QByteArray statement = sql.toUtf8();
    const std::unique_ptr<PGresult, decltype(&PQclear)> answer(
        PQexecParams(connection, statement.constData(), int(values.size()), nullptr, values.data(), nullptr,
                     nullptr, 0),
        &PQclear);
    const PGresult* r = answer.get();
    const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        if (const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr)
            result.sqlState = QString::fromLatin1(state);
        result.error = QString::fromUtf8(r ? PQresultErrorMessage(r) : PQerrorMessage(connection)).trimmed();
        return result;
    }
    result.ok = true;
    const int rows = PQntuples(r);
    const int columns = PQnfields(r);
    result.rows.reserve(rows);
    for (int row = 0; row < rows; ++row) {
        QVariantList values;
        values.reserve(columns);
        for (int column = 0; column < columns; ++column)
            values.append(valueOf(r, row, column));
        result.rows.append(values);
    }
    return result;
}
