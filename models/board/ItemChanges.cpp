#include "ItemChanges.h"

#include "PipelineItemTable.h"

bool ItemChanges::isEmpty() const
{
    return PipelineItemTable::changes().values(*this).isEmpty();
}

QHash<QString, QString> ItemChanges::problems() const
{
    return PipelineItemTable::table().problems(PipelineItemTable::changes().values(*this));
}
