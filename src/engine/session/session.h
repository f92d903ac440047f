#pragma once

#include "auth/client_payload.h"
#include "auth/credential_store.h"
#include "auth/wa_version.h"
#include "commands.h"
#include "device_account.h"
#include "events.h"
#include "media/media_downloads.h"
#include "messaging/call_policy.h"
#include "reconnect_policy.h"
#include "replies.h"
#include "session_directory.h"
#include "stanza_router.h"
#include "transport/cert_chain_verifier.h"
#include "transport/node_connection.h"
#include "transport/tls_channel.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <optional>

namespace balcao {

class CodePairing;
class IqClient;
class Keepalive;
class Messenger;
class Node;
class SessionMedia;
class NodeConnection;
class QrPairing;
class WaVersionSource;

// One WhatsApp number linked as a companion device: the connection's lifecycle — linking (QrPairing,
// CodePairing; docs/protocol.md §6–7), logging in with the stored credentials (§8), keeping the connection
// alive (keepalive, reconnect with backoff, §9) — with each incoming stanza routed to the handler that
// claims it, and everything reported as Events. Created in, and only touched from, its session thread;
// SessionManager talks to it with queued calls.
class Session : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString id;
        QUrl serverUrl = QUrl(QStringLiteral("wss://web.whatsapp.com/ws/chat"));
        CertChainVerifier verifier;
        std::shared_ptr<TlsTrust> trust; // whom wss:// trusts beyond the system's roots (null: only those)
        ClientIdentity identity;
        CallPolicy calls; // what the number does with calls
        QString mediaDir; // where media files are kept (MediaFolder); empty: no files are fetched
        AutoDownload autoDownload; // which files come down as their messages arrive
        // Which WhatsApp Web version to announce, shared by every session (null: identity.webVersion).
        WaVersionSource *versions = nullptr;
        int qrFirstRefMs = 60000; // how long the first QR is shown (WhatsApp Web: 60 s)
        int qrNextRefMs = 20000; // and each following one (20 s)
        int keepaliveIntervalMs = 0; // 0: WhatsApp's 20–30 s
        int keepaliveDeadlineMs = 10000;
        // How long the server may take, once the handshake is done, to answer the login (success or
        // failure) or to start pairing; a server that stays silent is treated as a dropped connection.
        int loginTimeoutMs = 20000;
    };

    Session(Options options, SessionStores stores, QObject *parent = nullptr);
    ~Session() override;

    SessionStatus status() const { return m_status; }
    QString ownJid() const { return m_account.ownJid(); }
    bool isLinked() const { return m_account.isLinked(); }

public slots:
    // Loads the credentials and connects when the number is linked.
    void start();
    // Starts linking a new device: a QR, or a pairing code for `phone` (digits). `requestId` (may be empty)
    // is carried into the asynchronous steps, so an error the server gives later reaches the caller.
    void link(balcao::LinkMethod method, const QString &phone, const QString &requestId = {});
    void stop();
    // Unlinks this device from the phone and forgets its keys.
    void logout();

    // Messaging (answered with events).
    void send(const QString &to, const MessageContent &content, const QString &id = {},
        const QString &requestId = {});
    void markRead(const QString &chat);
    void markPlayed(const QString &chat, const QString &id);
    void setCallPolicy(const balcao::CallPolicy &policy);

public:
    // Queries, answered at once from the store (not-linked before the number is linked).
    Result<ChatsReply> chats();
    Result<MessagesReply> messages(const QString &chat, int limit, const QString &before);
    Result<SearchReply> search(const QString &query, int limit);
    // Whether numbers are on WhatsApp (needs the connection); `done` runs once, in this thread.
    void checkNumbers(const QStringList &numbers, std::function<void(Result<NumbersReply>)> done);
    // Where a message's file is; with `download`, fetches it (progress and outcome as MediaEvents).
    Result<MediaReply> media(const QString &chat, const QString &id, bool download);

signals:
    void event(const balcao::Event &event);

private:
    enum class Mode { Idle, Registering, LoggingIn };

    void connectNow();
    void onNode(const Node &node);
    void onClosed(const Error &error, const NodeConnection::StreamEnd &end);
    // 405: one try with a newer version if WhatsApp Web names one, otherwise stop and say so.
    void onClientOutdated(const ReconnectPolicy::Decision &decision);
    void dropConnection();

    void addRoutes();
    void connectPairing();
    void handlePairDevice(const Node &iq);
    void handlePairSuccess(const Node &iq);
    void handleLoginSuccess(const Node &success);
    void answerPing(const Node &ping);
    void askForOfflineBatch();
    void endLinkAttempt(const QString &reason);
    void acknowledge(const Node &node);
    void send(const Node &node);

    void ensureMessenger();
    void forgetDevice(const QString &reason);
    bool requireMessenger(const char *what);
    Error notLinkedError(const char *what) const;
    void setStatus(SessionStatus status, const QString &reason = {}, int attempt = 0, qint64 nextTryMs = 0);
    void stopFor(const ReconnectPolicy::Decision &decision);
    void emitError(const Error &error, const QString &requestId = {});

    Options m_options;
    SessionStores m_stores;
    DeviceAccount m_account;
    std::unique_ptr<Messenger> m_messenger;
    SessionMedia *m_media = nullptr; // null without a media folder
    WaVersion m_sentVersion; // the version the current or last connection announced
    bool m_triedNewerVersion = false; // after a 405, once per start
    ReconnectPolicy m_policy;
    SessionStatus m_status = SessionStatus::New;
    Mode m_mode = Mode::Idle;

    QPointer<NodeConnection> m_connection;
    IqClient *m_iq;
    Keepalive *m_keepalive;
    QrPairing *m_qr;
    CodePairing *m_code;
    StanzaRouter m_router;
    QTimer m_reconnectTimer;
    QTimer m_loginTimer;

    // Linking in progress.
    LinkMethod m_linkMethod = LinkMethod::Qr;
    QString m_linkPhone;
    QString m_linkRequestId; // the link request in progress, for errors that come after link() returned
};

} // namespace balcao
