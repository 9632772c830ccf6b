#include "ItemChanges.h"

#include <QCoreApplication>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(BoardRepository)
};

} // namespace

QHash<QString, QString> ItemChanges::problems() const
{
    QHash<QString, QString> problems;
    if (title && title->trimmed().isEmpty())
        problems.insert(QStringLiteral("title"), Text::tr("A card needs a title."));
    if (title && title->size() > 500)
        problems.insert(QStringLiteral("title"), Text::tr("A title may have at most 500 characters."));
    if (priority && (*priority < 0 || *priority > 3))
        problems.insert(QStringLiteral("priority"),
                        Text::tr("Priority is 0 (none), 1 (normal), 2 (high) or 3 (urgent)."));
    return problems;
}
