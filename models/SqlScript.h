#pragma once

#include <QList>
#include <QString>

// Splits a PostgreSQL script into statements, the way psql does: semicolons end statements
// except inside quotes ('…', "…", E'…'), dollar quotes ($$…$$, $tag$…$tag$) and comments
// (-- … and nested /* … */). Lets the migration runner name the statement that failed.
struct SqlStatement
{
    QString text; // without the trailing semicolon, trimmed
    int line = 1; // 1-based line where the statement starts
};

namespace SqlScript {

QList<SqlStatement> split(const QString& script);

} // namespace SqlScript
