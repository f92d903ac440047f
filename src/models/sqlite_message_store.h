#pragma once

#include "database.h"
#include "statement.h"

#include <QSqlQuery>
#include <map>
#include <memory>
#include <messaging/message_store.h>

namespace balcao::models {

// MessageStore on the profile's SQLite database (migration 04-messages.sql). Every write runs in a
// BEGIN IMMEDIATE transaction (it takes the write lock before reading, so two sessions' threads writing
// at once wait for each other instead of failing on a stale snapshot) and is committed before the call
// returns. Statements are prepared once and reused.
// Lives in the thread that owns `database`, and must be destroyed before it.
class SqliteMessageStore final : public MessageStore {
public:
    explicit SqliteMessageStore(const Database &database);
    ~SqliteMessageStore() override;

    Result<bool> storeIncoming(const QString &sessionId, const StoredMessage &message) override;
    Result<QList<bool>> storeIncomingBatch(
        const QString &sessionId, const QList<StoredMessage> &messages) override;
    Result<int> recordUndecryptable(const QString &sessionId, const StoredMessage &message) override;

    Result<void> enqueueOutgoing(const QString &sessionId, const StoredMessage &message) override;
    Result<bool> setStatus(
        const QString &sessionId, const QString &chat, const QString &id, MessageStatus status) override;
    Result<QList<StoredMessage>> pendingOutgoing(const QString &sessionId) override;

    Result<std::optional<StoredMessage>> message(
        const QString &sessionId, const QString &chat, const QString &id) override;
    Result<QList<StoredMessage>> messages(
        const QString &sessionId, const QString &chat, int limit, const QString &before) override;
    Result<QList<ChatSummary>> chats(const QString &sessionId) override;
    Result<std::optional<ChatSummary>> chat(const QString &sessionId, const QString &chat) override;
    Result<QList<UnreadMessage>> markRead(const QString &sessionId, const QString &chat) override;

    Result<void> savePushName(
        const QString &sessionId, const QString &jid, const QString &pushName, qint64 timestamp) override;
    Result<std::optional<Contact>> contact(const QString &sessionId, const QString &jid) override;
    Result<QList<Contact>> contacts(const QString &sessionId) override;

    Result<QList<FoundMessage>> search(
        const QString &query, int limit, const QString &sessionId = {}) override;

private:
    class Transaction;
    struct Existing;

    // The statement for `sql` (one of the constants in the .cpp), prepared on first use.
    Result<QSqlQuery *> statement(const char *sql);
    Result<std::optional<Existing>> find(const QString &sessionId, const QString &chat, const QString &id);
    Result<bool> storeOne(const QString &sessionId, const StoredMessage &message);
    Result<void> insert(const QString &sessionId, const StoredMessage &message);
    Result<void> refreshChat(const QString &sessionId, const QString &chat);
    Result<void> upsertPushName(
        const QString &sessionId, const QString &jid, const QString &pushName, qint64 timestamp);
    Result<bool> chatExists(const QString &sessionId, const QString &chat);
    Result<QList<ChatSummary>> summaries(const char *sql, const QString &sessionId, const QString &chat);

    QString m_connectionName;
    sql::StatementCache m_statements;
};

} // namespace balcao::models
