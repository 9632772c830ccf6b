#pragma once

#include <QString>

// Queries the CLI and console tests read the board with (as the superuser, beside the code under
// test): one spelling for every test.
namespace BoardSql {

// The key of the card's stage.
inline QString stageKeyOf(const QString& itemId)
{
    return QStringLiteral("SELECT s.key FROM \"pipelineItem\" i JOIN \"pipelineStage\" s ON s.id = "
                          "i.\"stageId\" WHERE i.id = '%1'")
        .arg(itemId);
}

// Another stage of the card's pipeline, one without a WIP limit first (a move there is never
// refused for the limit).
inline QString otherStageOf(const QString& itemId)
{
    return QStringLiteral("SELECT o.key FROM \"pipelineItem\" i JOIN \"pipelineStage\" s ON s.id = "
                          "i.\"stageId\" JOIN \"pipelineStage\" o ON o.\"pipelineId\" = s.\"pipelineId\" "
                          "AND o.id <> s.id WHERE i.id = '%1' ORDER BY o.\"wipLimit\" IS NOT NULL, "
                          "o.\"isTerminal\" DESC, o.\"order\" LIMIT 1")
        .arg(itemId);
}

} // namespace BoardSql
