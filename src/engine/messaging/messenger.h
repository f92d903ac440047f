#pragma once

#include "auth/device_credentials.h"
#include "binary/jid.h"
#include "binary/node.h"
#include "messaging/call_handler.h"
#include "messaging/messaging_stores.h"
#include "messaging/peer_changes.h"
#include "messaging/storage_transaction.h"
#include "session/events.h"
#include "session/replies.h"
#include "signal/signal_store.h"

#include <QHash>
#include <QObject>
#include <functional>
#include <memory>

namespace balcao {

class CommitBatch;
class DeviceCipher;
class IqClient;
class NumberCheck;
class Outbound;
class PeerDirectory;
class PreKeyUpkeep;
class PrivacyTokens;
class SignalContext;
class SignalStoreAdapter;
struct MessageContent;

// One session's 1:1 messaging (docs/protocol.md §8.2, §10, §11; docs/architecture.md "Reliability rules"),
// put together from its parts: the inbound pipeline lives here (decrypt → store → receipt and ack, committed
// in batches by CommitBatch before anything is acknowledged); Outbound sends, PreKeyUpkeep keeps prekeys on
// the server, receipts builds the answers. Owned by Session; lives in the session thread.
class Messenger : public QObject {
    Q_OBJECT
public:
    struct Stores {
        SignalStore *signal = nullptr;
        MessagingStores messaging;
        StorageTransaction *transaction = nullptr;
    };
    using Sender = std::function<void(const Node &)>;
    using CredentialsSaver = std::function<Result<void>()>;

    static Result<std::unique_ptr<Messenger>> create(QString sessionId, Stores stores,
        DeviceCredentials &credentials, CredentialsSaver saveCredentials, IqClient *iq, Sender send);
    ~Messenger() override;

    // After <success>: top up prekeys, then send what the outbox still holds.
    // After <success>: the prekeys are checked (and topped up) first; then `ready` runs (the session sends
    // <active/>) and what the outbox holds goes out.
    void onLoggedIn(std::function<void()> ready = {});
    void onDisconnected();

    // Takes the stanzas it handles (message, receipt, message acks, encrypt notifications).
    bool handle(const Node &node);

    // Queues `content` for `to` (a user JID) and sends it when connected; what cannot be sent
    // (encodeOutgoing) is refused with an error event before anything is queued.
    // `id` empty = a new message id. `requestId` names the caller in an error that arises later (the commit
    // that puts the message in the outbox runs after this returns).
    void send(const QString &to, const MessageContent &content, const QString &id = {},
        const QString &requestId = {});
    // Sends read receipts for a chat's unread messages and clears its unread count.
    void markRead(const QString &chat);
    // Tells the sender their voice note `id` was listened to (a "played" receipt, as the phones send).
    void markPlayed(const QString &chat, const QString &id);
    // Who uploads the files of queued messages (SessionMedia); without one, such messages fail.
    void setMediaPreparer(
        std::function<void(const StoredMessage &, std::function<void(Result<MessageContent>)>)> preparer);
    // What to do with calls (ring on the phone, or reject and maybe answer with a text).
    void setCallPolicy(const CallPolicy &policy);
    Result<ChatsReply> chats();
    Result<MessagesReply> messages(const QString &chat, int limit, const QString &before);
    // One stored message; unknown-message when the chat has none with that id.
    Result<StoredMessage> message(const QString &chat, const QString &id);
    // This number's messages matching `query` (MessageStore::search), newest first.
    Result<SearchReply> search(const QString &query, int limit);
    void checkNumbers(const QStringList &numbers, std::function<void(Result<QList<NumberResult>>)> done);

signals:
    void event(const balcao::Event &event);

private:
    Messenger(QString sessionId, Stores stores, DeviceCredentials &credentials,
        CredentialsSaver saveCredentials, Sender send);

    // Emits `e`, a message or chat event with the person's number and LID where known.
    void publish(balcao::Event e);
    void describe(const QString &chat, QString &phone, QString &lid);
    void describe(ChatEvent &chat);
    void handleMessage(const Node &node);
    Result<std::optional<MessageContent>> decryptAll(const Node &node, const Jid &from);
    void sendReceiptAndAck(const Node &node, bool fromOwnDevice);
    void sendRetryReceipt(const Node &node, int count);
    DeviceCipher cipherFor(const Jid &device);
    void emitError(const char *code, const QString &message);
    // A store's error as it is: its code says what the user can do (storage-full, storage-read-only, …).
    void emitError(const Error &error);
    void ack(const Node &node);

    QString m_sessionId;
    Stores m_stores;
    DeviceCredentials &m_credentials;
    CredentialsSaver m_saveCredentials;
    Sender m_send;
    std::unique_ptr<SignalContext> m_context;
    std::unique_ptr<SignalStoreAdapter> m_adapter;
    PreKeyUpkeep *m_preKeys = nullptr;
    CallHandler *m_calls = nullptr;
    PeerChanges *m_peers = nullptr;
    PeerDirectory *m_directory = nullptr;
    PrivacyTokens *m_tokens = nullptr;
    NumberCheck *m_numbers = nullptr;
    CommitBatch *m_batch = nullptr;
    Outbound *m_outbound = nullptr;
};

} // namespace balcao
