#include "SyncDialog.h"

#include "CacheFiles.h"
#include "ConflictDialog.h"
#include "DatabaseService.h"
#include "OfflineStore.h"
#include "SyncService.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

constexpr int kShown = 1000; // rows listed; the summary counts them all

} // namespace

SyncDialog::SyncDialog(OfflineStore* store, SyncService* sync, DatabaseService* database,
                       const ChangeText& text, const QString& pipelineId, QWidget* parent)
    : QDialog(parent)
    , m_store(store)
    , m_sync(sync)
    , m_database(database)
    , m_text(text)
    , m_pipelineId(pipelineId)
{
    setObjectName(QStringLiteral("syncDialog"));
    setWindowTitle(tr("Sync"));
    resize(860, 420);
    auto* layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("syncSummaryLabel"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    // Changes made for another database at this address: never in this list, never sent here.
    m_held = new QLabel(this);
    m_held->setObjectName(QStringLiteral("syncHeldLabel"));
    m_held->setWordWrap(true);
    m_held->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_held->setStyleSheet(QStringLiteral("QLabel { color: #c62828; }"));
    layout->addWidget(m_held);
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("syncList"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->setHeaderLabels({tr("Made"), tr("Card"), tr("Change"), tr("State"), tr("Details")});
    m_list->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_list->setColumnWidth(0, 110);
    m_list->setColumnWidth(1, 190);
    m_list->setColumnWidth(2, 220);
    m_list->setColumnWidth(3, 150);
    layout->addWidget(m_list, 1);

    auto* buttons = new QDialogButtonBox(this);
    m_send = buttons->addButton(tr("&Send now"), QDialogButtonBox::ActionRole);
    m_send->setObjectName(QStringLiteral("sendNowButton"));
    m_resolve = buttons->addButton(tr("&Resolve…"), QDialogButtonBox::ActionRole);
    m_resolve->setObjectName(QStringLiteral("resolveButton"));
    m_retry = buttons->addButton(tr("Re&try"), QDialogButtonBox::ActionRole);
    m_retry->setObjectName(QStringLiteral("retryButton"));
    m_discard = buttons->addButton(tr("&Discard…"), QDialogButtonBox::ActionRole);
    m_discard->setObjectName(QStringLiteral("discardButton"));
    buttons->addButton(QDialogButtonBox::Close);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_send, &QPushButton::clicked, m_sync, &SyncService::kick);
    connect(m_resolve, &QPushButton::clicked, this, &SyncDialog::resolveSelected);
    connect(m_retry, &QPushButton::clicked, this, [this] { act(OutboxDecision::RetryNow); });
    connect(m_discard, &QPushButton::clicked, this, [this] { act(OutboxDecision::Discard); });
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &SyncDialog::updateButtons);
    connect(m_list, &QTreeWidget::itemDoubleClicked, this, [this] {
        if (selected().state == OutboxEntry::State::Conflict)
            resolveSelected();
    });
    connect(m_store, &OfflineStore::countsChanged, this, &SyncDialog::reload);
    connect(m_sync, &SyncService::passFinished, this, &SyncDialog::reload);
    connect(m_database, &DatabaseService::stateChanged, this, &SyncDialog::updateButtons);
    connect(m_store, &OfflineStore::heldChanged, this, &SyncDialog::showHeld);
    showHeld(); // and reload()
}

void SyncDialog::showHeld()
{
    QStringList lines;
    for (const HeldChanges& held : m_store->held())
        lines << tr("%n change(s) made on this computer belong to another database at this address "
                    "(instance %1) and are not sent to this server. They stay in %2 and are sent when "
                    "this address leads to that database again.",
                    nullptr, held.unsent)
                     .arg(CacheFiles::shortInstance(held.instanceId), held.path);
    m_held->setText(lines.join(QLatin1Char('\n')));
    m_held->setVisible(!lines.isEmpty());
    reload(); // the summary says whether others are held
}

void SyncDialog::reload()
{
    m_store->entries(this, [this](const OutboxListing& listing) {
        const qint64 previous = selected().seq;
        m_entries = listing.entries;
        m_list->clear();
        const QLocale locale;
        int pending = 0;
        int conflicts = 0;
        int rejected = 0;
        for (int i = 0; i < m_entries.size(); ++i) {
            const OutboxEntry& e = m_entries.at(i);
            pending += e.state == OutboxEntry::State::Pending;
            conflicts += e.state == OutboxEntry::State::Conflict;
            rejected += e.state == OutboxEntry::State::Rejected;
            if (i >= kShown)
                continue;
            const QDateTime made = QDateTime::fromMSecsSinceEpoch(e.createdMs);
            QString detail = e.error;
            if (e.state == OutboxEntry::State::Conflict && !e.rowDeletedOnServer()) {
                QStringList fields;
                for (const QString& f : e.conflicting)
                    fields << m_text.fieldName(f);
                detail = tr("Both changed: %1").arg(fields.join(QStringLiteral(", ")));
            }
            auto* item = new QTreeWidgetItem(
                m_list,
                {made.date() == QDate::currentDate() ? locale.toString(made.time(), QLocale::ShortFormat)
                                                     : locale.toString(made, QLocale::ShortFormat),
                 e.label.isEmpty() ? e.rowId : e.label, m_text.summary(e), m_text.stateName(e), detail});
            item->setData(0, Qt::UserRole, e.seq);
            item->setToolTip(4, detail);
            if (e.state != OutboxEntry::State::Pending)
                item->setForeground(3, QColor(0xc6, 0x28, 0x28));
            if (e.seq == previous)
                item->setSelected(true);
        }
        if (m_entries.isEmpty())
            m_summary->setText(m_store->heldCount() > 0
                                   ? tr("Every change made on this computer for this database is on the "
                                        "server.")
                                   : tr("Every change made on this computer is on the server."));
        else
            m_summary->setText(
                tr("%n change(s) made on this computer are not on the server yet: ", nullptr,
                   int(m_entries.size()))
                + tr("%1 waiting, %2 in conflict, %3 refused.").arg(pending).arg(conflicts).arg(rejected)
                + (m_entries.size() > kShown ? tr(" The first %1 are listed.").arg(kShown) : QString()));
        updateButtons();
    });
}

OutboxEntry SyncDialog::selected() const
{
    const QList<QTreeWidgetItem*> items = m_list->selectedItems();
    if (items.isEmpty())
        return {};
    const qint64 seq = items.first()->data(0, Qt::UserRole).toLongLong();
    for (const OutboxEntry& e : m_entries) {
        if (e.seq == seq)
            return e;
    }
    return {};
}

void SyncDialog::updateButtons()
{
    const OutboxEntry e = selected();
    m_send->setEnabled(m_database->isOnline() && !m_entries.isEmpty());
    m_send->setToolTip(m_database->isOnline() ? QString() : tr("The server is not reachable."));
    m_resolve->setEnabled(e.seq > 0 && e.state == OutboxEntry::State::Conflict);
    m_retry->setEnabled(e.seq > 0 && e.state == OutboxEntry::State::Rejected);
    m_discard->setEnabled(e.seq > 0);
}

void SyncDialog::resolveSelected()
{
    const OutboxEntry e = selected();
    if (e.state != OutboxEntry::State::Conflict)
        return;
    auto* dialog = new ConflictDialog(e, m_text, m_store, m_sync, m_pipelineId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ConflictDialog::decided, this, &SyncDialog::decided);
    connect(dialog, &ConflictDialog::decided, this, &SyncDialog::reload);
    dialog->open();
}

void SyncDialog::act(OutboxDecision decision)
{
    const OutboxEntry e = selected();
    if (e.seq <= 0)
        return;
    if (decision == OutboxDecision::Discard
        && QMessageBox::question(
               this, tr("Discard the change?"),
               tr("Discard \"%1\" (%2)? It will not be sent, and the card shows the server's "
                  "values again.")
                   .arg(e.label, m_text.summary(e)))
            != QMessageBox::Yes)
        return;
    m_store->decide(this, e.seq, decision, [this, e](const OfflineError& error) {
        if (error.isError() && !error.detail.isEmpty())
            QMessageBox::warning(this, tr("Sync"), error.detail);
        m_store->refreshCounts();
        m_sync->kick();
        emit decided(e.rowId);
        reload();
    });
}
