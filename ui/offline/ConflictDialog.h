#pragma once

#include "ChangeText.h"
#include "OutboxEntry.h"

#include <QDialog>

class OfflineStore;
class SyncService;

// One conflict, field by field: what the card held when I changed it (base), my value, and
// theirs, the fields both sides changed marked. Keep mine sends mine over theirs; Take
// theirs drops mine; Keep both leaves theirs on the card and makes a copy with mine. A card
// deleted by someone else while I changed it offers Recreate or Discard.
class ConflictDialog : public QDialog
{
    Q_OBJECT

public:
    ConflictDialog(const OutboxEntry& entry, const ChangeText& text, OfflineStore* store, SyncService* sync,
                   const QString& pipelineId, QWidget* parent = nullptr);

signals:
    // The decision is saved; the row's card should be shown again from the cache.
    void decided(const QString& rowId);

private:
    void decide(const QString& choice);

    OutboxEntry m_entry;
    OfflineStore* m_store;
    SyncService* m_sync;
    QString m_pipelineId;
};
