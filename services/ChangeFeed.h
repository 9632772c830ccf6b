#pragma once

#include <QList>
#include <QObject>
#include <QString>

class DatabaseService;
class QTimer;

// One change to a row the console shows, as recorded by the change_log triggers.
struct ChangeEvent
{
    qint64 txid = 0;
    qint64 seq = 0;
    QString table;
    QString rowId;
    QChar op; // 'I', 'U' or 'D'
};

// Delivers every change visible to the signed-in user (row-level security filters the log),
// ordered by transaction and without gaps: it delivers only rows of transactions older than
// the oldest one still running (pg_snapshot_xmin), so a transaction that commits late is never
// skipped. Rows held back that way are looked at again soon (an open transaction elsewhere
// delays delivery; staff logins end idle transactions after 60 s).
// A NOTIFY on "astralis_change" triggers a pull at once; a timer polls as a safety net; after a
// reconnect it catches up from where it stopped.
class ChangeFeed : public QObject
{
    Q_OBJECT

public:
    static constexpr const char* kChannel = "astralis_change";

    ChangeFeed(DatabaseService* database, QObject* parent = nullptr, int pollMs = 5000);

    // Starts listening; changes made before this call are not reported.
    void start();
    bool isReady() const { return m_ready; }

signals:
    void changed(const QList<ChangeEvent>& events);
    void ready(); // the starting point is known; changes from here on will be reported

private:
    void initialize();
    void pull();

    DatabaseService* m_database;
    QTimer* m_poll = nullptr;
    QTimer* m_heldRetry = nullptr;
    bool m_started = false;
    bool m_ready = false;
    bool m_pulling = false;
    bool m_pullAgain = false;
    int m_heldRetryMs = 0;
    qint64 m_txid = 0;
    qint64 m_seq = 0;
};

Q_DECLARE_METATYPE(ChangeEvent)
