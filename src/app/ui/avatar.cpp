#include "avatar.h"

#include <QPainter>
#include <QPainterPath>
#include <array>

namespace balcao::Avatar {

QString initials(const QString &name) {
    QString out;
    const auto words = name.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &word : words) {
        for (QChar c : word) {
            if (c.isLetterOrNumber()) {
                out += c.toUpper();
                break;
            }
        }
        if (out.size() == 2)
            break;
    }
    return out.isEmpty() ? QStringLiteral("#") : out;
}

void paint(QPainter *painter, const QRect &rect, const QString &name, const QString &id) {
    // Mid-tone colours that keep white initials readable on light and dark palettes.
    static constexpr std::array<QRgb, 8> kColours
        = {0xff2e7d32, 0xff1565c0, 0xff6a1b9a, 0xffad1457, 0xffef6c00, 0xff00838f, 0xff4e342e, 0xff5d4037};
    // Picked from the name when there is one, so a number keeps its colour across runs and profiles.
    const QColor colour = QColor::fromRgb(kColours.at(qHash(name.isEmpty() ? id : name) % kColours.size()));
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(colour);
    painter->drawEllipse(rect);
    QFont font = painter->font();
    font.setBold(true);
    font.setPixelSize(qMax(8, rect.height() * 2 / 5));
    painter->setFont(font);
    painter->setPen(Qt::white);
    painter->drawText(rect, Qt::AlignCenter, initials(name));
    painter->restore();
}

void paintInbox(QPainter *painter, const QRect &rect, const QPalette &palette) {
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(palette.color(QPalette::Highlight));
    painter->drawEllipse(rect);
    // Three speech lines: every number's chats in one list.
    QPen pen(palette.color(QPalette::HighlightedText), qMax(2.0, rect.width() / 14.0), Qt::SolidLine,
        Qt::RoundCap);
    painter->setPen(pen);
    const qreal left = rect.left() + rect.width() * 0.3;
    const qreal right = rect.right() - rect.width() * 0.3;
    for (int i = 0; i < 3; ++i) {
        const qreal y = rect.top() + rect.height() * (0.36 + 0.14 * i);
        painter->drawLine(QPointF(left, y), QPointF(i == 2 ? (left + right) / 2 : right, y));
    }
    painter->restore();
}

} // namespace balcao::Avatar
