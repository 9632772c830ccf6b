#pragma once

#include "BoardRecords.h"

#include <QDateTime>
#include <QHash>
#include <QMetaType>
#include <QString>

#include <optional>

// A card's editable fields as a person changes them; unset members stay as they are. The fields,
// their encoding and their checks are PipelineItemTable's.
struct ItemChanges
{
    std::optional<QString> title;
    std::optional<QString> description;
    std::optional<int> priority; // 0 … 3
    std::optional<QDateTime> dueDate; // invalid = no due date
    std::optional<QString> assignedToId; // empty = nobody
    std::optional<QString> stageId;

    bool isEmpty() const;
    // Field checks a person can act on, keyed by field name ("title" → "A card needs a title.").
    QHash<QString, QString> problems() const;
};

// Why a change to cards did not happen, for the screen to say and act on.
enum class CardFailure
{
    None,
    Conflict, // someone changed the card since it was loaded
    Gone, // deleted, or not visible to this login
    StageGone, // the target stage was deleted or is not visible
    Refused, // the server's rules refused it (row-level security, privileges)
    Other,
};

struct CardWriteResult
{
    CardFailure failure = CardFailure::None;
    QString message; // a sentence for the person, naming the card
    QString detail; // the server's words
    QList<PipelineItem> items; // the rows as written (after a conflict: the other version)
    bool ok() const { return failure == CardFailure::None; }
};

Q_DECLARE_METATYPE(CardWriteResult)
