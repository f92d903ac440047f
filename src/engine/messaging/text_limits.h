#pragma once

#include "errors.h"

#include <QList>
#include <QString>

namespace balcao {

// WhatsApp refuses text messages longer than 65,536 characters.
inline constexpr qsizetype kMaxTextCharacters = 65536;

// Checks a text a user wants to send: not empty (or only spaces), not longer than WhatsApp accepts.
inline Result<void> checkOutgoingText(const QString &text) {
    if (text.trimmed().isEmpty())
        return makeError(errc::kInvalidArgument, QStringLiteral("The message is empty."));
    const qsizetype characters = text.toUcs4().size();
    if (characters > kMaxTextCharacters) {
        return makeError(errc::kInvalidArgument,
            QStringLiteral("The message has %1 characters; WhatsApp accepts at most %2.")
                .arg(characters)
                .arg(kMaxTextCharacters));
    }
    return {};
}

} // namespace balcao
