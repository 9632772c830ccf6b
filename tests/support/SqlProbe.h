#pragma once

#include <QSqlDatabase>
#include <QStringList>
#include <QVariant>
#include <QVariantList>

// Small helpers for tests that look at the database behind the code under test
// (usually as the admin, bypassing RLS). A failing statement is logged with the
// server's error and yields an empty result, so the test's comparison fails
// with the reason next to it instead of crashing.
namespace SqlProbe {

// The first column of the first row, or an invalid QVariant.
QVariant value(QSqlDatabase db, const QString& sql, const QVariantList& binds = {});

// The first column of every row, as text.
QStringList column(QSqlDatabase db, const QString& sql, const QVariantList& binds = {});

// Runs a statement; false when it failed.
bool exec(QSqlDatabase db, const QString& sql, const QVariantList& binds = {});

// 'a','b','c' for an IN (…) list of ids (test data: no quotes inside).
QString quoted(const QStringList& ids);

} // namespace SqlProbe
