#include "SqlProbe.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QtGlobal>

namespace SqlProbe {

namespace {

bool run(QSqlQuery& q, const QString& sql, const QVariantList& binds)
{
    q.prepare(sql);
    for (const QVariant& bind : binds)
        q.addBindValue(bind);
    if (q.exec())
        return true;
    qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
    return false;
}

} // namespace

QVariant value(QSqlDatabase db, const QString& sql, const QVariantList& binds)
{
    QSqlQuery q(db);
    if (!run(q, sql, binds) || !q.next())
        return {};
    return q.value(0);
}

QStringList column(QSqlDatabase db, const QString& sql, const QVariantList& binds)
{
    QStringList values;
    QSqlQuery q(db);
    if (!run(q, sql, binds))
        return values;
    while (q.next())
        values << q.value(0).toString();
    return values;
}

bool exec(QSqlDatabase db, const QString& sql, const QVariantList& binds)
{
    QSqlQuery q(db);
    return run(q, sql, binds);
}

QString quoted(const QStringList& ids)
{
    QStringList q;
    for (const QString& id : ids)
        q << QLatin1Char('\'') + id + QLatin1Char('\'');
    return q.join(QLatin1Char(','));
}

} // namespace SqlProbe
