#include "media_message.h"

#include "proto/message.pb.h"

#include <cmath>

namespace balcao::media_message {

namespace {

// A vCard bigger than this is not a contact card (WhatsApp's are a few hundred bytes).
constexpr qsizetype kMaxVcardBytes = 64 * 1024;

std::string std8(const QString &text) {
    return text.toStdString();
}
std::string bytes(const QByteArray &data) {
    return std::string(data.constData(), size_t(data.size()));
}

Error invalid(const QString &why) {
    return makeError(errc::kInvalidArgument, why);
}

// The fields every file carries, set on any of the protobuf's media messages.
template<typename M> void setFile(M *m, const MediaInfo &info) {
    m->set_url(std8(info.url));
    m->set_direct_path(std8(info.directPath));
    m->set_media_key(bytes(info.mediaKey));
    m->set_file_sha256(bytes(info.fileSha256));
    m->set_file_enc_sha256(bytes(info.fileEncSha256));
    m->set_file_length(info.fileLength);
    m->set_media_key_timestamp(info.mediaKeyTimestamp);
    m->set_mimetype(std8(info.mimetype));
}

template<typename M> void setSize(M *m, const MediaInfo &info) {
    if (info.width)
        m->set_width(info.width);
    if (info.height)
        m->set_height(info.height);
}

} // namespace

bool carriesFile(MessageKind kind) {
    switch (kind) {
    case MessageKind::Image:
    case MessageKind::Video:
    case MessageKind::Audio:
    case MessageKind::Document:
    case MessageKind::Sticker:
        return true;
    default:
        return false;
    }
}

bool needsUpload(const MessageContent &content) {
    const MediaInfo *media = mediaInfoOf(content);
    return carriesFile(content.kind) && media && media->directPath.isEmpty();
}

Result<void> check(const MessageContent &content) {
    if (carriesFile(content.kind)) {
        const MediaInfo *media = mediaInfoOf(content);
        if (!media || media->fileSha256.size() != 32 || media->fileLength == 0)
            return invalid(QStringLiteral("A %1 needs its file.").arg(messageKindName(content.kind)));
        if (media->mimetype.isEmpty() || media->mimetype.size() > 255)
            return invalid(QStringLiteral("A file needs its type (mimetype)."));
        if (content.kind == MessageKind::Audio || content.kind == MessageKind::Sticker) {
            if (!content.text.isEmpty())
                return invalid(
                    QStringLiteral("A %1 cannot have a caption.").arg(messageKindName(content.kind)));
        }
        return {};
    }
    if (content.kind == MessageKind::Location) {
        const auto *place = std::get_if<LocationPayload>(&content.payload);
        if (!place || !std::isfinite(place->latitude) || !std::isfinite(place->longitude)
            || std::abs(place->latitude) > 90 || std::abs(place->longitude) > 180)
            return invalid(
                QStringLiteral("A location needs a latitude (-90 to 90) and a longitude (-180 to 180)."));
        return {};
    }
    if (content.kind == MessageKind::Contact) {
        const auto *card = std::get_if<ContactCardPayload>(&content.payload);
        if (!card || !card->vcard.startsWith(QLatin1String("BEGIN:VCARD"), Qt::CaseInsensitive)
            || card->vcard.toUtf8().size() > kMaxVcardBytes)
            return invalid(
                QStringLiteral("A contact card needs a vCard (BEGIN:VCARD … END:VCARD, at most 64 KiB)."));
        if (card->displayName.trimmed().isEmpty())
            return invalid(QStringLiteral("A contact card needs the contact's name."));
        return {};
    }
    return makeError(errc::kUnsupported,
        QStringLiteral("A message of kind \"%1\" cannot be sent yet.").arg(messageKindName(content.kind)));
}

Result<QByteArray> encode(const MessageContent &content) {
    if (auto ok = check(content); !ok)
        return ok.error();
    if (needsUpload(content))
        return invalid(QStringLiteral("The file has not been uploaded yet."));
    wa::Message message;
    const MediaInfo *media = mediaInfoOf(content);
    switch (content.kind) {
    case MessageKind::Image: {
        auto *m = message.mutable_image_message();
        setFile(m, *media);
        if (!content.text.isEmpty())
            m->set_caption(std8(content.text));
        setSize(m, *media);
        if (!media->thumbnail.isEmpty())
            m->set_jpeg_thumbnail(bytes(media->thumbnail));
        break;
    }
    case MessageKind::Video: {
        auto *m = message.mutable_video_message();
        setFile(m, *media);
        if (!content.text.isEmpty())
            m->set_caption(std8(content.text));
        m->set_seconds(media->seconds);
        setSize(m, *media);
        if (media->gifPlayback)
            m->set_gif_playback(true);
        if (!media->thumbnail.isEmpty())
            m->set_jpeg_thumbnail(bytes(media->thumbnail));
        break;
    }
    case MessageKind::Audio: {
        auto *m = message.mutable_audio_message();
        setFile(m, *media);
        m->set_seconds(media->seconds);
        if (media->voiceNote)
            m->set_ptt(true);
        if (!media->waveform.isEmpty())
            m->set_waveform(bytes(media->waveform));
        break;
    }
    case MessageKind::Document: {
        auto *m = message.mutable_document_message();
        setFile(m, *media);
        if (!media->fileName.isEmpty()) {
            m->set_file_name(std8(media->fileName));
            m->set_title(std8(media->fileName));
        }
        if (media->pageCount)
            m->set_page_count(media->pageCount);
        if (!media->thumbnail.isEmpty())
            m->set_jpeg_thumbnail(bytes(media->thumbnail));
        if (!content.text.isEmpty()) {
            // A document with a caption travels wrapped, as WhatsApp's apps send it.
            m->set_caption(std8(content.text));
            wa::Message wrapped;
            *wrapped.mutable_document_with_caption_message()->mutable_message() = message;
            return QByteArray::fromStdString(wrapped.SerializeAsString());
        }
        break;
    }
    case MessageKind::Sticker: {
        auto *m = message.mutable_sticker_message();
        setFile(m, *media);
        setSize(m, *media);
        if (media->animated)
            m->set_is_animated(true);
        break;
    }
    case MessageKind::Location: {
        const auto &place = std::get<LocationPayload>(content.payload);
        auto *m = message.mutable_location_message();
        m->set_degrees_latitude(place.latitude);
        m->set_degrees_longitude(place.longitude);
        if (!place.name.isEmpty())
            m->set_name(std8(place.name));
        if (!place.address.isEmpty())
            m->set_address(std8(place.address));
        if (!place.url.isEmpty())
            m->set_url(std8(place.url));
        break;
    }
    case MessageKind::Contact: {
        const auto &card = std::get<ContactCardPayload>(content.payload);
        auto *m = message.mutable_contact_message();
        m->set_display_name(std8(card.displayName));
        m->set_vcard(std8(card.vcard));
        break;
    }
    default:
        break;
    }
    return QByteArray::fromStdString(message.SerializeAsString());
}

QString stanzaMediaType(const MessageContent &content) {
    const MediaInfo *media = mediaInfoOf(content);
    switch (content.kind) {
    case MessageKind::Image:
        return QStringLiteral("image");
    case MessageKind::Video:
        return media && media->gifPlayback ? QStringLiteral("gif") : QStringLiteral("video");
    case MessageKind::Audio:
        return media && media->voiceNote ? QStringLiteral("ptt") : QStringLiteral("audio");
    case MessageKind::Document:
        return QStringLiteral("document");
    case MessageKind::Sticker:
        return QStringLiteral("sticker");
    case MessageKind::Contact:
        return QStringLiteral("vcard");
    default: // a location too: whatsmeow names no media type for it (Baileys only for a live one)
        return {};
    }
}

} // namespace balcao::media_message
