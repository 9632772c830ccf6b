#include "DirectConnection.h"

#include <QAtomicInt>

DirectConnection::DirectConnection()
{
    // Unique: a process may hold several (a reconnect, tests).
    static QAtomicInt counter;
    m_name = QStringLiteral("astralis-direct-%1").arg(counter.fetchAndAddRelaxed(1));
}

DirectConnection::~DirectConnection()
{
    close();
}

ConnectResult DirectConnection::open(const ConnectionSettings& settings)
{
    close();
    ConnectResult result = DatabaseConnector::open(settings, m_name);
    m_open = result.ok();
    m_session = result.session;
    return result;
}

void DirectConnection::close()
{
    if (m_open)
        DatabaseConnector::close(m_name);
    m_open = false;
}
