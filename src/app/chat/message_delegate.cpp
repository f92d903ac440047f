#include "message_delegate.h"

#include "chat_palette.h"
#include "media_bubble.h"
#include "message_format.h"
#include "message_list_model.h"
#include "status_ticks.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QTextLayout>

namespace balcao::chat {

namespace {

constexpr int kSideMargin = 14; // between the view's edge and a bubble
constexpr int kRowGap = 3; // between two bubbles
constexpr int kPadX = 9;
constexpr int kPadY = 6;
constexpr int kRadius = 9;
constexpr int kMaxBubbleWidth = 560;
constexpr int kMetaGap = 10; // between the last line of text and the time
constexpr int kDayHeight = 40;
constexpr int kRetrySize = 22;

QFont metaFont(const QFont &font) {
    QFont f = font;
    f.setPointSizeF(font.pointSizeF() > 0 ? font.pointSizeF() * 0.8 : 8);
    return f;
}

QFont bodyFont(const QFont &font, bool placeholder) {
    QFont f = font;
    f.setItalic(placeholder);
    return f;
}

// Lays `text` out in lines of at most `width`; long words break anywhere rather than overflow.
struct TextBlock {
    qreal width = 0;
    qreal height = 0;
    qreal lastLineWidth = 0;
};

TextBlock layOut(QTextLayout &layout, qreal width) {
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    layout.setCacheEnabled(true);
    TextBlock block;
    layout.beginLayout();
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(width);
        line.setPosition(QPointF(0, block.height));
        block.height += line.height();
        block.width = qMax(block.width, line.naturalTextWidth());
        block.lastLineWidth = line.naturalTextWidth();
    }
    layout.endLayout();
    return block;
}

} // namespace

struct MessageDelegate::Layout {
    QSize size;
    QRectF day; // the separator's pill; empty when none
    QRectF bubble;
    QPointF textOrigin;
    QRectF meta; // time + ticks
    QRectF retry;
    QRectF media; // a file's, place's or card's body above the text; empty when none
};

MessageDelegate::MessageDelegate(QObject *parent)
    : QStyledItemDelegate(parent) { }

void MessageDelegate::setWidth(int width) {
    if (width == m_width)
        return;
    m_width = width;
    clearCache();
}

void MessageDelegate::clearCache() {
    m_sizes.clear();
}

MessageDelegate::Layout MessageDelegate::layout(
    const QStyleOptionViewItem &option, const QModelIndex &index, int width) const {
    Layout l;
    const bool fromMe = index.data(MessageListModel::FromMeRole).toBool();
    const bool placeholder = index.data(MessageListModel::IsPlaceholderRole).toBool();
    const auto status = MessageStatus(index.data(MessageListModel::StatusRole).toInt());
    const QString text = index.data(MessageListModel::TextRole).toString();
    const QFontMetricsF metaMetrics(metaFont(option.font));
    const auto *model = qobject_cast<const MessageListModel *>(index.model());
    const MessageEvent *message = model ? model->message(index.row()) : nullptr;

    qreal y = 0;
    if (index.data(MessageListModel::StartsDayRole).toBool()) {
        const QString label = index.data(MessageListModel::DayLabelRole).toString();
        const qreal w = metaMetrics.horizontalAdvance(label) + 24;
        const qreal h = metaMetrics.height() + 10;
        l.day = QRectF((width - w) / 2, (kDayHeight - h) / 2 + 2, w, h);
        y = kDayHeight;
    }

    const qreal metaWidth
        = metaMetrics.horizontalAdvance(timeText(index.data(MessageListModel::TimestampRole).toLongLong()))
        + (fromMe ? 4 + statusWidth(metaMetrics.height()) : 0);
    const qreal bubbleMax = qMin<qreal>(kMaxBubbleWidth, qMax<qreal>(120, width * 0.72));
    const qreal textMax = bubbleMax - 2 * kPadX;

    QTextLayout textLayout(text, bodyFont(option.font, placeholder));
    const TextBlock block = layOut(textLayout, textMax);
    const QSizeF media
        = message && MediaBubble::draws(*message) ? MediaBubble::size(*message, textMax) : QSizeF();
    const qreal mediaHeight = media.isEmpty() ? 0 : media.height() + (text.isEmpty() ? 0 : 4);
    qreal contentWidth = qMax(block.width, media.width());
    qreal contentHeight = block.height + mediaHeight;
    const bool inlineMeta = !text.isEmpty() && block.lastLineWidth + kMetaGap + metaWidth <= textMax;
    if (inlineMeta) {
        contentWidth = qMax(contentWidth, block.lastLineWidth + kMetaGap + metaWidth);
    } else {
        contentWidth = qMax(contentWidth, metaWidth);
        contentHeight += metaMetrics.height();
    }
    const qreal bubbleWidth = std::ceil(contentWidth) + 2 * kPadX;
    const qreal bubbleHeight = std::ceil(contentHeight) + 2 * kPadY;
    const qreal x = fromMe ? width - kSideMargin - bubbleWidth : kSideMargin;
    l.bubble = QRectF(x, y + kRowGap, bubbleWidth, bubbleHeight);
    if (!media.isEmpty())
        l.media = QRectF(QPointF(x + kPadX, y + kRowGap + kPadY), media);
    l.textOrigin = QPointF(x + kPadX, y + kRowGap + kPadY + mediaHeight);
    l.meta = QRectF(l.bubble.right() - kPadX - metaWidth,
        l.bubble.bottom() - kPadY - metaMetrics.height() + 2, metaWidth, metaMetrics.height());
    if (fromMe && status == MessageStatus::Failed)
        l.retry = QRectF(l.bubble.left() - kRetrySize - 6, l.bubble.center().y() - kRetrySize / 2.0,
            kRetrySize, kRetrySize);
    l.size = QSize(width, int(std::ceil(y + bubbleHeight + 2 * kRowGap)));
    return l;
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const {
    const int width = m_width > 0 ? m_width : option.rect.width();
    const QString key = index.data(MessageListModel::CacheKeyRole).toString();
    if (const auto it = m_sizes.constFind(key); it != m_sizes.cend())
        return *it;
    const QSize size = layout(option, index, width).size;
    m_sizes.insert(key, size);
    return size;
}

QRect MessageDelegate::retryRect(const QStyleOptionViewItem &option, const QModelIndex &index) const {
    const int width = m_width > 0 ? m_width : option.rect.width();
    const QRectF r = layout(option, index, width).retry;
    return r.isEmpty() ? QRect() : r.translated(option.rect.topLeft()).toAlignedRect();
}

void MessageDelegate::paint(QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const {
    const ChatColors colors = chatColors(option.palette);
    const int width = option.rect.width();
    const Layout l = layout(option, index, width);
    const bool fromMe = index.data(MessageListModel::FromMeRole).toBool();
    const bool placeholder = index.data(MessageListModel::IsPlaceholderRole).toBool();
    const auto status = MessageStatus(index.data(MessageListModel::StatusRole).toInt());
    const QColor muted = mix(colors.text, fromMe ? colors.ours : colors.theirs, 0.45);

    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    p->translate(option.rect.topLeft());
    if (option.state & QStyle::State_Selected)
        p->fillRect(
            QRectF(0, l.bubble.top() - kRowGap, width, l.bubble.height() + 2 * kRowGap), colors.selection);

    if (!l.day.isEmpty()) {
        p->setPen(Qt::NoPen);
        p->setBrush(colors.theirs);
        p->drawRoundedRect(l.day, l.day.height() / 2, l.day.height() / 2);
        p->setFont(metaFont(option.font));
        p->setPen(colors.mutedText);
        p->drawText(l.day, Qt::AlignCenter, index.data(MessageListModel::DayLabelRole).toString());
    }

    // A faint outline keeps the bubble's edge visible when its colour is close to the background.
    p->setPen(QPen(mix(colors.background, colors.text, 0.08), 0.6));
    p->setBrush(fromMe ? colors.ours : colors.theirs);
    p->drawRoundedRect(l.bubble, kRadius, kRadius);

    if (!l.media.isEmpty()) {
        const auto *model = qobject_cast<const MessageListModel *>(index.model());
        if (const MessageEvent *message = model ? model->message(index.row()) : nullptr)
            m_media.paint(p, l.media, *message, model->mediaView(index.row()), colors, fromMe);
    }
    const QString text = index.data(MessageListModel::TextRole).toString();
    QTextLayout textLayout(text, bodyFont(option.font, placeholder));
    layOut(textLayout, l.bubble.width() - 2 * kPadX + 1);
    p->setPen(placeholder ? muted : colors.text);
    textLayout.draw(p, l.textOrigin);

    p->setFont(metaFont(option.font));
    p->setPen(muted);
    const QString time = timeText(index.data(MessageListModel::TimestampRole).toLongLong());
    p->drawText(l.meta, Qt::AlignLeft | Qt::AlignVCenter, time);
    if (fromMe) {
        const qreal tickWidth = statusWidth(l.meta.height());
        drawStatus(p, QRectF(l.meta.right() - tickWidth, l.meta.top(), tickWidth, l.meta.height()), status,
            colors, muted);
    }
    if (!l.retry.isEmpty()) {
        p->setPen(Qt::NoPen);
        p->setBrush(colors.failed);
        p->drawEllipse(l.retry);
        QPen arrow(Qt::white, 1.8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
        p->setPen(arrow);
        p->setBrush(Qt::NoBrush);
        // A circular "try again" arrow.
        const QRectF ring = l.retry.adjusted(6, 6, -6, -6);
        p->drawArc(ring, 90 * 16, 270 * 16);
        const QPointF tip(ring.center().x(), ring.top());
        p->drawLine(tip, tip + QPointF(-3.5, -3));
        p->drawLine(tip, tip + QPointF(-3.5, 3));
    }
    p->restore();
}

QRect MessageDelegate::mediaRect(const QStyleOptionViewItem &option, const QModelIndex &index) const {
    const int width = m_width > 0 ? m_width : option.rect.width();
    const QRectF r = layout(option, index, width).media;
    return r.isEmpty() ? QRect() : r.translated(option.rect.topLeft()).toAlignedRect();
}

bool MessageDelegate::editorEvent(
    QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option, const QModelIndex &index) {
    if (event->type() == QEvent::MouseButtonRelease) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        const QRect r = retryRect(option, index);
        if (mouse->button() == Qt::LeftButton && !r.isEmpty() && r.contains(mouse->position().toPoint())) {
            emit retryClicked(index);
            return true;
        }
        const QRect media = mediaRect(option, index);
        if (mouse->button() == Qt::LeftButton && !media.isEmpty()
            && media.contains(mouse->position().toPoint())) {
            emit mediaClicked(index);
            return true;
        }
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

} // namespace balcao::chat
