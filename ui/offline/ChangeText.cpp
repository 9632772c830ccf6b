#include "ChangeText.h"

#include "BoardController.h"
#include "CardTableModel.h"
#include "TaskStatusFlow.h"

#include <QDateTime>
#include <QLocale>

QString ChangeText::fieldName(const QString& field) const
{
    if (field == QLatin1String("title"))
        return tr("Title");
    if (field == QLatin1String("description"))
        return tr("Description");
    if (field == QLatin1String("priority"))
        return tr("Priority");
    if (field == QLatin1String("dueDate"))
        return tr("Due date");
    if (field == QLatin1String("assignedToId"))
        return tr("Assignee");
    if (field == QLatin1String("stageId"))
        return tr("Stage");
    if (field == QLatin1String("position"))
        return tr("Place in the stage");
    if (field == QLatin1String("deletedAt"))
        return tr("Deleted");
    if (field == QLatin1String("status"))
        return tr("Status");
    return field;
}

QString ChangeText::value(const QString& field, const QVariant& v) const
{
    const bool none = !v.isValid() || v.isNull() || v.toString().isEmpty();
    if (field == QLatin1String("deletedAt"))
        return v.toBool() ? tr("deleted") : tr("not deleted");
    if (none)
        return tr("(none)");
    if (field == QLatin1String("status")) {
        const std::optional<TaskStatus> status = TaskStatusFlow::fromDatabase(v.toString());
        return status ? TaskStatusFlow::displayName(*status) : v.toString();
    }
    if (field == QLatin1String("priority")) {
        const QString text = CardTableModel::priorityText(v.toInt());
        return text.isEmpty() ? tr("None") : text;
    }
    if (field == QLatin1String("dueDate"))
        return QLocale().toString(
            QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC).toLocalTime().date(),
            QLocale::ShortFormat);
    if (field == QLatin1String("stageId") && m_board) {
        for (const PipelineStage& stage : m_board->board().stages) {
            if (stage.id == v.toString())
                return stage.name;
        }
    }
    if (field == QLatin1String("assignedToId") && m_board) {
        for (const auto& person : m_board->people()) {
            if (person.first == v.toString())
                return person.second;
        }
    }
    if (field == QLatin1String("position"))
        return QLocale().toString(v.toDouble(), 'f', 0);
    return v.toString();
}

QString ChangeText::summary(const OutboxEntry& entry) const
{
    switch (entry.op) {
    case OutboxEntry::Op::Create:
        return tr("Create in %1")
            .arg(value(QStringLiteral("stageId"), entry.fields.value(QStringLiteral("stageId"))));
    case OutboxEntry::Op::Delete:
        return tr("Delete");
    case OutboxEntry::Op::Restore:
        return entry.fields.size() > 1 ? tr("Recreate with your changes") : tr("Restore");
    case OutboxEntry::Op::Update:
        break;
    }
    const QStringList keys = entry.fields.keys();
    if (keys.contains(QLatin1String("stageId")) && keys.size() <= 2
        && (keys.size() == 1 || keys.contains(QLatin1String("position"))))
        return tr("Move to %1")
            .arg(value(QStringLiteral("stageId"), entry.fields.value(QStringLiteral("stageId"))));
    if (keys == QStringList{QStringLiteral("position")})
        return tr("Reorder");
    QStringList parts;
    for (const QString& key : keys) {
        if (key == QLatin1String("position"))
            continue;
        parts << tr("%1 → %2").arg(fieldName(key), value(key, entry.fields.value(key)));
    }
    return parts.join(QStringLiteral("; "));
}

QString ChangeText::stateName(const OutboxEntry& entry) const
{
    switch (entry.state) {
    case OutboxEntry::State::Pending:
        return entry.attempts > 0 ? tr("Waiting to retry") : tr("Waiting to send");
    case OutboxEntry::State::Conflict:
        return entry.rowDeletedOnServer() ? tr("Deleted by someone else") : tr("Conflict");
    case OutboxEntry::State::Rejected:
        return tr("Refused by the server");
    }
    return {};
}
