#pragma once

#include "stored_message.h"

// A session's messages: the store the receive path commits to before it acks (docs/architecture.md,
// "Reliability rules") and what the `messages` and `search` queries read. Bound to one session when it is
// opened: rows of other sessions are never seen. The SQLite implementation is in src/models; the memory one
// (memory_messaging.h) serves unit tests; both pass tests/unit/messaging's contract suite for this interface.
// An instance is used from one thread only (the session's worker thread, with that thread's own
// connection). Every write that returns success has been committed; a failed write is an Error.
namespace balcao {

class MessageStore {
public:
    virtual ~MessageStore() = default;

    // Stores a decrypted message (others', or ours sent from another of our devices) and, in the same
    // transaction, makes it its chat's last message if it is the latest, counts it unread unless fromMe,
    // and remembers the sender's push name. Idempotent on (chat, id): true when the content is new to the
    // store (first arrival, or the decrypted form of an undecryptable placeholder, which it replaces), false
    // for a redelivery, which changes nothing. Nothing stored here is ever pending: a Pending status is
    // stored as Sent, so the outbox only ever holds what OutboxStore::enqueue put there.
    virtual Result<bool> storeIncoming(const StoredMessage &message) = 0;
    // The same for many messages in one transaction (the offline burst at login): all or nothing, one
    // answer per message in order. A repeated id within the batch is new only the first time.
    virtual Result<QList<bool>> storeIncomingBatch(const QList<StoredMessage> &messages) = 0;
    // Records that `message` (its chat, id, sender, fromMe, timestamp, pushName; the rest is ignored) could
    // not be decrypted: the first failure stores a kUndecryptableType placeholder (counted unread like any
    // message), later ones count up. Returns the number of failures recorded for this id, this one included,
    // for the retry receipt's count; 0 when the message is already stored decrypted (a redelivery of
    // something we have: nothing to retry).
    virtual Result<int> recordUndecryptable(const StoredMessage &message) = 0;

    virtual Result<std::optional<StoredMessage>> message(const QString &chat, const QString &id) = 0;
    // Up to `limit` (1..kMaxPageSize) messages of a chat older than the message `before` (the newest when
    // empty), returned oldest first. unknown-chat for a chat with no messages, unknown-message for a
    // `before` that is not in the chat.
    virtual Result<QList<StoredMessage>> messages(const QString &chat, int limit, const QString &before) = 0;
    // Messages in which each word of `query` begins a word of the text, ignoring case and accents ("nao"
    // finds "Não"); the newest first, at most `limit` (1..kMaxPageSize). invalid-argument for a query
    // without any word.
    virtual Result<QList<StoredMessage>> search(const QString &query, int limit) = 0;
};

} // namespace balcao
