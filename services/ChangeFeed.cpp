#include "ChangeFeed.h"

#include "DatabaseService.h"
#include "LogCategories.h"

#include <QSqlQuery>
#include <QTimer>

#include <limits>

namespace {

// Everything older than the oldest running transaction has finished: the starting point.
const char kInitialize[] = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint";

// Rows of transactions younger than the oldest one still running are "held": committed, but
// an older transaction may still commit rows that sort before them. They are read (to know
// they exist) but not delivered yet.
const char kPull[] = "SELECT txid, seq, \"tableName\", \"rowId\", op, "
                     "txid >= pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS held "
                     "FROM change_log WHERE (txid, seq) > (:txid, :seq) ORDER BY txid, seq LIMIT :limit";

const int kPageSize = 1000;

struct Page
{
    QList<ChangeEvent> events; // deliverable now, in commit order
    bool held = false; // newer rows wait for an older transaction to finish
};

} // namespace

Q_DECLARE_METATYPE(Page)

ChangeFeed::ChangeFeed(DatabaseService* database, QObject* parent, int pollMs)
    : QObject(parent)
    , m_database(database)
{
    qRegisterMetaType<ChangeEvent>();
    m_poll = new QTimer(this);
    m_poll->setInterval(pollMs);
    connect(m_poll, &QTimer::timeout, this, &ChangeFeed::pull);
    m_heldRetry = new QTimer(this);
    m_heldRetry->setSingleShot(true);
    connect(m_heldRetry, &QTimer::timeout, this, &ChangeFeed::pull);
    connect(m_database, &DatabaseService::notification, this, [this](const QString& channel) {
        if (channel == QLatin1String(kChannel))
            pull();
    });
    // After a reconnect: catch up on what happened while the connection was down.
    connect(m_database, &DatabaseService::connected, this, [this] {
        if (!m_started)
            return;
        if (m_ready)
            pull();
        else
            initialize();
    });
}

void ChangeFeed::start()
{
    m_started = true;
    m_database->listen(QLatin1String(kChannel));
    if (m_database->isOnline())
        initialize();
    m_poll->start();
}

void ChangeFeed::initialize()
{
    m_database->run(
        this,
        [](QSqlDatabase& db) {
            QSqlQuery query(db);
            if (!query.exec(QLatin1String(kInitialize)) || !query.next())
                return DbResult::fromQuery(query);
            return DbResult::success(query.value(0));
        },
        [this](const DbResult& result) {
            if (!result.ok || m_ready)
                return;
            m_txid = result.value.toLongLong() - 1;
            m_seq = std::numeric_limits<qint64>::max();
            m_ready = true;
            emit ready();
            pull(); // anything that committed between LISTEN and now
        });
}

void ChangeFeed::pull()
{
    if (!m_started || !m_database->isOnline())
        return;
    if (!m_ready) {
        initialize(); // the first attempt failed (a timeout, say): the next trigger retries it
        return;
    }
    if (m_pulling) {
        m_pullAgain = true; // a NOTIFY arrived mid-pull: read once more afterwards
        return;
    }
    m_pulling = true;
    const qint64 txid = m_txid;
    const qint64 seq = m_seq;
    m_database->run(
        this,
        [txid, seq](QSqlDatabase& db) {
            QSqlQuery query(db);
            query.prepare(QLatin1String(kPull));
            query.bindValue(QStringLiteral(":txid"), txid);
            query.bindValue(QStringLiteral(":seq"), seq);
            query.bindValue(QStringLiteral(":limit"), kPageSize);
            if (!query.exec())
                return DbResult::fromQuery(query);
            QList<ChangeEvent> events;
            bool held = false;
            while (query.next()) {
                if (query.value(5).toBool()) {
                    held = true;
                    break;
                }
                events.append({query.value(0).toLongLong(), query.value(1).toLongLong(),
                               query.value(2).toString(), query.value(3).toString(),
                               query.value(4).toString().at(0)});
            }
            return DbResult::success(QVariant::fromValue(Page{events, held}));
        },
        [this](const DbResult& result) {
            m_pulling = false;
            if (!result.ok) {
                if (!result.offline && !result.connectionLost)
                    qCWarning(lcDatabase) << "change feed:" << result.error;
                return; // the cursor stays: the next pull after reconnecting resumes here
            }
            const Page page = result.value.value<Page>();
            const QList<ChangeEvent>& events = page.events;
            if (!events.isEmpty()) {
                m_txid = events.last().txid;
                m_seq = events.last().seq;
                emit changed(events);
            }
            if (events.size() == kPageSize || m_pullAgain) {
                m_pullAgain = false;
                m_heldRetryMs = 0;
                pull();
            } else if (page.held) {
                // Someone's older transaction is still open (another console, the web platform,
                // a migration). No NOTIFY will come for rows already committed: look again soon,
                // backing off while that transaction stays open.
                m_heldRetryMs = m_heldRetryMs == 0 ? 50 : qMin(m_heldRetryMs * 2, 2000);
                m_heldRetry->start(m_heldRetryMs); // one timer: NOTIFYs meanwhile do not multiply it
            } else {
                m_heldRetryMs = 0;
            }
        });
}
