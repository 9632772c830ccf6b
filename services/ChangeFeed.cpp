#include "ChangeFeed.h"

#include "DatabaseService.h"
#include "LogCategories.h"

#include <QSqlQuery>
#include <QTimer>

namespace {

// The organization's channel and the starting point: what is committed now is not reported;
// what is still open now is, once it commits.
const char kInitialize[]
    = "SELECT astralis_feed_channel(), pg_snapshot_xmax(s)::text::bigint, "
      "array_to_string(ARRAY(SELECT pg_snapshot_xip(s)::text::bigint), ',') FROM pg_current_snapshot() s";

// One statement, one snapshot: the rows astralis_change_feed() finds committed, and that very
// snapshot's bounds to move the cursor by (the function reads pg_current_snapshot() too).
const char kPull[]
    = "SELECT f.txid, f.n, f.\"tableName\", f.\"rowId\", f.op, s.xmax, s.xip "
      "FROM (SELECT pg_snapshot_xmax(ps)::text::bigint AS xmax, "
      "             array_to_string(ARRAY(SELECT pg_snapshot_xip(ps)::text::bigint), ',') AS xip "
      "      FROM pg_current_snapshot() ps) s "
      "LEFT JOIN LATERAL astralis_change_feed(:upto, CAST(:pending AS bigint[]), :afterTxid, :afterN, "
      ":limit) f "
      "ON true";

const int kPageSize = 1000;

struct Page
{
    QList<ChangeEvent> events; // in commit order
    qint64 xmax = 0;
    QSet<qint64> xip;
};

QSet<qint64> parseIds(const QString& text)
{
    QSet<qint64> ids;
    for (const QStringView part : QStringView(text).split(QLatin1Char(','), Qt::SkipEmptyParts))
        ids.insert(part.toLongLong());
    return ids;
}

QString arrayLiteral(const QSet<qint64>& ids)
{
    QStringList parts;
    for (const qint64 id : ids)
        parts << QString::number(id);
    return QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}

} // namespace

Q_DECLARE_METATYPE(Page)

ChangeFeed::ChangeFeed(DatabaseService* database, QObject* parent, int pollMs)
    : QObject(parent)
    , m_database(database)
    , m_pollMs(pollMs)
{
    qRegisterMetaType<ChangeEvent>();
    m_poll = new QTimer(this);
    m_poll->setInterval(pollMs);
    connect(m_poll, &QTimer::timeout, this, &ChangeFeed::pull);
    m_quiet = new QTimer(this);
    m_quiet->setSingleShot(true);
    connect(m_quiet, &QTimer::timeout, this, [this] {
        m_pullFromNotify = true;
        pull();
    });
    connect(m_database, &DatabaseService::notification, this, [this](const QString& channel) {
        if (!m_channel.isEmpty() && channel == m_channel)
            onNotification();
    });
    // After a reconnect: catch up on what happened while the connection was down — unless the
    // server behind the address is now another database (or the login another organization's):
    // initialize() tells by the channel and starts over there.
    connect(m_database, &DatabaseService::connected, this, [this] {
        if (m_started)
            initialize();
    });
}

void ChangeFeed::start()
{
    m_started = true;
    if (m_database->isOnline())
        initialize();
    m_poll->start();
}

ChangeFeed::Cursor ChangeFeed::advance(const Cursor& before, const QList<ChangeEvent>& page, bool pageFull,
                                       qint64 snapshotXmax, const QSet<qint64>& snapshotXip)
{
    Cursor after;
    if (!pageFull) {
        // Everything committed in the snapshot is delivered: from here on only transactions
        // that were open (and were ours to wait for) and those not started yet.
        after.upto = snapshotXmax;
        for (const qint64 x : snapshotXip) {
            if (x >= before.upto || before.pending.contains(x))
                after.pending.insert(x);
        }
        return after;
    }
    // The page ended inside transaction last: rows up to it are delivered, the rest of it and
    // everything after it come with the next read.
    const qint64 last = page.last().txid;
    after.afterTxid = last;
    after.afterN = page.last().n;
    if (last >= before.upto) {
        after.upto = last;
        for (const qint64 x : before.pending) {
            if (snapshotXip.contains(x) || x > last)
                after.pending.insert(x);
        }
        for (const qint64 x : snapshotXip) {
            if (x >= before.upto && x < last)
                after.pending.insert(x);
        }
    } else {
        // A late commit of an old transaction filled the whole page.
        after.upto = before.upto;
        for (const qint64 x : before.pending) {
            if (snapshotXip.contains(x) || x >= last)
                after.pending.insert(x);
        }
    }
    return after;
}

void ChangeFeed::initialize()
{
    m_database->run(
        this,
        [](QSqlDatabase& db) {
            QSqlQuery query(db);
            if (!query.exec(QLatin1String(kInitialize)) || !query.next())
                return DbResult::fromQuery(query);
            return DbResult::success(QVariantList{query.value(0), query.value(1), query.value(2)});
        },
        [this](const DbResult& result) {
            if (!result.ok)
                return;
            const QVariantList values = result.value.toList();
            const QString channel = values.value(0).toString();
            if (m_ready && channel == m_channel) {
                pull(); // the same database and organization: resume from the cursor
                return;
            }
            // First start, or a cursor of another database's transactions: start from now.
            m_channel = channel;
            m_cursor = Cursor{};
            m_cursor.upto = values.value(1).toLongLong();
            m_cursor.pending = parseIds(values.value(2).toString());
            if (m_channel.isEmpty())
                qCWarning(lcDatabase) << "change feed: this login has no organization (no live updates)";
            else
                m_database->listen(m_channel);
            const bool first = !m_ready;
            m_ready = true;
            if (first)
                emit ready();
            pull(); // anything that committed between LISTEN and now
        });
}

void ChangeFeed::onNotification()
{
    // A NOTIFY that brought nothing (someone else's empty wake-ups, or ours already read)
    // makes the next ones wait: at most one read per quiet period, however many arrive.
    if (!m_quietUntil.hasExpired()) {
        if (!m_quiet->isActive())
            m_quiet->start(int(qMax<qint64>(1, m_quietUntil.remainingTime())));
        return;
    }
    m_pullFromNotify = true;
    pull();
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
    const bool fromNotify = std::exchange(m_pullFromNotify, false);
    const Cursor cursor = m_cursor;
    m_database->run(
        this,
        [cursor](QSqlDatabase& db) {
            QSqlQuery query(db);
            query.setForwardOnly(true);
            query.prepare(QLatin1String(kPull));
            query.bindValue(QStringLiteral(":upto"), cursor.upto);
            query.bindValue(QStringLiteral(":pending"), arrayLiteral(cursor.pending));
            query.bindValue(QStringLiteral(":afterTxid"), cursor.afterTxid);
            query.bindValue(QStringLiteral(":afterN"), cursor.afterN);
            query.bindValue(QStringLiteral(":limit"), kPageSize);
            if (!query.exec())
                return DbResult::fromQuery(query);
            Page page;
            while (query.next()) {
                if (page.xmax == 0) {
                    page.xmax = query.value(5).toLongLong();
                    page.xip = parseIds(query.value(6).toString());
                }
                if (query.isNull(0))
                    continue; // the snapshot's row when nothing is new
                page.events.append({query.value(0).toLongLong(), query.value(1).toInt(),
                                    query.value(2).toString(), query.value(3).toString(),
                                    query.value(4).toString().at(0)});
            }
            return DbResult::success(QVariant::fromValue(page));
        },
        [this, fromNotify](const DbResult& result) {
            m_pulling = false;
            if (!result.ok) {
                if (!result.offline && !result.connectionLost)
                    qCWarning(lcDatabase) << "change feed:" << result.error;
                return; // the cursor stays: the next pull after reconnecting resumes here
            }
            emit readFinished();
            const Page page = result.value.value<Page>();
            const bool full = page.events.size() == kPageSize;
            m_cursor = advance(m_cursor, page.events, full, page.xmax, page.xip);
            if (!page.events.isEmpty()) {
                m_emptyNotifies = 0;
                m_quietUntil = QDeadlineTimer(0);
                emit changed(page.events);
            } else if (fromNotify) {
                m_emptyNotifies = qMin(m_emptyNotifies + 1, 16);
                m_quietUntil = QDeadlineTimer(qMin<qint64>(qint64(50) << m_emptyNotifies, m_pollMs));
            }
            if (full || std::exchange(m_pullAgain, false))
                pull();
        });
}
