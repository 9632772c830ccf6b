// The platform's data model (docs/spec/astralis-database.md, a copy of the platform's spec) is
// read as data and checked against a freshly deployed database: every model it names is a
// table with every key field it lists, every enum it lists exists with exactly its values, and
// every status flow it draws is the value set of one enum type.

#include "MigrationRunner.h"
#include "PgCluster.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

namespace {

struct Spec
{
    QMap<QString, QStringList> models; // model → key fields
    QMap<QString, QSet<QString>> enums; // enum → values
    QList<QSet<QString>> flows; // status flows
};

Spec readSpec(const QString& path)
{
    Spec spec;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return spec;
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    static const QRegularExpression ticked(QStringLiteral("`([^`]+)`"));
    static const QRegularExpression enumHeader(QStringLiteral("\\(enum `([A-Za-z]+)`\\)"));
    static const QRegularExpression constant(QStringLiteral("^[A-Z][A-Z0-9_]*$"));
    bool inCode = false;
    bool inModelTable = false; // rows of a "| Model | Purpose | Key Fields |" table
    bool inOtherModels = false; // "### 2.13 Other Models": models as "- `name` - purpose"
    bool flowBlock = false;
    bool sawArrow = false;
    QSet<QString> blockValues;
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.startsWith(QLatin1String("| Model |")))
            inModelTable = true;
        else if (!line.startsWith(QLatin1Char('|')))
            inModelTable = false;
        if (line.startsWith(QLatin1String("### ")))
            inOtherModels = line.contains(QLatin1String("Other Models"));
        else if (line.startsWith(QLatin1String("## ")))
            inOtherModels = false;
        if (inOtherModels && line.startsWith(QLatin1String("- `"))) {
            spec.models.insert(ticked.match(line).captured(1), {});
            continue;
        }
        if (line.startsWith(QLatin1String("```"))) {
            // A status flow is a code block of constants and arrows, possibly over several
            // lines (a branch drawn with ↓ below the main line).
            if (inCode && flowBlock && blockValues.size() >= 2)
                spec.flows << blockValues;
            inCode = !inCode;
            flowBlock = inCode;
            sawArrow = false;
            blockValues.clear();
            continue;
        }
        if (inCode) {
            sawArrow |= line.contains(QStringLiteral("→"));
            for (const QString& part :
                 line.split(QRegularExpression(QStringLiteral("[→↓/ ]+")), Qt::SkipEmptyParts)) {
                if (constant.match(part).hasMatch())
                    blockValues.insert(part);
                else
                    flowBlock = false;
            }
            if (!sawArrow && i + 1 < lines.size()
                && lines.at(i + 1).trimmed().startsWith(QLatin1String("```")))
                flowBlock = false;
            continue;
        }
        if (inModelTable && line.startsWith(QLatin1String("| `"))) {
            const QStringList cells = line.split(QLatin1Char('|'));
            if (cells.size() < 4 || cells.at(2).contains(QLatin1String("Not in schema")))
                continue;
            const QString model = ticked.match(cells.at(1)).captured(1);
            QStringList fields;
            auto it = ticked.globalMatch(cells.at(3));
            while (it.hasNext())
                fields << it.next().captured(1);
            spec.models.insert(model, fields);
            continue;
        }
        const QRegularExpressionMatch header = enumHeader.match(line);
        if (header.hasMatch()) {
            QSet<QString> values;
            for (int j = i + 1; j < lines.size() && lines.at(j).trimmed().startsWith(QLatin1Char('-')); ++j) {
                auto it = ticked.globalMatch(lines.at(j));
                while (it.hasNext()) {
                    const QString token = it.next().captured(1);
                    if (constant.match(token).hasMatch())
                        values.insert(token);
                }
            }
            spec.enums.insert(header.captured(1), values);
        }
    }
    return spec;
}

} // namespace

class TestSpecCoverage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyModelHasItsKeyFields_data();
    void everyModelHasItsKeyFields();
    void everyEnumHasExactlyItsValues_data();
    void everyEnumHasExactlyItsValues();
    void everyStatusFlowIsAnEnum();

private:
    QSqlDatabase m_db;
    Spec m_spec;
};

void TestSpecCoverage::initTestCase()
{
    m_spec = readSpec(QStringLiteral(ASTRALIS_SPEC));
    // The parser found the spec's content (the spec claims 89 models and names 64).
    QVERIFY2(m_spec.models.size() >= 64, qPrintable(QString::number(m_spec.models.size())));
    QVERIFY(m_spec.enums.size() >= 20);
    QVERIFY(m_spec.flows.size() >= 8);

    PgCluster& pg = PgCluster::instance();
    QVERIFY2(pg.isRunning(), qPrintable(pg.error()));
    const QString database = pg.createDatabase(QStringLiteral("spec"));
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("spec"));
    m_db.setHostName(pg.socketDir());
    m_db.setPort(pg.port());
    m_db.setUserName(QStringLiteral("postgres"));
    m_db.setDatabaseName(database);
    QVERIFY(m_db.open());
    const MigrationRunner::DeployResult deployed = MigrationRunner(m_db).deploy();
    QVERIFY2(deployed.ok, qPrintable(deployed.error));
}

void TestSpecCoverage::everyModelHasItsKeyFields_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QStringList>("fields");
    for (auto it = m_spec.models.cbegin(); it != m_spec.models.cend(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key() << it.value();
}

void TestSpecCoverage::everyModelHasItsKeyFields()
{
    QFETCH(QString, model);
    QFETCH(QStringList, fields);
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT column_name FROM information_schema.columns "
                                 "WHERE table_schema = 'public' AND table_name = :table"));
    query.bindValue(QStringLiteral(":table"), model);
    QVERIFY(query.exec());
    QSet<QString> columns;
    while (query.next())
        columns.insert(query.value(0).toString());
    QVERIFY2(!columns.isEmpty(), qPrintable(QStringLiteral("no table \"%1\"").arg(model)));
    for (const QString& field : fields)
        QVERIFY2(columns.contains(field),
                 qPrintable(QStringLiteral("%1 has no column \"%2\"").arg(model, field)));
}

void TestSpecCoverage::everyEnumHasExactlyItsValues_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("values");
    for (auto it = m_spec.enums.cbegin(); it != m_spec.enums.cend(); ++it) {
        QStringList values(it.value().cbegin(), it.value().cend());
        values.sort();
        QTest::newRow(qPrintable(it.key())) << it.key() << values;
    }
}

void TestSpecCoverage::everyEnumHasExactlyItsValues()
{
    QFETCH(QString, name);
    QFETCH(QStringList, values);
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid "
                                 "WHERE t.typname = :name ORDER BY e.enumlabel COLLATE \"C\""));
    query.bindValue(QStringLiteral(":name"), name);
    QVERIFY(query.exec());
    QStringList actual;
    while (query.next())
        actual << query.value(0).toString();
    std::sort(values.begin(), values.end(),
              [](const QString& a, const QString& b) { return a.toLatin1() < b.toLatin1(); });
    QCOMPARE(actual, values);
}

void TestSpecCoverage::everyStatusFlowIsAnEnum()
{
    QSqlQuery query(m_db);
    QVERIFY(query.exec(QStringLiteral(
        "SELECT t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid")));
    QMap<QString, QSet<QString>> enums;
    while (query.next())
        enums[query.value(0).toString()].insert(query.value(1).toString());
    for (const QSet<QString>& flow : std::as_const(m_spec.flows)) {
        bool found = false;
        for (const QSet<QString>& values : std::as_const(enums))
            found |= values == flow;
        QStringList sorted(flow.cbegin(), flow.cend());
        sorted.sort();
        QVERIFY2(found,
                 qPrintable(QStringLiteral("no enum has exactly the flow's values: %1")
                                .arg(sorted.join(QStringLiteral(", ")))));
    }
}

QTEST_GUILESS_MAIN(TestSpecCoverage)
#include "tst_spec_coverage.moc"
