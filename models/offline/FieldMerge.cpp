#include "FieldMerge.h"

#include "EncodedValue.h"
#include "SyncedTable.h"

#include <QDateTime>

#include <cmath>

namespace {

using EncodedValue::isNothing;
using EncodedValue::isNumber;

bool isInteger(const QVariant& v)
{
    switch (v.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return true;
    default:
        return false;
    }
}

// JSON keeps every number as a double; one holding a whole value is an integer here.
bool isWhole(const QVariant& v)
{
    if (isInteger(v))
        return true;
    if (v.typeId() != QMetaType::Double)
        return false;
    const double d = v.toDouble();
    return std::abs(d) < 9.0e15 && d == std::floor(d);
}

} // namespace

namespace FieldMerge {

bool same(const QVariant& a, const QVariant& b)
{
    if (isNothing(a) || isNothing(b))
        return isNothing(a) && isNothing(b);
    if (isNumber(a) && isNumber(b)) {
        // Whole numbers (versions, priorities, due dates in epoch ms) compare exactly: a due
        // date a second later is a change. Only fractions (positions) get a tolerance.
        if (isWhole(a) && isWhole(b))
            return a.toLongLong() == b.toLongLong();
        const double x = a.toDouble();
        const double y = b.toDouble();
        return x == y || std::abs(x - y) <= 1e-9 * std::max(std::abs(x), std::abs(y));
    }
    return a.toString() == b.toString();
}

bool same(const SyncedTable* table, const QString& field, const QVariant& a, const QVariant& b)
{
    const SyncedTable::Field* described = table ? table->field(field) : nullptr;
    return described ? described->same(a, b) : same(a, b);
}

Result merge(const SyncedTable* table, const QVariantMap& base, const QVariantMap& mine,
             const QVariantMap& theirs)
{
    Result result;
    for (auto it = mine.cbegin(); it != mine.cend(); ++it) {
        const QVariant server = theirs.value(it.key());
        if (same(table, it.key(), server, it.value()))
            continue; // both sides agree already
        if (!same(table, it.key(), server, base.value(it.key())))
            result.conflicting << it.key(); // they changed it too, to something else
        else
            result.toWrite.insert(it.key(), it.value());
    }
    for (auto it = base.cbegin(); it != base.cend(); ++it) {
        if (!mine.contains(it.key()) && theirs.contains(it.key())
            && !same(table, it.key(), theirs.value(it.key()), it.value()))
            result.theirsOnly << it.key();
    }
    return result;
}

Result merge(const QVariantMap& base, const QVariantMap& mine, const QVariantMap& theirs)
{
    return merge(nullptr, base, mine, theirs);
}

} // namespace FieldMerge
