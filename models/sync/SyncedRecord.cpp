#include "SyncedRecord.h"

#include <QCborStreamReader>
#include <QCborValue>

#include <cmath>

namespace {

QString readText(QCborStreamReader& reader)
{
    QString text;
    auto chunk = reader.readString();
    while (chunk.status == QCborStreamReader::Ok) {
        text += chunk.data;
        chunk = reader.readString();
    }
    return text;
}

// Integers stay integers (epoch milliseconds need all their digits); the rest are doubles.
QVariant readNumber(QCborStreamReader& reader)
{
    QVariant value;
    if (reader.isUnsignedInteger())
        value = qint64(quint64(reader.toUnsignedInteger()));
    else if (reader.isNegativeInteger())
        value = -qint64(quint64(reader.toNegativeInteger()));
    else if (reader.isDouble())
        value = reader.toDouble();
    else if (reader.isFloat())
        value = double(reader.toFloat());
    else if (reader.isFloat16())
        value = double(reader.toFloat16());
    reader.next();
    return value;
}

// A field name, read into a small buffer without allocating (90,000 of them for a board of
// 10,000 cards). Empty when it does not fit: no field name is that long.
QByteArray readKey(QCborStreamReader& reader, char (&buffer)[32])
{
    qsizetype length = 0;
    for (;;) {
        const QCborStreamReader::StringResult<qsizetype> chunk
            = reader.readStringChunk(buffer + length, qsizetype(sizeof buffer) - length);
        if (chunk.status != QCborStreamReader::Ok)
            break;
        length += chunk.data;
    }
    return QByteArray::fromRawData(buffer, length);
}

} // namespace

namespace SyncedValue {

QVariant encode(const QDateTime& v)
{
    return v.isValid() ? QVariant(v.toMSecsSinceEpoch()) : QVariant();
}

void decode(const QVariant& v, QString* out)
{
    *out = v.toString();
}

void decode(const QVariant& v, int* out)
{
    *out = v.typeId() == QMetaType::Double ? int(std::lround(v.toDouble())) : v.toInt();
}

void decode(const QVariant& v, double* out)
{
    *out = v.toDouble();
}

void decode(const QVariant& v, bool* out)
{
    *out = v.toBool();
}

void decode(const QVariant& v, QDateTime* out)
{
    // Timestamp fields encode as epoch ms; a date-time or ISO text is accepted as the instant it is.
    static const SyncedTable::Field instant(QString(), SyncedTable::Type::Timestamp);
    const QVariant ms = instant.encoded(v);
    *out = ms.isValid() ? QDateTime::fromMSecsSinceEpoch(ms.toLongLong(), Qt::UTC) : QDateTime();
}

bool readCbor(const QByteArray& cbor, const SyncedTable& table, const QList<QByteArray>& keys,
              const std::function<void(int, const QVariant&)>& set)
{
    QCborStreamReader reader(cbor);
    if (!reader.isMap() || !reader.enterContainer())
        return false;
    bool deleted = false;
    char buffer[32];
    const QByteArray deletedKey(SyncedTable::kDeleted.data(), SyncedTable::kDeleted.size());
    while (reader.lastError() == QCborError::NoError && reader.hasNext()) {
        if (!reader.isString()) {
            reader.next(); // not a field name: skip key and value
            reader.next();
            continue;
        }
        const QByteArray key = readKey(reader, buffer);
        const int index = int(keys.indexOf(key));
        if (key == deletedKey && reader.isBool()) {
            deleted = reader.toBool();
            reader.next();
            continue;
        }
        if (index < 0 || reader.isNull() || reader.isUndefined()) {
            reader.next(); // another key, or no value (no due date): the default stays
            continue;
        }
        const SyncedTable::Field& field = table.fields.at(index);
        if (reader.isString()) {
            set(index, readText(reader));
        } else if (reader.isInteger() || reader.isDouble() || reader.isFloat() || reader.isFloat16()) {
            set(index, field.encoded(readNumber(reader)));
        } else if (reader.isBool()) {
            set(index, reader.toBool());
            reader.next();
        } else {
            set(index, QCborValue::fromCbor(reader).toVariant()); // JSON: a map or a list
        }
    }
    return !deleted;
}

} // namespace SyncedValue
