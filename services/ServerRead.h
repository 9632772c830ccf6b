#pragma once

#include "Answer.h"
#include "DatabaseService.h"

#include <functional>
#include <memory>

class QSqlDatabase;

// For feature services (services/ only: it names QSqlDatabase).
namespace ServerRead {

// Why a server read has no answer when the server did not say: it was not reachable.
QString unreachable();
// A failed job's words for a person.
QString failure(const DbResult& result);

// A read only the server can answer: `read` runs on the database thread (a repository call that
// sets *error when it fails) and the answer comes back on the caller's thread, unless context
// is gone, as an Answer<T> — with `offline` and a sentence when the server was out of reach.
template <typename T>
void run(DatabaseService* database, QObject* context, std::function<T(QSqlDatabase& db, QString* error)> read,
         std::function<void(const Answer<T>&)> answer)
{
    auto value = std::make_shared<T>();
    database->run(
        context,
        [read = std::move(read), value](QSqlDatabase& db) {
            QString error;
            *value = read(db, &error);
            return error.isEmpty() ? DbResult::success() : DbResult::failure(error);
        },
        [value, answer = std::move(answer)](const DbResult& result) {
            Answer<T> a;
            a.offline = result.offline;
            if (result.ok)
                a.value = std::move(*value);
            else
                a.error = failure(result);
            answer(a);
        });
}

} // namespace ServerRead
