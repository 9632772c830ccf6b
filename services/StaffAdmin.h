#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <memory>

class DirectConnection;
class QSqlDatabase;

// Staff logins: one PostgreSQL LOGIN role per staff member, member of the NOLOGIN group
// astralis_staff, mapped to a "users" row in "staff_login". Needs a privileged connection
// (CREATEROLE and write access to staff_login): run from astralis-cli, never from the console.
class StaffAdmin
{
public:
    struct Staff
    {
        QString login;
        QString email;
        QString name;
        QString organization;
        bool disabled = false;
        QDateTime createdAt;
    };

    struct Result
    {
        bool ok = false;
        QString error;
        QString password; // for add(): the password set (generated when none was given)
    };

    explicit StaffAdmin(const QSqlDatabase& db);
    explicit StaffAdmin(const DirectConnection& connection);
    ~StaffAdmin();

    // Creates (or re-enables) the role and links it to the user with this e-mail address.
    Result add(const QString& email, const QString& login, const QString& password = {});
    // NOLOGIN, mapping marked disabled, running sessions ended. The user row stays.
    Result disable(const QString& login);
    QList<Staff> list(QString* error = nullptr) const;

    static bool isValidLogin(const QString& login);
    static QString generatePassword();

private:
    std::unique_ptr<QSqlDatabase> m_db;
};
