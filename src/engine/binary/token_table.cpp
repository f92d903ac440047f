#include "binary/token_table.h"

namespace balcao {

namespace {

QString fromView(std::string_view text) {
    return QString::fromLatin1(text.data(), qsizetype(text.size()));
}

} // namespace

TokenTable::TokenTable(TokenTableVersion version,
    const std::array<std::string_view, kSingleByteCount> &single,
    const std::array<std::array<std::string_view, kDoubleByteCount>, kDictionaryCount> &doubles)
    : m_version(version) {
    // Same order as Baileys's TOKEN_MAP: single-byte tokens first, then the dictionaries, later entries
    // winning.
    for (int i = 0; i < kSingleByteCount; ++i) {
        m_single[i] = fromView(single[i]);
        m_index.insert(m_single[i], Token {-1, i});
    }
    for (int d = 0; d < kDictionaryCount; ++d) {
        for (int i = 0; i < kDoubleByteCount; ++i) {
            m_double[d][i] = fromView(doubles[d][i]);
            m_index.insert(m_double[d][i], Token {d, i});
        }
    }
}

const TokenTable &TokenTable::forVersion(TokenTableVersion version) {
    static const TokenTable v2(TokenTableVersion::V2, tokens::kSingleByteV2, tokens::kDoubleByteV2);
    static const TokenTable v3(TokenTableVersion::V3, tokens::kSingleByteV3, tokens::kDoubleByteV3);
    return version == TokenTableVersion::V2 ? v2 : v3;
}

std::optional<TokenTableVersion> TokenTable::versionFromByte(int byte) {
    switch (byte) {
    case 2:
        return TokenTableVersion::V2;
    case 3:
        return TokenTableVersion::V3;
    default:
        return std::nullopt;
    }
}

std::optional<TokenTable::Token> TokenTable::find(const QString &text) const {
    const auto it = m_index.constFind(text);
    if (it == m_index.constEnd()) {
        return std::nullopt;
    }
    return *it;
}

} // namespace balcao
