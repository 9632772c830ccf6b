#include "ConnectionProfileStore.h"

#include "ConnectionUrl.h"

#include <QSettings>
#include <QUuid>

#include <algorithm>

namespace {

const QString kGroup = QStringLiteral("connections");
const QString kLastUsed = QStringLiteral("connections/lastUsed");

} // namespace

ConnectionProfileStore::ConnectionProfileStore(QSettings* settings)
    : m_settings(settings)
{ }

QList<ConnectionProfile> ConnectionProfileStore::profiles() const
{
    QList<ConnectionProfile> list;
    m_settings->beginGroup(kGroup);
    const QStringList ids = m_settings->childGroups();
    m_settings->endGroup();
    for (const QString& id : ids) {
        const ConnectionProfile p = profile(id);
        if (!p.id.isEmpty())
            list << p;
    }
    std::sort(list.begin(), list.end(), [](const ConnectionProfile& a, const ConnectionProfile& b) {
        if (a.lastUsed != b.lastUsed)
            return a.lastUsed > b.lastUsed;
        return a.name.localeAwareCompare(b.name) < 0;
    });
    return list;
}

ConnectionProfile ConnectionProfileStore::profile(const QString& id) const
{
    ConnectionProfile p;
    const QString prefix = kGroup + QLatin1Char('/') + id + QLatin1Char('/');
    if (id.isEmpty() || !m_settings->contains(prefix + QStringLiteral("url")))
        return p;
    p.id = id;
    p.name = m_settings->value(prefix + QStringLiteral("name")).toString();
    p.url = m_settings->value(prefix + QStringLiteral("url")).toString();
    p.rememberPassword = m_settings->value(prefix + QStringLiteral("rememberPassword"), true).toBool();
    p.lastUsed = m_settings->value(prefix + QStringLiteral("lastUsed")).toDateTime();
    return p;
}

ConnectionProfile ConnectionProfileStore::save(ConnectionProfile p)
{
    if (p.id.isEmpty())
        p.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    // A password pasted into the URL must never reach the settings file.
    p.url = ConnectionUrl::withoutPassword(p.url);
    const QString prefix = kGroup + QLatin1Char('/') + p.id + QLatin1Char('/');
    m_settings->setValue(prefix + QStringLiteral("name"), p.name);
    m_settings->setValue(prefix + QStringLiteral("url"), p.url);
    m_settings->setValue(prefix + QStringLiteral("rememberPassword"), p.rememberPassword);
    if (p.lastUsed.isValid())
        m_settings->setValue(prefix + QStringLiteral("lastUsed"), p.lastUsed);
    m_settings->sync();
    return p;
}

void ConnectionProfileStore::remove(const QString& id)
{
    if (id.isEmpty())
        return;
    m_settings->remove(kGroup + QLatin1Char('/') + id);
    if (lastUsedId() == id)
        m_settings->remove(kLastUsed);
    m_settings->sync();
}

QString ConnectionProfileStore::lastUsedId() const
{
    return m_settings->value(kLastUsed).toString();
}

void ConnectionProfileStore::markUsed(const QString& id)
{
    if (profile(id).id.isEmpty())
        return;
    m_settings->setValue(kGroup + QLatin1Char('/') + id + QStringLiteral("/lastUsed"),
                         QDateTime::currentDateTimeUtc());
    m_settings->setValue(kLastUsed, id);
    m_settings->sync();
}
