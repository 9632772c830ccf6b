#include "ScreenCatalog.h"

#include <QCoreApplication>

namespace {

// Gives lupdate and the translator one context for this file's strings.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ScreenCatalog)
};

QList<ScreenInfo> build()
{
    // Ctrl+1 … Ctrl+9, in sidebar order.
    QList<ScreenInfo> list = {
        {ScreenId::Boards,
         QStringLiteral("boards"),
         Text::tr("Boards"),
         Text::tr("Pipeline kanban boards: drag cards between stages, WIP limits, swimlanes and filters, "
                  "live for everyone on the board."),
         QStringLiteral("boards"),
         {}},
        {ScreenId::Intake,
         QStringLiteral("intake"),
         Text::tr("Intake"),
         Text::tr("The AI-routed intake queue: incoming requests with the suggested route, confidence and "
                  "reasons, to accept or correct."),
         QStringLiteral("intake"),
         {}},
        {ScreenId::Calendar,
         QStringLiteral("calendar"),
         Text::tr("Calendar"),
         Text::tr("Team calendars and availability, synchronised with CalDAV, Google and Microsoft "
                  "calendars."),
         QStringLiteral("calendar"),
         {}},
        {ScreenId::Bookings,
         QStringLiteral("bookings"),
         Text::tr("Bookings"),
         Text::tr("Bookings made by customers and staff: confirm, reschedule and cancel."),
         QStringLiteral("bookings"),
         {}},
        {ScreenId::Documents,
         QStringLiteral("documents"),
         Text::tr("Documents"),
         Text::tr("Scanned and PDF documents with an OCR overlay, and a chat pane that answers questions "
                  "about the open document."),
         QStringLiteral("documents"),
         {}},
        {ScreenId::Orders,
         QStringLiteral("orders"),
         Text::tr("Orders"),
         Text::tr("Orders and their items through their status flow, from draft to fulfilment."),
         QStringLiteral("orders"),
         {}},
        {ScreenId::Campaigns,
         QStringLiteral("campaigns"),
         Text::tr("Campaigns"),
         Text::tr("Newsletter campaigns: audiences, scheduling, delivery and their statistics."),
         QStringLiteral("campaigns"),
         {}},
        {ScreenId::Engagements,
         QStringLiteral("engagements"),
         Text::tr("Engagements"),
         Text::tr("Client engagements with their milestones, companies and contacts."),
         QStringLiteral("engagements"),
         {}},
        {ScreenId::Data,
         QStringLiteral("data"),
         Text::tr("Data"),
         Text::tr("The organization's records table by table, for lookups, bulk edits and exports."),
         QStringLiteral("data"),
         {}},
    };
    for (int i = 0; i < list.size(); ++i)
        list[i].shortcut = QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i));
    return list;
}

} // namespace

namespace ScreenCatalog {

const QList<ScreenInfo>& screens()
{
    // Built on first use, after the translators are installed.
    static const QList<ScreenInfo> list = build();
    return list;
}

const ScreenInfo& info(ScreenId id)
{
    return screens().at(int(id));
}

int indexOfKey(const QString& key)
{
    const auto& list = screens();
    for (int i = 0; i < list.size(); ++i) {
        if (list.at(i).key == key)
            return i;
    }
    return -1;
}

} // namespace ScreenCatalog
