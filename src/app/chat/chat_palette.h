#pragma once

#include <QColor>
#include <QIcon>
#include <QPalette>
#include <functional>

class QPainter;

// The chat's colours, derived from the system palette so light and dark themes both look native: bubbles
// are the palette's surfaces tinted with WhatsApp's green, text keeps the palette's contrast.
namespace balcao::chat {

struct ChatColors {
    QColor background; // behind the bubbles
    QColor theirs; // their bubbles
    QColor ours; // our bubbles
    QColor text;
    QColor mutedText; // times, placeholders, previews
    QColor accent; // unread badges, unread times
    QColor accentText;
    QColor readTicks;
    QColor failed;
    QColor selection;
    bool dark = false;
};

QColor mix(const QColor &a, const QColor &b, qreal amountOfB);
// An icon drawn by `draw` at the usual sizes (16 to 48 px), so it needs no icon theme and takes the palette's
// colours; `draw` paints into a square of side `size`, antialiased.
QIcon drawnIcon(const std::function<void(QPainter &painter, qreal size)> &draw);
ChatColors chatColors(const QPalette &palette);

} // namespace balcao::chat
