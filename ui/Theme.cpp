#include "Theme.h"

#include <QApplication>
#include <QStyleFactory>

namespace Theme {

Mode modeFromString(const QString& name)
{
    if (name == QLatin1String("light"))
        return Mode::Light;
    if (name == QLatin1String("dark"))
        return Mode::Dark;
    return Mode::System;
}

QString toString(Mode mode)
{
    switch (mode) {
    case Mode::Light:
        return QStringLiteral("light");
    case Mode::Dark:
        return QStringLiteral("dark");
    case Mode::System:
        break;
    }
    return QStringLiteral("system");
}

QPalette palette(Mode mode)
{
    QPalette p;
    if (mode == Mode::Dark) {
        const QColor window(0x1f, 0x22, 0x28), base(0x17, 0x19, 0x1e), text(0xe4, 0xe6, 0xea);
        const QColor button(0x2b, 0x2f, 0x37), highlight(0x4c, 0x6e, 0xf5), disabled(0x6b, 0x71, 0x7c);
        p.setColor(QPalette::Window, window);
        p.setColor(QPalette::WindowText, text);
        p.setColor(QPalette::Base, base);
        p.setColor(QPalette::AlternateBase, QColor(0x23, 0x26, 0x2d));
        p.setColor(QPalette::ToolTipBase, button);
        p.setColor(QPalette::ToolTipText, text);
        p.setColor(QPalette::PlaceholderText, disabled);
        p.setColor(QPalette::Text, text);
        p.setColor(QPalette::Button, button);
        p.setColor(QPalette::ButtonText, text);
        p.setColor(QPalette::BrightText, Qt::white);
        p.setColor(QPalette::Light, QColor(0x3a, 0x3f, 0x4a));
        p.setColor(QPalette::Midlight, QColor(0x33, 0x37, 0x40));
        p.setColor(QPalette::Mid, QColor(0x2a, 0x2d, 0x34));
        p.setColor(QPalette::Dark, QColor(0x12, 0x14, 0x18));
        p.setColor(QPalette::Shadow, Qt::black);
        p.setColor(QPalette::Highlight, highlight);
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::Link, QColor(0x74, 0x8f, 0xfc));
        p.setColor(QPalette::Disabled, QPalette::Text, disabled);
        p.setColor(QPalette::Disabled, QPalette::WindowText, disabled);
        p.setColor(QPalette::Disabled, QPalette::ButtonText, disabled);
        return p;
    }
    const QColor window(0xf4, 0xf5, 0xf7), text(0x1f, 0x23, 0x28), highlight(0x3b, 0x5b, 0xdb);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(0xf7, 0xf8, 0xfa));
    p.setColor(QPalette::ToolTipBase, QColor(0xff, 0xff, 0xf0));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x91, 0x9c));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0xfb, 0xfb, 0xfc));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Light, Qt::white);
    p.setColor(QPalette::Midlight, QColor(0xe9, 0xeb, 0xef));
    p.setColor(QPalette::Mid, QColor(0xd0, 0xd4, 0xdb));
    p.setColor(QPalette::Dark, QColor(0xa0, 0xa6, 0xb0));
    p.setColor(QPalette::Shadow, QColor(0x60, 0x66, 0x70));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, highlight);
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0xa0, 0xa6, 0xb0));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0xa0, 0xa6, 0xb0));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0xa0, 0xa6, 0xb0));
    return p;
}

void apply(QApplication* app, Mode mode)
{
    app->setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (mode == Mode::System)
        app->setPalette(app->style()->standardPalette());
    else
        app->setPalette(palette(mode));
}

bool isDark(const QPalette& p)
{
    return p.color(QPalette::Window).lightness() < 128;
}

QColor sidebarColor(const QPalette& p)
{
    return isDark(p) ? p.color(QPalette::Window).darker(125) : p.color(QPalette::Window).darker(104);
}

QColor accentColor(const QPalette& p)
{
    return p.color(QPalette::Highlight);
}

QColor mutedTextColor(const QPalette& p)
{
    QColor c = p.color(QPalette::WindowText);
    c.setAlphaF(0.62f);
    return c;
}

} // namespace Theme
