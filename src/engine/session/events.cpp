#include "events.h"

#include "overloaded.h"

#include <QJsonArray>
#include <array>

namespace balcao {

namespace {

constexpr std::array kSessionStatusNames
    = {"new", "pairing", "connecting", "connected", "reconnecting", "logged-out", "stopped"};
constexpr std::array kMessageStatusNames = {"pending", "sent", "delivered", "read", "played", "failed"};

template<typename Enum, std::size_t N>
std::optional<Enum> fromName(const std::array<const char *, N> &names, QStringView text) {
    for (std::size_t i = 0; i < N; ++i) {
        if (text == QLatin1String(names[i]))
            return Enum(i);
    }
    return std::nullopt;
}

} // namespace

QString sessionStatusName(SessionStatus status) {
    return QString::fromLatin1(kSessionStatusNames.at(std::size_t(status)));
}

std::optional<SessionStatus> sessionStatusFromString(QStringView text) {
    return fromName<SessionStatus>(kSessionStatusNames, text);
}

QString messageStatusName(MessageStatus status) {
    return QString::fromLatin1(kMessageStatusNames.at(std::size_t(status)));
}

std::optional<MessageStatus> messageStatusFromString(QStringView text) {
    return fromName<MessageStatus>(kMessageStatusNames, text);
}

QString eventName(const Event &event) {
    return std::visit(Overloaded {
                          [](const SessionEvent &) { return QStringLiteral("session"); },
                          [](const QrEvent &) { return QStringLiteral("qr"); },
                          [](const QrExpiredEvent &) { return QStringLiteral("qr.expired"); },
                          [](const PairingCodeEvent &) { return QStringLiteral("pairing-code"); },
                          [](const StatusEvent &) { return QStringLiteral("status"); },
                          [](const MessageEvent &) { return QStringLiteral("message"); },
                          [](const MessageStatusEvent &) { return QStringLiteral("message.status"); },
                          [](const MediaEvent &) { return QStringLiteral("message.media"); },
                          [](const ChatEvent &) { return QStringLiteral("chat"); },
                          [](const ChatMergedEvent &) { return QStringLiteral("chat.merged"); },
                          [](const CallEvent &) { return QStringLiteral("call"); },
                          [](const ErrorEvent &) { return QStringLiteral("error"); },
                      },
        event);
}

namespace { } // namespace

QJsonObject mediaJson(const MediaInfo &m) {
    QJsonObject o {{QStringLiteral("mimetype"), m.mimetype}, {QStringLiteral("size"), qint64(m.fileLength)}};
    if (!m.fileName.isEmpty())
        o.insert(QStringLiteral("fileName"), m.fileName);
    if (m.width > 0 && m.height > 0) {
        o.insert(QStringLiteral("width"), qint64(m.width));
        o.insert(QStringLiteral("height"), qint64(m.height));
    }
    if (m.seconds > 0)
        o.insert(QStringLiteral("seconds"), qint64(m.seconds));
    if (m.pageCount > 0)
        o.insert(QStringLiteral("pages"), qint64(m.pageCount));
    if (m.voiceNote)
        o.insert(QStringLiteral("voiceNote"), true);
    if (m.animated)
        o.insert(QStringLiteral("animated"), true);
    if (m.gifPlayback)
        o.insert(QStringLiteral("gif"), true);
    if (!m.thumbnail.isEmpty())
        o.insert(QStringLiteral("thumbnail"), QString::fromLatin1(m.thumbnail.toBase64()));
    if (!m.waveform.isEmpty())
        o.insert(QStringLiteral("waveform"), QString::fromLatin1(m.waveform.toBase64()));
    if (m.fileSha256.size() == 32)
        o.insert(QStringLiteral("sha256"), QString::fromLatin1(m.fileSha256.toHex()));
    return o;
}

QJsonObject contentJson(const MessageContent &content) {
    QJsonObject o = std::visit(
        Overloaded {
            [](const std::monostate &) { return QJsonObject(); },
            [&content](const MediaPayload &p) {
                QJsonObject o {{QStringLiteral("media"), mediaJson(p.media)}};
                if (!content.text.isEmpty())
                    o.insert(QStringLiteral("caption"), content.text);
                return o;
            },
            [](const LocationPayload &p) {
                QJsonObject l {
                    {QStringLiteral("latitude"), p.latitude}, {QStringLiteral("longitude"), p.longitude}};
                if (!p.name.isEmpty())
                    l.insert(QStringLiteral("name"), p.name);
                if (!p.address.isEmpty())
                    l.insert(QStringLiteral("address"), p.address);
                if (p.live)
                    l.insert(QStringLiteral("live"), true);
                return QJsonObject {{QStringLiteral("location"), l}};
            },
            [](const ContactCardPayload &p) {
                return QJsonObject {{QStringLiteral("contact"),
                    QJsonObject {
                        {QStringLiteral("name"), p.displayName}, {QStringLiteral("vcard"), p.vcard}}}};
            },
            [](const ReactionPayload &p) {
                return QJsonObject {
                    {QStringLiteral("reaction"), QJsonObject {{QStringLiteral("to"), p.targetId}}}};
            },
            [](const EditPayload &p) {
                return QJsonObject {{QStringLiteral("edit"),
                    QJsonObject {{QStringLiteral("of"), p.targetId}, {QStringLiteral("text"), p.newText}}}};
            },
            [](const RevokePayload &p) {
                return QJsonObject {
                    {QStringLiteral("revoke"), QJsonObject {{QStringLiteral("of"), p.targetId}}}};
            },
            [](const CallPayload &p) {
                return QJsonObject {{QStringLiteral("call"),
                    QJsonObject {{QStringLiteral("video"), p.video}, {QStringLiteral("outcome"), p.outcome},
                        {QStringLiteral("seconds"), qint64(p.seconds)}}}};
            },
            [](const NoticePayload &p) {
                return QJsonObject {{QStringLiteral("notice"),
                    QJsonObject {{QStringLiteral("code"), p.code},
                        {QStringLiteral("arguments"), QJsonArray::fromStringList(p.arguments)}}}};
            },
        },
        content.payload);
    if (content.replyTo) {
        o.insert(QStringLiteral("replyTo"),
            QJsonObject {{QStringLiteral("id"), content.replyTo->messageId},
                {QStringLiteral("participant"), content.replyTo->participant},
                {QStringLiteral("type"), messageKindName(content.replyTo->kind)},
                {QStringLiteral("text"), content.replyTo->text}});
    }
    if (!content.mentions.isEmpty())
        o.insert(QStringLiteral("mentions"), QJsonArray::fromStringList(content.mentions));
    if (content.forwarded)
        o.insert(QStringLiteral("forwarded"), true);
    if (content.forwardingScore > 0)
        o.insert(QStringLiteral("forwardingScore"), qint64(content.forwardingScore));
    if (content.viewOnce)
        o.insert(QStringLiteral("viewOnce"), true);
    return o;
}

QJsonObject messageJson(const MessageEvent &m) {
    QJsonObject o {{QStringLiteral("chat"), m.chat}, {QStringLiteral("id"), m.id},
        {QStringLiteral("from"), m.from}, {QStringLiteral("fromMe"), m.fromMe},
        {QStringLiteral("timestamp"), m.timestamp}, {QStringLiteral("type"), m.type},
        {QStringLiteral("text"), m.text}};
    if (!m.pushName.isEmpty())
        o.insert(QStringLiteral("pushName"), m.pushName);
    if (m.fromMe)
        o.insert(QStringLiteral("status"), messageStatusName(m.status));
    if (const QJsonObject content = contentJson(m.content); !content.isEmpty())
        o.insert(QStringLiteral("content"), content);
    if (!m.phone.isEmpty())
        o.insert(QStringLiteral("phone"), m.phone);
    if (!m.lid.isEmpty())
        o.insert(QStringLiteral("lid"), m.lid);
    return o;
}

QJsonObject toJson(const Event &event, qint64 timestampMs) {
    QJsonObject o = std::visit(
        Overloaded {
            [](const SessionEvent &e) {
                QJsonObject o {{QStringLiteral("session"), e.session}, {QStringLiteral("name"), e.name},
                    {QStringLiteral("status"), sessionStatusName(e.status)}};
                if (e.removed)
                    o.insert(QStringLiteral("removed"), true);
                if (!e.requestId.isEmpty())
                    o.insert(QStringLiteral("requestId"), e.requestId);
                return o;
            },
            [](const QrEvent &e) {
                return QJsonObject {{QStringLiteral("session"), e.session}, {QStringLiteral("qr"), e.qr},
                    {QStringLiteral("expiresAt"), e.expiresAtMs}};
            },
            [](const QrExpiredEvent &e) {
                return QJsonObject {{QStringLiteral("session"), e.session}};
            },
            [](const PairingCodeEvent &e) {
                return QJsonObject {{QStringLiteral("session"), e.session}, {QStringLiteral("code"), e.code},
                    {QStringLiteral("phone"), e.phone}};
            },
            [](const StatusEvent &e) {
                QJsonObject o {{QStringLiteral("session"), e.session},
                    {QStringLiteral("status"), sessionStatusName(e.status)}, {QStringLiteral("jid"), e.jid},
                    {QStringLiteral("reason"), e.reason}};
                if (e.status == SessionStatus::Reconnecting) {
                    o.insert(QStringLiteral("attempt"), e.attempt);
                    o.insert(QStringLiteral("nextTry"), e.nextTryMs);
                }
                if (!e.code.isEmpty())
                    o.insert(QStringLiteral("code"), e.code);
                if (e.untilMs > 0)
                    o.insert(QStringLiteral("until"), e.untilMs);
                return o;
            },
            [](const MessageEvent &e) {
                QJsonObject o = messageJson(e);
                o.insert(QStringLiteral("session"), e.session);
                return o;
            },
            [](const MessageStatusEvent &e) {
                QJsonObject o {{QStringLiteral("session"), e.session}, {QStringLiteral("chat"), e.chat},
                    {QStringLiteral("id"), e.id}, {QStringLiteral("status"), messageStatusName(e.status)}};
                if (!e.reason.isEmpty())
                    o.insert(QStringLiteral("reason"), e.reason);
                return o;
            },
            [](const MediaEvent &e) {
                QJsonObject o {{QStringLiteral("session"), e.session}, {QStringLiteral("chat"), e.chat},
                    {QStringLiteral("id"), e.id}, {QStringLiteral("state"), e.state}};
                if (!e.path.isEmpty())
                    o.insert(QStringLiteral("path"), e.path);
                if (e.state == QLatin1String("downloading") || e.received > 0) {
                    o.insert(QStringLiteral("received"), e.received);
                    o.insert(QStringLiteral("total"), e.total);
                }
                if (!e.code.isEmpty()) {
                    o.insert(QStringLiteral("code"), e.code);
                    o.insert(QStringLiteral("reason"), e.reason);
                }
                return o;
            },
            [](const ChatEvent &e) {
                QJsonObject o {{QStringLiteral("session"), e.session}, {QStringLiteral("chat"), e.chat},
                    {QStringLiteral("name"), e.name}, {QStringLiteral("unread"), e.unread}};
                if (!e.phone.isEmpty())
                    o.insert(QStringLiteral("phone"), e.phone);
                if (!e.lid.isEmpty())
                    o.insert(QStringLiteral("lid"), e.lid);
                if (e.lastMessage)
                    o.insert(QStringLiteral("lastMessage"), messageJson(*e.lastMessage));
                return o;
            },
            [](const ChatMergedEvent &e) {
                return QJsonObject {{QStringLiteral("session"), e.session}, {QStringLiteral("from"), e.from},
                    {QStringLiteral("to"), e.to}};
            },
            [](const CallEvent &e) {
                return QJsonObject {{QStringLiteral("session"), e.session}, {QStringLiteral("chat"), e.chat},
                    {QStringLiteral("from"), e.from}, {QStringLiteral("callId"), e.callId},
                    {QStringLiteral("video"), e.video}, {QStringLiteral("status"), e.status},
                    {QStringLiteral("timestamp"), e.timestamp}};
            },
            [](const ErrorEvent &e) {
                QJsonObject o {{QStringLiteral("code"), e.code}, {QStringLiteral("message"), e.message}};
                if (!e.session.isEmpty())
                    o.insert(QStringLiteral("session"), e.session);
                if (!e.requestId.isEmpty())
                    o.insert(QStringLiteral("requestId"), e.requestId);
                return o;
            },
        },
        event);
    o.insert(QStringLiteral("event"), eventName(event));
    o.insert(QStringLiteral("ts"), timestampMs);
    return o;
}

} // namespace balcao
