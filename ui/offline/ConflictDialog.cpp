#include "ConflictDialog.h"

#include "BoardCache.h"
#include "LocalCache.h"
#include "OfflineStore.h"
#include "SyncService.h"

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QUuid>
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
        if (entry.entity == BoardCache::kItem)
            add(tr("Keep &both"), QStringLiteral("keepBoth"),
                tr("The card keeps their values; a copy of it gets yours."));
    }
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

void ConflictDialog::decide(const QString& choice)
{
    const OutboxEntry e = m_entry;
    const QString pipelineId = m_pipelineId;
    const QString copyTitle = tr("%1 (my version)");
    setEnabled(false);
    m_store->run(
        this,
        [e, choice, pipelineId, copyTitle](LocalCache& cache) {
            QString error;
            bool ok = false;
            if (choice == QLatin1String("keepMine")) {
                ok = cache.keepMine(e.seq, &error);
            } else if (choice == QLatin1String("recreate")) {
                ok = cache.recreate(e.seq, &error);
            } else if (choice == QLatin1String("keepBoth")) {
                // Theirs stays on the card; mine goes to a new card beside it.
                const std::optional<PipelineItem> card = BoardCache::item(&cache, e.rowId, &error);
                ok = cache.discard(e.seq, &error);
                if (ok && card) {
                    const QVariantMap theirs = e.theirs;
                    const QString title
                        = e.fields.value(QStringLiteral("title"), theirs.value(QStringLiteral("title")))
                              .toString();
                    OutboxEntry copy = BoardCache::createEntry(
                        QStringLiteral("c") + QUuid::createUuid().toString(QUuid::Id128), pipelineId,
                        e.fields.value(QStringLiteral("stageId"), card->stageId).toString(),
                        copyTitle.arg(title), card->position + 0.5);
                    for (const QString& field : {QStringLiteral("description"), QStringLiteral("priority"),
                                                 QStringLiteral("dueDate"), QStringLiteral("assignedToId")}) {
                        const QVariant v
                            = e.fields.contains(field) ? e.fields.value(field) : theirs.value(field);
                        if (v.isValid() && !v.isNull())
                            copy.fields.insert(field, v);
                    }
                    copy.label = copyTitle.arg(title);
                    QList<OutboxEntry> one = {copy};
                    ok = cache.enqueue(&one, &error);
                }
            } else {
                ok = cache.discard(e.seq, &error);
            }
            return QVariant(ok ? QString() : error.isEmpty() ? QStringLiteral("?") : error);
        },
        [this](const QVariant& value) {
            setEnabled(true);
            m_store->refreshCounts();
            m_sync->kick();
            emit decided(m_entry.rowId);
            if (value.toString().isEmpty())
                accept();
            else
                reject();
        });
}
