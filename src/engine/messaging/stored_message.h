#pragma once

#include "errors.h"

#include <QList>
#include <QString>
#include <messaging/message_content.h>
#include <optional>
#include <session/events.h>

// What a session keeps of its messages, chats and contacts, as the stores read and write it
// (message_store.h, outbox_store.h, chat_store.h, contact_store.h), and the checks every implementation of
// those stores applies to its arguments.
namespace balcao {

// `type` of the placeholder kept for a message that could not be decrypted yet (Signal failure, or a group
// message whose sender key we lack). A later storeIncoming with the same id replaces it.
inline constexpr char kUndecryptableType[] = "undecryptable";
// Message ids are short (WhatsApp's are 16–32 characters); anything longer is not one.
inline constexpr qsizetype kMaxMessageIdLength = 128;
// The most rows one `messages` or `search` call returns (MessagesCommand::kMaxLimit, issue 5).
inline constexpr int kMaxPageSize = 200;

// One message as stored. `status` means something for our own messages only (fromMe); `unread` only for
// others' messages (it is cleared by markRead).
struct StoredMessage {
    QString chat; // chat JID: the other user, or the group
    QString id; // the message id, unique within its chat
    QString sender; // who wrote it: the other user, a group participant, or our own JID
    bool fromMe = false;
    qint64 timestamp = 0; // seconds since epoch, as WhatsApp stamps messages
    QString type; // "text", a placeholder kind ("image", …) or kUndecryptableType
    QString text;
    QString pushName; // the sender's display name as it came with the message
    MessageStatus status = MessageStatus::Pending;
    int retryCount = 0; // placeholders: how many times decryption failed (retry receipts sent)
    bool unread = false;
    // The typed content (kind, payload, reply, mentions, flags); `type` and `text` are what lists and search
    // show of it.
    MessageContent content;

    bool operator==(const StoredMessage &) const = default;
};

// A chat as the chat list shows it.
struct ChatSummary {
    QString chat;
    QString name; // the contact's push name for a 1:1 chat; empty when none is known
    int unread = 0;
    StoredMessage lastMessage; // the latest by (timestamp, arrival)

    bool operator==(const ChatSummary &) const = default;
};

struct Contact {
    QString jid;
    QString pushName;

    bool operator==(const Contact &) const = default;
};

// A message a read receipt must name: receipts are grouped by sender (the participant, in groups).
struct UnreadMessage {
    QString id;
    QString sender;

    bool operator==(const UnreadMessage &) const = default;
};

// The argument checks every implementation applies, so that all refuse the same inputs with the same
// invalid-argument errors.
namespace message_store_check {
Result<void> chat(const QString &chat);
Result<void> messageId(const QString &id);
Result<void> message(const StoredMessage &message);
Result<void> contact(const QString &jid, const QString &pushName, qint64 timestamp);
Result<void> limit(int limit);
// A LID user ("<digits>@lid") and a phone-number user ("<digits>@s.whatsapp.net"), without devices.
Result<void> lidMapping(const QString &lid, const QString &phone);
Result<void> lid(const QString &lid);
Result<void> phone(const QString &phone);
// A privacy token of 1..256 bytes with a timestamp that is not negative.
Result<void> privacyToken(const QString &jid, const QByteArray &token, qint64 timestamp);
// The arguments of MessageStore::messages: a chat JID, a limit in 1..kMaxPageSize, a message id or nothing.
Result<void> page(const QString &chat, int limit, const QString &before);
// The words of a search query or a text as the search compares them: runs of letters and digits, lower
// case, without accents.
QStringList searchWords(const QString &text);
} // namespace message_store_check

// Gives `message` its typed content and what lists and search show of it: the kind's name as its type, and
// the text (or the placeholder and caption, "[image] Vitrine") as its text.
void setContent(StoredMessage &message, MessageContent content);

// What storeIncoming keeps of an arriving message: never Pending (stored as Sent), unread unless fromMe,
// a retry count only on a kUndecryptableType placeholder.
StoredMessage asStoredIncoming(StoredMessage message);
// What OutboxStore::enqueue keeps of our message: ours, Pending, not unread, no retries.
StoredMessage asQueuedOutgoing(StoredMessage message);
// The placeholder recordUndecryptable stores for a first failure: no text, one failure counted.
StoredMessage undecryptablePlaceholder(StoredMessage message);

// Whether a status may replace `current` (see OutboxStore::setStatus).
bool isStatusAdvance(MessageStatus current, MessageStatus next);

MessageEvent toMessageEvent(const QString &sessionId, const StoredMessage &message);
// The content of a row stored without one (before migration 08): its kind from the type, and its text.
MessageContent contentFromColumns(const QString &type, const QString &text);
ChatEvent toChatEvent(const QString &sessionId, const ChatSummary &chat);

} // namespace balcao
