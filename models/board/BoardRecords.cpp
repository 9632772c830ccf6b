#include "BoardRecords.h"

#include <QStringList>

namespace BoardText {

QString initials(const QString& name)
{
    QString result;
    for (const QString& part : name.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        result += part.at(0).toUpper();
        if (result.size() == 2)
            break;
    }
    return result;
}

} // namespace BoardText
