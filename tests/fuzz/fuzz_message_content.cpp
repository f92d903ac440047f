// libFuzzer target for a decrypted message's plaintext (docs/protocol.md §10.5, §16): WhatsApp's pad, then
// the Message protobuf and every wrapper readMessage opens, and the stored form of what it reads
// (content_codec), and (issue 17) the media-message fields encoded again as we would send them. The first
// input byte says whether the rest is padded (as it comes out of Signal), a bare Message, or (bit 1) a stored
// content record. Seeds: corpus/message_content/, the Message encodings of messaging.json (Baileys 6.17.16's
// own).
#include <cstdint>
#include <cstdlib>
#include <messaging/content_codec.h>
#include <messaging/media_message.h>
#include <messaging/message_content.h>
#include <messaging/outgoing_content.h>
#include <messaging/padding.h>

using namespace balcao;

namespace {

// What the stores write must read back to the same record.
void keep(const MessageContent &content) {
    const QByteArray stored = content_codec::encode(content);
    auto back = content_codec::decode(stored);
    if (!back || content_codec::encode(*back) != stored)
        std::abort();
}

void read(QByteArrayView bytes) {
    auto content = readMessage(bytes);
    if (!content)
        return;
    keep(storableContent(*content));
    // Unknown kinds still get something to show; a text never does.
    if (content->kind == MessageKind::Unknown && content->placeholder.isEmpty())
        std::abort();
    if (messageKindName(content->kind).isEmpty())
        std::abort();
    // A file, place or card we could send again (forwarding) encodes to what reads back as the same content:
    // the media-message fields survive the round trip, whatever the sender put in them.
    const MessageContent kept = storableContent(*content);
    if (media_message::check(kept) && !media_message::needsUpload(kept)) {
        auto encoded = encodeOutgoing(kept);
        if (!encoded)
            std::abort();
        auto again = readMessage(*encoded);
        if (!again || again->kind != kept.kind)
            std::abort();
        if (std::holds_alternative<MediaPayload>(kept.payload)
            && storableContent(*again).payload != kept.payload)
            std::abort();
    }
    // What we forward to our own devices must be readable again, as the same content.
    if (content->kind == MessageKind::Text && !content->isDeviceSent) {
        auto wrapped = encodeDeviceSentMessage(QStringLiteral("5511900000002@s.whatsapp.net"), bytes);
        if (!wrapped)
            std::abort();
        auto again = readMessage(*wrapped);
        if (!again || !again->isDeviceSent || again->text != content->text)
            std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    if (size == 0)
        return 0;
    const QByteArrayView input(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    if (data[0] & 2) {
        // A stored content from a damaged or hostile database: refused or read, never a crash.
        if (auto decoded = content_codec::decode(input))
            keep(*decoded);
        return 0;
    }
    if (data[0] & 1) {
        auto unpadded = padding::unpad(input);
        if (unpadded) {
            if (unpadded->size() >= input.size())
                std::abort();
            read(*unpadded);
        }
    } else {
        read(input);
    }
    return 0;
}
