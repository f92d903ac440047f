#pragma once

#include "message_rows.h"

#include <messaging/outbox_store.h>

namespace balcao::models {

// OutboxStore on SQLite: our messages are rows of `messages` with from_me set; the Pending ones are the
// outbox (the partial index messages_outbox finds them). Bound to one session through its MessageRows.
class SqliteOutboxStore final : public OutboxStore {
public:
    explicit SqliteOutboxStore(MessageRows &rows)
        : m_rows(rows) { }

    Result<void> enqueue(const StoredMessage &message) override;
    Result<bool> setStatus(const QString &chat, const QString &id, MessageStatus status) override;
    Result<void> updateContent(
        const QString &chat, const QString &id, const MessageContent &content) override;
    Result<QList<StoredMessage>> pending() override;

private:
    MessageRows &m_rows;
};

} // namespace balcao::models
