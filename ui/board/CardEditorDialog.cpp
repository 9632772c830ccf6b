#include "CardEditorDialog.h"

#include "BoardController.h"
#include "PipelineItemTable.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace {

const QTime kDefaultDueTime(17, 0); // a new due date means the end of that working day

QLabel* makeErrorLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #e03131;"));
    label->hide();
    return label;
}

// A field and the message under it, as one form row: a wrapped label on a row of its own gets
// the wrong height from QFormLayout.
QVBoxLayout* fieldColumn(QWidget* field, QLabel* error)
{
    auto* column = new QVBoxLayout;
    column->setSpacing(3);
    column->addWidget(field);
    column->addWidget(error);
    return column;
}

} // namespace

CardEditorDialog::CardEditorDialog(BoardController* controller, const QString& itemId, QWidget* parent)
    : QDialog(parent)
    , m_controller(controller)
    , m_itemId(itemId)
{
    setObjectName(QStringLiteral("cardEditorDialog"));
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Edit Card"));
    setMinimumWidth(560);

    const PipelineItem item = m_controller->item(itemId);
    m_base = item;

    m_titleEdit = new QLineEdit(this);
    m_titleEdit->setObjectName(QStringLiteral("titleLineEdit"));
    m_titleEdit->setPlaceholderText(tr("What is this card about?"));
    m_descriptionEdit = new QPlainTextEdit(this);
    m_descriptionEdit->setObjectName(QStringLiteral("descriptionTextEdit"));
    m_descriptionEdit->setTabChangesFocus(true);
    m_descriptionEdit->setMinimumHeight(m_descriptionEdit->fontMetrics().lineSpacing() * 6);
    m_assigneeCombo = new QComboBox(this);
    m_assigneeCombo->setObjectName(QStringLiteral("assigneeComboBox"));
    m_assigneeCombo->setMinimumContentsLength(24);
    m_dueCheck = new QCheckBox(tr("Due on"), this);
    m_dueCheck->setObjectName(QStringLiteral("dueCheckBox"));
    m_dueEdit = new QDateEdit(this);
    m_dueEdit->setObjectName(QStringLiteral("dueDateEdit"));
    m_dueEdit->setCalendarPopup(true);
    m_dueEdit->setDate(QDate::currentDate());
    m_priorityCombo = new QComboBox(this);
    m_priorityCombo->setObjectName(QStringLiteral("priorityComboBox"));
    m_priorityCombo->addItem(tr("None"), 0);
    m_priorityCombo->addItem(tr("Normal"), 1);
    m_priorityCombo->addItem(tr("High"), 2);
    m_priorityCombo->addItem(tr("Urgent"), 3);
    m_stageCombo = new QComboBox(this);
    m_stageCombo->setObjectName(QStringLiteral("stageComboBox"));
    for (const PipelineStage& stage : m_controller->board().stages)
        m_stageCombo->addItem(stage.name, stage.id);

    for (const QString& field : formFields())
        m_errorLabels.insert(field, makeErrorLabel(field + QStringLiteral("ErrorLabel"), this));

    auto* dueRow = new QHBoxLayout;
    dueRow->addWidget(m_dueCheck);
    dueRow->addWidget(m_dueEdit);
    dueRow->addStretch(1);
    auto* dueField = new QWidget(this);
    dueField->setLayout(dueRow);
    dueRow->setContentsMargins(0, 0, 0, 0);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const auto addRow
        = [this, form](const QString& text, QWidget* field, const QString& which, QWidget* buddy) {
              auto* label = new QLabel(text, this);
              label->setBuddy(buddy);
              form->addRow(label, fieldColumn(field, m_errorLabels.value(which)));
          };
    addRow(tr("&Title:"), m_titleEdit, PipelineItemTable::kTitle, m_titleEdit);
    addRow(tr("&Description:"), m_descriptionEdit, PipelineItemTable::kDescription, m_descriptionEdit);
    addRow(tr("&Assignee:"), m_assigneeCombo, PipelineItemTable::kAssignedToId, m_assigneeCombo);
    addRow(tr("D&ue date:"), dueField, PipelineItemTable::kDueDate, m_dueCheck);
    addRow(tr("&Priority:"), m_priorityCombo, PipelineItemTable::kPriority, m_priorityCombo);
    addRow(tr("&Stage:"), m_stageCombo, PipelineItemTable::kStageId, m_stageCombo);

    m_noticeLabel = new QLabel(this);
    m_noticeLabel->setObjectName(QStringLiteral("noticeLabel"));
    m_noticeLabel->setWordWrap(true);
    m_noticeLabel->hide();

    // Someone else saved the card meanwhile: both versions, and the person decides.
    m_conflictFrame = new QFrame(this);
    m_conflictFrame->setObjectName(QStringLiteral("conflictFrame"));
    m_conflictFrame->setStyleSheet(QStringLiteral(
        "#conflictFrame { background: rgba(245, 159, 0, 0.12); border: 1px solid rgba(245, 159, 0, 0.6); "
        "border-radius: 6px; }"));
    auto* conflictTitle
        = new QLabel(tr("Someone else saved this card while you were editing it."), m_conflictFrame);
    conflictTitle->setObjectName(QStringLiteral("conflictTitleLabel"));
    conflictTitle->setWordWrap(true);
    QFont bold = conflictTitle->font();
    bold.setWeight(QFont::DemiBold);
    conflictTitle->setFont(bold);
    m_conflictMessage = new QLabel(m_conflictFrame);
    m_conflictMessage->setObjectName(QStringLiteral("conflictMessageLabel"));
    m_conflictMessage->setWordWrap(true);
    m_conflictRows = new QWidget(m_conflictFrame);
    m_conflictNote = new QLabel(m_conflictFrame);
    m_conflictNote->setObjectName(QStringLiteral("conflictNoteLabel"));
    m_conflictNote->setWordWrap(true);
    m_keepMineButton = new QPushButton(tr("&Keep mine"), m_conflictFrame);
    m_keepMineButton->setObjectName(QStringLiteral("keepMineButton"));
    m_keepMineButton->setToolTip(tr("Save your changes over the other version."));
    m_takeTheirsButton = new QPushButton(tr("Take &theirs"), m_conflictFrame);
    m_takeTheirsButton->setObjectName(QStringLiteral("takeTheirsButton"));
    m_takeTheirsButton->setToolTip(tr("Load the other version into the form; your other changes stay."));
    auto* conflictButtons = new QHBoxLayout;
    conflictButtons->addStretch(1);
    conflictButtons->addWidget(m_keepMineButton);
    conflictButtons->addWidget(m_takeTheirsButton);
    auto* conflictLayout = new QVBoxLayout(m_conflictFrame);
    conflictLayout->addWidget(conflictTitle);
    conflictLayout->addWidget(m_conflictMessage);
    conflictLayout->addWidget(m_conflictRows);
    conflictLayout->addWidget(m_conflictNote);
    conflictLayout->addLayout(conflictButtons);
    m_conflictFrame->hide();

    m_saveErrorLabel = makeErrorLabel(QStringLiteral("saveErrorLabel"), this);
    m_saveErrorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_cancelButton = buttons->button(QDialogButtonBox::Cancel);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_saveButton = buttons->addButton(tr("&Save"), QDialogButtonBox::AcceptRole);
    m_saveButton->setObjectName(QStringLiteral("saveButton"));
    m_saveButton->setDefault(true);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_noticeLabel);
    layout->addWidget(m_conflictFrame);
    layout->addWidget(m_saveErrorLabel);
    layout->addStretch(1);
    layout->addWidget(buttons);

    fillPeople();
    setForm(m_base, item.assigneeName);
    if (m_controller->people().isEmpty())
        m_controller->loadPeople();

    connect(m_controller, &BoardController::peopleLoaded, this, &CardEditorDialog::fillPeople);
    connect(m_controller, &BoardController::editFinished, this, &CardEditorDialog::onEditFinished);
    connect(m_dueCheck, &QCheckBox::toggled, m_dueEdit, &QWidget::setEnabled);
    // Messages follow the typing once shown; the first check is on Save.
    connect(m_titleEdit, &QLineEdit::textChanged, this, [this] {
        if (m_errorLabels.value(PipelineItemTable::kTitle)->isVisible())
            validateForm();
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &CardEditorDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_keepMineButton, &QPushButton::clicked, this, &CardEditorDialog::keepMine);
    connect(m_takeTheirsButton, &QPushButton::clicked, this, &CardEditorDialog::takeTheirs);
    auto* saveShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(saveShortcut, &QShortcut::activated, this, &CardEditorDialog::save);

    m_titleEdit->setFocus();
    m_titleEdit->selectAll();
}

const QStringList& CardEditorDialog::formFields()
{
    using namespace PipelineItemTable;
    static const QStringList fields = {kTitle, kDescription, kAssignedToId, kDueDate, kPriority, kStageId};
    return fields;
}

QString CardEditorDialog::fieldName(const QString& field) const
{
    if (field == PipelineItemTable::kTitle)
        return tr("Title");
    if (field == PipelineItemTable::kDescription)
        return tr("Description");
    if (field == PipelineItemTable::kAssignedToId)
        return tr("Assignee");
    if (field == PipelineItemTable::kDueDate)
        return tr("Due date");
    if (field == PipelineItemTable::kPriority)
        return tr("Priority");
    if (field == PipelineItemTable::kStageId)
        return tr("Stage");
    return field;
}

QString CardEditorDialog::displayValue(const QString& field, const PipelineItem& card,
                                       const QString& assigneeName) const
{
    if (field == PipelineItemTable::kTitle)
        return card.title;
    if (field == PipelineItemTable::kDescription) {
        const QString text = card.description.simplified();
        if (text.isEmpty())
            return tr("(empty)");
        return text.size() > 120 ? QString(text.left(119) + QChar(0x2026)) : text;
    }
    if (field == PipelineItemTable::kAssignedToId) {
        if (card.assignedToId.isEmpty())
            return tr("Nobody");
        for (const auto& person : m_controller->people()) {
            if (person.first == card.assignedToId)
                return person.second;
        }
        const int index = m_assigneeCombo->findData(card.assignedToId);
        if (index >= 0)
            return m_assigneeCombo->itemText(index);
        return assigneeName.isEmpty() ? card.assignedToId : assigneeName;
    }
    if (field == PipelineItemTable::kDueDate)
        return card.dueDate.isValid()
            ? QLocale().toString(card.dueDate.toLocalTime().date(), QLocale::ShortFormat)
            : tr("No due date");
    if (field == PipelineItemTable::kPriority) {
        const int index = m_priorityCombo->findData(card.priority);
        return index >= 0 ? m_priorityCombo->itemText(index) : QString::number(card.priority);
    }
    if (field == PipelineItemTable::kStageId) {
        for (const PipelineStage& stage : m_controller->board().stages) {
            if (stage.id == card.stageId)
                return stage.name;
        }
        return tr("Another stage");
    }
    return {};
}

QVariantMap CardEditorDialog::valuesOf(const PipelineItem& card)
{
    return PipelineItemTable::item().values(card, formFields());
}

PipelineItem CardEditorDialog::formCard() const
{
    PipelineItem card = m_base;
    card.title = m_titleEdit->text().trimmed(); // the server trims it too
    card.description = m_descriptionEdit->toPlainText();
    card.assignedToId = m_assigneeCombo->currentData().toString();
    card.dueDate = QDateTime();
    if (m_dueCheck->isChecked()) {
        // The form edits days: an unchanged day keeps the exact time it had, so it is no change.
        const QDate day = m_dueEdit->date();
        if (m_base.dueDate.isValid() && m_base.dueDate.toLocalTime().date() == day) {
            card.dueDate = m_base.dueDate;
        } else {
            const QTime time
                = m_base.dueDate.isValid() ? m_base.dueDate.toLocalTime().time() : kDefaultDueTime;
            card.dueDate = QDateTime(day, time).toUTC();
        }
    }
    card.priority = m_priorityCombo->currentData().toInt();
    card.stageId = m_stageCombo->currentData().toString();
    return card;
}

void CardEditorDialog::setForm(const PipelineItem& card, const QString& assigneeName)
{
    m_titleEdit->setText(card.title);
    if (m_descriptionEdit->toPlainText() != card.description)
        m_descriptionEdit->setPlainText(card.description);
    selectAssignee(card.assignedToId, assigneeName);
    m_dueCheck->setChecked(card.dueDate.isValid());
    m_dueEdit->setEnabled(card.dueDate.isValid());
    if (card.dueDate.isValid())
        m_dueEdit->setDate(card.dueDate.toLocalTime().date());
    int priority = m_priorityCombo->findData(card.priority);
    if (priority < 0) {
        m_priorityCombo->addItem(QString::number(card.priority), card.priority);
        priority = m_priorityCombo->count() - 1;
    }
    m_priorityCombo->setCurrentIndex(priority);
    int stage = m_stageCombo->findData(card.stageId);
    if (stage < 0) {
        m_stageCombo->addItem(tr("Another stage"), card.stageId);
        stage = m_stageCombo->count() - 1;
    }
    m_stageCombo->setCurrentIndex(stage);
}

void CardEditorDialog::fillPeople()
{
    const QString current = m_assigneeCombo->currentData().toString();
    const QString currentName = m_assigneeCombo->currentText();
    const QSignalBlocker blocker(m_assigneeCombo);
    m_assigneeCombo->clear();
    m_assigneeCombo->addItem(tr("Nobody"), QString());
    for (const auto& person : m_controller->people())
        m_assigneeCombo->addItem(person.second, person.first);
    selectAssignee(current, currentName);
}

void CardEditorDialog::selectAssignee(const QString& id, const QString& name)
{
    int index = m_assigneeCombo->findData(id);
    if (index < 0) {
        // Not (yet) among the people listed: keep them selectable as they are.
        m_assigneeCombo->addItem(name.isEmpty() ? id : name, id);
        index = m_assigneeCombo->count() - 1;
    }
    m_assigneeCombo->setCurrentIndex(index);
}

QVariantMap CardEditorDialog::changedValues(const PipelineItem& base) const
{
    const SyncedTable& table = PipelineItemTable::table();
    const QVariantMap form = valuesOf(formCard());
    const QVariantMap before = valuesOf(base);
    QVariantMap changed;
    for (const QString& field : formFields()) {
        if (!table.declared(field).same(form.value(field), before.value(field)))
            changed.insert(field, form.value(field));
    }
    return changed;
}

FieldMerge::Result CardEditorDialog::mergeWith(const PipelineItem& theirs) const
{
    return FieldMerge::merge(&PipelineItemTable::table(), valuesOf(m_base), changedValues(m_base),
                             valuesOf(theirs));
}

QStringList CardEditorDialog::inFormOrder(const QStringList& fields) const
{
    QStringList ordered;
    for (const QString& field : formFields()) {
        if (fields.contains(field))
            ordered << field;
    }
    return ordered;
}

ItemChanges CardEditorDialog::changes() const
{
    ItemChanges changes;
    PipelineItemTable::changes().setValues(&changes, changedValues(m_base));
    return changes;
}

bool CardEditorDialog::validateForm()
{
    const QHash<QString, QString> problems = changes().problems();
    QStringList elsewhere;
    for (auto it = problems.cbegin(); it != problems.cend(); ++it) {
        if (!m_errorLabels.contains(it.key()))
            elsewhere << it.value();
    }
    for (auto it = m_errorLabels.cbegin(); it != m_errorLabels.cend(); ++it) {
        it.value()->setText(problems.value(it.key()));
        it.value()->setVisible(problems.contains(it.key()));
    }
    if (!elsewhere.isEmpty())
        showSaveError(elsewhere.join(QLatin1Char(' ')));
    return problems.isEmpty();
}

void CardEditorDialog::save()
{
    if (m_saving || m_gone || m_conflictFrame->isVisible())
        return;
    clearSaveError();
    m_noticeLabel->hide();
    if (!validateForm()) {
        if (m_errorLabels.value(PipelineItemTable::kTitle)->isVisible())
            m_titleEdit->setFocus();
        return; // nothing is sent while a field is invalid
    }
    const ItemChanges pending = changes();
    if (pending.isEmpty()) {
        accept();
        return;
    }
    send(pending);
}

void CardEditorDialog::send(const ItemChanges& changes)
{
    setSaving(true);
    m_controller->editItem(m_itemId, changes);
}

void CardEditorDialog::onEditFinished(const QString& id, const CardWriteResult& result)
{
    if (id != m_itemId || !m_saving)
        return;
    setSaving(false);
    switch (result.failure) {
    case CardFailure::None:
        accept();
        return;
    case CardFailure::Conflict:
        if (!result.items.isEmpty()) {
            showConflict(result.items.constFirst());
            return;
        }
        // Changed and then gone from sight before it could be read back.
        m_gone = true;
        break;
    case CardFailure::Gone:
        m_gone = true;
        break;
    case CardFailure::StageGone:
    case CardFailure::Refused:
    case CardFailure::Other:
        // The form stays as typed: the person can fix it or try again.
        showSaveError(result.message.isEmpty() ? tr("The change was not saved.") : result.message);
        return;
    }
    // Gone: keep what was typed on screen (still selectable, to copy) but nothing can be saved.
    showSaveError(tr("This card was deleted meanwhile, or you may no longer see it. Your changes "
                     "cannot be saved."));
    setFormLocked(true);
    m_saveButton->setEnabled(false);
    m_cancelButton->setText(tr("Close"));
}

void CardEditorDialog::showConflict(const PipelineItem& theirs)
{
    m_theirs = theirs;
    const PipelineItem mine = formCard();
    const FieldMerge::Result merge = mergeWith(theirs);
    const QStringList collisions = inFormOrder(merge.conflicting); // both changed it, differently
    QStringList onlyMine;
    for (const QString& field : inFormOrder(merge.toWrite.keys()))
        onlyMine << fieldName(field);
    QStringList onlyTheirs;
    for (const QString& field : inFormOrder(merge.theirsOnly))
        onlyTheirs << fieldName(field);

    delete m_conflictRows;
    m_conflictRows = new QWidget(m_conflictFrame);
    auto* grid = new QGridLayout(m_conflictRows);
    grid->setContentsMargins(0, 4, 0, 4);
    grid->setHorizontalSpacing(14);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(2, 1);
    const auto plainLabel = [this](const QString& text) {
        auto* label = new QLabel(text, m_conflictRows);
        label->setTextFormat(Qt::PlainText);
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        return label;
    };
    int row = 0;
    for (const QString& field : collisions) {
        QLabel* name = plainLabel(fieldName(field));
        QFont bold = name->font();
        bold.setWeight(QFont::DemiBold);
        name->setFont(bold);
        QLabel* yours = plainLabel(tr("Yours: %1").arg(displayValue(field, mine)));
        yours->setObjectName(field + QStringLiteral("YoursLabel"));
        QLabel* theirsLabel
            = plainLabel(tr("Theirs: %1").arg(displayValue(field, theirs, theirs.assigneeName)));
        theirsLabel->setObjectName(field + QStringLiteral("TheirsLabel"));
        grid->addWidget(name, row, 0);
        grid->addWidget(yours, row, 1);
        grid->addWidget(theirsLabel, row, 2);
        ++row;
    }
    auto* frameLayout = static_cast<QVBoxLayout*>(m_conflictFrame->layout());
    frameLayout->insertWidget(2, m_conflictRows);
    m_conflictRows->setVisible(!collisions.isEmpty());

    m_conflictMessage->setText(
        collisions.isEmpty()
            ? tr("None of your changes collide with theirs. Keep mine saves yours on top of their version.")
            : tr("Nothing was overwritten. Choose which version to keep:"));
    QStringList notes;
    if (!onlyTheirs.isEmpty())
        notes << tr("They also changed: %1 (kept either way).").arg(onlyTheirs.join(QStringLiteral(", ")));
    if (!onlyMine.isEmpty())
        notes << tr("Your other changes (%1) stay either way.").arg(onlyMine.join(QStringLiteral(", ")));
    m_conflictNote->setText(notes.join(QLatin1Char('\n')));
    m_conflictNote->setVisible(!notes.isEmpty());

    // The form holds exactly what the panel compares until the person decides.
    setFormLocked(true);
    m_saveButton->setEnabled(false);
    m_keepMineButton->setEnabled(true);
    m_takeTheirsButton->setEnabled(true);
    m_conflictFrame->show();
    m_keepMineButton->setFocus();
}

void CardEditorDialog::keepMine()
{
    if (m_saving || !m_conflictFrame->isVisible())
        return;
    m_conflictFrame->hide();
    const ItemChanges pending = changes();
    if (pending.isEmpty()) {
        accept();
        return;
    }
    send(pending);
}

void CardEditorDialog::takeTheirs()
{
    if (m_saving || !m_conflictFrame->isVisible())
        return;
    // Their version, with my changes to the fields they did not touch left in the form.
    const PipelineItem merged = PipelineItemTable::item().withValues(m_theirs, mergeWith(m_theirs).toWrite);
    const QString mineAssigneeName = m_assigneeCombo->currentText();
    m_base = m_theirs;
    setForm(merged, merged.assignedToId == m_theirs.assignedToId ? m_theirs.assigneeName : mineAssigneeName);
    m_conflictFrame->hide();
    setFormLocked(false);
    m_saveButton->setEnabled(true);
    if (changedValues(m_base).isEmpty()) {
        // Nothing of mine is left to send: my conflicting change is dropped for theirs.
        m_controller->discardConflicts(m_itemId);
        accept();
        return;
    }
    m_noticeLabel->setText(tr("Their version is in the form now. Your other changes are still there: "
                              "Save sends them."));
    m_noticeLabel->show();
    validateForm();
}

void CardEditorDialog::clearSaveError()
{
    m_saveErrorLabel->clear();
    m_saveErrorLabel->hide();
}

void CardEditorDialog::showSaveError(const QString& text)
{
    m_saveErrorLabel->setText(text);
    m_saveErrorLabel->show();
}

void CardEditorDialog::setFormLocked(bool locked)
{
    m_titleEdit->setReadOnly(locked);
    m_descriptionEdit->setReadOnly(locked);
    m_assigneeCombo->setEnabled(!locked);
    m_dueCheck->setEnabled(!locked);
    m_dueEdit->setReadOnly(locked);
    m_priorityCombo->setEnabled(!locked);
    m_stageCombo->setEnabled(!locked);
}

void CardEditorDialog::setSaving(bool saving)
{
    m_saving = saving;
    setFormLocked(saving);
    m_saveButton->setEnabled(!saving);
    m_saveButton->setText(saving ? tr("Saving…") : tr("&Save"));
    m_keepMineButton->setEnabled(!saving);
    m_takeTheirsButton->setEnabled(!saving);
}
