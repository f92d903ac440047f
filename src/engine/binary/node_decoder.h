#pragma once

#include "binary/node.h"
#include "binary/token_table.h"
#include "errors.h"

#include <QByteArrayView>

namespace balcao {

// Reads WhatsApp's binary node format (docs/protocol.md §4) as Baileys's decodeBinaryNode does for the same
// token table, from bytes that come off the network and may be anything: every read is bounds-checked, list
// sizes are checked against the bytes left before anything is allocated, nesting is capped, zlib output is
// capped, and every failure is a `malformed-node` Error naming what was wrong and the offset. Where Baileys
// is lax by accident we refuse: a BINARY_32 length with the top bit set, bytes left over after the node
// (whatsmeow refuses them too), and an interop JID's optional server is only tried as a plain string, never
// as a JID (see interopJid). Stateless after construction; safe to share between threads.
class NodeDecoder {
public:
    static constexpr qsizetype kMaxDecompressedSize = 16 * 1024 * 1024;
    // Real stanzas nest fewer than ten levels; the cap keeps hostile input from exhausting the stack.
    static constexpr int kMaxDepth = 64;
    // A 16 MiB frame of 3-byte nodes would be 5.6 million Node objects (~0.5 GB); real stanzas have at most a
    // few thousand.
    static constexpr qsizetype kMaxNodes = 1 << 20;

    explicit NodeDecoder(TokenTableVersion version = TokenTableVersion::V3);

    // A decrypted frame: the flag byte (bit 0x02 = zlib-compressed), then the node.
    Result<Node> decode(QByteArrayView frame) const;
    // The node alone (no flag byte, not compressed); offsets in errors count from its first byte.
    Result<Node> decodeBody(QByteArrayView body) const;

    TokenTableVersion tokenTableVersion() const { return m_table->version(); }

private:
    const TokenTable *m_table;
};

} // namespace balcao
