#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// The migrations compiled into the binaries (resources/db/migrations, Prisma's layout).
struct Migration
{
    QString name; // the folder name, e.g. "20261127000000_init"
    QByteArray script; // migration.sql, byte for byte
    QString checksum; // SHA-256 of the script in lower-case hex, as Prisma records it
};

namespace Migrations {

QList<Migration> embedded(); // sorted by name, i.e. by timestamp
Migration fromScript(const QString& name, const QByteArray& script);

} // namespace Migrations
