#pragma once

#include <QVariant>

// What a value carried by the cache and the outbox (JSON-compatible variants) is, the same way
// for the table descriptions and the field merge.
namespace EncodedValue {

// No value: invalid, null, or an empty string (the platform's empty text and NULL mean the same).
bool isNothing(const QVariant& v);
// Any number type (JSON keeps every number as a double).
bool isNumber(const QVariant& v);

} // namespace EncodedValue
