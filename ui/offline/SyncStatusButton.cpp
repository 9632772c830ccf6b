#include "SyncStatusButton.h"

#include "DatabaseService.h"
#include "OfflineStore.h"

SyncStatusButton::SyncStatusButton(OfflineStore* store, DatabaseService* database, QWidget* parent)
    : QToolButton(parent)
    , m_store(store)
    , m_database(database)
{
    setObjectName(QStringLiteral("syncStatusButton"));
    setAutoRaise(true);
    setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(m_store, &OfflineStore::countsChanged, this, &SyncStatusButton::refresh);
    connect(m_store, &OfflineStore::opened, this, &SyncStatusButton::refresh);
    connect(m_store, &OfflineStore::heldChanged, this, &SyncStatusButton::refresh);
    connect(m_database, &DatabaseService::stateChanged, this, &SyncStatusButton::refresh);
    refresh();
}

void SyncStatusButton::refresh()
{
    const OutboxCounts c = m_store->counts();
    setVisible(m_store->isOpen());
    QStringList parts;
    if (c.pending > 0)
        parts << (m_database->isOnline() ? tr("%n change(s) to send", nullptr, c.pending)
                                         : tr("%n change(s) saved here", nullptr, c.pending));
    if (c.conflicts > 0)
        parts << tr("%n conflict(s)", nullptr, c.conflicts);
    if (c.rejected > 0)
        parts << tr("%n refused", nullptr, c.rejected);
    const int held = m_store->heldCount();
    if (held > 0)
        parts << tr("%n held for another database", nullptr, held);
    setText(parts.isEmpty() ? tr("All changes sent") : parts.join(QStringLiteral(" · ")));
    // Conflicts and refusals need a person: red; waiting changes: the normal text colour.
    QString style;
    if (c.conflicts > 0 || c.rejected > 0 || held > 0)
        style = QStringLiteral("QToolButton { color: #c62828; font-weight: 600; }");
    else if (c.pending == 0)
        style = QStringLiteral("QToolButton { color: palette(placeholder-text); }");
    setStyleSheet(style);
    QString tip = parts.isEmpty()
        ? tr("Every change made on this computer is on the server.")
        : tr("Changes made on this computer that are not on the server yet. Click to "
             "see them, send them now, or decide conflicts.");
    if (held > 0)
        tip += QLatin1Char('\n')
            + tr("%n change(s) were made here for another database at this address. They stay in that "
                 "database's cache and are sent only when this address leads to it again.",
                 nullptr, held);
    setToolTip(tip);
}
