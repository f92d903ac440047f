#pragma once

#include "errors.h"
#include "media/media_folder.h"
#include "messaging/message_content.h"

#include <QString>

// A file someone attaches (window, API, headless runner), made into what is queued: its kind decided from
// its content, never from its name or a claimed type (a PNG named .pdf goes as the photo it is; a file that
// is no picture goes as a document, never as a broken photo), photos scaled with their thumbnail, voice notes
// measured with their waveform, sizes checked against WhatsApp's limits, and the file kept in the media
// folder under its hash, where the outbox uploads it from.
namespace balcao {

struct AttachmentRequest {
    // What the sender asks for: empty (decide from the content), "image", "video", "audio", "ptt" (a voice
    // note), "document" or "sticker". A document stays a document; other wishes are followed only when the
    // content allows them.
    QString kind;
    QString fileName; // the name people see for a document; the source's own name when empty
    QString caption;
};

// invalid-argument for an unknown kind or an unreadable file; media-too-large beyond WhatsApp's limits.
Result<MessageContent> prepareAttachment(
    const QString &sourcePath, const AttachmentRequest &request, const MediaFolder &folder);

} // namespace balcao
