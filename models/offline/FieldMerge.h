#pragma once

#include <QStringList>
#include <QVariantMap>

class SyncedTable;

// The three-way merge of one row: `base` is what the local change was made against (the
// values before the edit), `mine` the local change, `theirs` the server's current values.
// A field is in conflict only when both sides changed it to different values; fields only
// the server changed are kept, fields only I changed are applied. Nothing is overwritten
// without a person deciding.
namespace FieldMerge {

struct Result
{
    QStringList conflicting; // fields both sides changed differently
    QVariantMap toWrite; // my fields the server does not already hold
    QStringList theirsOnly; // fields of base they changed and I did not
    bool clean() const { return conflicting.isEmpty(); }
};

// Values compared as the table's description says (timestamps as instants, positions with a
// tolerance, …); a field it does not describe, and every field without a table, by same().
Result merge(const SyncedTable* table, const QVariantMap& base, const QVariantMap& mine,
             const QVariantMap& theirs);
Result merge(const QVariantMap& base, const QVariantMap& mine, const QVariantMap& theirs);

// Equality of column values as the database and JSON carry them: null, empty text and an
// invalid value are one "no value"; numbers compare by value (3 == 3.0).
bool same(const QVariant& a, const QVariant& b);
// The same, for a field of this table (nullptr: same(a, b)).
bool same(const SyncedTable* table, const QString& field, const QVariant& a, const QVariant& b);

} // namespace FieldMerge
