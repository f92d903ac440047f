#include "status_badge.h"

#include <QCoreApplication>

namespace balcao {

int StatusBadge::secondsLeft(qint64 nextTryMs, qint64 nowMs) {
    if (nextTryMs <= nowMs)
        return 0;
    return int((nextTryMs - nowMs + 999) / 1000);
}

StatusBadge StatusBadge::of(SessionStatus status, qint64 nextTryMs, qint64 nowMs) {
    // Colours chosen to stay legible as white text on both palettes: green, amber, blue, red, grey.
    switch (status) {
    case SessionStatus::New:
        return {QCoreApplication::translate("StatusBadge", "Not linked"), QColor(0x75, 0x75, 0x75)};
    case SessionStatus::Pairing:
        return {QCoreApplication::translate("StatusBadge", "Pairing"), QColor(0x1e, 0x6f, 0xd9)};
    case SessionStatus::Connecting:
        return {QCoreApplication::translate("StatusBadge", "Connecting"), QColor(0xc7, 0x7c, 0x02)};
    case SessionStatus::Connected:
        return {QCoreApplication::translate("StatusBadge", "Connected"), QColor(0x1a, 0x8f, 0x4c)};
    case SessionStatus::Reconnecting: {
        const int left = secondsLeft(nextTryMs, nowMs);
        const QString text = nextTryMs > 0 && left > 0
            ? QCoreApplication::translate("StatusBadge", "Reconnecting in %n s", nullptr, left)
            : QCoreApplication::translate("StatusBadge", "Reconnecting");
        return {text, QColor(0xc7, 0x7c, 0x02)};
    }
    case SessionStatus::LoggedOut:
        return {QCoreApplication::translate("StatusBadge", "Logged out"), QColor(0xc6, 0x28, 0x28)};
    case SessionStatus::Stopped:
        return {QCoreApplication::translate("StatusBadge", "Stopped"), QColor(0x61, 0x61, 0x61)};
    }
    return {};
}

} // namespace balcao
