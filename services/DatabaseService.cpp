#include "DatabaseService.h"

#include "DatabaseWorker.h"
#include "LogCategories.h"

#include <QDeadlineTimer>

namespace {

QString nextConnectionName()
{
    static QAtomicInt counter;
    return QStringLiteral("astralis-db-%1").arg(counter.fetchAndAddRelaxed(1));
}

} // namespace

DatabaseService::DatabaseService(QObject* parent, int heartbeatMs)
    : QObject(parent)
{
    qRegisterMetaType<DbResult>();
    qRegisterMetaType<SessionInfo>();
    qRegisterMetaType<ConnectError>();

    m_thread.setObjectName(QStringLiteral("database"));
    m_worker = new DatabaseWorker(nextConnectionName(), heartbeatMs);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

    connect(m_worker, &DatabaseWorker::opened, this, [this](const SessionInfo& session) {
        // A reconnect keeps who we are: the login and its mapping did not change.
        const SessionInfo previous = m_session;
        m_session = session;
        if (previous.role == session.role && !previous.organizationId.isEmpty()) {
            m_session.userDisplayName = previous.userDisplayName;
            m_session.userEmail = previous.userEmail;
            m_session.appRole = previous.appRole;
            m_session.organizationId = previous.organizationId;
            m_session.organizationName = previous.organizationName;
            m_session.databaseNewer = previous.databaseNewer;
        }
        setState(State::Online);
        emit connected(session);
    });
    connect(m_worker, &DatabaseWorker::openFailed, this, [this](const ConnectError& error) {
        setState(State::Disconnected);
        emit connectFailed(error);
    });
    connect(m_worker, &DatabaseWorker::connectionLost, this, [this](const QString& detail) {
        setState(State::Reconnecting);
        emit connectionLost(detail);
    });
    connect(m_worker, &DatabaseWorker::reconnectScheduled, this, &DatabaseService::reconnectScheduled);
    connect(m_worker, &DatabaseWorker::jobFinished, this, &DatabaseService::onJobFinished);
    connect(m_worker, &DatabaseWorker::notified, this, &DatabaseService::notification);
    m_thread.start();
}

DatabaseService::~DatabaseService()
{
    // The connection must be closed on the thread that opened it; the worker's destructor
    // does that when the finished thread deletes it.
    DatabaseWorker* worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker] { worker->close(); });
    m_thread.quit();
    if (!m_thread.wait(5000))
        qCWarning(lcDatabase) << "database thread did not stop within 5 s (server not answering)";
}

void DatabaseService::connectTo(const ConnectionSettings& settings)
{
    m_settings = settings;
    m_settings.password.clear();
    m_session = {};
    setState(State::Connecting);
    DatabaseWorker* worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, settings] { worker->open(settings); });
}

void DatabaseService::disconnectFromServer()
{
    DatabaseWorker* worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker] { worker->close(); });
    m_session = {};
    setState(State::Disconnected);
}

void DatabaseService::run(QObject* context, DbWork work, std::function<void(const DbResult&)> done)
{
    if (m_state != State::Online) {
        DbResult result = DbResult::failure(tr("The console is offline; the database is not reachable."));
        result.offline = true;
        // Still asynchronous, so callers see one behaviour whatever the state.
        QMetaObject::invokeMethod(
            context, [done = std::move(done), result] { done(result); }, Qt::QueuedConnection);
        return;
    }
    const quint64 id = m_nextJobId++;
    m_pending.insert(id, {context, std::move(done)});
    const QDeadlineTimer deadline(qint64(m_settings.poolTimeoutSeconds) * 1000);
    DatabaseWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, id, work = std::move(work), deadline] { worker->execute(id, work, deadline); });
}

void DatabaseService::setIdentity(const SessionInfo& session)
{
    m_session = session;
    emit sessionChanged(m_session);
}

void DatabaseService::listen(const QString& channel)
{
    DatabaseWorker* worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, channel] { worker->listen(channel); });
}

void DatabaseService::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    qCInfo(lcDatabase) << "state" << state;
    emit stateChanged(state);
}

void DatabaseService::onJobFinished(quint64 id, const DbResult& result)
{
    const Pending pending = m_pending.take(id);
    if (pending.context && pending.done)
        pending.done(result);
}
