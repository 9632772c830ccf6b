#pragma once

#include "ChangeText.h"
#include "OfflineTypes.h"
#include "OutboxEntry.h"

#include <QDialog>

class DatabaseService;
class OfflineStore;
class QLabel;
class QPushButton;
class QTreeWidget;
class SyncService;

// The Sync panel: every change made on this computer that is not on the server yet, with its
// state (waiting, retrying, conflict, refused) and the server's reason. Send now, resolve a
// conflict, retry or discard a refused change.
class SyncDialog : public QDialog
{
    Q_OBJECT

public:
    SyncDialog(OfflineStore* store, SyncService* sync, DatabaseService* database, const ChangeText& text,
               const QString& pipelineId, QWidget* parent = nullptr);

    void reload();
    QTreeWidget* list() const { return m_list; }

signals:
    void decided(const QString& rowId);

private:
    void updateButtons();
    OutboxEntry selected() const;
    void resolveSelected();
    void act(OutboxDecision decision);

    OfflineStore* m_store;
    SyncService* m_sync;
    DatabaseService* m_database;
    ChangeText m_text;
    QString m_pipelineId;
    QList<OutboxEntry> m_entries;
    void showHeld();

    QLabel* m_summary = nullptr;
    QLabel* m_held = nullptr;
    QTreeWidget* m_list = nullptr;
    QPushButton* m_send = nullptr;
    QPushButton* m_resolve = nullptr;
    QPushButton* m_retry = nullptr;
    QPushButton* m_discard = nullptr;
};
