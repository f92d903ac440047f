#pragma once

#include "message_rows.h"

#include <messaging/contact_store.h>

namespace balcao::models {

// ContactStore on SQLite (`contacts`), bound to one session through its MessageRows.
class SqliteContactStore final : public ContactStore {
public:
    explicit SqliteContactStore(MessageRows &rows)
        : m_rows(rows) { }

    Result<void> savePushName(const QString &jid, const QString &pushName, qint64 timestamp) override;
    Result<std::optional<Contact>> contact(const QString &jid) override;
    Result<QList<Contact>> contacts() override;

private:
    MessageRows &m_rows;
};

} // namespace balcao::models
