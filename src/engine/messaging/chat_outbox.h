#pragma once

#include "messaging/stored_message.h"

#include <QHash>
#include <QSet>
#include <QStringList>

namespace balcao {

// What is still to go out, one ordered queue per chat (oldest first), mirroring the store's pending
// messages. A chat is busy while its front message is being delivered: its next message waits for it, so a
// chat's messages arrive in the order they were written, while the other chats go on — a device query that
// never comes back holds one conversation, not the number. A chat whose front could not go out is stalled
// until the next retry(), so one drain never spins on it. Lives in the session thread.
class ChatOutbox {
public:
    // Replaces everything with the store's pending messages (after a login); nothing is busy or stalled.
    void reset(const QList<StoredMessage> &pending);
    void append(const StoredMessage &message);

    // The fronts of the chats that are neither busy nor stalled, in the order their chats were first
    // queued; each of those chats is busy from now until finish().
    QList<StoredMessage> takeReady();
    // The chat's front went out (and leaves the queue) or did not (it stays, and the chat is stalled).
    void finish(const QString &chat, bool sent);
    // Stalled chats are tried again (a new message, a new login).
    void retry() { m_stalled.clear(); }
    // The connection is gone: nothing is in flight any more.
    void releaseAll();

    bool isEmpty() const { return m_order.isEmpty(); }
    qsizetype size() const;
    bool isBusy(const QString &chat) const { return m_busy.contains(chat); }

private:
    QHash<QString, QList<StoredMessage>> m_queues;
    QStringList m_order; // chats with queued messages, by their oldest
    QSet<QString> m_busy;
    QSet<QString> m_stalled;
};

} // namespace balcao
