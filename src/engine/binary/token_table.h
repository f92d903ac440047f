#pragma once

#include <QHash>
#include <QString>
#include <array>
#include <optional>
#include <string_view>

namespace balcao {

// The token dictionary version, sent as the fourth byte of the connection intro (`57 41 06 03`).
enum class TokenTableVersion : int { V2 = 2, V3 = 3 };

// WhatsApp's token dictionaries (docs/protocol.md §4.3): one byte stands for one of 236 frequent strings,
// two bytes (236+dict, index) for one of 4×256 less frequent ones. Version 2 is what Baileys 6.17 speaks,
// version 3 what WhatsApp Web, whatsmeow and Baileys 7 speak (the fourth intro byte says which). The tables
// themselves are generated from the real library (tokens_v2.cpp, tokens_v3.cpp); this class indexes them.
// Immutable and shared: safe to use from any thread.
class TokenTable {
public:
    static constexpr int kSingleByteCount = 236;
    static constexpr int kDictionaryCount = 4;
    static constexpr int kDoubleByteCount = 256;

    // Where a string lives in the table: dictionary -1 means a single-byte token.
    struct Token {
        int dictionary = -1;
        int index = 0;
    };

    static const TokenTable &forVersion(TokenTableVersion version);
    // The version an intro byte names; nullopt for versions we do not have.
    static std::optional<TokenTableVersion> versionFromByte(int byte);

    TokenTableVersion version() const { return m_version; }
    // Single-byte token for tags 1..235 (tag 0 is the empty string).
    const QString &singleByte(int index) const { return m_single[index]; }
    const QString &doubleByte(int dictionary, int index) const { return m_double[dictionary][index]; }
    // The encoding of `text` if it is a token. As Baileys builds its TOKEN_MAP, a string present in both
    // kinds of table is encoded with the double-byte one (none is, today).
    std::optional<Token> find(const QString &text) const;

private:
    TokenTable(TokenTableVersion version, const std::array<std::string_view, kSingleByteCount> &single,
        const std::array<std::array<std::string_view, kDoubleByteCount>, kDictionaryCount> &doubles);

    TokenTableVersion m_version;
    std::array<QString, kSingleByteCount> m_single;
    std::array<std::array<QString, kDoubleByteCount>, kDictionaryCount> m_double;
    QHash<QString, Token> m_index;
};

// The generated tables (tokens_v2.cpp, tokens_v3.cpp).
namespace tokens {
inline constexpr int kSingleByteCount = TokenTable::kSingleByteCount;
inline constexpr int kDictionaryCount = TokenTable::kDictionaryCount;
inline constexpr int kDoubleByteCount = TokenTable::kDoubleByteCount;
extern const std::array<std::string_view, kSingleByteCount> kSingleByteV2;
extern const std::array<std::array<std::string_view, kDoubleByteCount>, kDictionaryCount> kDoubleByteV2;
extern const std::array<std::string_view, kSingleByteCount> kSingleByteV3;
extern const std::array<std::array<std::string_view, kDoubleByteCount>, kDictionaryCount> kDoubleByteV3;
} // namespace tokens

} // namespace balcao
