#include "message_content.h"

#include "proto/message.pb.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>
#include <limits>
#include <string>

namespace balcao {

namespace {

// Wrappers that only add a flag around another Message are opened this many levels deep at most; real
// messages nest one or two (deviceSentMessage around ephemeralMessage).
constexpr int kMaxWrapperDepth = 8;

// Field numbers of WAProto's Message and DeviceSentMessage, for writing the wrapper around verbatim bytes.
constexpr int kDeviceSentMessageField = 31;
constexpr int kDestinationJidField = 1;
constexpr int kInnerMessageField = 2;

QString fromStd(const std::string &text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QByteArray bytesOf(const std::string &bytes) {
    return QByteArray(bytes.data(), qsizetype(bytes.size()));
}

QByteArray serialize(const wa::Message &message) {
    return bytesOf(message.SerializeAsString());
}

// Writes a length-delimited field.
void writeBytesField(google::protobuf::io::CodedOutputStream &out, int field, QByteArrayView bytes) {
    out.WriteTag(google::protobuf::internal::WireFormatLite::MakeTag(
        field, google::protobuf::internal::WireFormatLite::WIRETYPE_LENGTH_DELIMITED));
    out.WriteVarint32(quint32(bytes.size()));
    out.WriteRaw(bytes.data(), int(bytes.size()));
}

ProtocolMessageInfo::Type protocolType(int raw) {
    using Type = ProtocolMessageInfo::Type;
    switch (raw) {
    case wa::Message_ProtocolMessage_Type_REVOKE:
        return Type::Revoke;
    case wa::Message_ProtocolMessage_Type_EPHEMERAL_SETTING:
        return Type::EphemeralSetting;
    case wa::Message_ProtocolMessage_Type_HISTORY_SYNC_NOTIFICATION:
        return Type::HistorySyncNotification;
    case wa::Message_ProtocolMessage_Type_APP_STATE_SYNC_KEY_SHARE:
        return Type::AppStateSyncKeyShare;
    case wa::Message_ProtocolMessage_Type_APP_STATE_SYNC_KEY_REQUEST:
        return Type::AppStateSyncKeyRequest;
    case wa::Message_ProtocolMessage_Type_MESSAGE_EDIT:
        return Type::MessageEdit;
    case wa::Message_ProtocolMessage_Type_LID_MIGRATION_MAPPING_SYNC:
        return Type::LidMigrationMappingSync;
    default:
        return Type::Other;
    }
}

ProtocolMessageInfo readProtocol(const wa::Message::ProtocolMessage &message) {
    ProtocolMessageInfo info;
    // An enum value this build does not know is kept by protobuf as an unknown field, so has_type() is
    // false for it; the raw number is then lost, which is fine: it is "Other" either way.
    info.rawType = message.has_type() ? int(message.type()) : -1;
    info.type = protocolType(info.rawType);
    info.targetMessageId = fromStd(message.key().id());
    if (message.has_history_sync_notification()) {
        const auto &notification = message.history_sync_notification();
        ProtocolMessageInfo::HistorySync sync;
        sync.syncType = int(notification.sync_type());
        sync.directPath = fromStd(notification.direct_path());
        sync.mediaKey = bytesOf(notification.media_key());
        sync.fileSha256 = bytesOf(notification.file_sha256());
        sync.fileEncSha256 = bytesOf(notification.file_enc_sha256());
        sync.fileLength = notification.file_length();
        sync.chunkOrder = notification.chunk_order();
        sync.progress = notification.progress();
        sync.originalMessageId = fromStd(notification.original_message_id());
        info.historySync = sync;
    }
    for (const auto &key : message.app_state_sync_key_share().keys()) {
        info.appStateKeys.append({bytesOf(key.key_id().key_id()), bytesOf(key.key_data().key_data()),
            qint64(key.key_data().timestamp())});
    }
    if (message.has_lid_migration_mapping_sync_message()) {
        wa::LIDMigrationMappingSyncPayload payload;
        const std::string &bytes = message.lid_migration_mapping_sync_message().encoded_mapping_payload();
        if (payload.ParseFromString(bytes)) {
            for (const auto &mapping : payload.pn_to_lid_mappings()) {
                if (mapping.pn() == 0 || mapping.assigned_lid() == 0)
                    continue;
                info.lidMappings.append({QString::number(mapping.assigned_lid()) + QStringLiteral("@lid"),
                    QString::number(mapping.pn()) + QStringLiteral("@s.whatsapp.net")});
            }
        }
    }
    info.encoded = bytesOf(message.SerializeAsString());
    return info;
}

// The Message inside a flag-only wrapper, or nullptr when `message` is not one.
const wa::Message *unwrapFlags(const wa::Message &message) {
    if (message.ephemeral_message().has_message())
        return &message.ephemeral_message().message();
    if (message.view_once_message().has_message())
        return &message.view_once_message().message();
    if (message.view_once_message_v2().has_message())
        return &message.view_once_message_v2().message();
    if (message.document_with_caption_message().has_message())
        return &message.document_with_caption_message().message();
    return nullptr;
}

template<typename Media> MediaInfo mediaInfo(const Media &m) {
    MediaInfo info;
    info.url = fromStd(m.url());
    info.directPath = fromStd(m.direct_path());
    info.mediaKey = bytesOf(m.media_key());
    info.fileSha256 = bytesOf(m.file_sha256());
    info.fileEncSha256 = bytesOf(m.file_enc_sha256());
    info.fileLength = m.file_length();
    info.mediaKeyTimestamp = m.media_key_timestamp();
    info.mimetype = fromStd(m.mimetype());
    return info;
}

MessageKind quotedKind(const wa::Message &quoted);

void readContext(const wa::ContextInfo &context, MessageContent &content) {
    for (const std::string &jid : context.mentioned_jid())
        content.mentions.append(fromStd(jid));
    content.forwarded = context.is_forwarded();
    content.forwardingScore = context.forwarding_score();
    if (!context.stanza_id().empty()) {
        ReplyContext reply;
        reply.messageId = fromStd(context.stanza_id());
        reply.participant = fromStd(context.participant());
        if (context.has_quoted_message()) {
            const wa::Message &quoted = context.quoted_message();
            reply.kind = quotedKind(quoted);
            if (quoted.has_conversation())
                reply.text = fromStd(quoted.conversation());
            else if (quoted.has_extended_text_message())
                reply.text = fromStd(quoted.extended_text_message().text());
            else if (quoted.has_image_message())
                reply.text = fromStd(quoted.image_message().caption());
            else if (quoted.has_video_message())
                reply.text = fromStd(quoted.video_message().caption());
            else if (quoted.has_document_message())
                reply.text = fromStd(quoted.document_message().file_name());
        }
        content.replyTo = reply;
    }
}

MessageKind quotedKind(const wa::Message &quoted) {
    if (quoted.has_conversation() || quoted.has_extended_text_message())
        return MessageKind::Text;
    if (quoted.has_image_message())
        return MessageKind::Image;
    if (quoted.has_video_message())
        return MessageKind::Video;
    if (quoted.has_audio_message())
        return MessageKind::Audio;
    if (quoted.has_document_message())
        return MessageKind::Document;
    if (quoted.has_sticker_message())
        return MessageKind::Sticker;
    if (quoted.has_contact_message())
        return MessageKind::Contact;
    if (quoted.has_location_message())
        return MessageKind::Location;
    return MessageKind::Unknown;
}

void describeMedia(const wa::Message &message, MessageContent &content) {
    auto media
        = [&content](MessageKind kind, const char *placeholder, const std::string &caption, MediaInfo info) {
              content.kind = kind;
              content.placeholder = QString::fromLatin1(placeholder);
              content.text = fromStd(caption);
              content.payload = MediaPayload {std::move(info)};
          };
    if (message.has_image_message()) {
        const auto &image = message.image_message();
        MediaInfo info = mediaInfo(image);
        info.width = image.width();
        info.height = image.height();
        info.thumbnail = bytesOf(image.jpeg_thumbnail());
        media(MessageKind::Image, "[image]", image.caption(), info);
        content.viewOnce = content.viewOnce || image.view_once();
        readContext(image.context_info(), content);
    } else if (message.has_video_message()) {
        const auto &video = message.video_message();
        MediaInfo info = mediaInfo(video);
        info.width = video.width();
        info.height = video.height();
        info.seconds = video.seconds();
        info.gifPlayback = video.gif_playback();
        info.thumbnail = bytesOf(video.jpeg_thumbnail());
        media(MessageKind::Video, "[video]", video.caption(), info);
        content.viewOnce = content.viewOnce || video.view_once();
        readContext(video.context_info(), content);
    } else if (message.has_audio_message()) {
        const auto &audio = message.audio_message();
        MediaInfo info = mediaInfo(audio);
        info.seconds = audio.seconds();
        info.voiceNote = audio.ptt();
        info.waveform = bytesOf(audio.waveform());
        media(MessageKind::Audio, audio.ptt() ? "[voice message]" : "[audio]", {}, info);
        readContext(audio.context_info(), content);
    } else if (message.has_document_message()) {
        const auto &document = message.document_message();
        MediaInfo info = mediaInfo(document);
        info.fileName = fromStd(document.file_name());
        info.pageCount = document.page_count();
        info.thumbnail = bytesOf(document.jpeg_thumbnail());
        media(MessageKind::Document, "[document]", document.caption(), info);
        readContext(document.context_info(), content);
    } else if (message.has_sticker_message()) {
        const auto &sticker = message.sticker_message();
        MediaInfo info = mediaInfo(sticker);
        info.width = sticker.width();
        info.height = sticker.height();
        info.animated = sticker.is_animated();
        media(MessageKind::Sticker, "[sticker]", {}, info);
        readContext(sticker.context_info(), content);
    }
}

void describeProtocol(const wa::Message::ProtocolMessage &message, MessageContent &content) {
    content.protocol = readProtocol(message);
    const auto &key = message.key();
    switch (content.protocol->type) {
    case ProtocolMessageInfo::Type::Revoke:
        content.kind = MessageKind::Revoke;
        content.placeholder = QStringLiteral("[deleted message]");
        content.payload = RevokePayload {fromStd(key.id()), fromStd(key.participant()), key.from_me()};
        return;
    case ProtocolMessageInfo::Type::MessageEdit: {
        content.kind = MessageKind::Edit;
        content.placeholder = QStringLiteral("[edited message]");
        const auto &edited = message.edited_message();
        const QString text = edited.has_extended_text_message()
            ? fromStd(edited.extended_text_message().text())
            : fromStd(edited.conversation());
        content.payload = EditPayload {fromStd(key.id()), text, message.timestamp_ms()};
        return;
    }
    default:
        content.kind = MessageKind::Protocol;
        content.placeholder = QStringLiteral("[protocol message]");
    }
}

void describe(const wa::Message &message, MessageContent &content) {
    if (message.has_conversation()) {
        content.kind = MessageKind::Text;
        content.text = fromStd(message.conversation());
    } else if (message.has_extended_text_message()) {
        content.kind = MessageKind::Text;
        content.text = fromStd(message.extended_text_message().text());
        readContext(message.extended_text_message().context_info(), content);
    } else if (message.has_image_message() || message.has_video_message() || message.has_audio_message()
        || message.has_document_message() || message.has_sticker_message()) {
        describeMedia(message, content);
    } else if (message.has_contact_message()) {
        const auto &contact = message.contact_message();
        content.kind = MessageKind::Contact;
        content.placeholder = QStringLiteral("[contact]");
        content.text = fromStd(contact.display_name());
        content.payload = ContactCardPayload {fromStd(contact.display_name()), fromStd(contact.vcard())};
        readContext(contact.context_info(), content);
    } else if (message.has_location_message()) {
        const auto &location = message.location_message();
        content.kind = MessageKind::Location;
        content.placeholder = QStringLiteral("[location]");
        content.text = fromStd(location.name());
        content.payload = LocationPayload {location.degrees_latitude(), location.degrees_longitude(),
            fromStd(location.name()), fromStd(location.address()), fromStd(location.url()),
            fromStd(location.comment()), location.is_live(), bytesOf(location.jpeg_thumbnail())};
        readContext(location.context_info(), content);
    } else if (message.has_reaction_message()) {
        const auto &reaction = message.reaction_message();
        content.kind = MessageKind::Reaction;
        content.placeholder = QStringLiteral("[reaction]");
        content.text = fromStd(reaction.text());
        content.payload = ReactionPayload {fromStd(reaction.key().id()), fromStd(reaction.key().remote_jid()),
            fromStd(reaction.key().participant()), reaction.key().from_me(), reaction.sender_timestamp_ms()};
    } else if (message.has_protocol_message()) {
        describeProtocol(message.protocol_message(), content);
    } else if (!content.senderKeyDistribution.isEmpty()) {
        content.kind = MessageKind::KeyDistribution;
    } else {
        content.kind = MessageKind::Unknown;
        content.placeholder = QStringLiteral("[unsupported message]");
    }
}

} // namespace

QString messageKindName(MessageKind kind) {
    switch (kind) {
    case MessageKind::Text:
        return QStringLiteral("text");
    case MessageKind::Image:
        return QStringLiteral("image");
    case MessageKind::Video:
        return QStringLiteral("video");
    case MessageKind::Audio:
        return QStringLiteral("audio");
    case MessageKind::Document:
        return QStringLiteral("document");
    case MessageKind::Sticker:
        return QStringLiteral("sticker");
    case MessageKind::Contact:
        return QStringLiteral("contact");
    case MessageKind::Location:
        return QStringLiteral("location");
    case MessageKind::Reaction:
        return QStringLiteral("reaction");
    case MessageKind::Edit:
        return QStringLiteral("edit");
    case MessageKind::Revoke:
        return QStringLiteral("revoke");
    case MessageKind::Call:
        return QStringLiteral("call");
    case MessageKind::Notice:
        return QStringLiteral("notice");
    case MessageKind::Protocol:
        return QStringLiteral("protocol");
    case MessageKind::KeyDistribution:
        return QStringLiteral("key-distribution");
    case MessageKind::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

const MediaInfo *mediaInfoOf(const MessageContent &content) {
    const auto *payload = std::get_if<MediaPayload>(&content.payload);
    return payload ? &payload->media : nullptr;
}

MessageContent storableContent(MessageContent content) {
    content.protocol.reset();
    content.isDeviceSent = false;
    content.destinationJid.clear();
    content.senderKeyGroupId.clear();
    content.senderKeyDistribution.clear();
    return content;
}

QByteArray encodeTextMessage(const QString &text, TextEncoding encoding) {
    wa::Message message;
    if (encoding == TextEncoding::Conversation)
        message.set_conversation(text.toStdString());
    else
        message.mutable_extended_text_message()->set_text(text.toStdString());
    return serialize(message);
}

QByteArray encodeTextMessage(const MessageContent &text) {
    if (!text.replyTo && text.mentions.isEmpty() && !text.forwarded)
        return encodeTextMessage(text.text);
    wa::Message message;
    auto *extended = message.mutable_extended_text_message();
    extended->set_text(text.text.toStdString());
    auto *context = extended->mutable_context_info();
    if (const auto &reply = text.replyTo) {
        context->set_stanza_id(reply->messageId.toStdString());
        if (!reply->participant.isEmpty())
            context->set_participant(reply->participant.toStdString());
        context->mutable_quoted_message()->set_conversation(reply->text.toStdString());
    }
    for (const QString &jid : text.mentions)
        context->add_mentioned_jid(jid.toStdString());
    if (text.forwarded) {
        context->set_is_forwarded(true);
        context->set_forwarding_score(qMax<quint32>(1, text.forwardingScore));
    }
    return serialize(message);
}

Result<QByteArray> encodeDeviceSentMessage(const QString &destinationJid, QByteArrayView message) {
    if (destinationJid.isEmpty())
        return makeError(
            errc::kInvalidArgument, QStringLiteral("A deviceSentMessage needs a destination JID."));
    wa::Message check;
    if (message.size() > std::numeric_limits<int>::max() / 2
        || !check.ParseFromArray(message.data(), int(message.size())))
        return makeError(
            errc::kMalformedProtobuf, QStringLiteral("The message to wrap is not a Message protobuf."));

    // The inner message goes in verbatim, so our other devices get exactly the bytes the recipient gets.
    const QByteArray jid = destinationJid.toUtf8();
    std::string inner;
    {
        google::protobuf::io::StringOutputStream stream(&inner);
        google::protobuf::io::CodedOutputStream out(&stream);
        writeBytesField(out, kDestinationJidField, jid);
        writeBytesField(out, kInnerMessageField, message);
    }
    std::string outer;
    {
        google::protobuf::io::StringOutputStream stream(&outer);
        google::protobuf::io::CodedOutputStream out(&stream);
        writeBytesField(out, kDeviceSentMessageField, QByteArrayView(inner.data(), qsizetype(inner.size())));
    }
    return bytesOf(outer);
}

Result<MessageContent> readMessage(QByteArrayView bytes) {
    wa::Message message;
    if (bytes.size() > std::numeric_limits<int>::max()
        || !message.ParseFromArray(bytes.data(), int(bytes.size()))) {
        return makeError(errc::kMalformedProtobuf,
            QStringLiteral("The decrypted message (%1 bytes) is not a Message protobuf.").arg(bytes.size()));
    }
    MessageContent content;
    const wa::Message *current = &message;
    for (int depth = 0; depth <= kMaxWrapperDepth; ++depth) {
        if (current->has_sender_key_distribution_message() && content.senderKeyDistribution.isEmpty()) {
            const auto &distribution = current->sender_key_distribution_message();
            content.senderKeyGroupId = fromStd(distribution.group_id());
            content.senderKeyDistribution = bytesOf(distribution.axolotl_sender_key_distribution_message());
        }
        if (depth == kMaxWrapperDepth)
            break;
        if (current->has_device_sent_message()) {
            const auto &sent = current->device_sent_message();
            content.isDeviceSent = true;
            content.destinationJid = fromStd(sent.destination_jid());
            if (!sent.has_message())
                break;
            current = &sent.message();
            continue;
        }
        const wa::Message *inner = unwrapFlags(*current);
        if (!inner)
            break;
        content.viewOnce
            = content.viewOnce || current->has_view_once_message() || current->has_view_once_message_v2();
        current = inner;
    }
    describe(*current, content);
    return content;
}

} // namespace balcao
