// The descriptions of the synced tables (PipelineItemTable, TaskTable) against the platform's
// schema.prisma, and the encoding they give records: a misspelled column, a wrong type or
// nullability, or a reference to the wrong table is caught here, not by a replay the server
// refuses on someone's machine.

#include "FieldMerge.h"
#include "PipelineItemTable.h"
#include "SyncedTables.h"
#include "TaskStatusFlow.h"
#include "TaskTable.h"

#include <QCborValue>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

namespace {

// The parts of a Prisma schema the descriptions name: models with their fields, and enums.
struct PrismaField
{
    QString name;
    QString type; // without ? or []
    QString column; // @map, else the name
    bool optional = false;
    bool list = false;
    QStringList relationFields; // @relation(fields: [...])
};

struct PrismaModel
{
    QString name;
    QString table; // @@map, else the name
    QList<PrismaField> fields;

    const PrismaField* byName(const QString& name) const
    {
        for (const PrismaField& f : fields) {
            if (f.name == name)
                return &f;
        }
        return nullptr;
    }
    const PrismaField* byColumn(const QString& column) const
    {
        for (const PrismaField& f : fields) {
            if (f.column == column)
                return &f;
        }
        return nullptr;
    }
};

struct PrismaSchema
{
    QHash<QString, PrismaModel> models;
    QHash<QString, QStringList> enums;

    bool isRelation(const PrismaField& f) const { return models.contains(f.type); }
    static PrismaSchema parse(const QString& text);
};

// A line without its // comment (quotes respected: defaults may hold URLs).
QString withoutComment(const QString& line)
{
    bool quoted = false;
    for (int i = 0; i < line.size(); ++i) {
        if (line.at(i) == QLatin1Char('"') && (i == 0 || line.at(i - 1) != QLatin1Char('\\')))
            quoted = !quoted;
        else if (!quoted && line.mid(i, 2) == QLatin1String("//"))
            return line.left(i);
    }
    return line;
}

PrismaSchema PrismaSchema::parse(const QString& text)
{
    static const QRegularExpression block(QStringLiteral("^(model|enum)\\s+(\\w+)\\s*\\{$"));
    static const QRegularExpression map(QStringLiteral("@map\\(\\s*\"([^\"]+)\"\\s*\\)"));
    static const QRegularExpression tableMap(QStringLiteral("^@@map\\(\\s*\"([^\"]+)\"\\s*\\)"));
    static const QRegularExpression relation(QStringLiteral("@relation\\([^)]*fields:\\s*\\[([^\\]]*)\\]"));
    static const QRegularExpression space(QStringLiteral("\\s+"));
    PrismaSchema schema;
    QString kind;
    PrismaModel model;
    QStringList values;
    for (const QString& raw : text.split(QLatin1Char('\n'))) {
        const QString line = withoutComment(raw).trimmed();
        if (line.isEmpty())
            continue;
        if (kind.isEmpty()) {
            const QRegularExpressionMatch m = block.match(line);
            if (m.hasMatch()) {
                kind = m.captured(1);
                model = PrismaModel{m.captured(2), m.captured(2), {}};
                values.clear();
            }
            continue;
        }
        if (line == QLatin1String("}")) {
            if (kind == QLatin1String("model"))
                schema.models.insert(model.name, model);
            else
                schema.enums.insert(model.name, values);
            kind.clear();
            continue;
        }
        if (kind == QLatin1String("enum")) {
            if (!line.startsWith(QLatin1Char('@')))
                values << line.section(space, 0, 0);
            continue;
        }
        if (const QRegularExpressionMatch m = tableMap.match(line); m.hasMatch()) {
            model.table = m.captured(1);
            continue;
        }
        if (line.startsWith(QLatin1Char('@')))
            continue; // @@index, @@unique, @@id
        PrismaField f;
        f.name = line.section(space, 0, 0);
        QString type = line.section(space, 1, 1);
        f.list = type.endsWith(QLatin1String("[]"));
        f.optional = type.endsWith(QLatin1Char('?'));
        type.remove(QLatin1String("[]")).remove(QLatin1Char('?'));
        f.type = type;
        const QRegularExpressionMatch mapped = map.match(line);
        f.column = mapped.hasMatch() ? mapped.captured(1) : f.name;
        if (const QRegularExpressionMatch r = relation.match(line); r.hasMatch()) {
            for (const QString& name : r.captured(1).split(QLatin1Char(','), Qt::SkipEmptyParts))
                f.relationFields << name.trimmed();
        }
        model.fields << f;
    }
    return schema;
}

QString typeName(SyncedTable::Type type)
{
    switch (type) {
    case SyncedTable::Type::Text:
        return QStringLiteral("Text");
    case SyncedTable::Type::Int:
        return QStringLiteral("Int");
    case SyncedTable::Type::Double:
        return QStringLiteral("Double");
    case SyncedTable::Type::Timestamp:
        return QStringLiteral("Timestamp");
    case SyncedTable::Type::Bool:
        return QStringLiteral("Bool");
    case SyncedTable::Type::Json:
        return QStringLiteral("Json");
    case SyncedTable::Type::Ref:
        return QStringLiteral("Ref");
    case SyncedTable::Type::Enum:
        return QStringLiteral("Enum");
    }
    return {};
}

// The Prisma scalar a field of this type is stored as (enums: checked separately).
QString prismaType(SyncedTable::Type type)
{
    switch (type) {
    case SyncedTable::Type::Text:
    case SyncedTable::Type::Ref:
        return QStringLiteral("String");
    case SyncedTable::Type::Int:
        return QStringLiteral("Int");
    case SyncedTable::Type::Double:
        return QStringLiteral("Float");
    case SyncedTable::Type::Timestamp:
        return QStringLiteral("DateTime");
    case SyncedTable::Type::Bool:
        return QStringLiteral("Boolean");
    case SyncedTable::Type::Json:
        return QStringLiteral("Json");
    case SyncedTable::Type::Enum:
        break;
    }
    return {};
}

// Everything in the description that the schema contradicts, one sentence each.
QStringList mismatches(const SyncedTable& t, const PrismaSchema& schema)
{
    QStringList found;
    const auto model = schema.models.constFind(t.entity);
    if (model == schema.models.cend())
        return {QStringLiteral("%1: no such model").arg(t.entity)};
    const QString at = t.entity + QLatin1Char('.');
    if (model->table != t.sqlTable)
        found
            << QStringLiteral("%1: the table is \"%2\", not \"%3\"").arg(t.entity, model->table, t.sqlTable);

    // The columns every synced table has (the replay writes or checks each).
    struct Fixed
    {
        QString column;
        QString type;
        bool optional;
        bool needed;
    };
    const QList<Fixed> fixed
        = {{SyncedTable::kId, QStringLiteral("String"), false, true},
           {SyncedTable::kOrg, QStringLiteral("String"), false, true},
           {SyncedTable::kVersion, QStringLiteral("Int"), false, true},
           {SyncedTable::kUpdatedAt, QStringLiteral("DateTime"), false, true},
           {SyncedTable::kDeleted, QStringLiteral("DateTime"), true, true},
           {SyncedTable::kCreatedBy, QStringLiteral("String"), true, t.allows(OutboxEntry::Op::Create)}};
    for (const Fixed& f : fixed) {
        const PrismaField* column = model->byColumn(f.column);
        if (!f.needed)
            continue;
        if (!column || column->type != f.type || column->optional != f.optional)
            found << QStringLiteral("%1%2: needs a column %3%4")
                         .arg(at, f.column, f.type, f.optional ? QStringLiteral("?") : QString());
    }

    for (const SyncedTable::Field& f : t.fields) {
        if (!f.isColumn()) {
            // Looked up elsewhere: a column of that name would be described as one.
            if (model->byName(f.name))
                found << QStringLiteral("%1%2: is a column of the table, not a lookup").arg(at, f.name);
            continue;
        }
        const PrismaField* column = model->byColumn(f.column);
        if (!column || schema.isRelation(*column)) {
            found << QStringLiteral("%1%2: no column \"%3\"").arg(at, f.name, f.column);
            continue;
        }
        if (column->name != f.name)
            found << QStringLiteral("%1%2: the column \"%3\" is Prisma's %4")
                         .arg(at, f.name, f.column, column->name);
        if (column->optional != f.nullable)
            found << QStringLiteral("%1%2: nullable is %3 in the schema")
                         .arg(at, f.name,
                              column->optional ? QStringLiteral("true") : QStringLiteral("false"));
        if (column->list)
            found << QStringLiteral("%1%2: a list in the schema").arg(at, f.name);
        if (f.type == SyncedTable::Type::Enum) {
            if (column->type != f.target || !schema.enums.contains(column->type)) {
                found << QStringLiteral("%1%2: of type %3, not the enum %4")
                             .arg(at, f.name, column->type, f.target);
            } else {
                for (const QString& value : f.values) {
                    if (!schema.enums.value(column->type).contains(value))
                        found
                            << QStringLiteral("%1%2: %3 is no value of %4").arg(at, f.name, value, f.target);
                }
            }
        } else if (column->type != prismaType(f.type)) {
            found
                << QStringLiteral("%1%2: %3 cannot hold %4").arg(at, f.name, column->type, typeName(f.type));
        }
        if (f.type == SyncedTable::Type::Ref) {
            const PrismaField* relation = nullptr;
            for (const PrismaField& r : model->fields) {
                if (r.relationFields == QStringList{f.name})
                    relation = &r;
            }
            const QString table = relation ? schema.models.value(relation->type).table : QString();
            if (table != f.target)
                found
                    << QStringLiteral("%1%2: refers to \"%3\", not \"%4\"").arg(at, f.name, table, f.target);
        }
        if (!f.stamps.isEmpty()) {
            const SyncedTable::Field* stamped = t.field(f.stamps);
            if (!stamped || stamped->type != SyncedTable::Type::Timestamp || !stamped->nullable
                || !stamped->isColumn())
                found << QStringLiteral("%1%2: stamps %3, which is no nullable timestamp column")
                             .arg(at, f.name, f.stamps);
        }
    }
    if (t.allows(OutboxEntry::Op::Create)) {
        const SyncedTable::Field* parent = t.field(t.parentField);
        if (!parent || parent->type != SyncedTable::Type::Ref || !parent->editable)
            found << QStringLiteral("%1: a new row needs an editable reference to take its organization from")
                         .arg(t.entity);
    }
    return found;
}

PrismaSchema platformSchema()
{
    QFile file(QStringLiteral(ASTRALIS_SCHEMA));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", ASTRALIS_SCHEMA);
    return PrismaSchema::parse(QString::fromUtf8(file.readAll()));
}

SyncedTable withField(SyncedTable t, const QString& name,
                      const std::function<void(SyncedTable::Field&)>& change)
{
    change(t.fields[t.indexOf(name)]);
    return t;
}

} // namespace

Q_DECLARE_METATYPE(SyncedTable)

class TestSyncedTables : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void descriptionsMatchTheSchema_data();
    void descriptionsMatchTheSchema();
    void mistakesAreCaught_data();
    void mistakesAreCaught();
    void mappedNamesAreRespected();
    void registryFindsEveryTable();
    void cardValuesRoundTrip();
    void cardFromCbor();
    void changesCarryOnlyWhatIsSet();
    void taskStatusIsParsed();
    void sameFollowsTheType_data();
    void sameFollowsTheType();
    void statusFlowGivesTheStatusesToChangeFrom();
    void aFieldMayCompareItsOwnWay();

private:
    PrismaSchema m_schema;
};

void TestSyncedTables::initTestCase()
{
    m_schema = platformSchema();
    // The parser found the models it is asked about, so a finding below is about the tables.
    QVERIFY(m_schema.models.contains(QStringLiteral("pipelineItem")));
    QVERIFY(m_schema.models.contains(QStringLiteral("Task")));
    QVERIFY(m_schema.models.value(QStringLiteral("Task")).byName(QStringLiteral("status")));
    QCOMPARE(m_schema.models.value(QStringLiteral("ClientMutation")).table,
             QStringLiteral("client_mutation"));
    QVERIFY(m_schema.enums.value(QStringLiteral("TaskStatus")).contains(QStringLiteral("IN_PROGRESS")));
}

void TestSyncedTables::descriptionsMatchTheSchema_data()
{
    QTest::addColumn<SyncedTable>("table");
    for (const SyncedTable* t : SyncedTables::all())
        QTest::addRow("%s", qPrintable(t->entity)) << *t;
}

void TestSyncedTables::descriptionsMatchTheSchema()
{
    QFETCH(SyncedTable, table);
    const QStringList found = mismatches(table, m_schema);
    QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
}

void TestSyncedTables::mistakesAreCaught_data()
{
    QTest::addColumn<SyncedTable>("table");
    QTest::addColumn<QString>("expected"); // part of the finding

    const SyncedTable& card = PipelineItemTable::table();
    const SyncedTable& task = TaskTable::table();
    QTest::newRow("misspelled column")
        << withField(card, QStringLiteral("title"), [](auto& f) { f.column = QStringLiteral("titel"); })
        << "no column \"titel\"";
    QTest::newRow("misspelled name") << withField(card, QStringLiteral("dueDate"), [](auto& f) {
        f.name = QStringLiteral("due");
    }) << "is Prisma's dueDate";
    QTest::newRow("nullability") << withField(card, QStringLiteral("description"), [](auto& f) {
        f.nullable = false;
    }) << "description: nullable is true";
    QTest::newRow("type") << withField(card, QStringLiteral("priority"), [](auto& f) {
        f.type = SyncedTable::Type::Double;
    }) << "Int cannot hold Double";
    QTest::newRow("reference to another table")
        << withField(card, QStringLiteral("stageId"), [](auto& f) { f.target = QStringLiteral("pipeline"); })
        << "refers to \"pipelineStage\"";
    QTest::newRow("enum value") << withField(task, QStringLiteral("status"), [](auto& f) {
        f.values << QStringLiteral("ARCHIVED");
    }) << "ARCHIVED is no value";
    QTest::newRow("lookup that is a column")
        << withField(task, QStringLiteral("title"), [](auto& f) { f.lookup(); }) << "not a lookup";
    QTest::newRow("stamp of no timestamp")
        << withField(task, QStringLiteral("status"), [](auto& f) { f.stamps = QStringLiteral("source"); })
        << "stamps source";
    SyncedTable renamed = card;
    renamed.sqlTable = QStringLiteral("pipeline_item");
    QTest::newRow("table name") << renamed << "the table is \"pipelineItem\"";
    SyncedTable creates = task;
    creates.ops << OutboxEntry::Op::Create;
    QTest::newRow("create without a parent") << creates << "needs an editable reference";
}

void TestSyncedTables::mistakesAreCaught()
{
    QFETCH(SyncedTable, table);
    QFETCH(QString, expected);
    const QStringList found = mismatches(table, m_schema);
    QVERIFY2(found.join(QLatin1Char('\n')).contains(expected), qPrintable(found.join(QLatin1Char('\n'))));
}

void TestSyncedTables::mappedNamesAreRespected()
{
    const PrismaSchema schema = PrismaSchema::parse(QStringLiteral(R"(
model Invoice {
  id          String    @id
  orgId       String
  totalCents  Int       @map("total_cents") // "@map" in a comment: ignored
  note        String?   @default("see http://example.org")
  updatedAt   DateTime  @updatedAt
  deletedAt   DateTime?
  version     Int       @default(1)
  @@map("invoices")
}
)"));
    SyncedTable t;
    t.entity = QStringLiteral("Invoice");
    t.sqlTable = QStringLiteral("invoices");
    t.ops = {OutboxEntry::Op::Update};
    t.fields << SyncedTable::Field(QStringLiteral("totalCents"), SyncedTable::Type::Int)
                    .mappedTo(QStringLiteral("total_cents"))
             << SyncedTable::Field(QStringLiteral("note"), SyncedTable::Type::Text).optional();
    QCOMPARE(mismatches(t, schema), QStringList());

    // The Prisma name is not the column.
    t.fields[0].column = QStringLiteral("totalCents");
    QVERIFY(!mismatches(t, schema).isEmpty());
    t.fields[0].column = QStringLiteral("total_cents");
    t.sqlTable = QStringLiteral("Invoice");
    QVERIFY(!mismatches(t, schema).isEmpty());
}

void TestSyncedTables::registryFindsEveryTable()
{
    QCOMPARE(SyncedTables::find(QStringLiteral("pipelineItem")), &PipelineItemTable::table());
    QCOMPARE(SyncedTables::find(QStringLiteral("Task")), &TaskTable::table());
    QCOMPARE(SyncedTables::find(QStringLiteral("pipelineStage")), nullptr);
}

void TestSyncedTables::cardValuesRoundTrip()
{
    PipelineItem card;
    card.id = QStringLiteral("c1");
    card.stageId = QStringLiteral("s1");
    card.title = QStringLiteral("Kickoff call");
    card.description = QStringLiteral("Agenda");
    card.position = 1024.0 / 3.0;
    card.assignedToId = QStringLiteral("u1");
    card.assigneeName = QStringLiteral("Dana Demo");
    card.dueDate = QDateTime(QDate(2027, 1, 15), QTime(17, 0, 0, 250), Qt::UTC);
    card.priority = 2;
    const QVariantMap values = PipelineItemTable::item().values(card);
    QCOMPARE(values.value(QStringLiteral("dueDate")), QVariant(card.dueDate.toMSecsSinceEpoch()));
    QCOMPARE(values.value(QStringLiteral("position")).toDouble(), card.position);
    QCOMPARE(values.size(), PipelineItemTable::table().fields.size());

    PipelineItem back;
    PipelineItemTable::item().setValues(&back, values);
    QCOMPARE(back.stageId, card.stageId);
    QCOMPARE(back.title, card.title);
    QCOMPARE(back.description, card.description);
    QCOMPARE(back.position, card.position);
    QCOMPARE(back.assignedToId, card.assignedToId);
    QCOMPARE(back.assigneeName, card.assigneeName);
    QCOMPARE(back.dueDate, card.dueDate);
    QCOMPARE(back.priority, card.priority);

    // No due date is an invalid value (JSON null), and back again.
    card.dueDate = QDateTime();
    QVERIFY(!PipelineItemTable::item().values(card).value(QStringLiteral("dueDate")).isValid());
    PipelineItemTable::item().setValues(&back, {{QStringLiteral("dueDate"), QVariant()}});
    QVERIFY(!back.dueDate.isValid());
}

void TestSyncedTables::cardFromCbor()
{
    PipelineItem card;
    card.stageId = QStringLiteral("s1");
    card.title = QStringLiteral("Kickoff call");
    card.position = 1536.5;
    card.dueDate = QDateTime(QDate(2027, 1, 15), QTime(17, 0), Qt::UTC);
    card.priority = 3;
    QVariantMap row = PipelineItemTable::item().values(card);
    row.insert(QString(SyncedTable::kDeleted), false);
    row.insert(QStringLiteral("somethingNewer"), QStringLiteral("ignored"));
    PipelineItem read;
    QVERIFY(PipelineItemTable::item().readCbor(QCborValue::fromVariant(row).toCbor(), &read));
    QCOMPARE(read.title, card.title);
    QCOMPARE(read.stageId, card.stageId);
    QCOMPARE(read.position, card.position);
    QCOMPARE(read.dueDate, card.dueDate);
    QCOMPARE(read.priority, card.priority);
    QVERIFY(read.assignedToId.isEmpty());

    row.insert(QString(SyncedTable::kDeleted), true);
    QVERIFY(!PipelineItemTable::item().readCbor(QCborValue::fromVariant(row).toCbor(), &read));
}

void TestSyncedTables::changesCarryOnlyWhatIsSet()
{
    ItemChanges changes;
    QVERIFY(changes.isEmpty());
    changes.title = QStringLiteral("  Padded  ");
    changes.dueDate = QDateTime(); // cleared
    QVERIFY(!changes.isEmpty());
    const QVariantMap values = PipelineItemTable::changes().values(changes);
    QCOMPARE(values.keys(), QStringList({QStringLiteral("dueDate"), QStringLiteral("title")}));
    QVERIFY(!values.value(QStringLiteral("dueDate")).isValid());
    QCOMPARE(PipelineItemTable::table().input(values).value(QStringLiteral("title")).toString(),
             QStringLiteral("Padded"));

    ItemChanges back;
    PipelineItemTable::changes().setValues(&back, values);
    QCOMPARE(back.title, changes.title);
    QVERIFY(back.dueDate && !back.dueDate->isValid());
    QVERIFY(!back.priority && !back.stageId);

    ItemChanges wrong;
    wrong.title = QStringLiteral("   ");
    wrong.priority = 4;
    const QHash<QString, QString> problems = wrong.problems();
    QCOMPARE(problems.size(), 2);
    QVERIFY(!problems.value(QStringLiteral("title")).isEmpty());
    QVERIFY(!problems.value(QStringLiteral("priority")).isEmpty());
    wrong.title = QString(501, QLatin1Char('x'));
    wrong.priority = 3;
    QCOMPARE(wrong.problems().keys(), QStringList{QStringLiteral("title")});
}

void TestSyncedTables::taskStatusIsParsed()
{
    TaskRecord task;
    TaskTable::task().setValues(&task,
                                {{QStringLiteral("status"), QStringLiteral("NEEDS_REVIEW")},
                                 {QStringLiteral("completedAt"), QVariant()},
                                 {QStringLiteral("createdAt"), qint64(1700000000000LL)}});
    QCOMPARE(task.statusValue, QStringLiteral("NEEDS_REVIEW"));
    QCOMPARE(task.status, std::optional<TaskStatus>(TaskStatus::NeedsReview));
    QCOMPARE(task.createdAt, QDateTime::fromMSecsSinceEpoch(1700000000000LL, Qt::UTC));
    TaskTable::task().set(&task, QStringLiteral("status"), QStringLiteral("ARCHIVED")); // a newer release's
    QCOMPARE(task.statusValue, QStringLiteral("ARCHIVED"));
    QVERIFY(!task.status);
    QCOMPARE(TaskTable::task().value(task, QStringLiteral("status")), QVariant(QStringLiteral("ARCHIVED")));
}

void TestSyncedTables::sameFollowsTheType_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QVariant>("a");
    QTest::addColumn<QVariant>("b");
    QTest::addColumn<bool>("expected");

    const qint64 ms = QDateTime(QDate(2027, 1, 15), QTime(17, 0), Qt::UTC).toMSecsSinceEpoch();
    QTest::newRow("instant as ms and as ISO text")
        << "dueDate" << QVariant(ms) << QVariant(QStringLiteral("2027-01-15T17:00:00.000Z")) << true;
    QTest::newRow("instant as ms and in another zone")
        << "dueDate" << QVariant(ms)
        << QVariant(QDateTime(QDate(2027, 1, 15), QTime(18, 0), Qt::OffsetFromUTC, 3600)) << true;
    QTest::newRow("instant as JSON double") << "dueDate" << QVariant(ms) << QVariant(double(ms)) << true;
    QTest::newRow("one ms later") << "dueDate" << QVariant(ms) << QVariant(ms + 1) << false;
    QTest::newRow("no due date") << "dueDate" << QVariant() << QVariant(QStringLiteral("")) << true;
    QTest::newRow("position after a round trip")
        << "position" << QVariant(1024.0 / 3.0) << QVariant(341.33333333333337) << true;
    QTest::newRow("position moved") << "position" << QVariant(1024.0) << QVariant(1024.5) << false;
    QTest::newRow("priority as JSON double") << "priority" << QVariant(2) << QVariant(2.0) << true;
    QTest::newRow("priority changed") << "priority" << QVariant(2) << QVariant(3) << false;
    QTest::newRow("nobody as null and as empty")
        << "assignedToId" << QVariant() << QVariant(QString()) << true;
    QTest::newRow("text") << "title" << QVariant(QStringLiteral("A")) << QVariant(QStringLiteral("a"))
                          << false;
}

void TestSyncedTables::sameFollowsTheType()
{
    QFETCH(QString, field);
    QFETCH(QVariant, a);
    QFETCH(QVariant, b);
    QFETCH(bool, expected);
    const SyncedTable::Field& f = PipelineItemTable::table().declared(field);
    QCOMPARE(f.same(a, b), expected);
    QCOMPARE(f.same(b, a), expected);
    QCOMPARE(FieldMerge::same(&PipelineItemTable::table(), field, a, b), expected);
}

void TestSyncedTables::statusFlowGivesTheStatusesToChangeFrom()
{
    const SyncedTable::Field& status = TaskTable::table().declared(QStringLiteral("status"));
    for (const QString& to : status.values) {
        QStringList expected;
        for (const QString& from : status.values) {
            if (TaskStatusFlow::check(*TaskStatusFlow::fromDatabase(from), *TaskStatusFlow::fromDatabase(to))
                    .allowed)
                expected << from;
        }
        QCOMPARE(status.allowedFrom(to), expected);
    }
    // A status this console does not know is refused with the task's title in the sentence.
    const QString refusal = status.refusal({{QStringLiteral("status"), QStringLiteral("ARCHIVED")},
                                            {QStringLiteral("title"), QStringLiteral("Call back")}},
                                           QStringLiteral("IN_PROGRESS"));
    QVERIFY2(refusal.contains(QLatin1String("Call back")) && refusal.contains(QLatin1String("ARCHIVED")),
             qPrintable(refusal));
    QVERIFY(status.allowedFrom(QStringLiteral("ARCHIVED")).isEmpty());
}

void TestSyncedTables::aFieldMayCompareItsOwnWay()
{
    SyncedTable t;
    t.fields << SyncedTable::Field(QStringLiteral("email"), SyncedTable::Type::Text)
                    .comparedBy([](const QVariant& a, const QVariant& b) {
                        return a.toString().compare(b.toString(), Qt::CaseInsensitive) == 0;
                    });
    const QVariantMap base{{QStringLiteral("email"), QStringLiteral("dana@example.org")}};
    const QVariantMap mine{{QStringLiteral("email"), QStringLiteral("dana.demo@example.org")}};
    // They only changed the spelling: no change of theirs, mine is written.
    const QVariantMap theirs{{QStringLiteral("email"), QStringLiteral("Dana@Example.org")}};
    QVERIFY(FieldMerge::merge(&t, base, mine, theirs).clean());
    QVERIFY(!FieldMerge::merge(nullptr, base, mine, theirs).clean());
}

QTEST_GUILESS_MAIN(TestSyncedTables)

#include "tst_syncedtables.moc"
