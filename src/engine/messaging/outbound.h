#pragma once

#include "auth/device_credentials.h"
#include "binary/jid.h"
#include "binary/node.h"
#include "messaging/chat_outbox.h"
#include "messaging/commit_batch.h"
#include "messaging/message_store.h"
#include "messaging/outbox_store.h"
#include "messaging/retry_request.h"
#include "session/events.h"
#include "signal/device_cipher.h"
#include "signal/signal_store.h"

#include <QHash>
#include <QObject>
#include <functional>

namespace balcao {

class IqClient;
class PeerDirectory;
class PrivacyTokens;

// Our messages on their way out (docs/protocol.md §10): a text goes into the outbox (one ordered queue per
// chat, ChatOutbox) before any byte is sent; the recipient's device list and the sessions it lacks are
// fetched; it is encrypted for each device of theirs and of ours, and sent once the Signal state it advanced
// is committed; server acks and receipts turn into statuses; a recipient's retry receipt is answered with a
// fresh session. After a reconnect what is still queued goes again with the same ids. Lives in the session
// thread.
class Outbound : public QObject {
    Q_OBJECT
public:
    struct Parts {
        QString sessionId;
        MessageStore *messages = nullptr;
        OutboxStore *outbox = nullptr;
        SignalStore *signal = nullptr;
        StorageTransaction *transaction = nullptr;
        CommitBatch *batch = nullptr;
        DeviceCredentials *credentials = nullptr;
        IqClient *iq = nullptr;
        std::function<void(const Node &)> send;
        std::function<DeviceCipher(const Jid &)> cipherFor;
        PeerDirectory *directory = nullptr;
        PrivacyTokens *tokens = nullptr;
    };

    explicit Outbound(Parts parts, QObject *parent = nullptr);

    // Uploads a queued message's file and answers its content with what the host gave back (SessionMedia).
    using MediaPreparer
        = std::function<void(const StoredMessage &, std::function<void(Result<MessageContent>)> done)>;
    void setMediaPreparer(MediaPreparer preparer) { m_prepareMedia = std::move(preparer); }

    // Queues `content` for `to` (a user JID); `id` empty = a new message id. `requestId` hears of a failure,
    // among them content that encodeOutgoing refuses (before anything is queued).
    void send(const QString &to, const MessageContent &content, const QString &id, const QString &requestId);
    // After <success>: sends what the outbox holds.
    void onLoggedIn();
    // The connection is gone: answers to what was asked on it are ignored.
    void onDisconnected();
    // <receipt> (delivered, read, played, retry) for our messages; acknowledged.
    void onReceipt(const Node &receipt);
    // <ack class="message"> from the server: sent, or failed with an error code.
    void onServerAck(const Node &ack);
    bool isOnline() const { return m_online; }
    // `user`'s devices changed: the next message to them (or, for our own, to anyone) asks for the list
    // again.
    void forgetDeviceList(const QString &user);
    // A recipient's device could not decrypt one of our messages: send it to that device alone, with a new
    // session when the request brings keys or the rules call for one (retry_request::plan).
    void onRetryReceipt(const Node &receipt);

signals:
    void event(const balcao::Event &event);

private:
    void pump();
    void deliverFront(const StoredMessage &queued);
    void deliverUploaded(const StoredMessage &message);
    // A file not uploaded yet goes up first; a failed upload fails the message with the reason.
    void withUpload(const StoredMessage &message, std::function<void(const StoredMessage &)> next);
    void finishFront(const QString &chat, bool sent);
    // The address a message goes to (docs/lid.md): a person's LID, looked up when not known yet, as
    // whatsmeow's rule says; groups and people whose LID the server does not give keep theirs.
    void withAddress(const StoredMessage &message, std::function<void(Jid)> next);
    void withDevices(const StoredMessage &message, const Jid &address, std::function<void(QList<Jid>)> next);
    void withSessions(const StoredMessage &message, const QList<Jid> &devices, std::function<void()> next);
    bool encryptAndSend(const StoredMessage &message, const Jid &address, const QList<Jid> &devices);
    // What a failed server ack tells the user, and what it sets off (issuing our token after a 463).
    QString refusalReason(const Node &ack, const QString &chat);
    // Our privacy token to the people just written to, where it is due (after their messages went out).
    void issueDueTokens();
    void setStatus(const QString &chat, const QString &id, MessageStatus status, const QString &reason = {});
    void resendTo(const StoredMessage &message, const retry_request::RetryRequest &request);
    DeviceCipher cipherFor(const Jid &device) { return m_cipherFor(device); }
    void emitError(const char *code, const QString &message);
    void emitError(const Error &error);

    QString m_sessionId;
    MessageStore *m_messages;
    OutboxStore *m_outboxStore;
    SignalStore *m_signal;
    StorageTransaction *m_transaction;
    CommitBatch *m_batch;
    DeviceCredentials *m_credentials;
    IqClient *m_iq;
    std::function<void(const Node &)> m_send;
    std::function<DeviceCipher(const Jid &)> m_cipherFor;
    MediaPreparer m_prepareMedia;
    PeerDirectory *m_directory;
    PrivacyTokens *m_tokens;

    bool m_online = false;
    ChatOutbox m_outbox; // what is still to go out (mirrors the store's pending)
    bool m_draining = false; // pump() is encrypting what can go out now: frames wait in m_heldFrames
    QList<Node> m_heldFrames; // until the Signal state behind them is committed
    QList<Jid> m_afterSend; // people written to whose token may be due, once the frames are out
    quint64 m_generation = 0; // bumped on disconnect: answers to older queries are ignored
    struct DeviceList {
        QList<Jid> devices;
        qint64 fetchedAtMs = 0;
    };
    QHash<QString, DeviceList> m_deviceCache; // by address; as Baileys' 5-minute user-devices cache
    QHash<QString, qint64> m_lidAskedAt; // phone-number chat → when the server last said it knew no LID
    QHash<QString, QString> m_chatOfSent; // message id → chat, for acks and receipts that name only the id
    QHash<QString, int> m_resends; // "id device" → times that message went again to that device
    QHash<QString, qint64> m_recreatedAt; // device → when a retry last made a new session with it
};

} // namespace balcao
