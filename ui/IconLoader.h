#pragma once

#include <QColor>
#include <QIcon>
#include <QString>

// Line icons from :/icons, drawn in the palette's text colour so they read in light and
// dark themes alike (the SVGs are authored in black).
namespace IconLoader {

QIcon icon(const QString& name, const QColor& color, int size = 24);
QPixmap pixmap(const QString& name, const QColor& color, int size, qreal devicePixelRatio = 1.0);

} // namespace IconLoader
