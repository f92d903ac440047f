#pragma once

#include <QColor>
#include <QString>
#include <session/events.h>

namespace balcao {

// How a session's status looks in the sidebar: a short text and a colour that reads on light and dark
// palettes. Reconnecting counts down to StatusEvent::nextTryMs, so the text depends on the time.
struct StatusBadge {
    QString text;
    QColor color;

    static StatusBadge of(SessionStatus status, qint64 nextTryMs, qint64 nowMs);
    // Seconds left until `nextTryMs`, rounded up and never negative.
    static int secondsLeft(qint64 nextTryMs, qint64 nowMs);
};

} // namespace balcao
