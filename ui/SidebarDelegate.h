#pragma once

#include <QStyledItemDelegate>

// Draws a sidebar entry: icon, title, and the keyboard shortcut in quiet text on the right,
// so the shortcuts are learnt by looking.
class SidebarDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    enum Role
    {
        IconNameRole = Qt::UserRole + 1,
        ShortcutRole,
    };

    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};
