// libFuzzer target for what a server sends on the WebSocket under the Noise frames (issue 14: our own
// WebSocket client): the answer to the upgrade, then frames cut anywhere. The first input byte picks the
// parser; the rest is its input. Whatever the reader returns must be a message it could have been sent, and
// it must never keep more than one message's worth of bytes.
#include "fuzz_chunks.h"

#include <cstdint>
#include <cstdlib>
#include <transport/web_socket_frames.h>

using namespace balcao;
using namespace balcao::websocket;

namespace {

const QByteArray kKey = "dGhlIHNhbXBsZSBub25jZQ==";

void upgradeAnswer(QByteArrayView input) {
    auto parsed = parseUpgradeResponse(input, kKey);
    if (parsed && *parsed && (**parsed < 4 || **parsed > input.size()))
        std::abort();
}

// In chunks whose sizes the input chooses (fuzz_chunks.h), as TCP may cut anywhere.
void frames(QByteArrayView input) {
    constexpr qsizetype kLimit = 4096;
    FrameReader reader(kLimit);
    while (!input.isEmpty()) {
        auto messages = reader.feed(fuzz::takeChunk(input));
        if (!messages)
            return; // a broken stream ends the connection
        for (const Message &m : *messages) {
            if (m.payload.size() > kLimit)
                std::abort();
            if (quint8(m.opcode) >= 0x8 && m.payload.size() > 125)
                std::abort();
            if (m.opcode == Opcode::Continuation)
                std::abort();
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    if (size < 1)
        return 0;
    const QByteArrayView input(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    if (data[0] % 2 == 0)
        upgradeAnswer(input);
    else
        frames(input);
    return 0;
}
