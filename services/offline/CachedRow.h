#pragma once

#include <QMetaType>
#include <QString>
#include <QVariantMap>

// One row as the local cache holds it: the server's version of it, and its fields with any
// local changes not yet confirmed laid over them (dirty).
struct CachedRow
{
    QString entity; // table name
    QString id;
    QString parent; // what screens open it by (a card's pipeline); may be empty
    int version = 0; // the server's row version; 0 = not on the server yet
    QVariantMap data;
    bool dirty = false;
};

Q_DECLARE_METATYPE(CachedRow)
