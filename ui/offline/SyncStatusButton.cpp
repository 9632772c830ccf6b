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
    connect(m_database, &DatabaseService::stateChanged, this, &SyncStatusButton::refresh);
    refresh();
}

void SyncStatusButton::refresh()
{
    const LocalCache::Counts c = m_store->counts();
    setVisible(m_store->isOpen());
    QStringList parts;
    if (c.pending > 0)
        parts << (m_database->isOnline() ? tr("%n change(s) to send", nullptr, c.pending)
                                         : tr("%n change(s) saved here", nullptr, c.pending));
    if (c.conflicts > 0)
        parts << tr("%n conflict(s)", nullptr, c.conflicts);
    if (c.rejected > 0)
        parts << tr("%n refused", nullptr, c.rejected);
    setText(parts.isEmpty() ? tr("All changes sent") : parts.join(QStringLiteral(" · ")));
    // Conflicts and refusals need a person: red; waiting changes: the normal text colour.
    QString style;
    if (c.conflicts > 0 || c.rejected > 0)
        style = QStringLiteral("QToolButton { color: #c62828; font-weight: 600; }");
    else if (c.pending == 0)
        style = QStringLiteral("QToolButton { color: palette(placeholder-text); }");
    setStyleSheet(style);
    setToolTip(parts.isEmpty()
                   ? tr("Every change made on this computer is on the server.")
                   : tr("Changes made on this computer that are not on the server yet. Click to see "
                        "them, send them now, or decide conflicts."));
}
