#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

QStringList Translations::available()
{
    return {QStringLiteral("en"), QStringLiteral("de")};
}

QString Translations::install(QCoreApplication* app, const QString& language)
{
    const QStringList wanted = language.isEmpty() ? QLocale::system().uiLanguages() : QStringList{language};
    for (const QString& tag : wanted) {
        const QString code = QLocale(tag).name().section(QLatin1Char('_'), 0, 0);
        if (code == QLatin1String("en") || code == QLatin1String("C"))
            return QStringLiteral("en"); // the source language needs no translator
        if (!available().contains(code))
            continue;
        auto* own = new QTranslator(app);
        if (!own->load(QStringLiteral(":/i18n/astralis_") + code)) {
            delete own;
            continue;
        }
        app->installTranslator(own);
        // Qt's own strings (standard buttons, file dialogs); optional: qt6-translations-l10n.
        auto* qt = new QTranslator(app);
        if (qt->load(QStringLiteral("qtbase_") + code, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            app->installTranslator(qt);
        else
            delete qt;
        return code;
    }
    return QStringLiteral("en");
}
