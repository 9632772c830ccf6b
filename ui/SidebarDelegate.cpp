#include "SidebarDelegate.h"

#include "IconLoader.h"
#include "Theme.h"

#include <QPainter>
#include <QPainterPath>

void SidebarDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                            const QModelIndex& index) const
{
    const QPalette& pal = option.palette;
    const bool selected = option.state & QStyle::State_Selected;
    const bool hovered = option.state & QStyle::State_MouseOver;
    const QRect r = option.rect.adjusted(8, 2, -8, -2);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (selected || hovered) {
        QColor fill = Theme::accentColor(pal);
        if (!selected)
            fill.setAlphaF(Theme::isDark(pal) ? 0.22f : 0.12f);
        QPainterPath path;
        path.addRoundedRect(QRectF(r), 6, 6);
        painter->fillPath(path, fill);
    }

    const QColor fg = selected ? pal.color(QPalette::HighlightedText) : pal.color(QPalette::WindowText);
    const int iconSize = 20;
    const QRect iconRect(r.left() + 10, r.center().y() - iconSize / 2 + 1, iconSize, iconSize);
    painter->drawPixmap(iconRect,
                        IconLoader::pixmap(index.data(IconNameRole).toString(), fg, iconSize,
                                           painter->device()->devicePixelRatioF()));

    QFont font = option.font;
    painter->setFont(font);
    painter->setPen(fg);
    const QString shortcut = index.data(ShortcutRole).toString();
    const int shortcutWidth = option.fontMetrics.horizontalAdvance(shortcut);
    const QRect textRect(iconRect.right() + 10, r.top(), r.width() - iconSize - 36 - shortcutWidth,
                         r.height());
    painter->drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft,
                      option.fontMetrics.elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight,
                                                    textRect.width()));

    QColor quiet = fg;
    quiet.setAlphaF(selected ? 0.8f : 0.5f);
    painter->setPen(quiet);
    painter->drawText(r.adjusted(0, 0, -10, 0), Qt::AlignVCenter | Qt::AlignRight, shortcut);
    painter->restore();
}

QSize SidebarDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const
{
    return {200, qMax(36, option.fontMetrics.height() + 18)};
}
