#pragma once

#include "stored_message.h"

// A session's own messages on their way out: each is written here as Pending before anything is sent, so
// a crash or a reconnect sends it again with the same id, and its status then follows the receipts. The
// rows are the session's messages (MessageStore reads them like any other); bound to one session, used
// from its thread, every successful write committed. Contract: tests/unit/messaging's outbox suite.
namespace balcao {

class OutboxStore {
public:
    virtual ~OutboxStore() = default;

    // Puts our message in the outbox as Pending (fromMe and status are set here) and makes it its chat's
    // last message. message-exists when the id is taken in that chat.
    virtual Result<void> enqueue(const StoredMessage &message) = 0;
    // Moves one of our messages forward: Pending → Sent → Delivered → Read → Played, or to Failed from
    // Pending or Sent. Receipts arrive late and out of order, so a step backwards (delivered after read)
    // or sideways is not an error: it changes nothing and answers false. unknown-message when the chat has
    // no message of ours with that id.
    virtual Result<bool> setStatus(const QString &chat, const QString &id, MessageStatus status) = 0;
    // Replaces the content of one of our Pending messages: its file was uploaded, and what the host gave back
    // (where it is, its key) must be sent again with the same bytes after a restart or a retry request.
    // unknown-message when the chat has no pending message of ours with that id; invalid-argument when the
    // new content is of another kind.
    virtual Result<void> updateContent(const QString &chat, const QString &id, const MessageContent &content)
        = 0;
    // Our messages still Pending, oldest first, to send again (same ids) after a reconnect.
    virtual Result<QList<StoredMessage>> pending() = 0;
};

} // namespace balcao
