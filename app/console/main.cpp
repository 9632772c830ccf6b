// astralis-console: builds the services, hands them to the UI, and starts signing in.

#include "ConnectionController.h"
#include "ConnectionUrl.h"
#include "ConsoleSession.h"
#include "LogHandler.h"
#include "MainWindow.h"
#include "PreferencesDialog.h"
#include "ScreenCatalog.h"
#include "StartupProbe.h"
#include "Theme.h"
#include "Translations.h"
#include "UnixSignals.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QStandardPaths>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <unistd.h>

namespace {

// --help and --version must work without a display (package tests, scripts over ssh).
bool textOnly(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const char* a = argv[i];
        if (!std::strcmp(a, "--version") || !std::strcmp(a, "-v") || !std::strcmp(a, "--help")
            || !std::strcmp(a, "-h") || !std::strcmp(a, "--help-all"))
            return true;
    }
    return false;
}

// Debian's Tesseract uses OpenMP, which reads OMP_THREAD_LIMIT once at load time and is ~10×
// slower on two cores without it. The installed launcher sets it; when started any other way,
// set it and start again before any library reads it.
void ensureOmpThreadLimit(char** argv)
{
    if (qEnvironmentVariableIsSet("OMP_THREAD_LIMIT"))
        return;
    qputenv("OMP_THREAD_LIMIT", "1");
    execv("/proc/self/exe", argv);
    // execv only returns on failure: carry on, OCR will just be slower.
}

// A password in --database-url is readable by every user of the computer (ps, /proc): refused
// before anything else, without a display, and without echoing it.
bool passwordInUrlArgument(int argc, char** argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    QCommandLineParser parser;
    const QCommandLineOption urlOption(QStringLiteral("database-url"), QString(), QStringLiteral("url"));
    parser.addOption(urlOption);
    parser.parse(arguments); // unknown options are process()'s to report
    const QStringList urls = parser.values(urlOption);
    return std::any_of(urls.cbegin(), urls.cend(),
                       [](const QString& url) { return ConnectionUrl::hasPassword(url); });
}

void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Astralis"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("astralis.one"));
    QCoreApplication::setApplicationName(QStringLiteral("Astralis Console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ASTRALIS_VERSION));
}

} // namespace

int main(int argc, char** argv)
{
    ensureOmpThreadLimit(argv);
    setIdentity();
    if (passwordInUrlArgument(argc, argv)) {
        const QString message = QCoreApplication::translate(
            "main",
            "astralis-console: --database-url must not contain a password: every user of this computer can "
            "read it in the process list (ps). Leave it out and the console asks for it (and can keep it in "
            "the system keychain), connect with a saved connection (--profile NAME, its password in the "
            "keychain), or put the URL with its password in the DATABASE_URL environment variable.\n");
        std::fputs(message.toLocal8Bit().constData(), stderr);
        return 2;
    }
    std::unique_ptr<QCoreApplication> app;
    if (textOnly(argc, argv))
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Astralis Console — the operations console for Astralis One staff."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption urlOption(
        QStringLiteral("database-url"),
        QCoreApplication::translate("main",
                                    "Connect with this database URL, without its password (not saved). "
                                    "Default: the DATABASE_URL environment variable, which may hold one."),
        QStringLiteral("url"));
    const QCommandLineOption profileOption(
        QStringLiteral("profile"),
        QCoreApplication::translate("main", "Connect with the saved connection NAME."),
        QStringLiteral("name"));
    const QCommandLineOption screenOption(
        QStringLiteral("screen"),
        QCoreApplication::translate("main", "Open on SCREEN (boards, intake, calendar, …)."),
        QStringLiteral("screen"));
    const QCommandLineOption themeOption(
        QStringLiteral("theme"),
        QCoreApplication::translate("main", "Appearance for this run: system, light or dark."),
        QStringLiteral("theme"));
    const QCommandLineOption langOption(
        QStringLiteral("lang"), QCoreApplication::translate("main", "Language for this run, e.g. de or en."),
        QStringLiteral("code"));
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QCoreApplication::translate("main",
                                    "Open the local demo workspace (a private database with sample data)."));
    parser.addOptions({urlOption, profileOption, demoOption, screenOption, themeOption, langOption});
    parser.process(*app);

    auto* gui = qobject_cast<QApplication*>(app.get());
    if (!gui)
        return 0; // --help/--version already answered by process()

    LogHandler::install(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                        + QStringLiteral("/logs"));
    qInfo("Astralis Console %s starting (Qt %s)", ASTRALIS_VERSION, qVersion());

    Translations::install(
        gui, parser.isSet(langOption) ? parser.value(langOption) : PreferencesDialog::languageSetting());
    Theme::apply(gui,
                 Theme::modeFromString(parser.isSet(themeOption) ? parser.value(themeOption)
                                                                 : PreferencesDialog::themeSetting()));
    QGuiApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/astralis.svg")));
    QGuiApplication::setDesktopFileName(QStringLiteral("one.astralis.Console"));

    ConsoleSession session;
    MainWindow& window = *session.window();
    if (parser.isSet(screenOption)) {
        const int index = ScreenCatalog::indexOfKey(parser.value(screenOption));
        if (index < 0)
            qWarning("Unknown screen \"%s\"", qPrintable(parser.value(screenOption)));
        window.showScreen(index);
    }

    UnixSignals unixSignals;
    QObject::connect(&unixSignals, &UnixSignals::quitRequested, &window, [&window](int signal) {
        qInfo("Signal %d: quitting", signal);
        window.close(); // saves the layout; the session then stops the demo database
        QCoreApplication::quit();
    });

    if (StartupProbe::enabled()) {
        auto* probe = new StartupProbe(&window);
        QObject::connect(session.connections(), &ConnectionController::signedInChanged, probe,
                         &StartupProbe::signedIn);
    }
    window.show();

    // After the first paint: signing in may open the keychain or a dialog.
    const QString profile = parser.value(profileOption);
    // As astralis-cli and Prisma: DATABASE_URL when no connection is named on the command line.
    const QString url = parser.isSet(urlOption) ? parser.value(urlOption)
        : profile.isEmpty()                     ? qEnvironmentVariable("DATABASE_URL")
                                                : QString();
    ConnectionController* controller = session.connections();
    const bool demo = parser.isSet(demoOption);
    QTimer::singleShot(0, controller, [controller, url, profile, demo] {
        if (demo)
            controller->startDemo();
        else
            controller->start(url, profile);
    });

    const int status = gui->exec();
    qInfo("Astralis Console exiting");
    return status;
}
