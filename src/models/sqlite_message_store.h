#pragma once

#include "message_rows.h"

#include <messaging/message_store.h>

namespace balcao::models {

// MessageStore on the profile's SQLite database, bound to one session through its MessageRows. Every write
// runs in a BEGIN IMMEDIATE transaction (it takes the write lock before reading, so two sessions' threads
// writing at once wait for each other instead of failing on a stale snapshot) and is committed before the
// call returns. Lives in the thread that owns the database connection.
class SqliteMessageStore final : public MessageStore {
public:
    explicit SqliteMessageStore(MessageRows &rows)
        : m_rows(rows) { }

    Result<bool> storeIncoming(const StoredMessage &message) override;
    Result<QList<bool>> storeIncomingBatch(const QList<StoredMessage> &messages) override;
    Result<int> recordUndecryptable(const StoredMessage &message) override;
    Result<std::optional<StoredMessage>> message(const QString &chat, const QString &id) override;
    Result<QList<StoredMessage>> messages(const QString &chat, int limit, const QString &before) override;
    Result<QList<StoredMessage>> search(const QString &query, int limit) override;

private:
    MessageRows &m_rows;
};

} // namespace balcao::models
