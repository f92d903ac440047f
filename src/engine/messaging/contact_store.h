#pragma once

#include "stored_message.h"

// The people a session has heard from, with the push name each last gave (MessageStore::storeIncoming
// records it as messages arrive). Bound to one session, used from its thread. Contract:
// tests/unit/messaging's contact suite.
namespace balcao {

class ContactStore {
public:
    virtual ~ContactStore() = default;

    // Remembers a push name seen at `timestamp` (seconds); an older sighting does not overwrite a newer
    // one, so an offline burst delivered out of order keeps the latest name.
    virtual Result<void> savePushName(const QString &jid, const QString &pushName, qint64 timestamp) = 0;
    virtual Result<std::optional<Contact>> contact(const QString &jid) = 0;
    // Ordered by JID.
    virtual Result<QList<Contact>> contacts() = 0;
};

} // namespace balcao
