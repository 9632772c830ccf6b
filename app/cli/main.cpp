// astralis-cli: scriptable companion to the console. Thin: everything lives in CliApp and the
// services it calls.

#include "CliApp.h"
#include "LogHandler.h"
#include "Translations.h"

#include <QCoreApplication>
#include <QStandardPaths>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Astralis"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("astralis.one"));
    QCoreApplication::setApplicationName(QStringLiteral("Astralis Console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ASTRALIS_VERSION));

    // The CLI prints its own errors; the log keeps the details (stderr too with --verbose).
    LogHandler::setStderrLevel(QtFatalMsg);
    LogHandler::install(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                            + QStringLiteral("/logs"),
                        QStringLiteral("astralis-cli"));
    Translations::install(&app, QString());
    return Cli::run(QCoreApplication::arguments());
}
