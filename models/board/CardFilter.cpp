#include "CardFilter.h"

bool CardFilter::isActive() const
{
    return !text.trimmed().isEmpty() || assigneeId.has_value() || priority.has_value() || due != Due::Any;
}

bool CardFilter::matches(const PipelineItem& item, const QDateTime& now) const
{
    if (assigneeId && item.assignedToId != *assigneeId)
        return false;
    if (priority && item.priority != *priority)
        return false;
    switch (due) {
    case Due::Any:
        break;
    case Due::Overdue:
        if (!item.dueDate.isValid() || item.dueDate >= now)
            return false;
        break;
    case Due::NextSevenDays:
        // Calendar days, as the card shows them ("Due today", "Due tomorrow"): a card due at
        // 17:00 in a week's time is "in 7 days" all through today.
        if (!item.dueDate.isValid() || item.dueDate < now
            || now.toUTC().date().daysTo(item.dueDate.toUTC().date()) > 7)
            return false;
        break;
    case Due::NoDueDate:
        if (item.dueDate.isValid())
            return false;
        break;
    }
    const QString needle = text.trimmed();
    if (!needle.isEmpty() && !item.title.contains(needle, Qt::CaseInsensitive)
        && !item.description.contains(needle, Qt::CaseInsensitive))
        return false;
    return true;
}
