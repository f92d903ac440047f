#pragma once

#include "message_content.h"

#include <errors.h>

// What Balcão can send, and its bytes on the wire. A content arrives typed from the command that asked for
// it; anything this build cannot put on the wire yet is refused before it reaches the outbox, so no message
// is queued that could never go out (or would go out missing what the user asked for).
namespace balcao {

// A plain text.
MessageContent textContent(const QString &text);

// Whether `content` can be queued: a text as encodeOutgoing takes it, or a file (possibly not uploaded yet),
// a location or a contact card that media_message::check accepts.
Result<void> checkOutgoing(const MessageContent &content);

// The Message protobuf for `content`, before padding (files, locations and cards: media_message::encode): a
// plain text as `conversation`; a text that replies to a text, mentions someone or is forwarded as
// `extendedTextMessage` with its contextInfo (docs/protocol.md §10). unsupported for any other kind, a reply
// to something that is not a text, or view-once, with a message naming what cannot be sent; invalid-argument
// for a text without text.
Result<QByteArray> encodeOutgoing(const MessageContent &content);

} // namespace balcao
