#pragma once

#include "session_connection.h"

#include <messaging/stored_message.h>

// The rows of one session's messaging tables (migration 04-messages.sql) as the four SQLite stores share
// them: the session's use of its worker's connection (claimed before each statement, see NestedTransaction),
// and the writes that more than one store makes (storing a message updates its chat and its sender's push
// name).
namespace balcao::models {

// The columns readMessage expects, in this order, from `messages` aliased as m.
// clang-format off
#define BALCAO_MESSAGE_COLUMNS \
    "m.chat_jid, m.message_id, m.sender_jid, m.from_me, m.timestamp, m.type, m.text, m.push_name, m.status, " \
    "m.retry_count, m.unread, m.content"
// clang-format on

// One message from the columns BALCAO_MESSAGE_COLUMNS, starting at `first`.
Result<StoredMessage> readMessage(const QSqlQuery &query, int first);
// Every row of a query that selected BALCAO_MESSAGE_COLUMNS first; the query is finished.
Result<QList<StoredMessage>> readMessages(QSqlQuery &query);

Error unknownChat(const QString &chat);
Error unknownMessage(const QString &chat, const QString &id);

class MessageRows {
public:
    // What find() knows of a stored message.
    struct Existing {
        qint64 seq = 0;
        qint64 timestamp = 0;
        QString type;
        bool unread = false;
        bool fromMe = false;
        QString status;
        int retryCount = 0;
    };

    MessageRows(const Database &database, QString sessionId);

    const QString &session() const { return m_connection.owner(); }
    const SessionConnection &connection() const { return m_connection; }
    // BEGIN IMMEDIATE … COMMIT, or a savepoint inside a transaction the caller already opened on this
    // connection (a decryption and the message it yields, see StorageTransaction); rolled back when left
    // without commit().
    NestedTransaction transaction() const { return m_connection.transaction(); }

    // The statement for `sql` (a constant of the calling store), prepared on first use, the connection
    // claimed for this session.
    Result<QSqlQuery *> statement(const char *sql);

    Result<std::optional<Existing>> find(const QString &chat, const QString &id);
    Result<void> insert(const StoredMessage &message);
    // Stores one arriving message (see MessageStore::storeIncoming) inside the caller's transaction.
    Result<bool> storeIncoming(const StoredMessage &message);
    // Makes the chat's latest message its last one.
    Result<void> refreshChat(const QString &chat);
    Result<void> upsertPushName(const QString &jid, const QString &pushName, qint64 timestamp);
    Result<bool> chatExists(const QString &chat);
    // unknown-chat when the chat has no message.
    Result<void> requireChat(const QString &chat);

private:
    SessionConnection m_connection; // its owner is the session
};

} // namespace balcao::models
