#pragma once

#include "message_store.h"

#include <map>
#include <tuple>

namespace balcao {

// MessageStore in memory, for unit tests (the SQLite one lives in src/models). Arrival order is a counter,
// as SQLite's rowid is there, so both order messages with equal timestamps the same way.
class MemoryMessageStore final : public MessageStore {
public:
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
    struct Row {
        StoredMessage message;
        qint64 arrival = 0;
    };
    struct PushName {
        QString name;
        qint64 timestamp = 0;
    };
    using MessageKey = std::tuple<QString, QString, QString>; // session, chat, id
    using ContactKey = std::pair<QString, QString>; // session, jid

    bool storeOne(const QString &sessionId, const StoredMessage &message);
    void rememberPushName(
        const QString &sessionId, const QString &jid, const QString &name, qint64 timestamp);
    // The chat's rows in display order: (timestamp, arrival) ascending.
    QList<const Row *> chatRows(const QString &sessionId, const QString &chat) const;
    ChatSummary summaryOf(
        const QString &sessionId, const QString &chat, const QList<const Row *> &rows) const;

    std::map<MessageKey, Row> m_messages;
    std::map<ContactKey, PushName> m_pushNames;
    qint64 m_nextArrival = 1;
};

} // namespace balcao
