#include "chat_palette.h"

#include <QPainter>
#include <QPixmap>

namespace balcao::chat {

QColor mix(const QColor &a, const QColor &b, qreal t) {
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
        float(a.greenF() + (b.greenF() - a.greenF()) * t), float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

ChatColors chatColors(const QPalette &palette) {
    ChatColors c;
    const QColor base = palette.color(QPalette::Base);
    const QColor window = palette.color(QPalette::Window);
    c.text = palette.color(QPalette::Text);
    c.dark = base.lightness() < 128;
    const QColor green(0x25, 0xD3, 0x66);
    if (c.dark) {
        c.background = mix(window, QColor(Qt::black), 0.25);
        c.theirs = mix(window, c.text, 0.08);
        c.ours = mix(c.theirs, QColor(0x00, 0xA8, 0x84), 0.45);
        c.readTicks = QColor(0x53, 0xBD, 0xEB);
    } else {
        c.background = mix(window, green, 0.04);
        c.theirs = base;
        c.ours = mix(base, green, 0.20);
        c.readTicks = QColor(0x1D, 0x9B, 0xE0);
    }
    c.mutedText = mix(c.text, c.theirs, 0.45);
    c.accent = c.dark ? green : QColor(0x1F, 0xAF, 0x54);
    c.accentText = c.dark ? QColor(0x10, 0x1A, 0x14) : QColor(Qt::white);
    c.failed = QColor(0xE0, 0x3C, 0x31);
    c.selection = palette.color(QPalette::Highlight);
    c.selection.setAlpha(70);
    return c;
}

QIcon drawnIcon(const std::function<void(QPainter &painter, qreal size)> &draw) {
    QIcon icon;
    for (const int size : {16, 24, 32, 48}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        draw(p, size);
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace balcao::chat
