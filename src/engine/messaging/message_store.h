#pragma once

#include "errors.h"

#include <QList>
#include <QString>
#include <messaging/message_content.h>
#include <optional>
#include <session/events.h>

// Where a session's messages, chats and contacts live: the store the receive path commits to before it
// acks (docs/architecture.md, "Reliability rules"), the outbox the send path resends from after a reconnect,
// and what the `chats` and `messages` queries read. The SQLite implementation is in src/models
// (SqliteMessageStore); MemoryMessageStore serves unit tests. Both pass tests/unit/messaging's shared suite.
//
// Every method takes the session id first, as the Signal stores do: rows are kept per WhatsApp number and
// no session sees another's, except `search`, which looks across the numbers of the profile on purpose.
// An instance is used from one thread only (the session's worker thread, with that thread's own
// connection). Every write that returns success has been committed; a failed write is an Error.
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
    QString id; // the message id, unique within (session, chat)
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

struct FoundMessage {
    QString session;
    StoredMessage message;

    bool operator==(const FoundMessage &) const = default;
};

class MessageStore {
public:
    virtual ~MessageStore() = default;

    // --- receiving ------------------------------------------------------------------------------------
    // Stores a decrypted message (others', or ours sent from another of our devices) and, in the same
    // transaction, makes it its chat's last message if it is the latest, counts it unread unless fromMe,
    // and remembers the sender's push name. Idempotent on (session, chat, id): true when the content is new
    // to the store (first arrival, or the decrypted form of an undecryptable placeholder, which it
    // replaces), false for a redelivery, which changes nothing. Nothing stored here is ever pending: a
    // Pending status is stored as Sent, so the outbox only ever holds what enqueueOutgoing put there.
    virtual Result<bool> storeIncoming(const QString &sessionId, const StoredMessage &message) = 0;
    // The same for many messages in one transaction (the offline burst at login): all or nothing, one
    // answer per message in order. A repeated id within the batch is new only the first time.
    virtual Result<QList<bool>> storeIncomingBatch(
        const QString &sessionId, const QList<StoredMessage> &messages)
        = 0;
    // Records that `message` (its chat, id, sender, fromMe, timestamp, pushName; the rest is ignored) could
    // not be decrypted: the first failure stores a kUndecryptableType placeholder (counted unread like any
    // message), later ones count up. Returns the number of failures recorded for this id, this one included,
    // for the retry receipt's count; 0 when the message is already stored decrypted (a redelivery of
    // something we have: nothing to retry).
    virtual Result<int> recordUndecryptable(const QString &sessionId, const StoredMessage &message) = 0;

    // --- sending --------------------------------------------------------------------------------------
    // Puts our message in the outbox as Pending before anything is sent (fromMe and status are set here).
    // message-exists when the id is taken in that chat.
    virtual Result<void> enqueueOutgoing(const QString &sessionId, const StoredMessage &message) = 0;
    // Moves one of our messages forward: Pending → Sent → Delivered → Read → Played, or to Failed from
    // Pending or Sent. Receipts arrive late and out of order, so a step backwards (delivered after read)
    // or sideways is not an error: it changes nothing and answers false. unknown-message when the chat has
    // no message of ours with that id.
    virtual Result<bool> setStatus(
        const QString &sessionId, const QString &chat, const QString &id, MessageStatus status)
        = 0;
    // Our messages still Pending, oldest first, to send again (same ids) after a reconnect.
    virtual Result<QList<StoredMessage>> pendingOutgoing(const QString &sessionId) = 0;

    // --- reading --------------------------------------------------------------------------------------
    virtual Result<std::optional<StoredMessage>> message(
        const QString &sessionId, const QString &chat, const QString &id)
        = 0;
    // Up to `limit` (1..kMaxPageSize) messages of a chat older than the message `before` (the newest when
    // empty), returned oldest first. unknown-chat for a chat with no messages, unknown-message for a
    // `before` that is not in the chat.
    virtual Result<QList<StoredMessage>> messages(
        const QString &sessionId, const QString &chat, int limit, const QString &before)
        = 0;
    // The session's chats, the latest activity first.
    virtual Result<QList<ChatSummary>> chats(const QString &sessionId) = 0;
    virtual Result<std::optional<ChatSummary>> chat(const QString &sessionId, const QString &chat) = 0;
    // Clears the chat's unread messages in one transaction and returns them (oldest first) for the read
    // receipts. unknown-chat for a chat with no messages; an empty list when nothing was unread.
    virtual Result<QList<UnreadMessage>> markRead(const QString &sessionId, const QString &chat) = 0;

    // --- contacts -------------------------------------------------------------------------------------
    // Remembers a push name seen at `timestamp` (seconds); an older sighting does not overwrite a newer
    // one, so an offline burst delivered out of order keeps the latest name.
    virtual Result<void> savePushName(
        const QString &sessionId, const QString &jid, const QString &pushName, qint64 timestamp)
        = 0;
    virtual Result<std::optional<Contact>> contact(const QString &sessionId, const QString &jid) = 0;
    // The session's contacts ordered by JID.
    virtual Result<QList<Contact>> contacts(const QString &sessionId) = 0;

    // --- search ---------------------------------------------------------------------------------------
    // Messages of every session (or only `sessionId` when it is not empty) in which each word of `query`
    // begins a word of the text, ignoring case and accents ("nao" finds "Não"); the newest first, at most
    // `limit` (1..kMaxPageSize). invalid-argument for a query without any word.
    virtual Result<QList<FoundMessage>> search(const QString &query, int limit, const QString &sessionId = {})
        = 0;
};

// The argument checks every implementation applies, so that all refuse the same inputs with the same
// invalid-argument errors.
namespace message_store_check {
Result<void> sessionId(const QString &sessionId);
Result<void> chat(const QString &sessionId, const QString &chat);
Result<void> messageId(const QString &id);
Result<void> message(const QString &sessionId, const StoredMessage &message);
Result<void> contact(const QString &sessionId, const QString &jid, const QString &pushName, qint64 timestamp);
Result<void> limit(int limit);
// The words of a search query or a text as the search compares them: runs of letters and digits, lower
// case, without accents.
QStringList searchWords(const QString &text);
} // namespace message_store_check

// What storeIncoming keeps of an arriving message: never Pending (stored as Sent), unread unless fromMe,
// a retry count only on a kUndecryptableType placeholder.
StoredMessage asStoredIncoming(StoredMessage message);
// The placeholder recordUndecryptable stores for a first failure: no text, one failure counted.
StoredMessage undecryptablePlaceholder(StoredMessage message);

// Whether a status may replace `current` (see MessageStore::setStatus).
bool isStatusAdvance(MessageStatus current, MessageStatus next);

MessageEvent toMessageEvent(const QString &sessionId, const StoredMessage &message);
// The content of a row stored without one (before migration 08): its kind from the type, and its text.
MessageContent contentFromColumns(const QString &type, const QString &text);
ChatEvent toChatEvent(const QString &sessionId, const ChatSummary &chat);

} // namespace balcao
