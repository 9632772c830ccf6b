#pragma once

#include "OutboxApplier.h"
#include "SyncedTable.h"

#include <QVariantList>

// Replays queued changes (create, edit, move, delete, restore) to any described table
// (SyncedTable: the board's cards, the Tasks panel's tasks, the next screens' tables), each as
// ONE statement with its values as parameters: the check of client_mutation for this mutation
// id, the versioned write (version + 1, "updatedAt") and its client_mutation record run together
// in one transaction and one round trip — 10,000 queued changes replay in seconds. The database
// adds the ActivityLog and AuditLog entries and checks status flows (astralis_audit,
// astralis_check_status_flow); a field with a flow is also checked in the statement against
// the row as it is now, so a refused change is rejected with the console's reason.
class SyncedTableApplier : public OutboxApplier
{
public:
    explicit SyncedTableApplier(const SyncedTable& table);

    QString entity() const override { return m_table.entity; }
    ApplyOutcome apply(QSqlDatabase& db, const OutboxEntry& entry, const QVariantMap& fields,
                       int expectedVersion, ReplayFaults* faults) override;

private:
    ApplyOutcome interpret(const QVariantList& row, const OutboxEntry& entry, const QVariantMap& written,
                           int expectedVersion) const;
    QString cannotSend(const QString& what) const;

    const SyncedTable& m_table;
};
