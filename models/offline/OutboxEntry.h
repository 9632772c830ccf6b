#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVariantMap>

// One change made locally and not yet confirmed by the server (the offline layer's outbox,
// docs/offline.md). Generic over tables: `fields` and `before` hold column
// values as JSON-compatible variants (strings, numbers, null), so every screen's repository
// can queue its changes the same way.
struct OutboxEntry
{
    enum class Op
    {
        Create, // insert with a client-made id
        Update, // change some fields (a card move is stageId + position)
        Delete, // soft delete ("deletedAt")
        Restore, // undo a soft delete, then apply `fields`
    };
    enum class State
    {
        Pending, // waiting for (or between) replay attempts
        Conflict, // the server row changed the same fields, or was deleted: a person decides
        Rejected, // the server refused it for good (row-level security, a constraint, a rule)
    };

    qint64 seq = 0; // replay order
    QString mutationId; // unique; the server remembers it, so a replay is applied once
    QString entity; // table name, e.g. "pipelineItem"
    QString rowId;
    Op op = Op::Update;
    int baseVersion = 0; // the server's row version this change was made against
    QVariantMap fields; // column → value after the change
    QVariantMap before; // column → value before the change (for three-way merges and undo)
    State state = State::Pending;
    int attempts = 0;
    qint64 nextAttemptMs = 0; // epoch ms; transient failures back off until then
    QString error; // the server's reason (rejected) or the last transient failure
    QVariantMap theirs; // conflicts: the server's current values of the conflicting fields
    int theirsVersion = 0; // conflicts: the server's version (0: the row is gone)
    int deletedVersion = 0; // the row is gone: the version it was deleted at (what Recreate stands on)
    QStringList conflicting; // conflicts: the fields both sides changed
    qint64 createdMs = 0;
    QString label; // what a person calls the row ("Kickoff call"), for the Sync panel
    // Creates only, when queued: what the new row is cached under (a card's pipeline), so
    // screens show it at once. Not a column; not kept in the outbox.
    QString parent;

    static QString opName(Op op);
    static Op opFromName(const QString& name);
    static QString stateName(State state);
    static State stateFromName(const QString& name);
    bool rowDeletedOnServer() const { return state == State::Conflict && theirsVersion == 0; }
};

// A row the outbox speaks about: its table and id.
struct RowRef
{
    QString entity;
    QString id;
    bool operator==(const RowRef& other) const { return entity == other.entity && id == other.id; }
};

Q_DECLARE_METATYPE(OutboxEntry)
