#pragma once

#include "binary/node.h"
#include "binary/token_table.h"
#include "errors.h"

#include <QByteArray>

namespace balcao {

// Writes a Node in WhatsApp's binary format (docs/protocol.md §4), byte for byte as Baileys's
// encodeBinaryNode does for the same token table: strings become tokens, packed nibbles/hex, JIDs or raw
// UTF-8 in that order of preference, and string attributes that look like JIDs are written as JIDs (Baileys's
// jidDecode rules, including its quirks: the agent of a device-less JID is dropped, device 0 is written as an
// AD JID). Our engine speaks table 3; table 2 is there for the emulator's Baileys 6 line and the golden
// vectors. Stateless after construction; safe to share between threads.
class NodeEncoder {
public:
    explicit NodeEncoder(TokenTableVersion version = TokenTableVersion::V3);

    // Flag byte 0 (uncompressed) followed by the node. Fails only for nodes the format cannot describe: an
    // empty tag, more than 65535 children or attributes, or content over 4 GiB.
    Result<QByteArray> encode(const Node &node) const;
    // The node without the flag byte.
    Result<void> encodeBody(const Node &node, QByteArray &out) const;

    TokenTableVersion tokenTableVersion() const { return m_table->version(); }

private:
    const TokenTable *m_table;
};

} // namespace balcao
