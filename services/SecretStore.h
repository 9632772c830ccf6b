#pragma once

#include <QObject>
#include <QString>

#include <functional>

// Passwords and tokens live only in the operating system's keychain (libsecret, Keychain,
// Credential Manager) through QtKeychain. Every call is asynchronous and bounded by a timeout:
// a keyring that waits for an unlock prompt nobody answers must not stall the console.
class SecretStore : public QObject
{
    Q_OBJECT

public:
    enum class Status
    {
        Ok,
        NotFound,
        Unavailable, // no keychain service (no D-Bus session, no Secret Service, timed out)
        Denied, // the person or the system refused access
        Failed,
    };

    struct Result
    {
        Status status = Status::Failed;
        QString value; // the secret, for read()
        QString detail; // the keychain's own message, for "why" texts
        bool ok() const { return status == Status::Ok; }
    };
    using Callback = std::function<void(const Result&)>;

    explicit SecretStore(QObject* parent = nullptr,
                         const QString& service = QStringLiteral("astralis-console"), int timeoutMs = 10000);

    void read(const QString& key, QObject* context, Callback done);
    void write(const QString& key, const QString& value, QObject* context, Callback done);
    void remove(const QString& key, QObject* context, Callback done);

private:
    QString m_service;
    int m_timeoutMs;
};
