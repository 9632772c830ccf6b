#pragma once

#include "SyncedTable.h"

#include <QByteArray>
#include <QDateTime>
#include <QVariant>

#include <cmath>
#include <optional>
#include <type_traits>

// Encoding of one C++ member type (SyncedTable's encoding; see there).
namespace SyncedValue {

inline QVariant encode(const QString& v)
{
    return v;
}
inline QVariant encode(int v)
{
    return v;
}
inline QVariant encode(double v)
{
    return v;
}
inline QVariant encode(bool v)
{
    return v;
}
QVariant encode(const QDateTime& v);

void decode(const QVariant& v, QString* out);
void decode(const QVariant& v, int* out);
void decode(const QVariant& v, double* out);
void decode(const QVariant& v, bool* out);
void decode(const QVariant& v, QDateTime* out);

// Whether a member of type M can hold a field of this type.
template <typename M>
bool holds(SyncedTable::Type type)
{
    using T = SyncedTable::Type;
    if constexpr (std::is_same_v<M, QString>)
        return type == T::Text || type == T::Ref || type == T::Enum;
    else if constexpr (std::is_same_v<M, int>)
        return type == T::Int;
    else if constexpr (std::is_same_v<M, double>)
        return type == T::Double;
    else if constexpr (std::is_same_v<M, bool>)
        return type == T::Bool;
    else if constexpr (std::is_same_v<M, QDateTime>)
        return type == T::Timestamp;
    else
        return false;
}

// A row's fields from the cache's CBOR map, handed to the visitor by field index (keys of other
// fields are skipped). False when the row carries kDeleted = true.
struct CborVisitor
{
    virtual ~CborVisitor() = default;
    virtual void text(int index, QString&& value) = 0;
    virtual void number(int index, double value) = 0;
    virtual void other(int index, const QVariant& value) = 0; // booleans, JSON
};
bool readCbor(const QByteArray& cbor, const QList<QByteArray>& keys, CborVisitor* visitor);

} // namespace SyncedValue

// A C++ record (PipelineItem, TaskRecord, ItemChanges) bound to its table's description: each
// field declared once, with the member that holds it, so reading and writing a record's fields
// by name, for the cache and the outbox, is one loop over the description. std::optional
// members (a set of changes) leave unset fields out.
template <typename Record>
class SyncedRecord
{
public:
    struct Access
    {
        std::function<bool(const Record&)> has;
        std::function<QVariant(const Record&)> get;
        std::function<void(Record&, const QVariant&)> set;
        // Straight from the cache's CBOR without a QVariant per value (10,000 cards); unset: set().
        std::function<void(Record&, QString&&)> setText = {};
        std::function<void(Record&, double)> setNumber = {};
    };

    explicit SyncedRecord(SyncedTable table)
        : m_table(std::move(table))
    { }

    // Declares a field and the member holding it. Fails loudly when the member cannot hold it.
    template <typename M>
    SyncedRecord& field(const SyncedTable::Field& f, M Record::*member)
    {
        if (!SyncedValue::holds<M>(f.type))
            qFatal("SyncedRecord: %s.%s cannot be held by its member", qPrintable(m_table.entity),
                   qPrintable(f.name));
        Access access{[](const Record&) { return true; },
                      [member](const Record& r) { return SyncedValue::encode(r.*member); },
                      [member](Record& r, const QVariant& v) { SyncedValue::decode(v, &(r.*member)); }};
        if constexpr (std::is_same_v<M, QString>)
            access.setText = [member](Record& r, QString&& v) { r.*member = std::move(v); };
        else if constexpr (std::is_same_v<M, double>)
            access.setNumber = [member](Record& r, double v) { r.*member = v; };
        else if constexpr (std::is_same_v<M, int>)
            access.setNumber = [member](Record& r, double v) { r.*member = int(std::lround(v)); };
        else if constexpr (std::is_same_v<M, QDateTime>)
            access.setNumber = [member](Record& r, double v) {
                r.*member = QDateTime::fromMSecsSinceEpoch(std::llround(v), Qt::UTC);
            };
        return field(f, std::move(access));
    }
    template <typename M>
    SyncedRecord& field(const SyncedTable::Field& f, std::optional<M> Record::*member)
    {
        if (!SyncedValue::holds<M>(f.type))
            qFatal("SyncedRecord: %s.%s cannot be held by its member", qPrintable(m_table.entity),
                   qPrintable(f.name));
        return field(f,
                     Access{[member](const Record& r) { return (r.*member).has_value(); },
                            [member](const Record& r) {
                                return (r.*member) ? SyncedValue::encode(*(r.*member)) : QVariant();
                            },
                            [member](Record& r, const QVariant& v) {
                                M value;
                                SyncedValue::decode(v, &value);
                                r.*member = value;
                            }});
    }
    // A field whose member needs more than a plain value (a status and its parsed form).
    SyncedRecord& field(const SyncedTable::Field& f, Access access)
    {
        m_table.fields << f;
        m_access << std::move(access);
        m_keys << f.name.toLatin1();
        return *this;
    }
    const SyncedTable& table() const { return m_table; }
    const Access& access(int index) const { return m_access.at(index); }

    bool has(const Record& r, const QString& name) const
    {
        const int i = m_table.indexOf(name);
        return i >= 0 && m_access.at(i).has(r);
    }
    QVariant value(const Record& r, const QString& name) const
    {
        const int i = m_table.indexOf(name);
        return i >= 0 ? m_access.at(i).get(r) : QVariant();
    }
    void set(Record* r, const QString& name, const QVariant& value) const
    {
        const int i = m_table.indexOf(name);
        if (i >= 0)
            m_access.at(i).set(*r, value);
    }
    void setAt(Record* r, int index, const QVariant& value) const { m_access.at(index).set(*r, value); }

    // Every field the record holds (all of a row; the set ones of changes).
    QVariantMap values(const Record& r) const
    {
        QVariantMap map;
        for (int i = 0; i < m_access.size(); ++i) {
            if (m_access.at(i).has(r))
                map.insert(m_table.fields.at(i).name, m_access.at(i).get(r));
        }
        return map;
    }
    QVariantMap values(const Record& r, const QStringList& names) const
    {
        QVariantMap map;
        for (const QString& name : names) {
            const int i = m_table.indexOf(name);
            if (i >= 0 && m_access.at(i).has(r))
                map.insert(name, m_access.at(i).get(r));
        }
        return map;
    }
    // The record with these fields set; other keys are ignored.
    void setValues(Record* r, const QVariantMap& values) const
    {
        for (auto it = values.cbegin(); it != values.cend(); ++it)
            set(r, it.key(), it.value());
    }
    Record withValues(Record r, const QVariantMap& values) const
    {
        setValues(&r, values);
        return r;
    }
    // A record from the cache's CBOR, straight from the stored bytes (no map per row: a board
    // of 10,000 cards opens from the cache in a few dozen milliseconds). False when deleted.
    bool readCbor(const QByteArray& cbor, Record* r) const
    {
        struct Visitor final : SyncedValue::CborVisitor
        {
            const SyncedRecord& self;
            Record& record;
            Visitor(const SyncedRecord& s, Record& rec)
                : self(s)
                , record(rec)
            { }
            void text(int index, QString&& value) override
            {
                const Access& a = self.m_access.at(index);
                if (a.setText)
                    a.setText(record, std::move(value));
                else
                    a.set(record, value);
            }
            void number(int index, double value) override
            {
                const Access& a = self.m_access.at(index);
                if (a.setNumber)
                    a.setNumber(record, value);
                else
                    a.set(record, self.m_table.fields.at(index).encoded(value));
            }
            void other(int index, const QVariant& value) override
            {
                self.m_access.at(index).set(record, value);
            }
        } visitor(*this, *r);
        return SyncedValue::readCbor(cbor, m_keys, &visitor);
    }

private:
    SyncedTable m_table;
    QList<Access> m_access; // by field index
    QList<QByteArray> m_keys; // field names in Latin-1, for the CBOR reader
};
