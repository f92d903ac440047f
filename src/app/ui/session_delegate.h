#pragma once

#include <QStyledItemDelegate>

namespace balcao {

// Paints one sidebar row from SessionListModel's roles: an avatar with the name's initials, the name and
// phone, a coloured status badge with its text, and the unread count. Palette-aware; no widgets per row.
class SessionDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(
        QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace balcao
