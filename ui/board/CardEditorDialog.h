#pragma once

#include "BoardRecords.h"
#include "FieldMerge.h"
#include "ItemChanges.h"

#include <QDialog>
#include <QHash>

class BoardController;
class QCheckBox;
class QComboBox;
class QDateEdit;
class QFrame;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

// Edits one card: title, description, assignee, due date, priority and stage. Only the fields
// changed since the dialog opened are sent, against the version it opened; when someone else
// saved the card meanwhile the dialog shows both versions side by side and lets the person
// keep theirs or take the other one — nothing is overwritten silently.
class CardEditorDialog : public QDialog
{
    Q_OBJECT

public:
    CardEditorDialog(BoardController* controller, const QString& itemId, QWidget* parent = nullptr);

    QString itemId() const { return m_itemId; }
    // The fields of the form that differ from the card as opened (or as taken from the other
    // person's version).
    ItemChanges changes() const;

private:
    // The card's fields the form edits, in its order, named as PipelineItemTable names them.
    static const QStringList& formFields();
    QString fieldName(const QString& field) const;
    QString displayValue(const QString& field, const PipelineItem& card,
                         const QString& assigneeName = {}) const;
    // The form's fields of a card, as the outbox and the three-way merge carry them.
    static QVariantMap valuesOf(const PipelineItem& card);
    // The card as the form has it: the base with the form's fields.
    PipelineItem formCard() const;
    void setForm(const PipelineItem& card, const QString& assigneeName);
    void fillPeople();
    void selectAssignee(const QString& id, const QString& name);
    // The form's fields that differ from base, with their values in the form.
    QVariantMap changedValues(const PipelineItem& base) const;
    // Mine against theirs, both made from m_base.
    FieldMerge::Result mergeWith(const PipelineItem& theirs) const;
    QStringList inFormOrder(const QStringList& fields) const;

    void save();
    void send(const ItemChanges& changes);
    void onEditFinished(const QString& id, const CardWriteResult& result);
    void showConflict(const PipelineItem& theirs);
    void keepMine();
    void takeTheirs();
    bool validateForm(); // shows the messages under their fields; true when there are none
    void clearSaveError();
    void showSaveError(const QString& text);
    void setFormLocked(bool locked);
    void setSaving(bool saving);

    BoardController* m_controller;
    QString m_itemId;
    PipelineItem m_base; // what the person started from: the card as opened, or theirs once taken
    PipelineItem m_theirs; // the other person's version while a conflict is shown
    bool m_saving = false;
    bool m_gone = false;

    QLineEdit* m_titleEdit = nullptr;
    QPlainTextEdit* m_descriptionEdit = nullptr;
    QComboBox* m_assigneeCombo = nullptr;
    QCheckBox* m_dueCheck = nullptr;
    QDateEdit* m_dueEdit = nullptr;
    QComboBox* m_priorityCombo = nullptr;
    QComboBox* m_stageCombo = nullptr;
    QHash<QString, QLabel*> m_errorLabels; // by field key
    QLabel* m_noticeLabel = nullptr;
    QLabel* m_saveErrorLabel = nullptr;
    QFrame* m_conflictFrame = nullptr;
    QLabel* m_conflictMessage = nullptr;
    QWidget* m_conflictRows = nullptr; // rebuilt for every conflict
    QLabel* m_conflictNote = nullptr;
    QPushButton* m_keepMineButton = nullptr;
    QPushButton* m_takeTheirsButton = nullptr;
    QPushButton* m_saveButton = nullptr;
    QPushButton* m_cancelButton = nullptr;
};
