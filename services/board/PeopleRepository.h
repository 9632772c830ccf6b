#pragma once

#include <QList>
#include <QPair>
#include <QString>

class QSqlDatabase;

// The organization's people as pickers show them. Synchronous: the database thread's side of
// BoardService::people().
namespace PeopleRepository {

// (id, name — the e-mail when there is no name), by name; deleted users left out.
QList<QPair<QString, QString>> people(const QSqlDatabase& db, QString* error);

} // namespace PeopleRepository
