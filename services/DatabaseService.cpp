#include "DatabaseService.h"

#include "DatabaseWorker.h"
#include "LogCategories.h"
#include "SessionCheck.h"

#include <QDeadlineTimer>
#include <QNetworkInformation>

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

    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("database"));
    m_worker = new DatabaseWorker(nextConnectionName(), heartbeatMs);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

    connect(m_worker, &DatabaseWorker::opened, this, [this](int epoch, const SessionInfo& session) {
        if (epoch != m_epoch)
            return; // answers an open that a later connect or disconnect replaced
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
    connect(m_worker, &DatabaseWorker::openFailed, this, [this](int epoch, const ConnectError& error) {
        if (epoch != m_epoch)
            return;
        setState(State::Disconnected);
        emit connectFailed(error);
    });
    connect(m_worker, &DatabaseWorker::connectionLost, this, [this](int epoch, const QString& detail) {
        if (epoch != m_epoch)
            return;
        setState(State::Reconnecting);
        emit connectionLost(detail);
    });
    connect(m_worker, &DatabaseWorker::reconnectScheduled, this, [this](int epoch, int attempt, int delayMs) {
        if (epoch == m_epoch)
            emit reconnectScheduled(attempt, delayMs);
    });
    connect(m_worker, &DatabaseWorker::jobFinished, this, &DatabaseService::onJobFinished);
    connect(m_worker, &DatabaseWorker::notified, this, &DatabaseService::notification);
    m_thread->start();
}

DatabaseService::~DatabaseService()
{
    // The connection must be closed on the thread that opened it; the worker's destructor
    // does that when the finished thread deletes it.
    DatabaseWorker* worker = m_worker;
    const int epoch = ++m_epoch;
    QMetaObject::invokeMethod(worker, [worker, epoch] { worker->close(epoch); });
    m_thread->quit();
    if (!m_thread->wait(5000)) {
        // Destroying a running QThread aborts the process. A query stuck on a dead network
        // (statement_timeout bounds the rest) would do that at quit: let the thread go instead.
        qCWarning(lcDatabase) << "database thread did not stop within 5 s (server not answering); leaving it";
        m_thread->setParent(nullptr);
        m_thread = nullptr;
        return;
    }
    delete m_thread;
}

void DatabaseService::connectTo(const ConnectionSettings& settings)
{
    m_settings = settings;
    m_settings.password.clear();
    m_session = {};
    setState(State::Connecting);
    DatabaseWorker* worker = m_worker;
    const int epoch = ++m_epoch;
    QMetaObject::invokeMethod(worker, [worker, settings, epoch] { worker->open(settings, epoch); });
}

void DatabaseService::disconnectFromServer()
{
    DatabaseWorker* worker = m_worker;
    const int epoch = ++m_epoch;
    QMetaObject::invokeMethod(worker, [worker, epoch] { worker->close(epoch); });
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
    // pool_timeout=0 means "wait as long as it takes", as in Prisma.
    const QDeadlineTimer deadline = m_settings.poolTimeoutSeconds > 0
        ? QDeadlineTimer(qint64(m_settings.poolTimeoutSeconds) * 1000)
        : QDeadlineTimer(QDeadlineTimer::Forever);
    DatabaseWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, id, work = std::move(work), deadline] { worker->execute(id, work, deadline); });
}

void DatabaseService::checkSession(QObject* context, std::function<void(const SessionCheckResult&)> done)
{
    run(
        context,
        [](QSqlDatabase& db) {
            const SessionCheckResult check = SessionCheck::run(db);
            // A check that failed because the connection dropped meanwhile says nothing about
            // the database: report the drop, so the next connection checks again.
            if (check.error.isError() && !SessionCheck::stillConnected(db)) {
                DbResult lost
                    = DbResult::failure(QStringLiteral("the connection was lost during the sign-in check"));
                lost.connectionLost = true;
                return lost;
            }
            return DbResult::success(QVariant::fromValue(check));
        },
        [done = std::move(done)](const DbResult& result) {
            SessionCheckResult check = result.value.value<SessionCheckResult>();
            if (!result.ok && (result.connectionLost || result.offline)) {
                check = {};
                check.connectionLost = true;
            } else if (!result.ok) {
                check.error = {ConnectErrorCode::Unknown, result.error};
            }
            done(check);
        });
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

void DatabaseService::watchNetwork()
{
    if (!QNetworkInformation::instance()
        && !QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        qCInfo(lcDatabase) << "no network information backend; relying on the heartbeat";
        return;
    }
    connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
            [this](QNetworkInformation::Reachability reachability) {
                qCInfo(lcDatabase) << "network reachability changed:" << int(reachability);
                networkChanged(reachability != QNetworkInformation::Reachability::Disconnected);
            });
}

void DatabaseService::networkChanged(bool reachable)
{
    QMetaObject::invokeMethod(m_worker,
                              [worker = m_worker, reachable] { worker->networkChanged(reachable); });
}
