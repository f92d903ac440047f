#pragma once

#include "auth/device_credentials.h"
#include "messaging/chat_outbox.h"
#include "binary/jid.h"
#include "binary/node.h"
#include "messaging/message_store.h"
#include "messaging/storage_transaction.h"
#include "session/events.h"
#include "session/replies.h"
#include "signal/signal_store.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <memory>

namespace balcao {

class DeviceCipher;
class IqClient;
class PreKeyUpkeep;
class SignalContext;
class SignalStoreAdapter;
struct MessageContent;


// One session's 1:1 texts (docs/protocol.md §8.2, §10, §11; docs/architecture.md "Reliability rules"):
// prekeys kept topped up; incoming messages decrypted, committed to the store, and only then receipted
// and acknowledged (in batches: what arrives in one turn of the event loop shares one commit); outgoing messages put in the outbox before any byte is sent, fanned out to every
// device of the recipient and to our own, and sent again with the same id after a reconnect; receipts
// turned into statuses. Owned by Session; lives in the session thread.
class Messenger : public QObject {
    Q_OBJECT
public:
    struct Stores {
        SignalStore *signal = nullptr;
        MessageStore *messages = nullptr;
        StorageTransaction *transaction = nullptr;
    };
    using Sender = std::function<void(const Node &)>;
    using CredentialsSaver = std::function<Result<void>()>;

    static Result<std::unique_ptr<Messenger>> create(QString sessionId, Stores stores, DeviceCredentials &credentials,
                                                     CredentialsSaver saveCredentials, IqClient *iq, Sender send);
    ~Messenger() override;

    // After <success>: top up prekeys, then send what the outbox still holds.
    void onLoggedIn();
    void onDisconnected();
    bool isOnline() const { return m_online; }

    // Takes the stanzas it handles (message, receipt, message acks, encrypt notifications).
    bool handle(const Node &node);

    // Queues a text for `to` (a user JID) and sends it when connected.
    // `id` empty = a new message id. `requestId` names the caller in an error that arises later (the commit
    // that puts the message in the outbox runs after this returns).
    void sendText(const QString &to, const QString &text, const QString &id = {}, const QString &requestId = {});
    // Sends read receipts for a chat's unread messages and clears its unread count.
    void markRead(const QString &chat);
    Result<ChatsReply> chats();
    Result<MessagesReply> messages(const QString &chat, int limit, const QString &before);
    // This number's messages matching `query` (MessageStore::search), newest first.
    Result<SearchReply> search(const QString &query, int limit);

signals:
    void event(const balcao::Event &event);

private:
    Messenger(QString sessionId, Stores stores, DeviceCredentials &credentials, CredentialsSaver saveCredentials,
              IqClient *iq, Sender send);

    // Receiving. The messages that arrive in one turn of the event loop (up to kMaxBatch) are stored in one
    // transaction, each in a savepoint of its own; their receipts, acks and events wait in m_afterCommit
    // until that transaction is committed (one fsync for all of them instead of one each).
    static constexpr int kMaxBatch = 500;
    bool openBatch();
    void flushBatch();
    void afterCommit(std::function<void()> action);
    void handleMessage(const Node &node);
    Result<std::optional<MessageContent>> decryptAll(const Node &node, const Jid &from);
    void sendReceiptAndAck(const Node &node, bool fromOwnDevice);
    void sendRetryReceipt(const Node &node, int count);
    void handleReceipt(const Node &node);
    void handleMessageAck(const Node &node);

    // Sending: per chat, one message at a time, in order, so a chat's messages arrive as they were written
    // and the device list and sessions fetched for the first serve the ones behind it; chats do not wait
    // for each other (ChatOutbox).
    void pump();
    void deliverFront(const StoredMessage &message);
    void finishFront(const QString &chat, bool sent);
    void withDevices(const StoredMessage &message, std::function<void(QList<Jid>)> next);
    void withSessions(const StoredMessage &message, const QList<Jid> &devices, std::function<void()> next);
    bool encryptAndSend(const StoredMessage &message, const QList<Jid> &devices);
    void setStatus(const QString &chat, const QString &id, MessageStatus status);

    DeviceCipher cipherFor(const Jid &device);
    void emitError(const char *code, const QString &message);
    // A store's error as it is: its code says what the user can do (storage-full, storage-read-only, …).
    void emitError(const Error &error);
    void ack(const Node &node);

    QString m_sessionId;
    Stores m_stores;
    DeviceCredentials &m_credentials;
    CredentialsSaver m_saveCredentials;
    IqClient *m_iq;
    Sender m_send;
    std::unique_ptr<SignalContext> m_context;
    std::unique_ptr<SignalStoreAdapter> m_adapter;
    PreKeyUpkeep *m_preKeys = nullptr;
    bool m_online = false;
    ChatOutbox m_outbox; // what is still to go out (mirrors the store's pending)
    bool m_draining = false;    // pump() is encrypting what can go out now: frames wait in m_heldFrames
    QList<Node> m_heldFrames;   // until the Signal state behind them is committed
    quint64 m_generation = 0;        // bumped on disconnect: answers to older queries are ignored
    struct DeviceList {
        QList<Jid> devices;
        qint64 fetchedAtMs = 0;
    };
    QHash<QString, DeviceList> m_deviceCache; // by chat; as Baileys' 5-minute user-devices cache
    QHash<QString, QString> m_chatOfSent; // message id → chat, for acks and receipts that name only the id
    bool m_batchOpen = false;
    int m_batchMessages = 0;
    QList<std::function<void()>> m_afterCommit; // in arrival order
    QStringList m_batchChats; // chats that got messages in the open batch, for one chat event each
    QStringList m_batchRequests; // requests whose sends are in the open batch: told if its commit fails
};

} // namespace balcao
