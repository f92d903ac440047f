#pragma once

#include <cstdint>

namespace balcao::wire {

// Tag bytes of WhatsApp's binary node format (docs/protocol.md §4.3; Baileys constants.js TAGS, whatsmeow
// binary/token). Bytes 1..235 are single-byte tokens.
inline constexpr std::uint8_t kListEmpty = 0;
inline constexpr std::uint8_t kDictionary0 = 236;
inline constexpr std::uint8_t kDictionary3 = 239;
inline constexpr std::uint8_t kInteropJid = 245; // token table v3 only
inline constexpr std::uint8_t kFbJid = 246; // token table v3 only
inline constexpr std::uint8_t kAdJid = 247;
inline constexpr std::uint8_t kList8 = 248;
inline constexpr std::uint8_t kList16 = 249;
inline constexpr std::uint8_t kJidPair = 250;
inline constexpr std::uint8_t kHex8 = 251;
inline constexpr std::uint8_t kBinary8 = 252;
inline constexpr std::uint8_t kBinary20 = 253;
inline constexpr std::uint8_t kBinary32 = 254;
inline constexpr std::uint8_t kNibble8 = 255;

inline constexpr int kPackedMax = 127;
// Flag bit of the frame's first byte: the rest is zlib-compressed.
inline constexpr std::uint8_t kFlagCompressed = 0x02;

// AD_JID domain types (the byte after the tag).
inline constexpr std::uint8_t kDomainWhatsApp = 0;
inline constexpr std::uint8_t kDomainLid = 1;
inline constexpr std::uint8_t kDomainHosted = 128;
inline constexpr std::uint8_t kDomainHostedLid = 129;

} // namespace balcao::wire
