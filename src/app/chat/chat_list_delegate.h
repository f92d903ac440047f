#pragma once

#include <QStyledItemDelegate>

namespace balcao::chat {

// Paints a chat list row the way messengers do: a round avatar with initials, the name and the time of
// the last message on the first line, the preview (with our ticks) and the unread badge on the second;
// in the merged inbox a small tag names the number the chat belongs to.
class ChatListDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(
        QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // Whether rows name their session (the merged "All numbers" inbox).
    void setShowSession(bool show) { m_showSession = show; }

private:
    bool m_showSession = false;
};

} // namespace balcao::chat
