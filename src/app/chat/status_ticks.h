#pragma once

#include "chat_palette.h"

#include <QRectF>
#include <session/events.h>

class QPainter;

// Draws a message's delivery state as WhatsApp users know it: a clock while pending, ✓ sent, ✓✓ delivered,
// blue ✓✓ read (or played), a red mark when it failed. Drawn as paths, not font glyphs, so they look the
// same with every font and stay crisp at any device pixel ratio.
namespace balcao::chat {

// The room the ticks need beside a message time, in logical pixels, for a font of `height` pixels.
qreal statusWidth(qreal height);
void drawStatus(QPainter *painter, const QRectF &rect, MessageStatus status, const ChatColors &colors,
    const QColor &muted);

} // namespace balcao::chat
