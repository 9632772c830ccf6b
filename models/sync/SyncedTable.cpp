#include "SyncedTable.h"

#include "EncodedValue.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonValue>

#include <cmath>
#include <optional>

namespace {

using EncodedValue::isNothing;
using EncodedValue::isNumber;

// JSON keeps every number as a double: a whole one is read back exactly.
qint64 wholeNumber(const QVariant& v)
{
    if (v.typeId() == QMetaType::Double || v.typeId() == QMetaType::Float)
        return qint64(std::llround(v.toDouble()));
    return v.toLongLong();
}

// A timestamp as epoch milliseconds: numbers are (the cache's own encoding), date-times and ISO
// text are converted; a date-time without a zone holds UTC (Prisma's TIMESTAMP(3)).
std::optional<qint64> epochMs(const QVariant& v)
{
    if (isNothing(v))
        return std::nullopt;
    if (isNumber(v))
        return wholeNumber(v);
    QDateTime time = v.typeId() == QMetaType::QDateTime
        ? v.toDateTime()
        : QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    if (!time.isValid())
        return std::nullopt;
    if (time.timeSpec() == Qt::LocalTime)
        time.setTimeSpec(Qt::UTC);
    return time.toMSecsSinceEpoch();
}

} // namespace

SyncedTable::Field::Field(const QString& fieldName, Type fieldType)
    : name(fieldName)
    , column(fieldName)
    , type(fieldType)
{ }

SyncedTable::Field& SyncedTable::Field::mappedTo(const QString& sqlColumn)
{
    column = sqlColumn;
    return *this;
}

SyncedTable::Field& SyncedTable::Field::optional()
{
    nullable = true;
    return *this;
}

SyncedTable::Field& SyncedTable::Field::writable()
{
    editable = true;
    return *this;
}

SyncedTable::Field& SyncedTable::Field::trim()
{
    trimmed = true;
    return *this;
}

SyncedTable::Field& SyncedTable::Field::lookup()
{
    column.clear();
    editable = false;
    return *this;
}

SyncedTable::Field& SyncedTable::Field::references(const QString& table)
{
    target = table;
    return *this;
}

SyncedTable::Field& SyncedTable::Field::enumOf(const QString& sqlType, const QStringList& known)
{
    target = sqlType;
    values = known;
    return *this;
}

SyncedTable::Field& SyncedTable::Field::checkedBy(std::function<QString(const QVariant&)> fn)
{
    check = std::move(fn);
    return *this;
}

SyncedTable::Field& SyncedTable::Field::comparedBy(std::function<bool(const QVariant&, const QVariant&)> fn)
{
    equal = std::move(fn);
    return *this;
}

SyncedTable::Field&
SyncedTable::Field::follows(std::function<QString(const QVariantMap&, const QVariant&)> fn)
{
    refusal = std::move(fn);
    return *this;
}

SyncedTable::Field& SyncedTable::Field::stamping(const QString& field, const QString& when)
{
    stamps = field;
    stampWhen = when;
    return *this;
}

bool SyncedTable::Field::same(const QVariant& a, const QVariant& b) const
{
    if (equal)
        return equal(a, b);
    switch (type) {
    case Type::Timestamp:
        // Instants: the same moment in epoch ms, an ISO string or a date-time is one value.
        return epochMs(a) == epochMs(b);
    case Type::Json:
        return QJsonValue::fromVariant(a) == QJsonValue::fromVariant(b);
    default:
        break;
    }
    if (isNothing(a) || isNothing(b))
        return isNothing(a) && isNothing(b);
    switch (type) {
    case Type::Int:
        return wholeNumber(a) == wholeNumber(b);
    case Type::Double: {
        // Positions are midpoints of midpoints: a last-digit difference from a round trip
        // through text is no change.
        const double x = a.toDouble();
        const double y = b.toDouble();
        return x == y || std::abs(x - y) <= 1e-9 * std::max(std::abs(x), std::abs(y));
    }
    case Type::Bool:
        return a.toBool() == b.toBool();
    default:
        return a.toString() == b.toString();
    }
}

QVariant SyncedTable::Field::encoded(const QVariant& raw) const
{
    switch (type) {
    case Type::Text:
    case Type::Ref:
    case Type::Enum:
        return isNothing(raw) ? QString(QLatin1String("")) : raw.toString();
    case Type::Int:
        return isNothing(raw) ? QVariant() : QVariant(int(wholeNumber(raw)));
    case Type::Double:
        return isNothing(raw) ? QVariant() : QVariant(raw.toDouble());
    case Type::Bool:
        return isNothing(raw) ? QVariant() : QVariant(raw.toBool());
    case Type::Timestamp: {
        const std::optional<qint64> ms = epochMs(raw);
        return ms ? QVariant(*ms) : QVariant();
    }
    case Type::Json:
        if (raw.typeId() == QMetaType::QString)
            return QJsonDocument::fromJson(raw.toString().toUtf8()).toVariant();
        return raw;
    }
    return raw;
}

QStringList SyncedTable::Field::allowedFrom(const QVariant& to) const
{
    if (!refusal)
        return values;
    QStringList allowed;
    for (const QString& from : values) {
        if (refusal({{name, from}}, to).isEmpty())
            allowed << from;
    }
    return allowed;
}

const SyncedTable::Field* SyncedTable::field(const QString& name) const
{
    const int i = indexOf(name);
    return i >= 0 ? &fields.at(i) : nullptr;
}

const SyncedTable::Field& SyncedTable::declared(const QString& name) const
{
    const Field* f = field(name);
    if (!f)
        qFatal("SyncedTable: %s has no field %s", qPrintable(entity), qPrintable(name));
    return *f;
}

int SyncedTable::indexOf(const QString& name) const
{
    for (int i = 0; i < fields.size(); ++i) {
        if (fields.at(i).name == name)
            return i;
    }
    return -1;
}

SyncedTable SyncedTable::header() const
{
    SyncedTable copy = *this;
    copy.fields.clear();
    return copy;
}

QHash<QString, QString> SyncedTable::problems(const QVariantMap& values) const
{
    QHash<QString, QString> found;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        const Field* f = field(it.key());
        if (!f || !f->check)
            continue;
        const QString problem = f->check(it.value());
        if (!problem.isEmpty())
            found.insert(f->name, problem);
    }
    return found;
}

QVariantMap SyncedTable::input(const QVariantMap& values) const
{
    QVariantMap saved = values;
    for (auto it = saved.begin(); it != saved.end(); ++it) {
        const Field* f = field(it.key());
        if (f && f->trimmed && it.value().typeId() == QMetaType::QString)
            it.value() = it.value().toString().trimmed();
    }
    return saved;
}
