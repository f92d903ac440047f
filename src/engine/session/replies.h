#pragma once

#include "events.h"
#include "messaging/number_check.h"
#include "session_directory.h"

#include <QList>
#include <QMetaType>
#include <variant>

// What a command answers its caller, as values (docs/architecture.md "Events and commands"): the window
// reads them as they are; the headless runner, the API and the streams turn them into JSON at the edge
// (reply_json.h). A command that fails answers with its Error instead, wherever the failure arose.
namespace balcao {

// The command was carried out, or started where its outcome comes as events (start, stop, logout, a QR link).
struct Done { };
struct SessionsReply {
    QList<SessionRecord> sessions; // in the order they were added, with their last known status
};
struct SessionCreated {
    SessionRecord record;
};
struct SessionDeleted {
    QString session;
};
// A text is in the outbox (status pending); its statuses follow as events.
struct MessageQueued {
    MessageEvent message;
};
struct PairingCodeReply {
    QString session;
    QString code; // "ABCD-EFGH"
    QString phone;
};
struct ChatsReply {
    QString session;
    QList<ChatEvent> chats;
};
struct MessagesReply {
    QString session;
    QString chat;
    QList<MessageEvent> messages; // oldest first
};
struct SearchReply {
    QString session;
    QString query;
    QList<MessageEvent> messages; // newest first
};

// The number check's answer, in the order the numbers were given.
struct NumbersReply {
    QString session;
    QList<NumberResult> results;
};

// A message's file: what it is and whether it is here ("downloaded", with its path), coming down
// ("downloading"), or not fetched yet ("not-downloaded").
struct MediaReply {
    QString session;
    QString chat;
    QString id;
    MessageKind kind = MessageKind::Unknown;
    MediaInfo media;
    QString state;
    QString path;
};

using Reply = std::variant<Done, SessionsReply, SessionCreated, SessionDeleted, MessageQueued,
    PairingCodeReply, ChatsReply, MessagesReply, SearchReply, NumbersReply, MediaReply, Error>;

} // namespace balcao

Q_DECLARE_METATYPE(balcao::Reply)
