#pragma once

// One benchmark figure as scripts/bench expects it: {"value": …, "unit": …, "note": …}, the
// value rounded to `decimals` places.

#include <QJsonObject>
#include <QString>

#include <cmath>

inline QJsonObject benchEntry(double value, int decimals, const QString& unit, const QString& note)
{
    const double scale = std::pow(10.0, decimals);
    return QJsonObject{{QStringLiteral("value"), std::round(value * scale) / scale},
                       {QStringLiteral("unit"), unit},
                       {QStringLiteral("note"), note}};
}
