#include "chat_list_delegate.h"

#include "chat_list_model.h"
#include "chat_palette.h"
#include "message_format.h"
#include "status_ticks.h"

#include <QApplication>
#include <QPainter>

namespace balcao::chat {

namespace {

constexpr int kAvatar = 46;
constexpr int kPad = 12;

QString initials(const QString &name) {
    QString out;
    for (const QString &word : name.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (word.front().isLetterOrNumber())
            out.append(word.front().toUpper());
        if (out.size() == 2)
            break;
    }
    return out.isEmpty() ? QStringLiteral("#") : out;
}

// A steady colour per chat, so a contact keeps its avatar colour everywhere.
QColor avatarColor(const QString &key, bool dark) {
    static constexpr int kHues[] = {4, 28, 45, 95, 150, 178, 200, 222, 262, 290, 320, 340};
    const quint32 h = quint32(qHash(key, 0x5eed));
    const int hue = kHues[h % (sizeof kHues / sizeof *kHues)];
    return QColor::fromHsl(hue, 120, dark ? 95 : 140);
}

} // namespace

QSize ChatListDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const {
    const QFontMetrics fm(option.font);
    return QSize(200, qMax(kAvatar + 2 * 10, 2 * fm.height() + 26));
}

void ChatListDelegate::paint(
    QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const {
    const ChatColors colors = chatColors(option.palette);
    const QRect r = option.rect;
    p->save();
    p->setRenderHint(QPainter::Antialiasing);

    QColor rowColor = option.palette.color(QPalette::Base);
    if (option.state & QStyle::State_Selected)
        rowColor = mix(rowColor, option.palette.color(QPalette::Highlight), 0.22);
    else if (option.state & QStyle::State_MouseOver)
        rowColor = mix(rowColor, option.palette.color(QPalette::Text), 0.05);
    p->fillRect(r, rowColor);

    const QString name = index.data(ChatListModel::NameRole).toString();
    const QString chatJid = index.data(ChatListModel::ChatRole).toString();
    const QRectF avatar(r.left() + kPad, r.top() + (r.height() - kAvatar) / 2.0, kAvatar, kAvatar);
    p->setPen(Qt::NoPen);
    p->setBrush(avatarColor(chatJid, colors.dark));
    p->drawEllipse(avatar);
    QFont avatarFont = option.font;
    avatarFont.setBold(true);
    avatarFont.setPointSizeF(option.font.pointSizeF() * 1.05);
    p->setFont(avatarFont);
    p->setPen(Qt::white);
    p->drawText(avatar, Qt::AlignCenter, initials(name));

    const int unread = index.data(ChatListModel::UnreadRole).toInt();
    const qint64 ts = index.data(ChatListModel::TimestampRole).toLongLong();
    const int textLeft = int(avatar.right()) + kPad;
    const int textRight = r.right() - kPad;
    const QFontMetrics fm(option.font);
    const int lineTop = r.top() + (r.height() - 2 * fm.height() - 6) / 2;
    const QRect line1(textLeft, lineTop, textRight - textLeft, fm.height());
    const QRect line2(textLeft, lineTop + fm.height() + 6, textRight - textLeft, fm.height());

    QFont small = option.font;
    small.setPointSizeF(option.font.pointSizeF() * 0.85);
    const QFontMetrics smallMetrics(small);
    const QString time = listTimeText(ts, QDate::currentDate());
    const int timeWidth = smallMetrics.horizontalAdvance(time);
    p->setFont(small);
    p->setPen(unread > 0 ? colors.accent : colors.mutedText);
    p->drawText(line1, Qt::AlignRight | Qt::AlignVCenter, time);

    QFont nameFont = option.font;
    nameFont.setWeight(unread > 0 ? QFont::Bold : QFont::DemiBold);
    p->setFont(nameFont);
    p->setPen(colors.text);
    QRect nameRect = line1.adjusted(0, 0, -(timeWidth + 8), 0);
    if (m_showSession) {
        const QString tag = index.data(ChatListModel::SessionNameRole).toString();
        const int tagWidth = qMin(smallMetrics.horizontalAdvance(tag) + 12, nameRect.width() / 2);
        const QRect tagRect(nameRect.right() - tagWidth, line1.top() + 1, tagWidth, line1.height() - 2);
        p->setPen(Qt::NoPen);
        p->setBrush(mix(option.palette.color(QPalette::Base), colors.accent, 0.16));
        p->drawRoundedRect(tagRect, 4, 4);
        p->setFont(small);
        p->setPen(colors.mutedText);
        p->drawText(tagRect, Qt::AlignCenter, smallMetrics.elidedText(tag, Qt::ElideRight, tagWidth - 8));
        nameRect.setRight(tagRect.left() - 6);
        p->setFont(nameFont);
        p->setPen(colors.text);
    }
    p->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetrics(nameFont).elidedText(name, Qt::ElideRight, nameRect.width()));

    QRect previewRect = line2;
    if (unread > 0) {
        QFont badgeFont = small;
        badgeFont.setBold(true);
        const QString count = unread > 999 ? QStringLiteral("999+") : QString::number(unread);
        const int h = QFontMetrics(badgeFont).height() + 4;
        const int w = qMax(h, QFontMetrics(badgeFont).horizontalAdvance(count) + 12);
        const QRect badge(line2.right() - w + 1, line2.center().y() - h / 2, w, h);
        p->setPen(Qt::NoPen);
        p->setBrush(colors.accent);
        p->drawRoundedRect(badge, h / 2.0, h / 2.0);
        p->setFont(badgeFont);
        p->setPen(colors.accentText);
        p->drawText(badge, Qt::AlignCenter, count);
        previewRect.setRight(badge.left() - 8);
    }
    if (index.data(ChatListModel::LastFromMeRole).toBool() && ts > 0) {
        const qreal tw = statusWidth(smallMetrics.height());
        drawStatus(p, QRectF(previewRect.left(), previewRect.top(), tw, previewRect.height()),
            MessageStatus(index.data(ChatListModel::LastStatusRole).toInt()), colors, colors.mutedText);
        previewRect.setLeft(previewRect.left() + int(tw) + 4);
    }
    p->setFont(option.font);
    p->setPen(colors.mutedText);
    const QString preview = index.data(ChatListModel::PreviewRole).toString();
    p->drawText(previewRect, Qt::AlignLeft | Qt::AlignVCenter,
        fm.elidedText(preview, Qt::ElideRight, previewRect.width()));

    // A hairline under the text (not the avatar), as native lists separate rows.
    p->setPen(QPen(mix(option.palette.color(QPalette::Base), colors.text, 0.08), 1));
    p->drawLine(QPointF(textLeft, r.bottom() + 0.5), QPointF(r.right(), r.bottom() + 0.5));
    p->restore();
}

} // namespace balcao::chat
