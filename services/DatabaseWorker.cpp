#include "DatabaseWorker.h"

#include "DatabaseConnector.h"
#include "LogCategories.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

DatabaseWorker::DatabaseWorker(const QString& connectionName, int heartbeatMs)
    : m_connectionName(connectionName)
    , m_heartbeatMs(heartbeatMs)
{ }

DatabaseWorker::~DatabaseWorker()
{
    DatabaseConnector::close(m_connectionName);
}

void DatabaseWorker::open(const ConnectionSettings& settings, int epoch)
{
    if (!m_heartbeatTimer) {
        // Created here, not in the constructor, so the timers belong to the worker thread.
        m_heartbeatTimer = new QTimer(this);
        m_heartbeatTimer->setInterval(m_heartbeatMs);
        connect(m_heartbeatTimer, &QTimer::timeout, this, &DatabaseWorker::heartbeat);
        m_reconnectTimer = new QTimer(this);
        m_reconnectTimer->setSingleShot(true);
        connect(m_reconnectTimer, &QTimer::timeout, this, &DatabaseWorker::attemptReconnect);
    }
    close(epoch);
    m_settings = settings;
    m_backoff.reset();

    const ConnectResult result = DatabaseConnector::open(m_settings, m_connectionName);
    if (!result.ok()) {
        m_settings.password.clear();
        emit openFailed(m_epoch, result.error);
        return;
    }
    m_phase = Phase::Open;
    subscribeAll();
    m_heartbeatTimer->start();
    emit opened(m_epoch, result.session);
}

void DatabaseWorker::listen(const QString& channel)
{
    if (m_channels.contains(channel))
        return;
    m_channels << channel;
    if (m_phase == Phase::Open)
        subscribeAll();
}

void DatabaseWorker::subscribeAll()
{
    QSqlDriver* driver = QSqlDatabase::database(m_connectionName, false).driver();
    if (!driver)
        return;
    // Every (re)connect makes a new driver object: connect each one once.
    if (m_listenedDriver != driver) {
        m_listenedDriver = driver;
        connect(driver, &QSqlDriver::notification, this, &DatabaseWorker::onDriverNotification);
    }
    const QStringList active = driver->subscribedToNotifications();
    for (const QString& channel : std::as_const(m_channels)) {
        if (!active.contains(channel) && !driver->subscribeToNotification(channel))
            qCWarning(lcDatabase) << "cannot LISTEN on" << channel << driver->lastError().text();
    }
}

void DatabaseWorker::onDriverNotification(const QString& channel, QSqlDriver::NotificationSource,
                                          const QVariant& payload)
{
    emit notified(channel, payload.toString());
}

void DatabaseWorker::close(int epoch)
{
    m_epoch = epoch;
    stopTimers();
    DatabaseConnector::close(m_connectionName);
    m_phase = Phase::Closed;
}

void DatabaseWorker::execute(quint64 id, const DbWork& work, QDeadlineTimer queueDeadline)
{
    if (queueDeadline.hasExpired()) {
        // Prisma's pool_timeout: work that waited too long behind others fails instead of hanging.
        emit jobFinished(id,
                         DbResult::failure(tr("The database was busy for longer than pool_timeout "
                                              "(%1 s); try again.")
                                               .arg(m_settings.poolTimeoutSeconds)));
        return;
    }
    if (m_phase != Phase::Open) {
        DbResult result = DbResult::failure(tr("Not connected to the database."));
        result.offline = true;
        emit jobFinished(id, result);
        return;
    }
    DbResult result;
    {
        // Scoped: the handle must be released before handleLost() removes the connection.
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        result = work(db);
    }
    if (!result.ok && !isAlive()) {
        result.connectionLost = true;
        emit jobFinished(id, result);
        handleLost(result.error);
        return;
    }
    emit jobFinished(id, result);
}

bool DatabaseWorker::isAlive()
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isOpen())
        return false;
    QSqlQuery ping(db);
    return ping.exec(QStringLiteral("SELECT 1"));
}

void DatabaseWorker::heartbeat()
{
    if (m_phase != Phase::Open)
        return;
    bool alive = true;
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        QSqlQuery ping(db);
        alive = db.isOpen() && ping.exec(QStringLiteral("SELECT 1"));
        if (!alive)
            error = DbResult::fromQuery(ping).error;
    }
    if (!alive)
        handleLost(error.isEmpty() ? tr("the connection was closed") : error);
}

void DatabaseWorker::handleLost(const QString& detail)
{
    if (m_phase != Phase::Open)
        return;
    qCWarning(lcDatabase) << "connection lost:" << detail;
    stopTimers();
    DatabaseConnector::close(m_connectionName);
    m_phase = Phase::Reconnecting;
    emit connectionLost(m_epoch, detail);
    const int delay = m_backoff.nextDelayMs();
    emit reconnectScheduled(m_epoch, m_backoff.attempts(), delay);
    m_reconnectTimer->start(delay);
}

void DatabaseWorker::networkChanged(bool reachable)
{
    if (m_phase == Phase::Open) {
        heartbeat(); // a dead connection is noticed now, not in up to a heartbeat's time
    } else if (m_phase == Phase::Reconnecting && reachable) {
        m_reconnectTimer->stop();
        attemptReconnect();
    }
}

void DatabaseWorker::attemptReconnect()
{
    if (m_phase != Phase::Reconnecting)
        return;
    const ConnectResult result = DatabaseConnector::open(m_settings, m_connectionName);
    if (result.ok()) {
        qCInfo(lcDatabase) << "reconnected after" << m_backoff.attempts() << "attempt(s)";
        m_backoff.reset();
        m_phase = Phase::Open;
        subscribeAll();
        m_heartbeatTimer->start();
        emit opened(m_epoch, result.session);
        return;
    }
    if (result.error.isPermanent()) {
        // The password was changed or the database dropped meanwhile: retrying cannot help.
        m_phase = Phase::Closed;
        m_settings.password.clear();
        emit openFailed(m_epoch, result.error);
        return;
    }
    const int delay = m_backoff.nextDelayMs();
    emit reconnectScheduled(m_epoch, m_backoff.attempts(), delay);
    m_reconnectTimer->start(delay);
}

void DatabaseWorker::stopTimers()
{
    if (m_heartbeatTimer)
        m_heartbeatTimer->stop();
    if (m_reconnectTimer)
        m_reconnectTimer->stop();
}
