#include "CardDelegate.h"

#include "StageItemModel.h"
#include "Theme.h"

#include <QPainter>
#include <QPainterPath>

namespace {

QColor priorityColor(int priority)
{
    switch (priority) {
    case 3:
        return QColor(0xe0, 0x31, 0x31); // urgent
    case 2:
        return QColor(0xf0, 0x8c, 0x00); // high
    case 1:
        return QColor(0x4c, 0x6e, 0xf5); // normal
    default:
        return {};
    }
}

QString priorityText(int priority)
{
    switch (priority) {
    case 3:
        return CardDelegate::tr("Urgent");
    case 2:
        return CardDelegate::tr("High");
    case 1:
        return CardDelegate::tr("Normal");
    default:
        return {};
    }
}

} // namespace

QString CardDelegate::dueText(const QDateTime& due, const QDateTime& now, int* urgency)
{
    *urgency = 0;
    if (!due.isValid())
        return {};
    const qint64 days = now.toUTC().date().daysTo(due.toUTC().date());
    if (due < now)
        *urgency = 2;
    else if (days <= 2)
        *urgency = 1;
    if (days == 0)
        return tr("Due today");
    if (days == 1)
        return tr("Due tomorrow");
    if (days == -1)
        return tr("Due yesterday");
    if (days < 0)
        return tr("Overdue %n day(s)", nullptr, int(-days));
    return tr("Due %1").arg(QLocale().toString(due.toLocalTime().date(), QLocale::ShortFormat));
}

QSize CardDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const
{
    return {220, option.fontMetrics.height() * 4 + 22};
}

void CardDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                         const QModelIndex& index) const
{
    const QPalette& pal = option.palette;
    const bool selected = option.state & QStyle::State_Selected;
    const QRect card = option.rect.adjusted(6, 3, -6, -3);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    path.addRoundedRect(QRectF(card), 6, 6);
    painter->fillPath(path, pal.color(QPalette::Base));
    painter->setPen(QPen(selected ? Theme::accentColor(pal) : pal.color(QPalette::Mid), selected ? 2 : 1));
    painter->drawPath(path);

    const int pad = 10;
    const QFontMetrics& fm = option.fontMetrics;
    const QRect body = card.adjusted(pad, pad - 2, -pad, -pad + 2);

    // Title, up to two lines.
    QFont titleFont = option.font;
    titleFont.setWeight(QFont::DemiBold);
    painter->setFont(titleFont);
    painter->setPen(pal.color(QPalette::Text));
    const QRect titleRect(body.left(), body.top(), body.width() - 30, fm.height() * 2 + 2);
    const QString title = index.data(Qt::DisplayRole).toString();
    painter->drawText(
        titleRect, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop,
        fm.elidedText(title, Qt::ElideRight, titleRect.width() * 2 - fm.averageCharWidth() * 2));

    // Assignee initials.
    const QString initials = index.data(StageItemModel::InitialsRole).toString();
    if (!initials.isEmpty()) {
        const int d = 24;
        const QRect avatar(body.right() - d, body.top(), d, d);
        const QColor tint = QColor::fromHsl(
            int(qHash(index.data(StageItemModel::AssigneeRole).toString()) % 360), 140, 120);
        painter->setPen(Qt::NoPen);
        painter->setBrush(tint);
        painter->drawEllipse(avatar);
        QFont small = option.font;
        small.setPointSizeF(small.pointSizeF() * 0.8);
        small.setWeight(QFont::Bold);
        painter->setFont(small);
        painter->setPen(Qt::white);
        painter->drawText(avatar, Qt::AlignCenter, initials);
    }

    // Footer: due date and priority.
    painter->setFont(option.font);
    const int footerY = body.bottom() - fm.height();
    int urgency = 0;
    const QString due = dueText(index.data(StageItemModel::DueDateRole).toDateTime(),
                                QDateTime::currentDateTimeUtc(), &urgency);
    if (index.data(StageItemModel::TerminalStageRole).toBool())
        urgency = 0; // won, lost, closed: a past due date is no longer a warning
    if (!due.isEmpty()) {
        painter->setPen(urgency == 2       ? QColor(0xe0, 0x31, 0x31)
                            : urgency == 1 ? QColor(0xd9, 0x7a, 0x00)
                                           : Theme::mutedTextColor(pal));
        painter->drawText(QRect(body.left(), footerY, body.width() / 2 + 20, fm.height()),
                          Qt::AlignLeft | Qt::AlignVCenter, due);
    }
    const int priority = index.data(StageItemModel::PriorityRole).toInt();
    const QColor badge = priorityColor(priority);
    if (badge.isValid()) {
        const QString text = priorityText(priority);
        const int w = fm.horizontalAdvance(text) + 12;
        const QRect r(body.right() - w, footerY - 1, w, fm.height() + 2);
        QColor fill = badge;
        fill.setAlphaF(0.16f);
        painter->setPen(Qt::NoPen);
        painter->setBrush(fill);
        painter->drawRoundedRect(r, 4, 4);
        painter->setPen(badge);
        painter->drawText(r, Qt::AlignCenter, text);
    }
    painter->restore();
}
