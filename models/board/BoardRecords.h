#pragma once

#include <QColor>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

// Plain records of the pipeline tables, as the board reads them (spec 2.2).

struct Pipeline
{
    QString id;
    QString key;
    QString name;
    QString type; // PipelineType: SALES, SUPPORT, BILLING, INTERNAL, GENERIC, CUSTOM
    bool isActive = true;
};

struct PipelineStage
{
    QString id;
    QString pipelineId;
    QString key;
    QString name;
    int order = 0;
    bool isTerminal = false;
    QColor color; // invalid when the stage has none
    int wipLimit = 0; // 0 = no limit
};

// The gap between neighbouring positions when a card goes to the end of a stage or cards are
// spread out: room for many moves between two cards before positions would need rewriting.
constexpr double kPositionGap = 1024.0;

struct PipelineItem
{
    QString id;
    QString stageId;
    QString title;
    QString description;
    double position = 0; // ascending within the stage
    QString assignedToId;
    QString assigneeName; // users.name, for the avatar's initials
    QDateTime dueDate; // UTC; invalid when none
    int priority = 0; // 0 none … 3 urgent
    int version = 1; // row version for optimistic concurrency
};

struct Board
{
    Pipeline pipeline;
    QList<PipelineStage> stages; // in their order
    QList<PipelineItem> items; // any order
};

Q_DECLARE_METATYPE(Pipeline)
Q_DECLARE_METATYPE(PipelineItem)
Q_DECLARE_METATYPE(Board)

namespace BoardText {

// "Dana Demo" → "DD", "cher" → "C"; empty for no name.
QString initials(const QString& name);

} // namespace BoardText
