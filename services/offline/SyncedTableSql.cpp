#include "SyncedTableSql.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

namespace SyncedTableSql {

QString identifier(const QString& name)
{
    QString quoted = name;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString read(const SyncedTable::Field& field, const QString& alias)
{
    const QString column = alias + QLatin1Char('.') + identifier(field.column);
    switch (field.type) {
    case SyncedTable::Type::Text:
    case SyncedTable::Type::Ref:
    case SyncedTable::Type::Enum:
        return field.nullable ? QStringLiteral("coalesce(CAST(%1 AS text), '')").arg(column)
                              : QStringLiteral("CAST(%1 AS text)").arg(column);
    case SyncedTable::Type::Timestamp:
        // Milliseconds since the epoch: parsing 10,000 timestamp strings costs more than the query.
        return QStringLiteral("CAST(extract(epoch FROM %1) * 1000 AS bigint)").arg(column);
    case SyncedTable::Type::Json:
        return QStringLiteral("CAST(%1 AS text)").arg(column);
    case SyncedTable::Type::Int:
    case SyncedTable::Type::Double:
    case SyncedTable::Type::Bool:
        break;
    }
    return column;
}

QString columns(const SyncedTable& table, const QString& alias)
{
    QStringList list;
    for (const SyncedTable::Field& f : table.fields) {
        if (f.isColumn())
            list << read(f, alias);
    }
    return list.join(QLatin1String(", "));
}

QString write(const SyncedTable::Field& field, const QString& placeholder)
{
    switch (field.type) {
    case SyncedTable::Type::Text:
        return QStringLiteral("CAST(%1 AS text)").arg(placeholder);
    case SyncedTable::Type::Ref:
        // "" is nobody: NULL, never a reference to a row with an empty id.
        return field.nullable ? QStringLiteral("NULLIF(CAST(%1 AS text), '')").arg(placeholder)
                              : QStringLiteral("CAST(%1 AS text)").arg(placeholder);
    case SyncedTable::Type::Enum:
        return QStringLiteral("CAST(%1 AS %2)")
            .arg(field.nullable ? QStringLiteral("NULLIF(CAST(%1 AS text), '')").arg(placeholder)
                                : placeholder,
                 identifier(field.target));
    case SyncedTable::Type::Int:
        return QStringLiteral("CAST(%1 AS integer)").arg(placeholder);
    case SyncedTable::Type::Double:
        return QStringLiteral("CAST(%1 AS double precision)").arg(placeholder);
    case SyncedTable::Type::Bool:
        return QStringLiteral("CAST(%1 AS boolean)").arg(placeholder);
    case SyncedTable::Type::Timestamp:
        // Epoch milliseconds, stored as Prisma does: TIMESTAMP(3) in UTC.
        return QStringLiteral("(to_timestamp(CAST(%1 AS bigint) / 1000.0) AT TIME ZONE 'UTC')")
            .arg(placeholder);
    case SyncedTable::Type::Json:
        return QStringLiteral("CAST(%1 AS jsonb)").arg(placeholder);
    }
    return placeholder;
}

QVariant parameter(const SyncedTable::Field& field, const QVariant& value)
{
    if (field.type != SyncedTable::Type::Json || !value.isValid() || value.isNull())
        return value;
    const QJsonValue json = QJsonValue::fromVariant(value);
    if (json.isObject())
        return QString::fromUtf8(QJsonDocument(json.toObject()).toJson(QJsonDocument::Compact));
    if (json.isArray())
        return QString::fromUtf8(QJsonDocument(json.toArray()).toJson(QJsonDocument::Compact));
    // A scalar: the text of a one-element array without its brackets.
    const QByteArray wrapped = QJsonDocument(QJsonArray{json}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

QVariantMap values(const SyncedTable& table, const QVariantList& row, int first)
{
    QVariantMap map;
    int column = first;
    for (const SyncedTable::Field& f : table.fields) {
        if (f.isColumn())
            map.insert(f.name, f.encoded(row.value(column++)));
    }
    return map;
}

} // namespace SyncedTableSql
