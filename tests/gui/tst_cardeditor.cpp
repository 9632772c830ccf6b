// The card editor signed in to a seeded demo database as a staff login: edits are saved with
// only the changed fields and an activity row, an invalid title is explained next to the field
// and nothing is sent, a concurrent change shows both versions (keep mine, take theirs) and
// never overwrites silently, and a card deleted meanwhile is explained.

#include "BoardController.h"
#include "BoardScreen.h"
#include "BoardSession.h"
#include "CardEditorDialog.h"
#include "ConnectionController.h"
#include "ConsoleSession.h"
#include "MainWindow.h"
#include "MigrationRunner.h"
#include "PgCluster.h"
#include "Seeder.h"
#include "StageColumn.h"
#include "StageItemModel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSqlDatabase>
#include <QTest>

#include <memory>

namespace {

const QString kPassword = QStringLiteral("cardeditor-gui-pass-1");

template <typename T>
T* child(QWidget* parent, const char* name)
{
    return parent->findChild<T*>(QString::fromLatin1(name));
}

} // namespace

class TestCardEditor : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void editsAreSavedWithTheirActivity();
    void unchangedSaveJustCloses();
    void emptyTitleIsExplainedAndNothingIsSent();
    void concurrentChangeShowsBothThenKeepMine();
    void takeTheirsLoadsTheirVersionAndKeepsMyOtherChanges();
    void takeTheirsWithNothingElseCloses();
    void cardDeletedMeanwhileIsExplained();

private:
    std::unique_ptr<ConsoleSession> signIn();
    // Opens the editor on a card as a person does: select it, press Enter.
    CardEditorDialog* openEditor(ConsoleSession* session, int nth, QString* id);
    QString scalar(const QString& sql) { return m_pg->scalar(sql, m_database).toString(); }
    QString column(const QString& id, const QString& column)
    {
        return scalar(QStringLiteral("SELECT %1 FROM \"pipelineItem\" WHERE id = '%2'").arg(column, id));
    }
    int version(const QString& id) { return column(id, QStringLiteral("version")).toInt(); }
    int activityCount(const QString& id)
    {
        return scalar(QStringLiteral("SELECT count(*) FROM \"ActivityLog\" WHERE \"entityId\" = '%1' AND "
                                     "action = 'pipelineItem.updated'")
                          .arg(id))
            .toInt();
    }
    bool adminExec(const QString& sql) { return m_pg->exec(sql, nullptr, m_database); }
    static QStringList labelTexts(QWidget* parent);
    static void retype(QLineEdit* edit, const QString& text);

    PgCluster* m_pg = nullptr;
    QString m_database;
    QString m_login;
};

void TestCardEditor::initTestCase()
{
    m_pg = &PgCluster::instance();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    m_database = m_pg->createDatabase(QStringLiteral("cardeditorgui"));
    QVERIFY(m_pg->exec(QStringLiteral("SELECT 1"), nullptr, m_database));
    QSqlDatabase admin
        = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("cardeditor-admin"));
    admin.setHostName(m_pg->socketDir());
    admin.setPort(m_pg->port());
    admin.setUserName(QStringLiteral("postgres"));
    admin.setDatabaseName(m_database);
    QVERIFY(admin.open());
    QVERIFY(MigrationRunner(admin).deploy().ok);
    const QString suffix = QStringLiteral("_ce%1").arg(QCoreApplication::applicationPid());
    const Seeder::Result seeded = Seeder(admin).seedDemo(60, suffix);
    QVERIFY2(seeded.ok, qPrintable(seeded.error));
    m_login = Seeder::demoLogin() + suffix;
    QVERIFY(m_pg->exec(QStringLiteral("ALTER ROLE %1 PASSWORD '%2'").arg(m_login, kPassword)));
}

std::unique_ptr<ConsoleSession> TestCardEditor::signIn()
{
    return openBoardSession(m_pg->tcpUrl(m_login, kPassword, m_database), QSize(1400, 800));
}

CardEditorDialog* TestCardEditor::openEditor(ConsoleSession* session, int nth, QString* id)
{
    // The nth card of the open board by id: a stable choice, whatever earlier tests moved.
    *id = scalar(QStringLiteral("SELECT i.id FROM \"pipelineItem\" i JOIN \"pipelineStage\" s ON s.id = "
                                "i.\"stageId\" WHERE s.\"pipelineId\" = '%1' AND i.\"deletedAt\" IS NULL "
                                "ORDER BY i.id OFFSET %2 LIMIT 1")
                     .arg(session->boards()->board().pipeline.id)
                     .arg(nth));
    StageColumn* home = nullptr;
    for (StageColumn* column : session->boardScreen()->columns()) {
        if (column->model()->rowOf(*id) >= 0)
            home = column;
    }
    if (!home)
        return nullptr;
    home->selectIds({*id});
    home->view()->setFocus();
    QTest::keyClick(home->view(), Qt::Key_Return);
    CardEditorDialog* dialog = nullptr;
    const bool shown = QTest::qWaitFor([&] {
        dialog = session->window()->findChild<CardEditorDialog*>(QStringLiteral("cardEditorDialog"));
        return dialog && dialog->isVisible();
    });
    return shown && dialog->itemId() == *id ? dialog : nullptr;
}

QStringList TestCardEditor::labelTexts(QWidget* parent)
{
    QStringList texts;
    for (QLabel* label : parent->findChildren<QLabel*>()) {
        if (label->isVisibleTo(parent))
            texts << label->text();
    }
    return texts;
}

void TestCardEditor::retype(QLineEdit* edit, const QString& text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

void TestCardEditor::editsAreSavedWithTheirActivity()
{
    auto session = signIn();
    QVERIFY(session);
    QString id;
    QPointer<CardEditorDialog> dialog = openEditor(session.get(), 0, &id);
    QVERIFY(dialog);
    QCOMPARE(dialog->windowModality(), Qt::WindowModal);
    const PipelineItem before = session->boards()->item(id);
    QCOMPARE(child<QLineEdit>(dialog, "titleLineEdit")->text(), before.title);
    const int activities = activityCount(id);

    const QString title = QStringLiteral("Edited in the console %1").arg(QCoreApplication::applicationPid());
    retype(child<QLineEdit>(dialog, "titleLineEdit"), title);
    auto* priority = child<QComboBox>(dialog, "priorityComboBox");
    QCOMPARE(priority->count(), 4);
    const int newPriority = (before.priority + 1) % 4;
    priority->setCurrentIndex(priority->findData(newPriority));
    auto* dueCheck = child<QCheckBox>(dialog, "dueCheckBox");
    if (!dueCheck->isChecked())
        QTest::mouseClick(dueCheck, Qt::LeftButton);
    QVERIFY(dueCheck->isChecked());
    const QDate due(2031, 5, 17);
    child<QDateEdit>(dialog, "dueDateEdit")->setDate(due);
    QVERIFY(child<QDateEdit>(dialog, "dueDateEdit")->calendarPopup());
    auto* assignee = child<QComboBox>(dialog, "assigneeComboBox");
    QCOMPARE(assignee->itemData(0).toString(), QString()); // Nobody
    // The organization's people, loaded on demand.
    QTRY_VERIFY(!session->boards()->people().isEmpty());
    QTRY_VERIFY(assignee->count() > session->boards()->people().size());
    int person = 0; // Nobody, unless someone else than the assignee is there
    for (int i = 1; i < assignee->count() && person == 0; ++i) {
        if (assignee->itemData(i).toString() != before.assignedToId)
            person = i;
    }
    QVERIFY(assignee->itemData(person).toString() != before.assignedToId);
    const QString personId = assignee->itemData(person).toString();
    assignee->setCurrentIndex(person);
    auto* stage = child<QComboBox>(dialog, "stageComboBox");
    QCOMPARE(stage->count(), session->boards()->board().stages.size());
    QCOMPARE(stage->currentData().toString(), before.stageId);
    const QString stageId
        = session->boards()->board().stages.at(before.stageId == stage->itemData(0) ? 1 : 0).id;
    stage->setCurrentIndex(stage->findData(stageId));

    auto* save = child<QPushButton>(dialog, "saveButton");
    QTest::mouseClick(save, Qt::LeftButton);
    // Saving: nothing can be changed meanwhile.
    QVERIFY(!save->isEnabled());
    QCOMPARE(save->text(), QStringLiteral("Saving…"));
    QVERIFY(child<QLineEdit>(dialog, "titleLineEdit")->isReadOnly());
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isNull(), 5000);

    QCOMPARE(column(id, QStringLiteral("title")), title);
    QCOMPARE(column(id, QStringLiteral("priority")).toInt(), newPriority);
    QCOMPARE(column(id, QStringLiteral("\"assignedToId\"")), personId);
    QCOMPARE(column(id, QStringLiteral("\"stageId\"")), stageId);
    QDateTime stored = QDateTime::fromString(
        column(id, QStringLiteral("to_char(\"dueDate\", 'YYYY-MM-DD\"T\"HH24:MI:SS')")), Qt::ISODate);
    stored.setTimeSpec(Qt::UTC);
    QCOMPARE(stored.toLocalTime().date(), due);
    QCOMPARE(version(id), before.version + 1);
    // One activity row naming exactly the fields changed: the description was not sent.
    QCOMPARE(activityCount(id), activities + 1);
    QCOMPARE(scalar(QStringLiteral("SELECT string_agg(k, ',' ORDER BY k) FROM \"ActivityLog\" a, "
                                   "jsonb_object_keys(a.metadata) k WHERE a.\"entityId\" = '%1' AND "
                                   "a.action = 'pipelineItem.updated'")
                        .arg(id)),
             QStringLiteral("assignedToId,dueDate,priority,stageId,title"));
    // And the board shows it where it went.
    QTRY_COMPARE(session->boards()->item(id).title, title);
    QVERIFY(session->boards()->modelFor(stageId)->rowOf(id) >= 0);
}

void TestCardEditor::unchangedSaveJustCloses()
{
    auto session = signIn();
    QVERIFY(session);
    QString id;
    QPointer<CardEditorDialog> dialog = openEditor(session.get(), 1, &id);
    QVERIFY(dialog);
    const int before = version(id);
    const int activities = activityCount(id);
    // Spaces after the title are no change: the server trims titles.
    auto* titleEdit = child<QLineEdit>(dialog, "titleLineEdit");
    titleEdit->setFocus();
    QTest::keyClick(titleEdit, Qt::Key_End);
    QTest::keyClicks(titleEdit, QStringLiteral("  "));
    QCOMPARE(titleEdit->text(), QString(session->boards()->item(id).title + QStringLiteral("  ")));
    QTest::mouseClick(child<QPushButton>(dialog, "saveButton"), Qt::LeftButton);
    QTRY_VERIFY(dialog.isNull());
    QCOMPARE(version(id), before);
    QCOMPARE(activityCount(id), activities);
}

void TestCardEditor::emptyTitleIsExplainedAndNothingIsSent()
{
    auto session = signIn();
    QVERIFY(session);
    QString id;
    QPointer<CardEditorDialog> dialog = openEditor(session.get(), 2, &id);
    QVERIFY(dialog);
    const QString title = column(id, QStringLiteral("title"));
    const int before = version(id);
    const int activities = activityCount(id);
    auto* titleEdit = child<QLineEdit>(dialog, "titleLineEdit");
    retype(titleEdit, QStringLiteral("   "));
    auto* error = child<QLabel>(dialog, "titleErrorLabel");
    QVERIFY(!error->isVisible());
    auto* save = child<QPushButton>(dialog, "saveButton");
    QTest::mouseClick(save, Qt::LeftButton);

    QVERIFY(error->isVisible());
    QCOMPARE(error->text(), QStringLiteral("A card needs a title."));
    // Right under its field.
    QVERIFY(error->mapTo(dialog, QPoint(0, 0)).y() > titleEdit->mapTo(dialog, QPoint(0, 0)).y());
    QVERIFY(error->mapTo(dialog, QPoint(0, 0)).y()
            < child<QPlainTextEdit>(dialog, "descriptionTextEdit")->mapTo(dialog, QPoint(0, 0)).y());
    QVERIFY(!dialog.isNull() && dialog->isVisible());
    QVERIFY(save->isEnabled()); // not saving: nothing was sent
    QVERIFY(!titleEdit->isReadOnly());
    QCOMPARE(version(id), before);
    QCOMPARE(column(id, QStringLiteral("title")), title);
    QCOMPARE(activityCount(id), activities);

    // The message follows the typing and goes once the title is back.
    QTest::keyClicks(titleEdit, QStringLiteral("Back"));
    QVERIFY(!error->isVisible());
    QTest::mouseClick(child<QPushButton>(dialog, "cancelButton"), Qt::LeftButton);
    QTRY_VERIFY(dialog.isNull());
    QCOMPARE(version(id), before);
}

void TestCardEditor::concurrentChangeShowsBothThenKeepMine()
{
    auto session = signIn();
    QVERIFY(session);
    QString id;
    QPointer<CardEditorDialog> dialog = openEditor(session.get(), 3, &id);
    QVERIFY(dialog);
    const int original = version(id);
    const QString mine = QStringLiteral("Mine %1").arg(QCoreApplication::applicationPid());
    const QString theirs = QStringLiteral("Theirs %1").arg(QCoreApplication::applicationPid());
    retype(child<QLineEdit>(dialog, "titleLineEdit"), mine);
    // Someone else saves the card while the editor is open.
    QVERIFY(adminExec(QStringLiteral("UPDATE \"pipelineItem\" SET title = '%1', version = version + 1 "
                                     "WHERE id = '%2'")
                          .arg(theirs, id)));
    auto* save = child<QPushButton>(dialog, "saveButton");
    QTest::mouseClick(save, Qt::LeftButton);

    auto* conflict = child<QFrame>(dialog, "conflictFrame");
    QTRY_VERIFY_WITH_TIMEOUT(conflict->isVisible(), 5000);
    const QStringList texts = labelTexts(conflict);
    QVERIFY2(texts.contains(QString(QStringLiteral("Yours: ") + mine)),
             qPrintable(texts.join(QLatin1Char('|'))));
    QVERIFY2(texts.contains(QString(QStringLiteral("Theirs: ") + theirs)),
             qPrintable(texts.join(QLatin1Char('|'))));
    // Nothing overwritten, nothing lost, and no second Save against the old version.
    QCOMPARE(column(id, QStringLiteral("title")), theirs);
    QCOMPARE(version(id), original + 1);
    QCOMPARE(child<QLineEdit>(dialog, "titleLineEdit")->text(), mine);
    QVERIFY(!save->isEnabled());

    QTest::mouseClick(child<QPushButton>(dialog, "keepMineButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isNull(), 5000);
    QCOMPARE(column(id, QStringLiteral("title")), mine);
    QCOMPARE(version(id), original + 2);
}

void TestCardEditor::takeTheirsLoadsTheirVersionAndKeepsMyOtherChanges()
{
    auto session = signIn();
    QVERIFY(session);
    QString id;
    QPointer<CardEditorDialog> dialog = openEditor(session.get(), 4, &id);
    QVERIFY(dialog);
    const int original = version(id);
    const int myPriority = (session->boards()->item(id).priority + 1) % 4;
    const QString theirs = QStringLiteral("Their take %1").arg(QCoreApplication::applicationPid());
    auto* titleEdit = child<QLineEdit>(dialog, "titleLineEdit");
    retype(titleEdit, QStringLiteral("My take"));
    auto* priority = child<QComboBox>(dialog, "priorityComboBox");
    priority->setCurrentIndex(priority->findData(myPriority));
    QVERIFY(adminExec(QStringLiteral("UPDATE \"pipelineItem\" SET title = '%1', version = version + 1 "
                                     "WHERE id = '%2'")
                          .arg(theirs, id)));
    QTest::mouseClick(child<QPushButton>(dialog, "saveButton"), Qt::LeftButton);
    auto* conflict = child<QFrame>(dialog, "conflictFrame");
    QTRY_VERIFY_WITH_TIMEOUT(conflict->isVisible(), 5000);

    QTest::mouseClick(child<QPushButton>(dialog, "takeTheirsButton"), Qt::LeftButton);
    // Their title in the form; my priority change still there to be saved.
    QVERIFY(!dialog.isNull());
    QVERIFY(!conflict->isVisible());
    QCOMPARE(titleEdit->text(), theirs);
    QCOMPARE(priority->currentData().toInt(), myPriority);
    QCOMPARE(column(id, QStringLiteral("title")), theirs);
    QCOMPARE(version(id), original + 1);

    QTest::mouseClick(child<QPushButton>(dialog, "saveButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isNull(), 5000);
    QCOMPARE(column(id, QStringLiteral("title")), theirs);
    QCOMPARE(column(id, QStringLiteral("priority")).toInt(), myPriority);
    QCOMPARE(version(id), original + 2);
}

void TestCardEditor::takeTheirsWithNothingElseCloses()
{
    auto session = signIn();
    QVERIFY(session);
    QString id;
    QPointer<CardEditorDialog> dialog = openEditor(session.get(), 5, &id);
    QVERIFY(dialog);
    const int original = version(id);
    const int activities = activityCount(id);
    const QString theirs = QStringLiteral("Only theirs %1").arg(QCoreApplication::applicationPid());
    retype(child<QLineEdit>(dialog, "titleLineEdit"), QStringLiteral("Only mine"));
    QVERIFY(adminExec(QStringLiteral("UPDATE \"pipelineItem\" SET title = '%1', version = version + 1 "
                                     "WHERE id = '%2'")
                          .arg(theirs, id)));
    QTest::mouseClick(child<QPushButton>(dialog, "saveButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(child<QFrame>(dialog, "conflictFrame")->isVisible(), 5000);
    QTest::mouseClick(child<QPushButton>(dialog, "takeTheirsButton"), Qt::LeftButton);
    QTRY_VERIFY(dialog.isNull());
    QCOMPARE(column(id, QStringLiteral("title")), theirs);
    QCOMPARE(version(id), original + 1);
    QCOMPARE(activityCount(id), activities);
    QTRY_COMPARE(session->boards()->item(id).title, theirs);
}

void TestCardEditor::cardDeletedMeanwhileIsExplained()
{
    auto session = signIn();
    QVERIFY(session);
    QString id;
    QPointer<CardEditorDialog> dialog = openEditor(session.get(), 6, &id);
    QVERIFY(dialog);
    const QString title = column(id, QStringLiteral("title"));
    auto* titleEdit = child<QLineEdit>(dialog, "titleLineEdit");
    retype(titleEdit, QStringLiteral("Too late"));
    QVERIFY(adminExec(
        QStringLiteral("UPDATE \"pipelineItem\" SET \"deletedAt\" = now() WHERE id = '%1'").arg(id)));
    auto* save = child<QPushButton>(dialog, "saveButton");
    QTest::mouseClick(save, Qt::LeftButton);
    auto* error = child<QLabel>(dialog, "saveErrorLabel");
    QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 5000);
    QVERIFY2(error->text().contains(QLatin1String("deleted meanwhile")), qPrintable(error->text()));
    QVERIFY(!save->isEnabled());
    QCOMPARE(titleEdit->text(), QStringLiteral("Too late")); // still there to copy
    QTest::mouseClick(child<QPushButton>(dialog, "cancelButton"), Qt::LeftButton);
    QTRY_VERIFY(dialog.isNull());
    QCOMPARE(column(id, QStringLiteral("title")), title);
}

QTEST_MAIN(TestCardEditor)
#include "tst_cardeditor.moc"
