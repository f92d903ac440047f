#pragma once

#include "errors.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace balcao {

// Splits the byte stream of a WhatsApp WebSocket into frames: a 3-byte big-endian length, then the
// payload (docs/protocol.md §1.2). A frame may span several WebSocket messages and one message may
// hold several frames. Lives in the session thread.
class FrameDecoder {
public:
    static constexpr qsizetype kMaxFrame = (1 << 24) - 1;

    // Appends bytes; returns the frames completed by them. A zero-length frame is refused: the protocol
    // never sends one, and accepting it would let a peer stall us with empty frames.
    Result<QList<QByteArray>> feed(QByteArrayView bytes);

    // Bytes held while waiting for the rest of a frame.
    qsizetype pendingBytes() const { return m_pending.size(); }

    // Prefixes a payload with its length; refuses payloads the 3-byte length cannot describe.
    static Result<QByteArray> encode(QByteArrayView payload);

private:
    QByteArray m_pending;
};

} // namespace balcao
