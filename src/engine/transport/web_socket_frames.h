#pragma once

#include "errors.h"

#include <QByteArray>
#include <QList>
#include <QUrl>
#include <optional>

// The client side of RFC 6455 as the WhatsApp server needs it, without Qt's WebSocket (whose TLS socket costs
// about 100 KiB per idle connection, docs/architecture.md "Memory per number"): the opening handshake, masked
// frames out, and a bounds-checked reader for the server's frames. No extensions are offered, so none may be
// used.
namespace balcao::websocket {

enum class Opcode : quint8 {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA
};

// The largest message accepted from the server (a history blob notification is far below it).
constexpr qsizetype kMaxMessageBytes = 16 * 1024 * 1024;
// The largest upgrade answer accepted before its blank line.
constexpr qsizetype kMaxHeaderBytes = 16 * 1024;

// One whole frame from us: FIN set, the payload masked with `maskKey` (RFC 6455 §5.3).
QByteArray encodeClientFrame(Opcode opcode, QByteArrayView payload, quint32 maskKey);

// The GET that asks the server to upgrade `url` (ws:// or wss://) to a WebSocket; `key` is the base64 of 16
// random bytes (Sec-WebSocket-Key).
QByteArray upgradeRequest(const QUrl &url, const QString &origin, const QByteArray &key);
// What the server must answer as Sec-WebSocket-Accept for `key`.
QByteArray acceptFor(const QByteArray &key);

// Reads the server's answer to the upgrade from the start of `bytes`: nullopt while its header is incomplete;
// the length of the header once it is a valid 101 for `key`; an error for anything else (a refusal names the
// status the server gave).
Result<std::optional<qsizetype>> parseUpgradeResponse(QByteArrayView bytes, const QByteArray &key);

// A whole message (fragments joined) or a control frame.
struct Message {
    Opcode opcode = Opcode::Binary;
    QByteArray payload;
};

// The server's frames as they come off the wire, in pieces of any size. Refuses what RFC 6455 forbids a
// server (masked frames, reserved bits, unknown opcodes, long or fragmented control frames, a continuation of
// nothing) and messages over the limit; after an error it stays failed. Keeps no memory between messages.
class FrameReader {
public:
    explicit FrameReader(qsizetype maxMessageBytes = kMaxMessageBytes)
        : m_maxMessageBytes(maxMessageBytes) { }

    Result<QList<Message>> feed(QByteArrayView bytes);

private:
    // Reads one frame at `at` of m_buffer: its length (0 when incomplete) and, when it ends a message, that
    // message.
    Result<qsizetype> readFrame(qsizetype at, QList<Message> &out);

    qsizetype m_maxMessageBytes;
    QByteArray m_buffer; // bytes not yet read as a whole frame
    std::optional<Opcode> m_fragmented; // the opcode of a message whose fragments are arriving
    QByteArray m_fragments;
    std::optional<Error> m_failed;
};

} // namespace balcao::websocket
