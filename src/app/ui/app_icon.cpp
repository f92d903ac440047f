#include "app_icon.h"

#include <QPainter>
#include <QPainterPath>

namespace balcao::AppIcon {

QPixmap pixmap(int size, int unread) {
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const qreal s = size;
    // A rounded speech bubble with a tail at the bottom left.
    QPainterPath bubble;
    bubble.addRoundedRect(QRectF(s * 0.06, s * 0.08, s * 0.88, s * 0.68), s * 0.2, s * 0.2);
    QPainterPath tail;
    tail.moveTo(s * 0.2, s * 0.66);
    tail.lineTo(s * 0.14, s * 0.94);
    tail.lineTo(s * 0.44, s * 0.72);
    tail.closeSubpath();
    bubble = bubble.united(tail);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0x1a, 0x8f, 0x4c));
    painter.drawPath(bubble);
    // Three dots: a conversation going on.
    painter.setBrush(Qt::white);
    for (int i = 0; i < 3; ++i)
        painter.drawEllipse(QRectF(s * (0.24 + 0.19 * i), s * 0.35, s * 0.13, s * 0.13));
    if (unread > 0) {
        const QString text = unread > 99 ? QStringLiteral("99+") : QString::number(unread);
        const QRectF badge(s * 0.46, 0, s * 0.54, s * 0.46);
        painter.setBrush(QColor(0xd3, 0x2f, 0x2f));
        painter.drawEllipse(badge);
        QFont font = painter.font();
        font.setBold(true);
        font.setPixelSize(qMax(6, int(s * (text.size() > 2 ? 0.2 : 0.28))));
        painter.setFont(font);
        painter.setPen(Qt::white);
        painter.drawText(badge, Qt::AlignCenter, text);
    }
    return pixmap;
}

QIcon plus(const QColor &colour) {
    QIcon icon;
    for (int size : {16, 24, 32, 48}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawEllipse(QRectF(0.5, 0.5, size - 1.0, size - 1.0));
        painter.setPen(QPen(Qt::white, qMax(1.5, size / 9.0), Qt::SolidLine, Qt::RoundCap));
        const qreal c = size / 2.0, r = size * 0.26;
        painter.drawLine(QPointF(c - r, c), QPointF(c + r, c));
        painter.drawLine(QPointF(c, c - r), QPointF(c, c + r));
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

QIcon make(int unread) {
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256})
        icon.addPixmap(pixmap(size, unread));
    return icon;
}

} // namespace balcao::AppIcon
