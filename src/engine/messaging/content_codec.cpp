#include "content_codec.h"

#include "overloaded.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>

namespace balcao::content_codec {

namespace {

constexpr int kVersion = 1;
constexpr qsizetype kMaxBytes = 4 * 1024 * 1024; // a thumbnail or two and some text; more is not ours

// QCborValue::toInteger() converts a double with a plain cast, which is undefined for values out of range;
// every integer we write is a CBOR integer, so anything else reads as zero.
qint64 integerOf(const QCborValue &v) {
    return v.isInteger() ? v.toInteger() : 0;
}

// Top-level keys.
enum Key : int {
    Version = 0,
    Kind = 1,
    Text = 2,
    Placeholder = 3,
    Payload = 4,
    ReplyTo = 5,
    Mentions = 6,
    Forwarded = 7,
    ForwardingScore = 8,
    ViewOnce = 9,
};

QCborMap mediaMap(const MediaInfo &m) {
    return QCborMap {{0, m.url}, {1, m.directPath}, {2, m.mediaKey}, {3, m.fileSha256}, {4, m.fileEncSha256},
        {5, qint64(m.fileLength)}, {6, m.mediaKeyTimestamp}, {7, m.mimetype}, {8, m.fileName}, {9, m.width},
        {10, m.height}, {11, m.seconds}, {12, m.pageCount}, {13, m.voiceNote}, {14, m.animated},
        {15, m.gifPlayback}, {16, m.thumbnail}, {17, m.waveform}};
}

MediaInfo mediaFrom(const QCborMap &m) {
    MediaInfo i;
    i.url = m.value(0).toString();
    i.directPath = m.value(1).toString();
    i.mediaKey = m.value(2).toByteArray();
    i.fileSha256 = m.value(3).toByteArray();
    i.fileEncSha256 = m.value(4).toByteArray();
    i.fileLength = quint64(qMax<qint64>(0, integerOf(m.value(5))));
    i.mediaKeyTimestamp = integerOf(m.value(6));
    i.mimetype = m.value(7).toString();
    i.fileName = m.value(8).toString();
    i.width = quint32(integerOf(m.value(9)));
    i.height = quint32(integerOf(m.value(10)));
    i.seconds = quint32(integerOf(m.value(11)));
    i.pageCount = quint32(integerOf(m.value(12)));
    i.voiceNote = m.value(13).toBool();
    i.animated = m.value(14).toBool();
    i.gifPlayback = m.value(15).toBool();
    i.thumbnail = m.value(16).toByteArray();
    i.waveform = m.value(17).toByteArray();
    return i;
}

QCborValue payloadValue(const ContentPayload &payload) {
    return std::visit(
        Overloaded {
            [](const std::monostate &) { return QCborValue(); },
            [](const MediaPayload &p) { return QCborValue(mediaMap(p.media)); },
            [](const LocationPayload &p) {
                return QCborValue(QCborMap {{0, p.latitude}, {1, p.longitude}, {2, p.name}, {3, p.address},
                    {4, p.url}, {5, p.comment}, {6, p.live}, {7, p.thumbnail}});
            },
            [](const ContactCardPayload &p) {
                return QCborValue(QCborMap {{0, p.displayName}, {1, p.vcard}});
            },
            [](const ReactionPayload &p) {
                return QCborValue(QCborMap {{0, p.targetId}, {1, p.targetChat}, {2, p.targetParticipant},
                    {3, p.targetFromMe}, {4, p.sentAtMs}});
            },
            [](const EditPayload &p) {
                return QCborValue(QCborMap {{0, p.targetId}, {1, p.newText}, {2, p.editedAtMs}});
            },
            [](const RevokePayload &p) {
                return QCborValue(QCborMap {{0, p.targetId}, {1, p.targetParticipant}, {2, p.targetFromMe}});
            },
            [](const CallPayload &p) {
                return QCborValue(QCborMap {{0, p.video}, {1, p.outcome}, {2, p.seconds}});
            },
            [](const NoticePayload &p) {
                return QCborValue(QCborMap {{0, p.code}, {1, QCborArray::fromStringList(p.arguments)}});
            },
        },
        payload);
}

ContentPayload payloadFrom(MessageKind kind, const QCborMap &m) {
    switch (kind) {
    case MessageKind::Image:
    case MessageKind::Video:
    case MessageKind::Audio:
    case MessageKind::Document:
    case MessageKind::Sticker:
        return MediaPayload {mediaFrom(m)};
    case MessageKind::Location:
        return LocationPayload {m.value(0).toDouble(), m.value(1).toDouble(), m.value(2).toString(),
            m.value(3).toString(), m.value(4).toString(), m.value(5).toString(), m.value(6).toBool(),
            m.value(7).toByteArray()};
    case MessageKind::Contact:
        return ContactCardPayload {m.value(0).toString(), m.value(1).toString()};
    case MessageKind::Reaction:
        return ReactionPayload {m.value(0).toString(), m.value(1).toString(), m.value(2).toString(),
            m.value(3).toBool(), integerOf(m.value(4))};
    case MessageKind::Edit:
        return EditPayload {m.value(0).toString(), m.value(1).toString(), integerOf(m.value(2))};
    case MessageKind::Revoke:
        return RevokePayload {m.value(0).toString(), m.value(1).toString(), m.value(2).toBool()};
    case MessageKind::Call:
        return CallPayload {m.value(0).toBool(), m.value(1).toString(), quint32(integerOf(m.value(2)))};
    case MessageKind::Notice: {
        QStringList arguments;
        for (const QCborValue &v : m.value(1).toArray())
            arguments.append(v.toString());
        return NoticePayload {m.value(0).toString(), arguments};
    }
    default:
        return std::monostate {};
    }
}

} // namespace

MessageKind kindFromName(QStringView name) {
    for (int k = int(MessageKind::Text); k <= int(MessageKind::Unknown); ++k) {
        if (messageKindName(MessageKind(k)) == name)
            return MessageKind(k);
    }
    return MessageKind::Unknown;
}

QByteArray encode(const MessageContent &content) {
    QCborMap map {{Version, kVersion}, {Kind, messageKindName(content.kind)}, {Text, content.text}};
    if (!content.placeholder.isEmpty())
        map.insert(Placeholder, content.placeholder);
    if (const QCborValue payload = payloadValue(content.payload); !payload.isUndefined())
        map.insert(Payload, payload);
    if (content.replyTo) {
        const ReplyContext &r = *content.replyTo;
        map.insert(ReplyTo,
            QCborMap {{0, r.messageId}, {1, r.participant}, {2, messageKindName(r.kind)}, {3, r.text}});
    }
    if (!content.mentions.isEmpty())
        map.insert(Mentions, QCborArray::fromStringList(content.mentions));
    if (content.forwarded)
        map.insert(Forwarded, true);
    if (content.forwardingScore > 0)
        map.insert(ForwardingScore, content.forwardingScore);
    if (content.viewOnce)
        map.insert(ViewOnce, true);
    return map.toCborValue().toCbor();
}

Result<MessageContent> decode(QByteArrayView bytes) {
    auto malformed = [](const QString &why) {
        return makeError(
            errc::kMalformedContent, QStringLiteral("A stored message content is damaged: %1.").arg(why));
    };
    if (bytes.size() > kMaxBytes)
        return malformed(QStringLiteral("%1 bytes is more than a message holds").arg(bytes.size()));
    QCborParserError error;
    const QCborValue value = QCborValue::fromCbor(bytes.toByteArray(), &error);
    if (error.error != QCborError::NoError)
        return malformed(error.errorString());
    if (!value.isMap())
        return malformed(QStringLiteral("not a map"));
    const QCborMap map = value.toMap();
    if (integerOf(map.value(Version)) != kVersion)
        return malformed(QStringLiteral("version %1 is not known").arg(integerOf(map.value(Version))));
    MessageContent content;
    content.kind = kindFromName(map.value(Kind).toString());
    content.text = map.value(Text).toString();
    content.placeholder = map.value(Placeholder).toString();
    if (map.contains(Payload)) {
        if (!map.value(Payload).isMap())
            return malformed(QStringLiteral("a payload that is not a map"));
        content.payload = payloadFrom(content.kind, map.value(Payload).toMap());
    }
    if (map.contains(ReplyTo)) {
        const QCborMap r = map.value(ReplyTo).toMap();
        content.replyTo = ReplyContext {r.value(0).toString(), r.value(1).toString(),
            kindFromName(r.value(2).toString()), r.value(3).toString()};
    }
    for (const QCborValue &jid : map.value(Mentions).toArray())
        content.mentions.append(jid.toString());
    content.forwarded = map.value(Forwarded).toBool();
    content.forwardingScore
        = quint32(qBound(qint64(0), integerOf(map.value(ForwardingScore)), qint64(1) << 30));
    content.viewOnce = map.value(ViewOnce).toBool();
    return content;
}

} // namespace balcao::content_codec
