#pragma once

#include "OutboxApplier.h"

// Replays queued task status changes (the Tasks panel beside the board) through
// TaskRepository::setStatus with the entry's mutation id: one transaction that locks the
// task, checks the status flow against its status on the server now, writes, and records the
// mutation id — so a transition the flow refuses there is rejected with its reason.
class TaskApplier : public OutboxApplier
{
public:
    QString entity() const override { return QStringLiteral("Task"); }
    ApplyOutcome apply(QSqlDatabase& db, const OutboxEntry& entry, const QVariantMap& fields,
                       int expectedVersion, ReplayFaults* faults) override;
};
