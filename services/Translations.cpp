#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace {

bool installOwn(QCoreApplication* app, const QString& code)
{
    auto* own = new QTranslator(app);
    if (!own->load(QStringLiteral(":/i18n/astralis_") + code)) {
        delete own;
        return false;
    }
    app->installTranslator(own);
    return true;
}

} // namespace

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
            break;
        if (!available().contains(code) || !installOwn(app, code))
            continue;
        // Dates, month names and numbers in the language chosen for the UI when the system's
        // locale speaks another one (German chosen on a C or English system): "6. Dezember",
        // not "December 6" inside German sentences. A system locale of that language (de_AT)
        // keeps its regional formats.
        if (QLocale().language() != QLocale(code).language())
            QLocale::setDefault(QLocale(code));
        // Qt's own strings (standard buttons, file dialogs); optional: qt6-translations-l10n.
        auto* qt = new QTranslator(app);
        if (qt->load(QStringLiteral("qtbase_") + code, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            app->installTranslator(qt);
        else
            delete qt;
        return code;
    }
    // English is the source language; its catalogue holds only the plural forms
    // ("1 card", "2 cards") that tr("%n card(s)") cannot spell by itself.
    installOwn(app, QStringLiteral("en"));
    return QStringLiteral("en");
}
