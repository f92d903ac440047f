#pragma once

#include "messaging/call_policy.h"
#include "messaging/outgoing_content.h"

#include <QString>
#include <QStringList>
#include <variant>

// What the UI, the headless runner and the API ask of sessions (docs/architecture.md: add-session, link,
// stop, start, logout, delete, send, mark-read, and the queries). Plain values, validated before they are
// built.
namespace balcao {

enum class LinkMethod { Qr, Code };

struct AddSessionCommand {
    QString name;
};
struct LinkCommand {
    QString session;
    LinkMethod method = LinkMethod::Qr;
    QString phone; // normalised digits, for LinkMethod::Code
};
struct ListCommand { };
struct StartCommand {
    QString session;
};
struct StopCommand {
    QString session;
};
// Sets what the number does with calls (ring on the phone, or reject with an optional text).
struct SetCallsCommand {
    QString session;
    CallPolicy policy;
};
struct LogoutCommand {
    QString session;
};
struct DeleteCommand {
    QString session;
};
struct SendCommand {
    QString session;
    QString to; // a user JID ("5511900000002@s.whatsapp.net")
    MessageContent content; // what encodeOutgoing can send (messaging/outgoing_content.h)
    QString
        id; // the message id to use; empty = a new one. Lets a caller (the API) name the message up front.
};
// A file to send (a photo, voice note, document, …): made ready off the caller's thread by what the app
// installs (SessionManager::setAttachmentPreparer) — its kind decided from its content — then sent as a
// SendCommand with the same id.
struct SendFileCommand {
    QString session;
    QString to; // a user JID
    QString path; // the file on this computer
    QString kind; // empty (from the content), "image", "video", "audio", "ptt", "document" or "sticker"
    QString fileName; // what a document is called for the recipient (default: the file's own name)
    QString caption;
    QString id; // empty = a new one
    bool removeAfter = false; // the file is a temporary copy (an upload to the API): deleted once read
};
struct MarkReadCommand {
    QString session;
    QString chat;
};
// A voice note was listened to: its sender gets a "played" receipt.
struct MarkPlayedCommand {
    QString session;
    QString chat;
    QString id;
};
struct ChatsCommand {
    QString session;
};
struct MessagesCommand {
    static constexpr int kDefaultLimit = 50;
    static constexpr int kMaxLimit = 200;
    QString session;
    QString chat;
    int limit = kDefaultLimit;
    QString before; // message id; empty = the newest
};

// The session's messages whose text has every word of `query` (each as the start of a word; case and accents
// do not count), the newest first.
struct SearchCommand {
    static constexpr int kDefaultLimit = 50;
    static constexpr int kMaxLimit = MessagesCommand::kMaxLimit;
    static constexpr qsizetype kMaxQueryLength = 200;
    QString session;
    QString query;
    int limit = kDefaultLimit;
};

// Whether numbers are on WhatsApp and under which form (NumberCheck): answered by a NumbersReply.
struct CheckNumbersCommand {
    QString session;
    QStringList numbers;
};

// A message's file: where it is on this computer, or (download = true) fetch it now. Answered by a
// MediaReply; a download's progress and outcome follow as MediaEvents.
struct MediaCommand {
    QString session;
    QString chat;
    QString id;
    bool download = false;
};
using Command = std::variant<AddSessionCommand, LinkCommand, ListCommand, StartCommand, StopCommand,
    LogoutCommand, DeleteCommand, SendCommand, MarkReadCommand, ChatsCommand, MessagesCommand, SearchCommand,
    SetCallsCommand, CheckNumbersCommand, MediaCommand, SendFileCommand, MarkPlayedCommand>;

} // namespace balcao
