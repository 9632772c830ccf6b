#include "PipelineItemTable.h"

#include <QCoreApplication>

namespace {

using namespace PipelineItemTable;

// The checks were BoardRepository's: their sentences keep its translations.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(BoardRepository)
};

// Replay failures as the card applier said them.
struct ReplayText
{
    Q_DECLARE_TR_FUNCTIONS(PipelineItemApplier)
};

QString titleProblem(const QVariant& value)
{
    const QString title = value.toString();
    if (title.trimmed().isEmpty())
        return Text::tr("A card needs a title.");
    if (title.size() > 500)
        return Text::tr("A title may have at most 500 characters.");
    return {};
}

QString priorityProblem(const QVariant& value)
{
    const int priority = value.toInt();
    if (priority < 0 || priority > 3)
        return Text::tr("Priority is 0 (none), 1 (normal), 2 (high) or 3 (urgent).");
    return {};
}

SyncedRecord<PipelineItem> makeItem()
{
    using F = SyncedTable::Field;
    using T = SyncedTable::Type;
    using Op = OutboxEntry::Op;
    SyncedTable t;
    t.entity = PipelineItemTable::kEntity;
    t.sqlTable = PipelineItemTable::kEntity;
    t.ops = {Op::Create, Op::Update, Op::Delete, Op::Restore};
    t.parentField = kStageId;
    t.labelField = kTitle;
    t.sentences.parentGone
        = [] { return ReplayText::tr("The card's stage no longer exists (or is not visible to you)."); };
    t.sentences.restoredMeanwhile = [] { return ReplayText::tr("The card was restored meanwhile."); };
    t.sentences.changedWhileSent
        = [] { return ReplayText::tr("The card changed while the change was sent; it is sent again."); };

    SyncedRecord<PipelineItem> r(t);
    r.field(F(kStageId, T::Ref).references(QStringLiteral("pipelineStage")).writable(),
            &PipelineItem::stageId)
        .field(F(kTitle, T::Text).writable().trim().checkedBy(titleProblem), &PipelineItem::title)
        .field(F(kDescription, T::Text).optional().writable(), &PipelineItem::description)
        // Ascending within the stage; a move writes the midpoint of its new neighbours.
        .field(F(kPosition, T::Double).writable(), &PipelineItem::position)
        .field(F(kAssignedToId, T::Ref).optional().references(QStringLiteral("users")).writable(),
               &PipelineItem::assignedToId)
        // users.name, for the avatar's initials.
        .field(F(kAssigneeName, T::Text).lookup(), &PipelineItem::assigneeName)
        .field(F(kDueDate, T::Timestamp).optional().writable(), &PipelineItem::dueDate)
        .field(F(kPriority, T::Int).writable().checkedBy(priorityProblem), &PipelineItem::priority);
    return r;
}

SyncedRecord<ItemChanges> makeChanges()
{
    const SyncedTable& t = PipelineItemTable::table();
    SyncedRecord<ItemChanges> r(t.header());
    r.field(t.declared(kTitle), &ItemChanges::title)
        .field(t.declared(kDescription), &ItemChanges::description)
        .field(t.declared(kPriority), &ItemChanges::priority)
        .field(t.declared(kDueDate), &ItemChanges::dueDate)
        .field(t.declared(kAssignedToId), &ItemChanges::assignedToId)
        .field(t.declared(kStageId), &ItemChanges::stageId);
    return r;
}

} // namespace

namespace PipelineItemTable {

const SyncedTable& table()
{
    return item().table();
}

const SyncedRecord<PipelineItem>& item()
{
    static const SyncedRecord<PipelineItem> record = makeItem();
    return record;
}

const SyncedRecord<ItemChanges>& changes()
{
    static const SyncedRecord<ItemChanges> record = makeChanges();
    return record;
}

} // namespace PipelineItemTable
