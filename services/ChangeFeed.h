#pragma once

#include <QDeadlineTimer>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

class DatabaseService;
class QTimer;

// One change to a row the console shows, as recorded by the change_log triggers.
struct ChangeEvent
{
    qint64 txid = 0; // the writing transaction
    int n = 0; // its position among that transaction's changes of this organization
    QString table;
    QString rowId;
    QChar op; // 'I', 'U' or 'D'
};

// Delivers every change visible to the signed-in user (astralis_change_feed() returns the
// login's own organization's rows only), ordered by transaction and without gaps, and without
// waiting for anyone: each read delivers what has committed in its snapshot and remembers the
// transactions that were still open (pg_snapshot_xip) — their rows come with the read after
// they commit. A transaction held open elsewhere (another console, the web platform, a
// migration) delays only its own rows.
//
// Wake-ups: a NOTIFY on the organization's own channel (astralis_feed_channel(), a name only its
// staff can learn) triggers a read at once; a NOTIFY that brings no rows makes the next ones wait
// longer (up to the poll interval), so nobody can make the console re-query in a loop. A timer
// polls as a safety net; after a reconnect the feed catches up from where it stopped.
class ChangeFeed : public QObject
{
    Q_OBJECT

public:
    ChangeFeed(DatabaseService* database, QObject* parent = nullptr, int pollMs = 5000);

    // Starts listening; changes committed before this call are not reported.
    void start();
    bool isReady() const { return m_ready; }
    QString channel() const { return m_channel; }

    // The cursor's arithmetic, pure (tests): what is still open after a read.
    struct Cursor
    {
        qint64 upto = 0; // every transaction below it is delivered or in pending
        QSet<qint64> pending; // open at the last read, below upto
        qint64 afterTxid = 0; // a transaction delivered in part (a full page ended inside it)
        int afterN = 0; // … up to this row
    };
    static Cursor advance(const Cursor& before, const QList<ChangeEvent>& page, bool pageFull,
                          qint64 snapshotXmax, const QSet<qint64>& snapshotXip);

signals:
    void changed(const QList<ChangeEvent>& events);
    void ready(); // the starting point is known; changes from here on will be reported
    void readFinished(); // one read of the log is done (with or without changes)

private:
    void initialize();
    void pull();
    void onNotification();

    DatabaseService* m_database;
    QTimer* m_poll = nullptr;
    QTimer* m_quiet = nullptr; // a NOTIFY-triggered read postponed after empty ones
    QString m_channel;
    bool m_started = false;
    bool m_ready = false;
    bool m_pulling = false;
    bool m_pullAgain = false;
    bool m_pullFromNotify = false;
    int m_emptyNotifies = 0;
    QDeadlineTimer m_quietUntil{0}; // expired: the first NOTIFY reads at once
    int m_pollMs;
    Cursor m_cursor;
};

Q_DECLARE_METATYPE(ChangeEvent)
