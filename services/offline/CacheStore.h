#pragma once

#include <QString>
#include <QVariantMap>

class QSqlDatabase;
class QSqlQuery;

// What the parts of the local cache (RowStore, OutboxStore, MetaStore, ProviderStore) share:
// the SQLite connection of the LocalCache that owns them (by name: QtSql connections are
// per thread, and a LocalCache is used on one thread), transactions, and the encodings.
class CacheStore
{
public:
    explicit CacheStore(QString connection)
        : m_connection(std::move(connection))
    { }

    // The encodings of the cache's columns: row fields as CBOR, outbox fields as JSON.
    static QByteArray toCbor(const QVariantMap& map);
    static QVariantMap fromCbor(const QByteArray& bytes);
    static QString toJson(const QVariantMap& map);
    static QVariantMap fromJson(const QString& text);
    // Sets *error to the query's error, "local cache: …"; returns false.
    static bool failed(const QSqlQuery& q, QString* error);
    // SQLite compares NULL with nothing: an absent parent is stored and looked up as ''.
    static QString nonNull(const QString& text);
    static void overlay(QVariantMap* data, const QVariantMap& fields);

protected:
    QSqlDatabase database() const;
    bool begin(QString* error) const; // BEGIN IMMEDIATE: writers queue up instead of failing later
    bool commit(QString* error) const;
    void rollback() const;

private:
    QString m_connection;
};
