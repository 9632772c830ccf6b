#include "Migrations.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>

namespace Migrations {

Migration fromScript(const QString& name, const QByteArray& script)
{
    return {name, script,
            QString::fromLatin1(QCryptographicHash::hash(script, QCryptographicHash::Sha256).toHex())};
}

QList<Migration> embedded()
{
    QList<Migration> list;
    const QDir root(QStringLiteral(":/db/migrations"));
    for (const QString& name : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        QFile file(root.filePath(name + QStringLiteral("/migration.sql")));
        if (file.open(QIODevice::ReadOnly))
            list << fromScript(name, file.readAll());
    }
    return list;
}

} // namespace Migrations
