#pragma once

#include "OutboxEntry.h"

#include <QHash>
#include <QLatin1String>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantMap>

#include <functional>

// One table the console keeps offline, described once: its fields with their types and SQL
// columns, how each is encoded in the cache and the outbox, when two values are the same value
// (for three-way merges) and what a person may enter. The cache, the outbox entries, the one
// replay statement (SyncedTableApplier), FieldMerge and the repositories' reads all follow it;
// tst_syncedtables checks every description against schema.prisma.
//
// Encoding (the cache's rows, outbox fields, a conflict's "theirs"): text, references and enum
// values as strings with "" for SQL NULL; integers as int; floats as double; timestamps as UTC
// epoch milliseconds (qint64) or an invalid QVariant for NULL; booleans as bool; JSON as the
// QVariant of its value. A row soft-deleted on the server carries kDeleted = true.
class SyncedTable
{
public:
    enum class Type
    {
        Text,
        Int,
        Double,
        Timestamp,
        Bool,
        Json,
        Ref, // the id of a row of `target`
        Enum, // one of `values`, a PostgreSQL enum named `target`
    };

    struct Field
    {
        Field(const QString& fieldName, Type fieldType);

        QString name; // as Prisma, the cache and the outbox name it
        QString column; // the SQL column (Prisma's @map); empty: looked up elsewhere for display
        Type type = Type::Text;
        bool nullable = false;
        bool editable = false; // an outbox entry may write it
        bool trimmed = false; // a person's input is saved without surrounding blanks
        QString target; // Ref: the referenced table; Enum: the PostgreSQL type
        QStringList values; // Enum: the values this console knows
        // A problem with a value a person entered, as a sentence for them (empty: none).
        std::function<QString(const QVariant& value)> check;
        // Merge equality when the type's (see same()) is not the field's: e-mail addresses
        // compared without case, say.
        std::function<bool(const QVariant& a, const QVariant& b)> equal;
        // A flow the field's changes follow: why the row as it is now does not allow `to`
        // (empty: allowed). The replay checks it against the server's row in its statement.
        std::function<QString(const QVariantMap& row, const QVariant& to)> refusal;
        // Writing this field also sets the timestamp field `stamps`: now when the new value is
        // stampWhen, NULL otherwise (a task's completedAt follows its status).
        QString stamps;
        QString stampWhen;

        // Declaration helpers, so a table reads as a list: Field("title", Type::Text).writable().
        Field& mappedTo(const QString& sqlColumn);
        Field& optional();
        Field& writable();
        Field& trim();
        Field& lookup(); // not a column of this table: shown, never written
        Field& references(const QString& table);
        Field& enumOf(const QString& sqlType, const QStringList& known);
        Field& checkedBy(std::function<QString(const QVariant&)> fn);
        Field& comparedBy(std::function<bool(const QVariant&, const QVariant&)> fn);
        Field& follows(std::function<QString(const QVariantMap&, const QVariant&)> fn);
        Field& stamping(const QString& field, const QString& when);

        bool isColumn() const { return !column.isEmpty(); }
        bool isText() const { return type == Type::Text || type == Type::Ref || type == Type::Enum; }
        // Whether two encoded values are the same value of this field: `equal` if set; else "no
        // value" in any spelling is one value, timestamps compare as instants, floats with a
        // relative tolerance (positions), integers exactly, JSON by value.
        bool same(const QVariant& a, const QVariant& b) const;
        // A value as PostgreSQL or JSON gives it, in the encoding above.
        QVariant encoded(const QVariant& raw) const;
        // The values of this (enum) field from which `refusal` allows `to`.
        QStringList allowedFrom(const QVariant& to) const;
    };

    // Sentences for failures that name the kind of row ("card", "task"); unset ones use a
    // general wording.
    struct Sentences
    {
        std::function<QString()> parentGone; // a new row's parent (a card's stage) is gone
        std::function<QString()> restoredMeanwhile;
        std::function<QString()> changedWhileSent; // retried: the row moved between check and write
        std::function<QString()> refused; // the server's rules refused the write (42501)
        std::function<QString(const QString& what)> cannotSend; // a change this table does not take
    };

    // Columns every synced table has, spelled as on the platform.
    static constexpr QLatin1String kId{"id"};
    static constexpr QLatin1String kOrg{"orgId"};
    static constexpr QLatin1String kVersion{"version"};
    static constexpr QLatin1String kUpdatedAt{"updatedAt"};
    static constexpr QLatin1String kCreatedBy{"createdById"};
    // The soft-delete column, and the cache's flag of the same name (true: deleted).
    static constexpr QLatin1String kDeleted{"deletedAt"};

    QString entity; // the Prisma model; the cache's and the outbox's name for its rows
    QString sqlTable; // the table (the model's @@map, if any)
    QList<Field> fields; // in the order rows are read
    QList<OutboxEntry::Op> ops; // the changes an outbox entry may make to it
    QString parentField; // creates: the reference whose row gives a new row its organization
    QString labelField; // what a person calls a row (an outbox entry's label)
    Sentences sentences;

    const Field* field(const QString& name) const;
    // A field this table declares (a record of some of its fields binds to it); fails loudly
    // when there is none, as a misspelled name in code must.
    const Field& declared(const QString& name) const;
    int indexOf(const QString& name) const;
    // The table without its fields, for a record of some of them.
    SyncedTable header() const;
    bool allows(OutboxEntry::Op op) const { return ops.contains(op); }

    // Problems of a person's values, by field name.
    QHash<QString, QString> problems(const QVariantMap& values) const;
    // A person's values as they are saved (trimmed where the field says so).
    QVariantMap input(const QVariantMap& values) const;
};
