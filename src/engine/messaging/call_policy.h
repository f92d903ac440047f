#pragma once

#include <QString>

namespace balcao {

// What a number does with calls it cannot take (a companion has no audio): let them ring on the phone, or
// reject them (the caller sees the call declined) and optionally answer with a text, as gateways offer.
struct CallPolicy {
    static constexpr qsizetype kMaxReplyLength = 1000;
    bool reject = false;
    QString reply; // sent to the caller after a rejected call; empty: none
    bool operator==(const CallPolicy &) const = default;
};

} // namespace balcao
