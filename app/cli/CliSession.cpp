#include "CliSession.h"

#include "BoardService.h"
#include "CliApp.h"
#include "DatabaseService.h"
#include "OfflineStore.h"
#include "SyncCommand.h"
#include "SyncService.h"

#include <QTimer>

CliSession::CliSession()
    : m_database(std::make_unique<DatabaseService>())
    , m_store(std::make_unique<OfflineStore>())
    , m_sync(std::make_unique<SyncService>(m_database.get(), m_store.get()))
    , m_boards(std::make_unique<BoardService>(m_database.get(), nullptr, m_store.get(), m_sync.get()))
{
    m_sync->setAutomatic(false);
    m_url.setConnector([this](const ConnectionSettings& settings) { return connect(settings); });
}

CliSession::~CliSession() = default;

ConnectResult CliSession::connect(const ConnectionSettings& settings)
{
    ConnectResult result;
    bool done = false;
    QEventLoop loop;
    QObject::connect(m_database.get(), &DatabaseService::connected, &loop, [&](const SessionInfo& session) {
        result.session = session;
        done = true;
        loop.quit();
    });
    QObject::connect(m_database.get(), &DatabaseService::connectFailed, &loop,
                     [&](const ConnectError& error) {
                         result.error = error;
                         done = true;
                         loop.quit();
                     });
    m_database->connectTo(settings);
    // The connect timeout (libpq's) bounds the wait.
    runUntil(
        &loop, [&done] { return done; }, -1);
    return result;
}

int CliSession::open(const QString& urlOption)
{
    if (const int code = m_url.openOrOffline(urlOption, &m_offline))
        return code;
    ConnectionSettings settings = m_url.settings();
    settings.password.clear();
    bool opened = false;
    QString openError;
    QEventLoop loop;
    QObject::connect(m_store.get(), &OfflineStore::opened, &loop, [&](bool ok, const QString& error) {
        opened = ok;
        openError = error;
        loop.quit();
    });
    if (m_offline) {
        m_store->openLastUsed(settings);
    } else {
        // Which database this is decides the cache: never another one's outbox or rows.
        const std::optional<CacheChoice> choice = once<CacheChoice>(
            [this, settings](QObject* context, std::function<void(const CacheChoice&)> done) {
                m_sync->chooseCache(context, settings, std::move(done));
            });
        if (!choice)
            return Cli::fail(Cli::Failure, QStringLiteral("no answer from the database"));
        if (const int code = SyncCommand::reportChoice(*choice))
            return code;
        m_store->open(choice->path, settings);
    }
    loop.exec();
    if (!opened)
        return Cli::fail(Cli::Failure, openError);
    return Cli::Ok;
}

void CliSession::runUntil(QEventLoop* loop, const std::function<bool()>& done, int timeoutMs)
{
    if (done())
        return;
    QTimer timer;
    if (timeoutMs >= 0) {
        timer.setSingleShot(true);
        QObject::connect(&timer, &QTimer::timeout, loop, &QEventLoop::quit);
        timer.start(timeoutMs);
    }
    loop->exec();
}

void CliSession::idle(QEventLoop* loop, bool* done)
{
    m_store->whenIdle(loop, [loop, done] {
        *done = true;
        loop->quit();
    });
}
