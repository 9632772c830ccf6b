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

double readNumber(QCborStreamReader& reader)
{
    double value = 0;
    if (reader.isUnsignedInteger())
        value = double(quint64(reader.toUnsignedInteger()));
    else if (reader.isNegativeInteger())
        value = -double(quint64(reader.toNegativeInteger()));
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

bool readCbor(const QByteArray& cbor, const QList<QByteArray>& keys, CborVisitor* visitor)
{
    QCborStreamReader reader(cbor);
    if (!reader.isMap() || !reader.enterContainer())
        return false;
    bool deleted = false;
    char buffer[32];
    const QByteArray deletedKey(SyncedTable::kDeleted.data(), SyncedTable::kDeleted.size());
    int guess = 0; // rows are maps of the same keys in the same order: the next key is usually next
    while (reader.lastError() == QCborError::NoError && reader.hasNext()) {
        if (!reader.isString()) {
            reader.next(); // not a field name: skip key and value
            reader.next();
            continue;
        }
        const QByteArray key = readKey(reader, buffer);
        int index = guess < keys.size() && keys.at(guess) == key ? guess : int(keys.indexOf(key));
        if (index >= 0)
            guess = index + 1;
        if (key == deletedKey && reader.isBool()) {
            deleted = reader.toBool();
            reader.next();
        } else if (index < 0 || reader.isNull() || reader.isUndefined()) {
            reader.next(); // another key, or no value (no due date): the default stays
        } else if (reader.isString()) {
            visitor->text(index, readText(reader));
        } else if (reader.isInteger() || reader.isDouble() || reader.isFloat() || reader.isFloat16()) {
            visitor->number(index, readNumber(reader));
        } else if (reader.isBool()) {
            visitor->other(index, reader.toBool());
            reader.next();
        } else {
            visitor->other(index, QCborValue::fromCbor(reader).toVariant()); // JSON: a map or a list
        }
    }
    return !deleted;
}

} // namespace SyncedValue
