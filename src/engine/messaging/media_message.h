#pragma once

#include "errors.h"
#include "message_content.h"

#include <QByteArray>
#include <QString>

// The Message protobuf of what we send with a file, a place or a person (docs/protocol.md §13): image, video,
// audio or voice note, document, sticker (each once its file is uploaded), location and contact card. The
// fields are those Baileys 7's prepareWAMessageMedia and whatsmeow's examples fill in.
namespace balcao::media_message {

// The kinds sent with a file.
bool carriesFile(MessageKind kind);
// A content with a file that has not been uploaded yet (no direct path): the outbox uploads it first.
bool needsUpload(const MessageContent &content);

// Whether `content` (a file, location or contact card) can be queued: invalid-argument naming what is wrong
// (no file, no mimetype, a location off the globe, an empty vCard).
Result<void> check(const MessageContent &content);

// The Message for `content`; invalid-argument when its file is not uploaded yet.
Result<QByteArray> encode(const MessageContent &content);

// The `mediatype` a stanza's <enc> carries for this content ("image", "ptt", "vcard", …), or empty (texts and
// locations): the names whatsmeow's getMediaTypeFromMessage gives; a message with one is of type "media".
QString stanzaMediaType(const MessageContent &content);

} // namespace balcao::media_message
