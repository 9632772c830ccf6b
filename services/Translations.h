#pragma once

#include <QString>
#include <QStringList>

class QCoreApplication;

// Loads the console's own translations (embedded as :/i18n/astralis_<lang>.qm) and Qt's for
// the chosen language. An empty language means "follow the system".
namespace Translations {

// Language codes the console ships, e.g. {"en", "de"}.
QStringList available();

// Installs translators on app; returns the language actually used ("en" when none matched).
QString install(QCoreApplication* app, const QString& language);

} // namespace Translations
