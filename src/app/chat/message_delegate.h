#pragma once

#include "media_bubble.h"

#include <QFont>
#include <QHash>
#include <QStyledItemDelegate>

namespace balcao::chat {

// Paints MessageListModel rows as chat bubbles: ours on the right, theirs on the left, the time and our
// ticks in the bubble's corner, a day separator above the first message of a day, placeholders in
// italics. Bubble sizes are cached per message (and day separator) for the current width, so a long chat
// scrolls without re-laying out text; the cache empties when the width or the font changes.
class MessageDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit MessageDelegate(QObject *parent = nullptr);

    void paint(
        QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // The width rows are laid out for (the view's viewport); a change forgets every cached size.
    void setWidth(int width);
    int width() const { return m_width; }
    void clearCache();
    int cachedSizes() const { return int(m_sizes.size()); }

    // Where the retry mark of a failed message of ours is drawn in a row of `rowRect` (empty otherwise).
    QRect retryRect(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    // Where a message's file, place or card is drawn (empty for a text).
    QRect mediaRect(const QStyleOptionViewItem &option, const QModelIndex &index) const;

signals:
    // The user clicked a failed message's red mark.
    void retryClicked(const QModelIndex &index);
    // The user clicked a photo, video, voice note, document, place or card.
    void mediaClicked(const QModelIndex &index);

protected:
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
        const QModelIndex &index) override;

private:
    struct Layout;
    Layout layout(const QStyleOptionViewItem &option, const QModelIndex &index, int width) const;

    int m_width = 0;
    mutable QHash<QString, QSize> m_sizes; // CacheKeyRole → size at m_width
    MediaBubble m_media;
};

} // namespace balcao::chat
