#pragma once

#include "chat_store.h"
#include "contact_store.h"
#include "message_store.h"
#include "outbox_store.h"

namespace balcao {

// The four stores of one session's messaging, opened together on one connection (a write through one is
// seen by the others at once, and a StorageTransaction spans them all).
struct MessagingStores {
    MessageStore *messages = nullptr;
    OutboxStore *outbox = nullptr;
    ChatStore *chats = nullptr;
    ContactStore *contacts = nullptr;

    bool complete() const { return messages && outbox && chats && contacts; }
};

} // namespace balcao
