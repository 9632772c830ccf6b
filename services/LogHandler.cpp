#include "LogHandler.h"

#include "LogRedactor.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QMutex>

#include <cstdio>

namespace {

struct LogState
{
    QMutex mutex;
    QFile file;
    QString directory;
    QString baseName;
    qint64 maxBytes = 0;
    int keepFiles = 0;
    int stderrSeverity = 2; // warnings and up
    QtMessageHandler previous = nullptr;
};

LogState& state()
{
    static LogState s;
    return s;
}

QString pathFor(const LogState& s, int index)
{
    const QString suffix = index == 0 ? QStringLiteral(".log") : QStringLiteral(".%1.log").arg(index);
    return s.directory + QLatin1Char('/') + s.baseName + suffix;
}

bool openFile(LogState& s)
{
    s.file.setFileName(pathFor(s, 0));
    if (!s.file.open(QIODevice::Append | QIODevice::Text))
        return false;
    s.file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return true;
}

void rotate(LogState& s)
{
    s.file.close();
    QFile::remove(pathFor(s, s.keepFiles));
    for (int i = s.keepFiles - 1; i >= 0; --i)
        QFile::rename(pathFor(s, i), pathFor(s, i + 1));
    openFile(s);
}

// QtMsgType's values are not ordered by severity (QtInfoMsg is 4).
int severity(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return 0;
    case QtInfoMsg:
        return 1;
    case QtWarningMsg:
        return 2;
    case QtCriticalMsg:
        return 3;
    case QtFatalMsg:
        return 4;
    }
    return 2;
}

char levelLetter(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return 'D';
    case QtInfoMsg:
        return 'I';
    case QtWarningMsg:
        return 'W';
    case QtCriticalMsg:
        return 'E';
    case QtFatalMsg:
        return 'F';
    }
    return '?';
}

void handler(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    const QString text = LogRedactor::redact(message);
    const QString line = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) + QLatin1Char(' ')
        + QLatin1Char(levelLetter(type)) + QLatin1Char(' ')
        + QLatin1String(context.category ? context.category : "default") + QLatin1String(": ") + text
        + QLatin1Char('\n');
    const QByteArray bytes = line.toUtf8();

    LogState& s = state();
    {
        QMutexLocker lock(&s.mutex);
        if (s.file.isOpen()) {
            s.file.write(bytes);
            s.file.flush();
            if (s.file.size() > s.maxBytes)
                rotate(s);
        }
        if (severity(type) >= s.stderrSeverity || (!s.file.isOpen() && severity(type) >= 2)) {
            std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
            std::fflush(stderr);
        }
    }
    if (type == QtFatalMsg)
        std::abort();
}

} // namespace

namespace LogHandler {

bool install(const QString& directory, const QString& baseName, qint64 maxBytes, int keepFiles)
{
    LogState& s = state();
    bool ok = false;
    {
        QMutexLocker lock(&s.mutex);
        if (s.file.isOpen())
            s.file.close();
        s.directory = directory;
        s.baseName = baseName;
        s.maxBytes = maxBytes;
        s.keepFiles = keepFiles;
        if (QDir().mkpath(directory)) {
            QFile::setPermissions(directory,
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
            ok = openFile(s);
        }
    }
    QtMessageHandler previous = qInstallMessageHandler(handler);
    if (previous != handler)
        s.previous = previous;
    if (!ok)
        qWarning("Cannot write the log file in %s; logging to stderr only", qPrintable(directory));
    return ok;
}

void uninstall()
{
    LogState& s = state();
    qInstallMessageHandler(s.previous);
    QMutexLocker lock(&s.mutex);
    s.file.close();
}

QString filePath()
{
    LogState& s = state();
    QMutexLocker lock(&s.mutex);
    return s.file.isOpen() ? s.file.fileName() : QString();
}

void setStderrLevel(QtMsgType level)
{
    LogState& s = state();
    QMutexLocker lock(&s.mutex);
    s.stderrSeverity = severity(level);
}

} // namespace LogHandler
