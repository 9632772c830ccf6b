#include "LogCategories.h"

Q_LOGGING_CATEGORY(lcDatabase, "astralis.db", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSecrets, "astralis.secrets", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSettings, "astralis.settings", QtInfoMsg)
