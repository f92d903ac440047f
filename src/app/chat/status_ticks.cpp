#include "status_ticks.h"

#include <QPainter>
#include <QPainterPath>

namespace balcao::chat {

namespace {

QPainterPath check(const QPointF &origin, qreal size) {
    QPainterPath path;
    path.moveTo(origin + QPointF(0, size * 0.55));
    path.lineTo(origin + QPointF(size * 0.32, size * 0.85));
    path.lineTo(origin + QPointF(size * 0.95, size * 0.15));
    return path;
}

} // namespace

qreal statusWidth(qreal height) {
    return height * 1.35;
}

void drawStatus(
    QPainter *p, const QRectF &rect, MessageStatus status, const ChatColors &colors, const QColor &muted) {
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    p->setBrush(Qt::NoBrush); // ticks are strokes; a brush left by the caller would fill them
    const qreal size = qMin(rect.height(), rect.width()) * 0.78;
    const QPointF origin(rect.left() + (rect.width() - size * 1.35) / 2, rect.center().y() - size / 2);
    QPen pen(muted, qMax<qreal>(1.2, size / 8.5), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    switch (status) {
    case MessageStatus::Pending: {
        p->setPen(pen);
        p->setBrush(Qt::NoBrush);
        const QPointF c(rect.center());
        const qreal r = size * 0.45;
        p->drawEllipse(c, r, r);
        p->drawLine(c, c + QPointF(0, -r * 0.62));
        p->drawLine(c, c + QPointF(r * 0.5, 0));
        break;
    }
    case MessageStatus::Sent:
        p->setPen(pen);
        p->drawPath(check(origin + QPointF(size * 0.2, 0), size));
        break;
    case MessageStatus::Delivered:
    case MessageStatus::Read:
    case MessageStatus::Played:
        if (status != MessageStatus::Delivered)
            pen.setColor(colors.readTicks);
        p->setPen(pen);
        p->drawPath(check(origin, size));
        p->drawPath(check(origin + QPointF(size * 0.38, 0), size));
        break;
    case MessageStatus::Failed: {
        p->setPen(Qt::NoPen);
        p->setBrush(colors.failed);
        const QPointF c(rect.center());
        const qreal r = size * 0.55;
        p->drawEllipse(c, r, r);
        QPen mark(Qt::white, qMax<qreal>(1.4, r / 3.5), Qt::SolidLine, Qt::RoundCap);
        p->setPen(mark);
        p->drawLine(c + QPointF(0, -r * 0.5), c + QPointF(0, r * 0.12));
        p->drawPoint(c + QPointF(0, r * 0.5));
        break;
    }
    }
    p->restore();
}

} // namespace balcao::chat
