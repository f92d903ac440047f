#pragma once

#include "stored_message.h"

// A session's chats as the chat list shows them: each with its last message and unread count, kept up to
// date by the writes of MessageStore and OutboxStore. Bound to one session, used from its thread.
// Contract: tests/unit/messaging's chat suite.
namespace balcao {

class ChatStore {
public:
    virtual ~ChatStore() = default;

    // The chats, the latest activity first.
    virtual Result<QList<ChatSummary>> chats() = 0;
    virtual Result<std::optional<ChatSummary>> chat(const QString &chat) = 0;
    // Clears the chat's unread messages in one transaction and returns them (oldest first) for the read
    // receipts. unknown-chat for a chat with no messages; an empty list when nothing was unread.
    virtual Result<QList<UnreadMessage>> markRead(const QString &chat) = 0;
    // One person's two chats become one (their LID chat into their phone-number chat, docs/lid.md): every
    // message of `from` moves to `into` with its unread flag, a message `into` already has is dropped from
    // `from`, and the contact's name moves when `into` has none. Returns how many messages moved; 0 (and
    // nothing changed) when `from` has none. One transaction.
    virtual Result<int> mergeChat(const QString &from, const QString &into) = 0;
};

} // namespace balcao
