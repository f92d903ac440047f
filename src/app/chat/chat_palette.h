#pragma once

#include <QColor>
#include <QPalette>

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
ChatColors chatColors(const QPalette &palette);

} // namespace balcao::chat
