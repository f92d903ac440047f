#pragma once

#include "errors.h"
#include "messaging/message_content.h"

#include <QByteArray>

// A message's content as the stores keep it (the `content` column, migration 08): CBOR with small integer
// keys, versioned, so that later kinds and fields add keys without a migration of the rows. What only matters
// while a message is handled (protocol details, sender keys, the device-sent wrapper) is not kept.
namespace balcao::content_codec {

QByteArray encode(const MessageContent &content);
// malformed-content for bytes that are not such a record (a damaged or foreign database row); nothing is
// guessed: the caller falls back to the row's type and text.
Result<MessageContent> decode(QByteArrayView bytes);

// The kind named by messageKindName(), Unknown for any other name.
MessageKind kindFromName(QStringView name);

} // namespace balcao::content_codec
