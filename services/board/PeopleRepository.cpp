#include "PeopleRepository.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace PeopleRepository {

QList<QPair<QString, QString>> people(const QSqlDatabase& db, QString* error)
{
    QSqlQuery q(db);
    QList<QPair<QString, QString>> list;
    // Row-level security shows only the signed-in organization's users.
    if (!q.exec(QStringLiteral("SELECT id, coalesce(name, email) FROM users WHERE \"deletedAt\" IS NULL "
                               "ORDER BY coalesce(name, email)"))) {
        if (error)
            *error = q.lastError().text();
        return list;
    }
    while (q.next())
        list.append({q.value(0).toString(), q.value(1).toString()});
    return list;
}

} // namespace PeopleRepository
