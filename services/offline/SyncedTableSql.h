#pragma once

#include "SyncedTable.h"

#include <QVariantList>

// The SQL of a synced table, from its description (models/sync/SyncedTable): the columns a row
// is read with, in the cache's encoding, and how a value of each type is written.
namespace SyncedTableSql {

// Timestamps are written in UTC whatever the session's time zone: Prisma DateTime columns are
// TIMESTAMP(3) without time zone, holding UTC.
inline constexpr char kNowUtc[] = "(now() AT TIME ZONE 'UTC')";

// "name", quoted as an SQL identifier.
QString identifier(const QString& name);
// The field's value from alias.column, in the cache's encoding (text "" for NULL, timestamps
// as epoch milliseconds).
QString read(const SyncedTable::Field& field, const QString& alias);
// read() of every column field, in field order, comma-separated.
QString columns(const SyncedTable& table, const QString& alias);
// A bound value ($n, in the cache's encoding) as the column's type.
QString write(const SyncedTable::Field& field, const QString& placeholder);
// A value of the field as PgStatement binds it (JSON as its text).
QVariant parameter(const SyncedTable::Field& field, const QVariant& value);
// The column fields of a row read with columns(), starting at `first`.
QVariantMap values(const SyncedTable& table, const QVariantList& row, int first);

} // namespace SyncedTableSql
