#include "Seeder.h"

#include "DbResult.h"
#include "DirectConnectionSql.h"
#include "LogCategories.h"
#include "SqlScript.h"
#include "StaffAdmin.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>

namespace {

// Runs a seed script from the resources in the current transaction.
bool runScript(QSqlDatabase& db, const QString& resource, QString* error)
{
    QFile file(resource);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("seed script %1 is missing from this build").arg(resource);
        return false;
    }
    const QList<SqlStatement> statements = SqlScript::split(QString::fromUtf8(file.readAll()));
    for (int i = 0; i < statements.size(); ++i) {
        QSqlQuery query(db);
        if (!query.exec(statements.at(i).text)) {
            *error = QStringLiteral("%1, statement %2 (line %3): %4")
                         .arg(resource.section(QLatin1Char('/'), -1))
                         .arg(i + 1)
                         .arg(statements.at(i).line)
                         .arg(DbResult::fromQuery(query).error);
            return false;
        }
    }
    return true;
}

} // namespace

Seeder::Seeder(const QSqlDatabase& db)
    : m_db(std::make_unique<QSqlDatabase>(db))
{ }

Seeder::Seeder(const DirectConnection& connection)
    : Seeder(sqlDatabase(connection))
{ }

Seeder::~Seeder() = default;

Seeder::Result Seeder::seedBase()
{
    Result result;
    QElapsedTimer timer;
    timer.start();
    QSqlQuery(*m_db).exec(QStringLiteral("SET client_min_messages TO warning"));
    QSqlQuery(*m_db).exec(QStringLiteral("SET statement_timeout TO 0")); // --size 100000 takes a while
    if (!m_db->transaction()) {
        result.error = m_db->lastError().text();
        return result;
    }
    if (!runScript(*m_db, QStringLiteral(":/db/seed/base.sql"), &result.error) || !m_db->commit()) {
        if (result.error.isEmpty())
            result.error = m_db->lastError().text();
        m_db->rollback();
        return result;
    }
    result.ok = true;
    result.summary
        = QStringLiteral("Seeded the default organization, admin user, pipelines and templates (%1 ms).")
              .arg(timer.elapsed());
    return result;
}

bool Seeder::hasDemo() const
{
    QSqlQuery query(*m_db);
    return query.exec(QStringLiteral("SELECT 1 FROM organization WHERE slug = 'northwind'")) && query.next();
}

Seeder::Result Seeder::seedDemo(int items, const QString& loginSuffix)
{
    Result result;
    if (hasDemo()) {
        result.error = QStringLiteral(
            "the demo organizations exist already (slug 'northwind'); use 'db reset --force' "
            "for a fresh demo");
        return result;
    }
    QElapsedTimer timer;
    timer.start();
    QSqlQuery(*m_db).exec(QStringLiteral("SET client_min_messages TO warning"));
    QSqlQuery(*m_db).exec(QStringLiteral("SET statement_timeout TO 0")); // --size 100000 takes a while
    if (!m_db->transaction()) {
        result.error = m_db->lastError().text();
        return result;
    }
    QSqlQuery size(*m_db);
    size.prepare(QStringLiteral("SELECT set_config('astralis.demo_size', :size, true)"));
    size.bindValue(QStringLiteral(":size"), QString::number(items));
    bool ok = size.exec();
    if (!ok)
        result.error = DbResult::fromQuery(size).error;
    ok = ok && runScript(*m_db, QStringLiteral(":/db/seed/base.sql"), &result.error);
    ok = ok && runScript(*m_db, QStringLiteral(":/db/seed/demo.sql"), &result.error);
    if (!ok || !m_db->commit()) {
        if (result.error.isEmpty())
            result.error = m_db->lastError().text();
        m_db->rollback();
        return result;
    }

    // Staff logins for both organizations. On the embedded cluster they sign in over a private
    // socket without a password; on a server, the generated passwords are shown once.
    StaffAdmin staff(*m_db);
    QStringList created;
    const QList<QPair<QString, QString>> logins
        = {{QStringLiteral("demo@northwind.example"), demoLogin() + loginSuffix},
           {QStringLiteral("staff@globex.example"), otherOrgLogin() + loginSuffix}};
    for (const auto& [email, login] : logins) {
        const StaffAdmin::Result added = staff.add(email, login);
        if (!added.ok) {
            result.error = QStringLiteral("demo data added, but the staff login %1 failed: %2")
                               .arg(login, added.error);
            return result;
        }
        created << QStringLiteral("%1 (password %2)").arg(login, added.password);
    }
    result.ok = true;
    result.summary
        = QStringLiteral("Seeded the demo organizations Northwind Studio (%1 pipeline items) and Globex "
                         "Logistics in %2 ms. Staff logins: %3.")
              .arg(items)
              .arg(timer.elapsed())
              .arg(created.join(QStringLiteral(", ")));
    qCInfo(lcDatabase) << "seeded demo with" << items << "items";
    return result;
}
