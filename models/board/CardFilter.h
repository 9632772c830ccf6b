#pragma once

#include "BoardRecords.h"

#include <QDateTime>
#include <QString>

#include <optional>

// What the board's filter bar asks for; a card is shown when it meets every criterion set.
// Pure: the current time comes in as an argument, so "overdue" is tested without a clock.
struct CardFilter
{
    enum class Due
    {
        Any,
        Overdue, // due before now
        NextSevenDays, // not overdue, and due within seven calendar days (UTC) of today
        NoDueDate,
    };

    QString text; // in the title or the description, case-insensitive; blank matches all
    std::optional<QString> assigneeId; // unset: anyone; empty: unassigned
    std::optional<int> priority; // 0 none … 3 urgent
    Due due = Due::Any;

    bool isActive() const;
    bool matches(const PipelineItem& item, const QDateTime& now) const;

    bool operator==(const CardFilter& other) const
    {
        return text == other.text && assigneeId == other.assigneeId && priority == other.priority
            && due == other.due;
    }
    bool operator!=(const CardFilter& other) const { return !(*this == other); }
};
