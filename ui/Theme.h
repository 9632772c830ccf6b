#pragma once

#include <QPalette>
#include <QString>

class QApplication;

// Light and dark palettes on the Fusion style, so the console looks the same on every desktop.
// "System" keeps the platform's palette (and with it the desktop's dark mode).
namespace Theme {

enum class Mode
{
    System,
    Light,
    Dark,
};

Mode modeFromString(const QString& name); // "system" | "light" | "dark"
QString toString(Mode mode);

void apply(QApplication* app, Mode mode);
QPalette palette(Mode mode);

bool isDark(const QPalette& palette);
// A quiet background for the sidebar and headers, derived from the palette.
QColor sidebarColor(const QPalette& palette);
QColor accentColor(const QPalette& palette);
QColor mutedTextColor(const QPalette& palette);

} // namespace Theme
