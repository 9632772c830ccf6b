#pragma once

#include <QString>
#include <QtGlobal>

// The process-wide Qt message handler: every qDebug/qInfo/qWarning line goes, redacted
// (LogRedactor), to a rotating log file in the app's data folder and, from warnings up, to
// stderr. The file is created 0600 in a 0700 folder.
namespace LogHandler {

// Installs the handler. maxBytes is the size at which the file rotates; keepFiles old files
// are kept as NAME.1.log … NAME.N.log. Returns false (and logs to stderr only) when the folder
// cannot be written.
bool install(const QString& directory, const QString& baseName = QStringLiteral("astralis-console"),
             qint64 maxBytes = 2 * 1024 * 1024, int keepFiles = 5);

// Restores Qt's default handler and closes the file.
void uninstall();

// The current log file's path, empty when not installed.
QString filePath();

// The least severe message that is also echoed to stderr (default: warnings). The CLI raises
// it to QtFatalMsg, since it prints its own errors, and lowers it to QtDebugMsg for --verbose.
void setStderrLevel(QtMsgType level);

} // namespace LogHandler
