#pragma once

#include <QString>

#include <memory>

class DirectConnection;
class QSqlDatabase;

// Seed data, written as the web platform's seed script does. Runs in one transaction: on any
// error nothing is added. Needs a privileged connection (it writes every organization).
class Seeder
{
public:
    static constexpr int kDefaultDemoItems = 300;

    struct Result
    {
        bool ok = false;
        QString error;
        QString summary; // "Seeded …" for the CLI
    };

    explicit Seeder(const QSqlDatabase& db);
    explicit Seeder(const DirectConnection& connection);
    ~Seeder();

    // Default organization, admin user, sample pipelines and stages, task and automation templates.
    Result seedBase();
    // Two demo organizations (Northwind Studio with `items` pipeline items and everything around
    // them; Globex Logistics, whose data Northwind's staff must never see) and their staff logins.
    // loginSuffix: appended to the two staff login names. PostgreSQL roles belong to the whole
    // cluster: databases seeded side by side (tests) need their own logins.
    Result seedDemo(int items = kDefaultDemoItems, const QString& loginSuffix = {});
    // Whether the demo organizations exist already.
    bool hasDemo() const;

    // The demo staff logins (password-less on the embedded cluster's private socket).
    static QString demoLogin() { return QStringLiteral("demo_staff"); }
    static QString otherOrgLogin() { return QStringLiteral("globex_staff"); }

private:
    std::unique_ptr<QSqlDatabase> m_db;
};
