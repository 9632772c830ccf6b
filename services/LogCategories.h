#pragma once

#include <QLoggingCategory>

// One category per service area; enable with QT_LOGGING_RULES="astralis.db.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcDatabase)
Q_DECLARE_LOGGING_CATEGORY(lcSecrets)
Q_DECLARE_LOGGING_CATEGORY(lcSettings)
