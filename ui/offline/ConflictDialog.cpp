#include "ConflictDialog.h"

#include "OfflineStore.h"
#include "SyncService.h"

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

ConflictDialog::ConflictDialog(const OutboxEntry& entry, const ChangeText& text, OfflineStore* store,
                               SyncService* sync, const QString& pipelineId, QWidget* parent)
    : QDialog(parent)
    , m_entry(entry)
    , m_store(store)
    , m_sync(sync)
    , m_pipelineId(pipelineId)
{
    setObjectName(QStringLiteral("conflictDialog"));
    setWindowTitle(tr("Resolve a conflict"));
    setMinimumWidth(560);
    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(12);
    const bool deleted = entry.rowDeletedOnServer();
    // The card by the name it had before either change (a rename is what may collide).
    const QString name = entry.before.value(QStringLiteral("title")).toString().isEmpty()
        ? entry.label
        : entry.before.value(QStringLiteral("title")).toString();
    auto* heading = new QLabel(
        deleted ? tr("<b>%1</b> was deleted by someone else while you changed it on this computer.")
                      .arg(name.toHtmlEscaped())
                : tr("<b>%1</b> was changed by someone else while you changed it on this computer. Nothing "
                     "has been overwritten.")
                      .arg(name.toHtmlEscaped()),
        this);
    heading->setWordWrap(true);
    layout->addWidget(heading);

    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(16);
    grid->setVerticalSpacing(8);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(2, 1);
    grid->setColumnStretch(3, 1);
    const QStringList headers = {tr("Field"), tr("Before"), tr("Yours"), deleted ? QString() : tr("Theirs")};
    for (int c = 0; c < headers.size(); ++c) {
        auto* h = new QLabel(QStringLiteral("<b>%1</b>").arg(headers.at(c).toHtmlEscaped()), this);
        grid->addWidget(h, 0, c);
    }
    int row = 1;
    for (auto it = entry.fields.cbegin(); it != entry.fields.cend(); ++it) {
        const QString& field = it.key();
        if (field == QLatin1String("position") || field == QLatin1String("deletedAt"))
            continue;
        const bool clash = entry.conflicting.contains(field);
        auto cell = [&](const QString& value, const QString& suffix) {
            auto* label = new QLabel(value, this);
            label->setTextFormat(Qt::PlainText);
            label->setWordWrap(true);
            label->setTextInteractionFlags(Qt::TextSelectableByMouse);
            label->setObjectName(field + suffix);
            if (clash && !deleted)
                label->setStyleSheet(QStringLiteral("font-weight: 600;"));
            return label;
        };
        grid->addWidget(cell(text.fieldName(field) + (clash && !deleted ? QStringLiteral(" ⚠") : QString()),
                             QStringLiteral("Name")),
                        row, 0);
        grid->addWidget(cell(text.value(field, entry.before.value(field)), QStringLiteral("Base")), row, 1);
        grid->addWidget(cell(text.value(field, it.value()), QStringLiteral("Mine")), row, 2);
        if (!deleted)
            grid->addWidget(cell(text.value(field, entry.theirs.value(field)), QStringLiteral("Theirs")), row,
                            3);
        ++row;
    }
    layout->addLayout(grid);
    if (!deleted && entry.conflicting.size() < entry.fields.size()) {
        auto* note
            = new QLabel(tr("Fields without ⚠ were changed only by you; they are kept with either choice "
                            "but Take theirs."),
                         this);
        note->setWordWrap(true);
        layout->addWidget(note);
    }

    auto* buttons = new QDialogButtonBox(this);
    auto add = [&](const QString& label, const QString& choice, const QString& tip) {
        QPushButton* b = buttons->addButton(label, QDialogButtonBox::AcceptRole);
        b->setObjectName(choice + QStringLiteral("Button"));
        b->setToolTip(tip);
        connect(b, &QPushButton::clicked, this, [this, choice] { decide(choice); });
    };
    if (deleted) {
        add(tr("&Recreate"), QStringLiteral("recreate"), tr("Restore the card with your changes."));
        add(tr("&Discard mine"), QStringLiteral("discard"),
            tr("Leave the card deleted; your changes are dropped."));
    } else {
        add(tr("&Keep mine"), QStringLiteral("keepMine"), tr("Send your values over theirs."));
        add(tr("Take &theirs"), QStringLiteral("takeTheirs"),
            tr("Drop your change; the card keeps their values."));
        if (OfflineStore::canKeepBoth(entry))
            add(tr("Keep &both"), QStringLiteral("keepBoth"),
                tr("The card keeps their values; a copy of it gets yours."));
    }
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

void ConflictDialog::decide(const QString& choice)
{
    setEnabled(false);
    const auto finish = [this](const OfflineError& error) {
        setEnabled(true);
        m_store->refreshCounts();
        m_sync->kick();
        emit decided(m_entry.rowId);
        if (!error.isError())
            accept();
        else
            reject();
    };
    if (choice == QLatin1String("keepBoth")) {
        // Theirs stays on the card; mine goes to a new card beside it.
        m_store->keepBoth(this, m_entry, m_pipelineId, tr("%1 (my version)"), finish);
        return;
    }
    const OutboxDecision decision = choice == QLatin1String("keepMine") ? OutboxDecision::KeepMine
        : choice == QLatin1String("recreate")                           ? OutboxDecision::Recreate
                                                                        : OutboxDecision::Discard;
    m_store->decide(this, m_entry.seq, decision, finish);
}
