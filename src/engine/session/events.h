#pragma once

#include "messaging/message_content.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <optional>
#include <variant>

// The events a session emits (docs/architecture.md "Events and commands"). Plain value types, so
// they cross threads through queued signals; the same events drive the widgets, the headless runner, the
// API's WebSocket/SSE streams and webhooks. Their JSON keys are stable: outside tools rely on them.
namespace balcao {

enum class SessionStatus { New, Pairing, Connecting, Connected, Reconnecting, LoggedOut, Stopped };
enum class MessageStatus { Pending, Sent, Delivered, Read, Played, Failed };

QString sessionStatusName(SessionStatus status);
std::optional<SessionStatus> sessionStatusFromString(QStringView text);
QString messageStatusName(MessageStatus status);
std::optional<MessageStatus> messageStatusFromString(QStringView text);

struct SessionEvent {
    QString session;
    QString name;
    SessionStatus status = SessionStatus::New;
    bool removed = false; // the session was deleted with everything stored for it
    QString requestId {}; // the add-session request this answers, when the caller named one
};

struct QrEvent {
    QString session;
    QString qr;
    qint64 expiresAtMs = 0;
};

struct QrExpiredEvent {
    QString session;
};

struct PairingCodeEvent {
    QString session;
    QString code; // "ABCD-EFGH"
    QString phone;
};

struct StatusEvent {
    QString session;
    SessionStatus status = SessionStatus::New;
    QString jid;
    QString reason;
    int attempt = 0; // reconnecting: the attempt about to be made
    qint64 nextTryMs = 0; // reconnecting: when, in ms since epoch
    QString code {}; // stopped or logged out for a reason of the server's: its errors.h code
    qint64 untilMs = 0; // temporarily banned: when the ban ends, in ms since epoch
};

struct MessageEvent {
    QString session;
    QString chat;
    QString id;
    QString from;
    bool fromMe = false;
    qint64 timestamp = 0; // seconds since epoch, as WhatsApp stamps messages
    QString type; // "text", or the kind of a message shown as a placeholder ("image", …)
    QString text;
    QString pushName;
    MessageStatus status = MessageStatus::Pending; // for our own messages
    MessageContent content; // the typed content: payload, reply, mentions, flags
    QString phone {}; // a 1:1 chat's person: "+<digits>" and their LID, where known (docs/lid.md)
    QString lid {};
};

struct MessageStatusEvent {
    QString session;
    QString chat;
    QString id;
    MessageStatus status = MessageStatus::Pending;
    QString reason {}; // failed: why, for people
};

// A message's file on this computer (src/engine/media): "queued", "downloading" (`received` of `total`
// encrypted bytes, total 0 when unknown), "downloaded" (at `path`), or "failed" (`code` and `reason`).
struct MediaEvent {
    QString session;
    QString chat;
    QString id;
    QString state;
    QString path {};
    qint64 received = 0;
    qint64 total = 0;
    QString code {};
    QString reason {};
};

struct ChatEvent {
    QString session;
    QString chat;
    QString name;
    int unread = 0;
    std::optional<MessageEvent> lastMessage;
    QString phone {}; // as in MessageEvent
    QString lid {};
};

// Two chats turned out to be one person's (their LID and their phone number, docs/lid.md): `from` is gone,
// its messages and unread count are now in `to`. Integrators keyed by chat id re-key `from` to `to`.
struct ChatMergedEvent {
    QString session;
    QString from;
    QString to;
};

// A call to one of our numbers (a companion cannot take it; the phone rings): offered, accepted elsewhere,
// rejected by the number's policy, or missed.
struct CallEvent {
    QString session;
    QString chat; // the caller's chat
    QString from; // the caller
    QString callId;
    bool video = false;
    QString status; // "offer", "accepted", "rejected", "missed"
    qint64 timestamp = 0; // seconds
};

struct ErrorEvent {
    QString session; // empty when the error is not about one session (e.g. a malformed command)
    QString code;
    QString message;
    QString requestId {}; // the request that failed, when the caller named one
};

using Event = std::variant<SessionEvent, QrEvent, QrExpiredEvent, PairingCodeEvent, StatusEvent, MessageEvent,
    MessageStatusEvent, MediaEvent, ChatEvent, ChatMergedEvent, CallEvent, ErrorEvent>;

// The event's name as it appears in JSON ("qr", "message.status", …).
QString eventName(const Event &event);
// One JSON object with "event", "session" (when there is one) and "ts" (ms since epoch) plus the payload.
QJsonObject toJson(const Event &event, qint64 timestampMs);
// The payload of a message as it appears in "message" events and in query replies.
QJsonObject messageJson(const MessageEvent &message);
// A file's description as events and replies carry it (mimetype, size, name, dimensions, sha256 …).
QJsonObject mediaJson(const MediaInfo &media);
// What a message's content adds to that JSON beyond its type and text ("content": media details, location,
// reply, mentions, …); empty for a plain text. Media keys are not part of it.
QJsonObject contentJson(const MessageContent &content);

} // namespace balcao

Q_DECLARE_METATYPE(balcao::Event)
