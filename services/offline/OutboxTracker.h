#pragma once

#include "OutboxEntry.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>

class DatabaseService;
class OfflineStore;
class SyncService;

// What became of a change a screen queued: the one answer the screen waits for.
struct OutboxReceipt
{
    enum class Outcome
    {
        Applied, // the server has it
        Saved, // kept on this computer: it goes out when the server is back
        Refused, // the server refused it for good; entry.error has its words
        Conflict, // someone changed the same fields meanwhile; entry.theirs has their values
        Gone, // the row was deleted on the server while it was changed here
    };
    Outcome outcome = Outcome::Applied;
    OutboxEntry entry; // as queued; as the cache has it now unless Applied
};

// Changes saved in the outbox, and their receipts. A screen's service queues entries through
// this (one local transaction; the replay is started), and gets one receipt per entry once its
// fate is known: applied, saved here while the server is out of reach, refused, or in conflict.
// The cache is asked only after a replay pass, and only about entries someone waits for.
class OutboxTracker : public QObject
{
    Q_OBJECT

public:
    OutboxTracker(DatabaseService* database, OfflineStore* store, SyncService* sync,
                  QObject* parent = nullptr);

    struct Queued
    {
        QList<OutboxEntry> entries; // with seq, mutation id, base version and before-values
        QString error; // why nothing was saved (the local cache failed or is not open)
        bool ok() const { return error.isEmpty(); }
    };
    // Saves the entries in one local transaction. `saved` runs on this object's thread unless
    // context is gone; then `receipt` runs once per saved entry when its fate is known.
    void enqueue(QObject* context, QList<OutboxEntry> entries, std::function<void(const Queued&)> saved,
                 std::function<void(const OutboxReceipt&)> receipt = {});

    // Entries queued through this tracker whose receipt has not been given yet.
    int waiting() const { return int(m_waiting.size()); }

private:
    void onPass(bool interrupted);

    struct Waiter
    {
        QPointer<QObject> context;
        OutboxEntry entry;
        std::function<void(const OutboxReceipt&)> receipt;
    };

    DatabaseService* m_database;
    OfflineStore* m_store;
    SyncService* m_sync;
    QHash<qint64, Waiter> m_waiting; // outbox seq → who waits
};
