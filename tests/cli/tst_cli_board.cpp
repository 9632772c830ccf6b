// astralis-cli board/item as a staff login would script them: the same repository as the
// console, row-level security, row versions and the activity log.

#include "CliRun.h"
#include "PgCluster.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QTest>

namespace {

const QString kPassword = QStringLiteral("cli-board-pass-1");

using Run = CliRun;

} // namespace

class TestCliBoard : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void listsPipelinesAndCards();
    void movesACardAndRecordsIt();
    void editsFieldsWithValidationAndConflicts();
    void anotherOrganizationsCardIsNotThere();
    void percentSignsInTitlesStayAsTyped();

private:
    Run cli(const QStringList& args);
    QString scalar(const QString& sql) { return m_pg->scalar(sql, m_database).toString(); }
    QString firstCard();

    PgCluster* m_pg = nullptr;
    QString m_database;
    QString m_url;
};

void TestCliBoard::initTestCase()
{
    m_pg = &PgCluster::instance();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    const PgCluster::DemoDatabase demo = m_pg->createDemoDatabase(QStringLiteral("cliboard"), 40, kPassword);
    QVERIFY2(demo.error.isEmpty(), qPrintable(demo.error));
    m_database = demo.database;
    m_url = m_pg->tcpUrl(demo.login, kPassword, m_database);
}

Run TestCliBoard::cli(const QStringList& args)
{
    return runCli(QStringLiteral(ASTRALIS_CLI), args, {m_url});
}

QString TestCliBoard::firstCard()
{
    const Run r = cli({QStringLiteral("board"), QStringLiteral("list"), QStringLiteral("--pipeline"),
                       QStringLiteral("sales"), QStringLiteral("--json")});
    const QJsonObject board = QJsonDocument::fromJson(r.out.toUtf8()).object();
    for (const QJsonValue& stage : board.value(QStringLiteral("stages")).toArray()) {
        const QJsonArray items = stage.toObject().value(QStringLiteral("items")).toArray();
        if (!items.isEmpty())
            return items.first().toObject().value(QStringLiteral("id")).toString();
    }
    return {};
}

void TestCliBoard::listsPipelinesAndCards()
{
    const Run pipelines = cli({QStringLiteral("board"), QStringLiteral("list")});
    QVERIFY2(pipelines.exitCode == 0, qPrintable(pipelines.err));
    QVERIFY(pipelines.out.contains(QLatin1String("New Business")));
    QVERIFY(!pipelines.out.contains(QLatin1String("Freight Sales"))); // Globex's: not visible

    const Run board = cli({QStringLiteral("board"), QStringLiteral("list"), QStringLiteral("--pipeline"),
                           QStringLiteral("sales"), QStringLiteral("--json")});
    QVERIFY2(board.exitCode == 0, qPrintable(board.err));
    const QJsonArray stages
        = QJsonDocument::fromJson(board.out.toUtf8()).object().value(QStringLiteral("stages")).toArray();
    int cards = 0;
    for (const QJsonValue& stage : stages)
        cards += stage.toObject().value(QStringLiteral("items")).toArray().size();
    QCOMPARE(QString::number(cards),
             scalar(QStringLiteral("SELECT count(*) FROM \"pipelineItem\" i JOIN \"pipelineStage\" s "
                                   "ON s.id = i.\"stageId\" JOIN pipeline p ON p.id = s.\"pipelineId\" "
                                   "JOIN organization o ON o.id = p.\"orgId\" WHERE o.slug = 'northwind' "
                                   "AND p.key = 'sales' AND i.\"deletedAt\" IS NULL")));
    const Run unknown = cli({QStringLiteral("board"), QStringLiteral("list"), QStringLiteral("--pipeline"),
                             QStringLiteral("nope")});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY(unknown.err.contains(QLatin1String("nope")));
}

void TestCliBoard::movesACardAndRecordsIt()
{
    const QString id = firstCard();
    QVERIFY(!id.isEmpty());
    const int version
        = scalar(QStringLiteral("SELECT version FROM \"pipelineItem\" WHERE id = '%1'").arg(id)).toInt();
    const Run r = cli({QStringLiteral("board"), QStringLiteral("move"), id, QStringLiteral("won")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(
        scalar(QStringLiteral(
                   "SELECT s.key FROM \"pipelineItem\" i JOIN \"pipelineStage\" s ON s.id = i.\"stageId\" "
                   "WHERE i.id = '%1'")
                   .arg(id)),
        QStringLiteral("won"));
    QCOMPARE(scalar(QStringLiteral("SELECT version FROM \"pipelineItem\" WHERE id = '%1'").arg(id)).toInt(),
             version + 1);
    // Last in its new stage, and in the activity log under the staff member's name.
    QCOMPARE(
        scalar(QStringLiteral(
                   "SELECT bool_and(o.position < i.position) FROM \"pipelineItem\" i, \"pipelineItem\" o "
                   "WHERE i.id = '%1' AND o.\"stageId\" = i.\"stageId\" AND o.id <> i.id")
                   .arg(id)),
        QStringLiteral("true"));
    QCOMPARE(
        scalar(QStringLiteral("SELECT u.email FROM \"ActivityLog\" a JOIN users u ON u.id = a.\"userId\" "
                              "WHERE a.\"entityId\" = '%1' AND a.action = 'pipelineItem.moved'")
                   .arg(id)),
        QStringLiteral("demo@northwind.example"));
    const Run badStage
        = cli({QStringLiteral("board"), QStringLiteral("move"), id, QStringLiteral("no-such-stage")});
    QCOMPARE(badStage.exitCode, 1);
    QVERIFY(badStage.err.contains(QLatin1String("no-such-stage")));
}

void TestCliBoard::editsFieldsWithValidationAndConflicts()
{
    const QString id = firstCard();
    const Run ok = cli({QStringLiteral("item"), QStringLiteral("edit"), id, QStringLiteral("--title"),
                        QStringLiteral("Scripted title"), QStringLiteral("--priority"), QStringLiteral("2"),
                        QStringLiteral("--due"), QStringLiteral("2027-01-15"), QStringLiteral("--assignee"),
                        QStringLiteral("demo@northwind.example")});
    QVERIFY2(ok.exitCode == 0, qPrintable(ok.err));
    const Run shown = cli({QStringLiteral("item"), QStringLiteral("show"), id, QStringLiteral("--json")});
    const QJsonObject item = QJsonDocument::fromJson(shown.out.toUtf8()).object();
    QCOMPARE(item.value(QStringLiteral("title")).toString(), QStringLiteral("Scripted title"));
    QCOMPARE(item.value(QStringLiteral("priority")).toInt(), 2);
    QVERIFY(item.value(QStringLiteral("dueDate")).toString().startsWith(QLatin1String("2027-01-15")));
    QCOMPARE(item.value(QStringLiteral("assignee")).toString(), QStringLiteral("Dana Demo"));
    const int version = item.value(QStringLiteral("version")).toInt();

    const Run empty
        = cli({QStringLiteral("item"), QStringLiteral("edit"), id, QStringLiteral("--title"), QString()});
    QCOMPARE(empty.exitCode, 2);
    QVERIFY(empty.err.contains(QLatin1String("needs a title")));
    const Run priority = cli({QStringLiteral("item"), QStringLiteral("edit"), id,
                              QStringLiteral("--priority"), QStringLiteral("9")});
    QCOMPARE(priority.exitCode, 2);
    const Run stale
        = cli({QStringLiteral("item"), QStringLiteral("edit"), id, QStringLiteral("--title"),
               QStringLiteral("Mine"), QStringLiteral("--expect-version"), QString::number(version - 1)});
    QCOMPARE(stale.exitCode, 10);
    QVERIFY(stale.err.contains(QLatin1String("changed by someone else")));
    QCOMPARE(scalar(QStringLiteral("SELECT title FROM \"pipelineItem\" WHERE id = '%1'").arg(id)),
             QStringLiteral("Scripted title"));
    const Run current
        = cli({QStringLiteral("item"), QStringLiteral("edit"), id, QStringLiteral("--title"),
               QStringLiteral("Mine"), QStringLiteral("--expect-version"), QString::number(version)});
    QCOMPARE(current.exitCode, 0);
    // The audit trail has the title's before and after, and which program changed it.
    QCOMPARE(
        scalar(QStringLiteral(
                   "SELECT (changes->'title'->>0) || '>' || (changes->'title'->>1) || '|' || \"userAgent\" "
                   "FROM \"AuditLog\" WHERE \"entityId\" = '%1' AND action = 'pipelineItem.updated' "
                   "ORDER BY \"createdAt\" DESC LIMIT 1")
                   .arg(id)),
        QStringLiteral("Scripted title>Mine|astralis-cli"));
    QVERIFY(scalar(QStringLiteral("SELECT count(*) FROM \"ActivityLog\" WHERE \"entityId\" = '%1' AND action "
                                  "= 'pipelineItem.updated'")
                       .arg(id))
                .toInt()
            >= 2);
}

void TestCliBoard::anotherOrganizationsCardIsNotThere()
{
    const QString theirs = scalar(QStringLiteral("SELECT i.id FROM \"pipelineItem\" i JOIN organization o ON "
                                                 "o.id = i.\"orgId\" WHERE o.slug = 'globex' LIMIT 1"));
    const QString title
        = scalar(QStringLiteral("SELECT title FROM \"pipelineItem\" WHERE id = '%1'").arg(theirs));
    const Run show = cli({QStringLiteral("item"), QStringLiteral("show"), theirs});
    QCOMPARE(show.exitCode, 11);
    const Run edit = cli({QStringLiteral("item"), QStringLiteral("edit"), theirs, QStringLiteral("--title"),
                          QStringLiteral("Hijacked")});
    QVERIFY(edit.exitCode == 11 || edit.exitCode == 1);
    QCOMPARE(scalar(QStringLiteral("SELECT title FROM \"pipelineItem\" WHERE id = '%1'").arg(theirs)), title);
}

void TestCliBoard::percentSignsInTitlesStayAsTyped()
{
    // Messages are built with QString::arg: a title's own "%1" must not be filled by a later
    // argument.
    const QString id = firstCard();
    const QString title = QStringLiteral("50%1 off %2");
    const Run edited = cli({QStringLiteral("item"), QStringLiteral("edit"), id, QStringLiteral("--title"),
                            title, QStringLiteral("--description"), QStringLiteral("Use code %3"),
                            QStringLiteral("--priority"), QStringLiteral("3")});
    QVERIFY2(edited.exitCode == 0, qPrintable(edited.err));
    const int version
        = scalar(QStringLiteral("SELECT version FROM \"pipelineItem\" WHERE id = '%1'").arg(id)).toInt();

    const Run shown = cli({QStringLiteral("item"), QStringLiteral("show"), id});
    QVERIFY2(shown.exitCode == 0, qPrintable(shown.err));
    QVERIFY2(shown.out.contains(QStringLiteral("title:       50%1 off %2\n")), qPrintable(shown.out));
    QVERIFY2(shown.out.contains(QStringLiteral("priority:    3\n")), qPrintable(shown.out));
    QVERIFY2(shown.out.contains(QStringLiteral("version:     %1\n").arg(version)), qPrintable(shown.out));
    QVERIFY2(shown.out.contains(QStringLiteral("description: Use code %3\n")), qPrintable(shown.out));

    const Run stale
        = cli({QStringLiteral("item"), QStringLiteral("edit"), id, QStringLiteral("--priority"),
               QStringLiteral("1"), QStringLiteral("--expect-version"), QString::number(version - 1)});
    QCOMPARE(stale.exitCode, 10);
    // Concatenated here, not arg()'ed: the expectation itself must not fall into the trap.
    const QString expected
        = QStringLiteral("\"50%1 off %2\" was changed by someone else meanwhile (now version ")
        + QString::number(version) + QStringLiteral(").");
    QVERIFY2(stale.err.contains(expected), qPrintable(stale.err));
}

QTEST_GUILESS_MAIN(TestCliBoard)
#include "tst_cli_board.moc"
