// The message handler writes redacted lines to a private file and rotates it.

#include "LogHandler.h"
#include "LogRedactor.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestLogHandler : public QObject
{
    Q_OBJECT

private slots:
    void writesRedactedLinesToAPrivateFile();
    void rotatesAndKeepsOnlySoMany();
    void cleanup() { LogHandler::uninstall(); }
};

void TestLogHandler::writesRedactedLinesToAPrivateFile()
{
    QTemporaryDir dir;
    const QString logs = dir.path() + QStringLiteral("/logs");
    QVERIFY(LogHandler::install(logs, QStringLiteral("unit")));
    qInfo("opening postgresql://jane:hunter22@db/astralis");
    qWarning("token=abc123def456 in a header");
    QCOMPARE(LogHandler::filePath(), logs + QStringLiteral("/unit.log"));

    QFile file(LogHandler::filePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("opening postgresql://jane:***@db/astralis"));
    QVERIFY(text.contains(" W default: token=***"));
    QVERIFY(!text.contains("hunter22"));
    QVERIFY(!text.contains("abc123def456"));
    // Owner only, file and folder.
    QCOMPARE(file.permissions()
                 & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
             QFile::Permissions());
    QCOMPARE(QFile::permissions(logs) & (QFile::ReadGroup | QFile::ReadOther | QFile::ExeOther),
             QFile::Permissions());
}

void TestLogHandler::rotatesAndKeepsOnlySoMany()
{
    QTemporaryDir dir;
    QVERIFY(LogHandler::install(dir.path(), QStringLiteral("small"), 2000, 3));
    for (int i = 0; i < 400; ++i)
        qInfo("line %03d of a log that outgrows its file several times over", i);
    const QStringList files
        = QDir(dir.path()).entryList({QStringLiteral("small*.log")}, QDir::Files, QDir::Name);
    QCOMPARE(files,
             (QStringList{QStringLiteral("small.1.log"), QStringLiteral("small.2.log"),
                          QStringLiteral("small.3.log"), QStringLiteral("small.log")}));
    for (const QString& name : files)
        QVERIFY2(QFileInfo(dir.filePath(name)).size() <= 2000 + 200, qPrintable(name));
    // The newest lines are kept; the oldest are gone.
    QByteArray all;
    for (const QString& name : files) {
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::ReadOnly));
        all += f.readAll();
    }
    QVERIFY(all.contains("line 399"));
    QVERIFY(!all.contains("line 000"));
}

QTEST_GUILESS_MAIN(TestLogHandler)
#include "tst_loghandler.moc"
