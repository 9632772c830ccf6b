// SqlScript::split() against the PostgreSQL lexer's rules: a semicolon ends a statement only
// outside quotes, dollar quotes and comments, and every statement knows the line it starts on.
// (The real migrations are split in tst_migrations, which links the services library.)

#include "SqlScript.h"

#include <QTest>

namespace {

QStringList textsOf(const QList<SqlStatement>& statements)
{
    QStringList texts;
    for (const SqlStatement& s : statements)
        texts << s.text;
    return texts;
}

QList<int> linesOf(const QList<SqlStatement>& statements)
{
    QList<int> lines;
    for (const SqlStatement& s : statements)
        lines << s.line;
    return lines;
}

} // namespace

class TestSqlScript : public QObject
{
    Q_OBJECT

private slots:
    void splits_data();
    void splits();
    void skipsEmptyScripts_data();
    void skipsEmptyScripts();
    void lineIsWhereTheSqlStarts_data();
    void lineIsWhereTheSqlStarts();
    void keepsStatementTextVerbatim();
};

void TestSqlScript::splits_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QStringList>("texts");
    QTest::addColumn<QList<int>>("lines");

    QTest::newRow("simple statements")
        << QStringLiteral("SELECT 1;\nSELECT 2;\n")
        << QStringList{QStringLiteral("SELECT 1"), QStringLiteral("SELECT 2")} << QList<int>{1, 2};
    QTest::newRow("several on one line")
        << QStringLiteral("SELECT 1; SELECT 2;SELECT 3;")
        << QStringList{QStringLiteral("SELECT 1"), QStringLiteral("SELECT 2"), QStringLiteral("SELECT 3")}
        << QList<int>{1, 1, 1};
    QTest::newRow("trailing statement without semicolon")
        << QStringLiteral("SELECT 1;\nSELECT\n  2\n")
        << QStringList{QStringLiteral("SELECT 1"), QStringLiteral("SELECT\n  2")} << QList<int>{1, 2};
    QTest::newRow("semicolons in string literals")
        << QStringLiteral("INSERT INTO t VALUES ('a;b', 'it''s; fine', '''');\nSELECT ';';")
        << QStringList{QStringLiteral("INSERT INTO t VALUES ('a;b', 'it''s; fine', '''')"),
                       QStringLiteral("SELECT ';'")}
        << QList<int>{1, 2};
    QTest::newRow("multi-line string literal")
        << QStringLiteral("SELECT 'one;\ntwo;\nthree';\nSELECT 2;")
        << QStringList{QStringLiteral("SELECT 'one;\ntwo;\nthree'"), QStringLiteral("SELECT 2")}
        << QList<int>{1, 4};
    QTest::newRow("semicolons in quoted identifiers")
        << QStringLiteral("CREATE TABLE \"a;b\" (\"x\"\"y;\" int);\nSELECT \"';\" FROM \"a;b\";")
        << QStringList{QStringLiteral("CREATE TABLE \"a;b\" (\"x\"\"y;\" int)"),
                       QStringLiteral("SELECT \"';\" FROM \"a;b\"")}
        << QList<int>{1, 2};
    QTest::newRow("E strings with backslash escapes")
        << QStringLiteral("SELECT E'it\\'s; escaped', e'back\\\\';\nSELECT E'a''b;c';")
        << QStringList{QStringLiteral("SELECT E'it\\'s; escaped', e'back\\\\'"),
                       QStringLiteral("SELECT E'a''b;c'")}
        << QList<int>{1, 2};
    QTest::newRow("backslash is literal in a standard string")
        << QStringLiteral("SELECT 'C:\\';\nSELECT 2;")
        << QStringList{QStringLiteral("SELECT 'C:\\'"), QStringLiteral("SELECT 2")} << QList<int>{1, 2};
    // The lexer reads ESCAPE'…' as the keyword ESCAPE and a standard string: E starts an
    // E string only where it is not the end of a longer word.
    QTest::newRow("word ending in E before a standard string")
        << QStringLiteral("SELECT 'a%' LIKE 'a\\%' ESCAPE'\\';\nSELECT 2;")
        << QStringList{QStringLiteral("SELECT 'a%' LIKE 'a\\%' ESCAPE'\\'"), QStringLiteral("SELECT 2")}
        << QList<int>{1, 2};
    QTest::newRow("DO block in $$")
        << QStringLiteral("DO $$\nBEGIN\n    PERFORM 1;\n    RAISE NOTICE 'x;y';\nEND\n$$;\nSELECT 2;")
        << QStringList{QStringLiteral("DO $$\nBEGIN\n    PERFORM 1;\n    RAISE NOTICE 'x;y';\nEND\n$$"),
                       QStringLiteral("SELECT 2")}
        << QList<int>{1, 7};
    QTest::newRow("$fn$ body with an inner $$")
        << QStringLiteral("CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $fn$\nBEGIN\n"
                          "    EXECUTE $$SELECT 1; SELECT 2$$;\n    RETURN 'a;b''';\nEND\n$fn$;\n"
                          "SELECT f();")
        << QStringList{QStringLiteral("CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $fn$\nBEGIN\n"
                                      "    EXECUTE $$SELECT 1; SELECT 2$$;\n    RETURN 'a;b''';\nEND\n$fn$"),
                       QStringLiteral("SELECT f()")}
        << QList<int>{1, 7};
    QTest::newRow("quotes and comment markers inside $$")
        << QStringLiteral("SELECT $$it's -- not; /* a comment; $$;\nSELECT 2;")
        << QStringList{QStringLiteral("SELECT $$it's -- not; /* a comment; $$"), QStringLiteral("SELECT 2")}
        << QList<int>{1, 2};
    // A tag is an identifier: a letter or _ first, then letters, digits or _.
    QTest::newRow("tag with digits")
        << QStringLiteral("CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $body1$ SELECT 1; $body1$;\n"
                          "SELECT g();")
        << QStringList{QStringLiteral(
                           "CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $body1$ SELECT 1; $body1$"),
                       QStringLiteral("SELECT g()")}
        << QList<int>{1, 2};
    QTest::newRow("positional parameters are not dollar quotes")
        << QStringLiteral("PREPARE p(int, text) AS SELECT $1, $2 WHERE $2 <> ';';\nEXECUTE p(1, 'x');\n"
                          "SELECT $1;SELECT $$a;b$$;")
        << QStringList{QStringLiteral("PREPARE p(int, text) AS SELECT $1, $2 WHERE $2 <> ';'"),
                       QStringLiteral("EXECUTE p(1, 'x')"), QStringLiteral("SELECT $1"),
                       QStringLiteral("SELECT $$a;b$$")}
        << QList<int>{1, 2, 3, 3};
    QTest::newRow("dollar sign inside an identifier")
        << QStringLiteral("SELECT a$b$c FROM t;\nSELECT 2;")
        << QStringList{QStringLiteral("SELECT a$b$c FROM t"), QStringLiteral("SELECT 2")} << QList<int>{1, 2};
    QTest::newRow("line comment with semicolon and quotes")
        << QStringLiteral("SELECT 1 -- don't; stop \"here $$\n     + 1;\nSELECT 2; -- it's; done\n")
        << QStringList{QStringLiteral("SELECT 1 -- don't; stop \"here $$\n     + 1"),
                       QStringLiteral("SELECT 2")}
        << QList<int>{1, 3};
    QTest::newRow("nested block comments")
        << QStringLiteral("SELECT 1 /* outer /* inner; */ still; 'comment */ + 1;\nSELECT 2;")
        << QStringList{QStringLiteral("SELECT 1 /* outer /* inner; */ still; 'comment */ + 1"),
                       QStringLiteral("SELECT 2")}
        << QList<int>{1, 2};
    QTest::newRow("multi-line nested block comment")
        << QStringLiteral("SELECT 1 /* a\n/* b;\n*/ c;\n*/;\nSELECT 2;")
        << QStringList{QStringLiteral("SELECT 1 /* a\n/* b;\n*/ c;\n*/"), QStringLiteral("SELECT 2")}
        << QList<int>{1, 5};
    QTest::newRow("blank and comment-only statements")
        << QStringLiteral("SELECT 1;\n;\n  ;\n-- only a comment;\n;\n/* block; */;\nSELECT 2;")
        << QStringList{QStringLiteral("SELECT 1"), QStringLiteral("SELECT 2")} << QList<int>{1, 7};
    QTest::newRow("nested comment-only statement")
        << QStringLiteral("SELECT 1;\n/* a /* b */ c */;\nSELECT 2;")
        << QStringList{QStringLiteral("SELECT 1"), QStringLiteral("SELECT 2")} << QList<int>{1, 3};
    QTest::newRow("blank lines before statements")
        << QStringLiteral("\n\n   SELECT 1;\n\n\n\tSELECT\n  2;\n\n")
        << QStringList{QStringLiteral("SELECT 1"), QStringLiteral("SELECT\n  2")} << QList<int>{3, 6};
    QTest::newRow("CRLF line endings")
        << QStringLiteral("SELECT 1;\r\n\r\nSELECT\r\n  2;\r\nSELECT 'a;\r\nb' -- c;\r\n;\r\n"
                          "SELECT $$\r\n;\r\n$$ /* x; */;\r\n")
        << QStringList{QStringLiteral("SELECT 1"), QStringLiteral("SELECT\r\n  2"),
                       QStringLiteral("SELECT 'a;\r\nb' -- c;"),
                       QStringLiteral("SELECT $$\r\n;\r\n$$ /* x; */")}
        << QList<int>{1, 3, 5, 8};
}

void TestSqlScript::splits()
{
    QFETCH(QString, script);
    QFETCH(QStringList, texts);
    QFETCH(QList<int>, lines);
    const QList<SqlStatement> statements = SqlScript::split(script);
    QCOMPARE(textsOf(statements), texts);
    QCOMPARE(linesOf(statements), lines);
}

void TestSqlScript::skipsEmptyScripts_data()
{
    QTest::addColumn<QString>("script");
    QTest::newRow("empty") << QString();
    QTest::newRow("whitespace") << QStringLiteral(" \n\t\r\n ");
    QTest::newRow("semicolons") << QStringLiteral(";;\n ; ;");
    QTest::newRow("line comments") << QStringLiteral("-- one; two\n-- 'three\n");
    QTest::newRow("block comment") << QStringLiteral("/* a; 'b */\n;");
    QTest::newRow("nested block comment") << QStringLiteral("/* a /* b; */ c; */");
}

void TestSqlScript::skipsEmptyScripts()
{
    QFETCH(QString, script);
    QCOMPARE(textsOf(SqlScript::split(script)), QStringList());
}

void TestSqlScript::lineIsWhereTheSqlStarts_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QStringList>("firstWords");
    QTest::addColumn<QList<int>>("lines");
    // Prisma writes a comment line above every statement. An error must point at the
    // statement, not at the comment above it.
    QTest::newRow("Prisma layout") << QStringLiteral(
        "-- CreateTable\nCREATE TABLE a (id int);\n\n-- CreateIndex\nCREATE INDEX b ON a(id);\n")
                                   << QStringList{QStringLiteral("CREATE TABLE"),
                                                  QStringLiteral("CREATE INDEX")}
                                   << QList<int>{2, 5};
    QTest::newRow("comment after the previous statement")
        << QStringLiteral("SELECT 1; -- first; 'one'\n\nSELECT 2;")
        << QStringList{QStringLiteral("SELECT 1"), QStringLiteral("SELECT 2")} << QList<int>{1, 3};
    QTest::newRow("block comment above") << QStringLiteral("/* header;\n   more */\nSELECT 1;")
                                         << QStringList{QStringLiteral("SELECT 1")} << QList<int>{3};
}

void TestSqlScript::lineIsWhereTheSqlStarts()
{
    QFETCH(QString, script);
    QFETCH(QStringList, firstWords);
    QFETCH(QList<int>, lines);
    const QList<SqlStatement> statements = SqlScript::split(script);
    QCOMPARE(statements.size(), firstWords.size());
    for (int i = 0; i < statements.size(); ++i)
        QVERIFY2(statements.at(i).text.contains(firstWords.at(i)), qPrintable(statements.at(i).text));
    QCOMPARE(linesOf(statements), lines);
}

void TestSqlScript::keepsStatementTextVerbatim()
{
    // Only the surrounding whitespace and the semicolon go: what runs is what the file says.
    const QString body = QStringLiteral("UPDATE t\n   SET a = 'x' ,  b = $q$ y $q$\n WHERE  c = 1");
    const QList<SqlStatement> statements
        = SqlScript::split(QStringLiteral("\n  ") + body + QStringLiteral("  ;  \n"));
    QCOMPARE(statements.size(), 1);
    QCOMPARE(statements.first().text, body);
    QCOMPARE(statements.first().line, 2);
}

QTEST_APPLESS_MAIN(TestSqlScript)
#include "tst_sqlscript.moc"
