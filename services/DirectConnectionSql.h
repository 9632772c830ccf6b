#pragma once

#include "DirectConnection.h"

#include <QSqlDatabase>

// Services only (the entry points that take a DirectConnection): the QtSql handle behind it.
inline QSqlDatabase sqlDatabase(const DirectConnection& connection)
{
    return QSqlDatabase::database(connection.name(), false);
}
