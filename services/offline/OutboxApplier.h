#pragma once

#include "OutboxEntry.h"

#include <QSqlDatabase>
#include <QVariantMap>

#include <functional>

// What one replay attempt of an outbox entry found. Written by an OutboxApplier, read by the
// SyncEngine, which decides what happens next (done, merge, conflict, retry, rejected).
struct ApplyOutcome
{
    enum class Kind
    {
        Applied, // written now; newVersion is the row's version after it
        AlreadyApplied, // the server recorded this mutation id before (the ack was lost)
        VersionMismatch, // the row changed since the base version: theirs holds its values
        Gone, // the row is deleted, or not visible to this login
        Failed, // the statement failed: see sqlState, error, connectionLost
    };
    Kind kind = Kind::Failed;
    int newVersion = 0;
    QVariantMap theirs; // VersionMismatch and Gone: the server's values of the entry's fields
    int theirsVersion = 0; // VersionMismatch: the server's version; Gone: a soft-deleted row's
    QString sqlState;
    QString error;
    bool connectionLost = false;
};

// A hook the replay calls around every database call, so tests can fail the i-th call before
// it reaches the server (the request is lost) or after it committed (the answer is lost).
struct ReplayFaults
{
    std::function<bool(int call)> failBefore;
    std::function<bool(int call)> failAfter;
    int calls = 0;
};

// Replays the outbox entries of one table: one PostgreSQL transaction per attempt, recording
// the mutation id in client_mutation in that same transaction. Every described table is
// replayed by SyncedTableApplier (SyncEngine makes one per table of SyncedTables::all()).
class OutboxApplier
{
public:
    virtual ~OutboxApplier() = default;
    virtual QString entity() const = 0;
    // `fields` are the ones to write (all of the entry's, or what a merge left); the change is
    // made only if the row is at expectedVersion.
    virtual ApplyOutcome apply(QSqlDatabase& db, const OutboxEntry& entry, const QVariantMap& fields,
                               int expectedVersion, ReplayFaults* faults)
        = 0;
};
