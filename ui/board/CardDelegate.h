#pragma once

#include <QStyledItemDelegate>

// Paints a card: title (two lines at most), the assignee's initials in a circle, the due date
// (red when overdue, amber when due within two days) and the priority as a coloured badge.
// Fixed height, so 10,000 cards lay out without measuring each.
class CardDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    static QString dueText(const QDateTime& due, const QDateTime& now,
                           int* urgency); // urgency: 0 fine, 1 soon, 2 overdue
};
