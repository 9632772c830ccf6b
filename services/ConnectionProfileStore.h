#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

class QSettings;

// A saved connection: a name and a DATABASE_URL without its password (that lives in the
// keychain, keyed by ConnectionSettings::secretKey()).
struct ConnectionProfile
{
    QString id;
    QString name;
    QString url; // never contains a password: the store strips it
    bool rememberPassword = true;
    QDateTime lastUsed;
};

class ConnectionProfileStore
{
public:
    // settings is not owned; it decides the file (QSettings' default in the app).
    explicit ConnectionProfileStore(QSettings* settings);

    QList<ConnectionProfile> profiles() const; // most recently used first
    ConnectionProfile profile(const QString& id) const;
    // Saves (inserting when id is empty, which assigns one) and returns the stored profile.
    ConnectionProfile save(ConnectionProfile profile);
    void remove(const QString& id);

    QString lastUsedId() const;
    void markUsed(const QString& id);

private:
    QSettings* m_settings;
};
