#include "DbResult.h"

#include "LogRedactor.h"

#include <QSqlError>
#include <QSqlQuery>

DbResult DbResult::fromQuery(const QSqlQuery& query)
{
    return failure(errorText(query.lastError()), query.lastError().nativeErrorCode());
}

QString DbResult::errorText(const QSqlError& error)
{
    // The server's own words when there are any (the driver's wrapper text adds nothing).
    const QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    return LogRedactor::redact(text.trimmed());
}
