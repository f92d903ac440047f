#pragma once

#include "message_rows.h"

#include <messaging/chat_store.h>

namespace balcao::models {

// ChatStore on SQLite: `chats` holds each chat's last message (kept by MessageRows::refreshChat), the unread
// count is counted on the partial index messages_unread, the name comes from `contacts`.
class SqliteChatStore final : public ChatStore {
public:
    explicit SqliteChatStore(MessageRows &rows)
        : m_rows(rows) { }

    Result<QList<ChatSummary>> chats() override;
    Result<std::optional<ChatSummary>> chat(const QString &chat) override;
    Result<QList<UnreadMessage>> markRead(const QString &chat) override;
    Result<int> mergeChat(const QString &from, const QString &into) override;

private:
    Result<QList<ChatSummary>> summaries(const char *sql, const QString &chat);

    MessageRows &m_rows;
};

} // namespace balcao::models
