#pragma once

#include <QToolButton>

class DatabaseService;
class OfflineStore;

// The status bar's account of local changes: "All changes sent", "3 changes to send",
// "1 conflict"… always visible, so nothing waits unnoticed. Clicking opens the Sync panel.
class SyncStatusButton : public QToolButton
{
    Q_OBJECT

public:
    SyncStatusButton(OfflineStore* store, DatabaseService* database, QWidget* parent = nullptr);

private:
    void refresh();

    OfflineStore* m_store;
    DatabaseService* m_database;
};
