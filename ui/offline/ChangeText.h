#pragma once

#include "OutboxEntry.h"

#include <QCoreApplication>
#include <QString>
#include <QVariant>

class BoardController;

// Queued changes in words a person reads in the Sync panel and the Conflicts view: field
// names ("Stage", not stageId) and values (the stage's and the person's names, dates as
// dates), looked up on the open board where it knows them.
class ChangeText
{
    Q_DECLARE_TR_FUNCTIONS(ChangeText)

public:
    explicit ChangeText(const BoardController* board)
        : m_board(board)
    { }

    QString fieldName(const QString& field) const;
    QString value(const QString& field, const QVariant& value) const;
    // "Move to Qualified", "Title → Kickoff call; Priority → High", "Delete", …
    QString summary(const OutboxEntry& entry) const;
    QString stateName(const OutboxEntry& entry) const;

private:
    const BoardController* m_board;
};
