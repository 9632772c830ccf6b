#include "SecretStore.h"

#include "LogCategories.h"
#include "LogRedactor.h"

#include <QCoreApplication>
#include <QPointer>
#include <QTimer>
#include <qt6keychain/keychain.h>

#include <memory>

namespace {

SecretStore::Status statusOf(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoError:
        return SecretStore::Status::Ok;
    case QKeychain::EntryNotFound:
        return SecretStore::Status::NotFound;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return SecretStore::Status::Unavailable;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return SecretStore::Status::Denied;
    default:
        return SecretStore::Status::Failed;
    }
}

// libsecret reports a missing bus or keyring as OtherError; those mean "no keychain here".
SecretStore::Status refine(SecretStore::Status status, const QString& message)
{
    if (status != SecretStore::Status::Failed)
        return status;
    const QString m = message.toLower();
    if (m.contains(QLatin1String("d-bus")) || m.contains(QLatin1String("dbus"))
        || m.contains(QLatin1String("object does not exist")) || m.contains(QLatin1String("no such secret"))
        || m.contains(QLatin1String("not provided by any .service"))
        || m.contains(QLatin1String("autolaunch")) || m.contains(QLatin1String("could not connect")))
        return SecretStore::Status::Unavailable;
    return status;
}

// Runs one keychain job with a timeout; whichever comes first answers, exactly once.
void runJob(QKeychain::Job* job, QObject* context, int timeoutMs, SecretStore::Callback done,
            std::function<QString(QKeychain::Job*)> valueOf)
{
    auto answered = std::make_shared<bool>(false);
    auto callback = std::make_shared<SecretStore::Callback>(std::move(done));

    QObject::connect(job, &QKeychain::Job::finished, context,
                     [answered, callback, valueOf](QKeychain::Job* j) {
                         if (*answered)
                             return;
                         *answered = true;
                         SecretStore::Result result;
                         result.detail = j->errorString();
                         result.status = refine(statusOf(j->error()), result.detail);
                         if (result.ok() && valueOf)
                             result.value = valueOf(j);
                         if (!result.ok() && result.status != SecretStore::Status::NotFound)
                             qCWarning(lcSecrets) << "keychain" << j->key() << "failed:" << result.detail;
                         (*callback)(result);
                     });
    QTimer::singleShot(timeoutMs, context, [answered, callback, timeoutMs] {
        if (*answered)
            return;
        *answered = true;
        SecretStore::Result result;
        result.status = SecretStore::Status::Unavailable;
        result.detail = QCoreApplication::translate("SecretStore",
                                                    "the keychain did not answer within %1 s "
                                                    "(it may be locked and waiting for a password)")
                            .arg(timeoutMs / 1000);
        qCWarning(lcSecrets) << "keychain timed out";
        (*callback)(result);
    });
    job->start();
}

} // namespace

SecretStore::SecretStore(QObject* parent, const QString& service, int timeoutMs)
    : QObject(parent)
    , m_service(service)
    , m_timeoutMs(timeoutMs)
{ }

void SecretStore::read(const QString& key, QObject* context, Callback done)
{
    auto* job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(key);
    runJob(job, context, m_timeoutMs, std::move(done), [](QKeychain::Job* j) {
        const QString value = static_cast<QKeychain::ReadPasswordJob*>(j)->textData();
        LogRedactor::addSecret(value);
        return value;
    });
}

void SecretStore::write(const QString& key, const QString& value, QObject* context, Callback done)
{
    LogRedactor::addSecret(value);
    auto* job = new QKeychain::WritePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(key);
    job->setTextData(value);
    runJob(job, context, m_timeoutMs, std::move(done), {});
}

void SecretStore::remove(const QString& key, QObject* context, Callback done)
{
    auto* job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(key);
    runJob(job, context, m_timeoutMs, std::move(done), {});
}
