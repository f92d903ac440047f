#pragma once

#include "messaging_stores.h"

#include <memory>

namespace balcao {

// One session's messaging stores in memory, for unit tests (the SQLite ones live in src/models). Arrival
// order is a counter, as SQLite's rowid is there, so both order messages with equal timestamps the same
// way. The four stores share the rows, as the SQLite ones share a connection.
class MemoryMessaging {
public:
    MemoryMessaging();
    ~MemoryMessaging();
    MemoryMessaging(const MemoryMessaging &) = delete;
    MemoryMessaging &operator=(const MemoryMessaging &) = delete;

    MessagingStores stores();

private:
    struct Rows;
    class Messages;
    class Outbox;
    class Chats;
    class Contacts;

    std::unique_ptr<Rows> m_rows;
    std::unique_ptr<Messages> m_messages;
    std::unique_ptr<Outbox> m_outbox;
    std::unique_ptr<Chats> m_chats;
    std::unique_ptr<Contacts> m_contacts;
};

} // namespace balcao
