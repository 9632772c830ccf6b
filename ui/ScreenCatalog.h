#pragma once

#include <QKeySequence>
#include <QList>
#include <QString>

// The console's screens, in sidebar order. The id is stable (settings, tests, --screen);
// the title and description are translated.
enum class ScreenId
{
    Boards,
    Intake,
    Calendar,
    Bookings,
    Documents,
    Orders,
    Campaigns,
    Engagements,
    Data,
};

struct ScreenInfo
{
    ScreenId id;
    QString key; // "boards", "intake", … (settings and object names)
    QString title;
    QString description; // what the screen is for, one or two sentences
    QString iconName; // ":/icons/<iconName>.svg"
    QKeySequence shortcut;
};

namespace ScreenCatalog {

const QList<ScreenInfo>& screens();
const ScreenInfo& info(ScreenId id);
// -1 when the key is unknown
int indexOfKey(const QString& key);

} // namespace ScreenCatalog
