#pragma once

#include "sqlite_chat_store.h"
#include "sqlite_contact_store.h"
#include "sqlite_message_store.h"
#include "sqlite_outbox_store.h"

#include <messaging/messaging_stores.h>

namespace balcao::models {

// One session's four messaging stores on the profile's SQLite database, sharing one connection and its
// prepared statements. Lives in the thread that owns `database`, and must be destroyed before it.
class SqliteMessaging {
public:
    SqliteMessaging(const Database &database, const QString &sessionId)
        : m_rows(database, sessionId)
        , m_messages(m_rows)
        , m_outbox(m_rows)
        , m_chats(m_rows)
        , m_contacts(m_rows) { }
    SqliteMessaging(const SqliteMessaging &) = delete;
    SqliteMessaging &operator=(const SqliteMessaging &) = delete;

    MessagingStores stores() { return {&m_messages, &m_outbox, &m_chats, &m_contacts}; }

private:
    MessageRows m_rows;
    SqliteMessageStore m_messages;
    SqliteOutboxStore m_outbox;
    SqliteChatStore m_chats;
    SqliteContactStore m_contacts;
};

} // namespace balcao::models
