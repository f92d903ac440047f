#include "session.h"

#include "auth/pair_success.h"
#include "auth/qr_link.h"
#include "binary/jid.h"
#include "iq_client.h"
#include "keepalive.h"
#include "messaging/messenger.h"
#include "transport/node_connection.h"

#include <QDateTime>

namespace balcao {

namespace {

const QString kServer = QStringLiteral("@s.whatsapp.net");

Node iqNode(const QString &type, const QString &xmlns, Node::Children children = {}) {
    QList<Node::Attribute> attributes{{QStringLiteral("to"), kServer}, {QStringLiteral("type"), type}};
    if (!xmlns.isEmpty())
        attributes.append({QStringLiteral("xmlns"), xmlns});
    return Node(QStringLiteral("iq"), attributes, std::move(children));
}

Node bytesNode(const QString &tag, const QByteArray &bytes) {
    return Node(tag, {}, bytes);
}

qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

Session::Session(Options options, SessionStores stores, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_stores(stores)
    , m_store(stores.credentials)
    , m_payloads(m_options.identity)
    , m_iq(new IqClient(this))
    , m_keepalive(new Keepalive(m_iq, this)) {
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &Session::connectNow);
    m_qrTimer.setSingleShot(true);
    connect(&m_qrTimer, &QTimer::timeout, this, &Session::showNextQr);
    m_loginTimer.setSingleShot(true);
    connect(&m_loginTimer, &QTimer::timeout, this, [this] {
        if (m_connection)
            m_connection->abort(makeError(errc::kTimeout, QStringLiteral("The server did not answer the login in time.")), 408);
    });
    if (m_options.keepaliveIntervalMs > 0)
        m_keepalive->setTiming(m_options.keepaliveIntervalMs, m_options.keepaliveDeadlineMs);
    connect(m_keepalive, &Keepalive::lost, this, [this] {
        if (m_connection)
            m_connection->abort(makeError(errc::kTimeout, QStringLiteral("The server stopped answering pings.")), 408);
    });
}

Session::~Session() {
    dropConnection();
    m_messenger.reset();
}

void Session::ensureMessenger() {
    if (m_messenger || !isLinked())
        return;
    auto messenger = Messenger::create(
        m_options.id, {m_stores.signal, m_stores.messages, m_stores.transaction}, *m_credentials,
        [this] { return saveCredentials(); }, m_iq, [this](const Node &node) { send(node); });
    if (!messenger) {
        emitError(messenger.error());
        return;
    }
    m_messenger = std::move(*messenger);
    connect(m_messenger.get(), &Messenger::event, this, &Session::event);
}

void Session::forgetDevice(const QString &reason) {
    m_mode = Mode::Idle;
    m_reconnectTimer.stop();
    dropConnection();
    m_messenger.reset();
    if (auto wiped = m_store->wipe(m_options.id); !wiped)
        emitError(wiped.error());
    // The Signal identity went with the credentials; sessions and prekeys made with it are useless now.
    if (m_stores.signal) {
        if (auto wiped = m_stores.signal->wipe(m_options.id); !wiped)
            emitError(wiped.error());
    }
    m_credentials.reset();
    setStatus(SessionStatus::LoggedOut, reason);
}

bool Session::requireMessenger(const char *what) {
    if (m_messenger)
        return true;
    emitError(makeError(errc::kNotLinked,
                        QStringLiteral("This session has no linked number yet; link it before %1.").arg(QLatin1String(what))));
    return false;
}

void Session::sendText(const QString &to, const QString &text, const QString &id) {
    if (requireMessenger("sending"))
        m_messenger->sendText(to, text, id);
}

void Session::markRead(const QString &chat) {
    if (requireMessenger("marking chats read"))
        m_messenger->markRead(chat);
}

void Session::queryChats() {
    if (requireMessenger("listing chats"))
        emit replied(m_messenger->chatsReply());
}

void Session::queryMessages(const QString &chat, int limit, const QString &before) {
    if (requireMessenger("reading messages"))
        emit replied(m_messenger->messagesReply(chat, limit, before));
}

void Session::searchMessages(const QString &query, int limit) {
    if (requireMessenger("searching messages"))
        emit replied(m_messenger->searchReply(query, limit));
}

void Session::start() {
    m_reconnectTimer.stop();
    if (!m_credentials) {
        auto loaded = m_store->load(m_options.id);
        if (!loaded) {
            emitError(loaded.error());
            setStatus(SessionStatus::Stopped, loaded.error().message);
            return;
        }
        m_credentials = *loaded;
    }
    if (!isLinked()) {
        setStatus(SessionStatus::New, QStringLiteral("not linked yet"));
        return;
    }
    ensureMessenger();
    if (m_connection)
        return;
    m_mode = Mode::LoggingIn;
    connectNow();
}

void Session::link(LinkMethod method, const QString &phone) {
    if (!m_credentials) {
        auto loaded = m_store->load(m_options.id);
        if (!loaded) {
            emitError(loaded.error());
            return;
        }
        m_credentials = *loaded;
    }
    if (isLinked()) {
        emitError(makeError(errc::kAlreadyLinked,
                            QStringLiteral("This session is already linked to %1; log out before linking again.")
                                .arg(m_credentials->ownJid)));
        return;
    }
    if (!m_credentials) {
        auto fresh = DeviceCredentials::generate();
        if (!fresh) {
            emitError(fresh.error());
            return;
        }
        m_credentials = *fresh;
        if (auto saved = saveCredentials(); !saved) {
            emitError(saved.error());
            m_credentials.reset();
            return;
        }
    }
    dropConnection();
    m_reconnectTimer.stop();
    m_linkMethod = method;
    m_linkPhone = phone;
    m_mode = Mode::Registering;
    connectNow();
}

void Session::stop() {
    m_mode = Mode::Idle;
    m_reconnectTimer.stop();
    dropConnection();
    setStatus(SessionStatus::Stopped, QStringLiteral("stopped by the user"));
}

void Session::logout() {
    if (!m_connection || !m_connection->isReady() || !isLinked()) {
        forgetDevice(QStringLiteral("logged out by the user"));
        return;
    }
    // Tell the phone first, so the device disappears from its list; forget the keys either way.
    Node remove = iqNode(QStringLiteral("set"), QStringLiteral("md"),
                         {Node(QStringLiteral("remove-companion-device"),
                               {{QStringLiteral("jid"), m_credentials->ownJid},
                                {QStringLiteral("reason"), QStringLiteral("user_initiated")}})});
    m_iq->query(
        std::move(remove),
        [self = QPointer<Session>(this)](Result<Node>) {
            if (self)
                self->forgetDevice(QStringLiteral("logged out by the user"));
        },
        std::chrono::milliseconds(5000));
}

void Session::connectNow() {
    dropConnection();
    Result<QByteArray> payload = m_mode == Mode::Registering ? Result<QByteArray>(m_payloads.registration(*m_credentials))
                                                             : m_payloads.login(*m_credentials);
    if (!payload) {
        emitError(payload.error());
        setStatus(SessionStatus::Stopped, payload.error().message);
        return;
    }
    auto *connection = new NodeConnection(this);
    m_connection = connection;
    m_iq->setConnection(connection);
    connect(connection, &NodeConnection::nodeReceived, this, &Session::onNode);
    connect(connection, &NodeConnection::closed, this, &Session::onClosed);
    connect(connection, &NodeConnection::ready, this, [this] { m_loginTimer.start(m_options.loginTimeoutMs); });
    if (m_status != SessionStatus::Reconnecting)
        setStatus(SessionStatus::Connecting);
    NoiseSocket::Options socket;
    socket.url = m_options.serverUrl;
    socket.noiseKey = m_credentials->noiseKey;
    socket.clientPayload = *payload;
    socket.verifier = m_options.verifier;
    connection->open(std::move(socket));
}

void Session::dropConnection() {
    m_qrTimer.stop();
    m_loginTimer.stop();
    m_keepalive->stop();
    if (m_messenger)
        m_messenger->onDisconnected();
    if (m_connection) {
        NodeConnection *connection = m_connection;
        m_connection = nullptr;
        disconnect(connection, nullptr, this, nullptr);
        connection->close();
        connection->deleteLater();
    }
    m_iq->setConnection(nullptr);
    m_iq->failAll(makeError(errc::kNotConnected, QStringLiteral("The connection was closed.")));
}

void Session::onClosed(const Error &error, int code) {
    const bool wasPairing = m_mode == Mode::Registering;
    dropConnection();
    if (error.code == QLatin1String(errc::kServerUntrusted)) {
        // Never retry blindly into a server we do not trust: the user has to look at it.
        emitError(error);
        m_mode = Mode::Idle;
        setStatus(SessionStatus::Stopped, error.message);
        return;
    }
    const auto decision = m_policy.onDisconnect(code, {});
    switch (decision.verdict) {
    case ReconnectPolicy::Verdict::LoggedOut:
        forgetDevice(QStringLiteral("the phone removed this device"));
        return;
    case ReconnectPolicy::Verdict::Replaced:
        m_mode = Mode::Idle;
        setStatus(SessionStatus::Stopped, decision.reason);
        return;
    case ReconnectPolicy::Verdict::RetryNow:
        // After pair-success the server asks for a fresh connection: log in with the new credentials.
        if (isLinked())
            m_mode = Mode::LoggingIn;
        connectNow();
        return;
    case ReconnectPolicy::Verdict::RetryAfterDelay:
        break;
    }
    if (wasPairing && !isLinked()) {
        // A pairing connection that drops takes its QR with it; a new connection brings new refs.
        m_mode = Mode::Registering;
    }
    const qint64 nextTry = nowMs() + decision.delay.count();
    setStatus(SessionStatus::Reconnecting, error.message.isEmpty() ? decision.reason : error.message,
              decision.attempt, nextTry);
    m_reconnectTimer.start(decision.delay);
}

void Session::onNode(const Node &node) {
    if (m_iq->handle(node))
        return;
    if (m_messenger && m_messenger->handle(node))
        return;
    const QString &tag = node.tag();
    if (tag == QLatin1String("iq")) {
        if (node.child(u"pair-device") && node.attribute(u"type") == QLatin1String("set"))
            handlePairDevice(node);
        else if (node.child(u"pair-success"))
            handlePairSuccess(node);
        else if (node.attribute(u"type") == QLatin1String("get") && node.attribute(u"xmlns") == QLatin1String("urn:xmpp:ping"))
            send(Node(QStringLiteral("iq"), {{QStringLiteral("to"), node.attribute(u"from")},
                                                           {QStringLiteral("type"), QStringLiteral("result")},
                                                           {QStringLiteral("id"), node.attribute(u"id")}}));
        return;
    }
    if (tag == QLatin1String("success")) {
        handleLoginSuccess(node);
        return;
    }
    if (tag == QLatin1String("notification")) {
        if (node.attribute(u"type") == QLatin1String("link_code_companion_reg"))
            handleLinkCodeNotification(node);
        acknowledge(node);
        return;
    }
    if (tag == QLatin1String("ib")) {
        if (const Node *preview = node.child(u"offline_preview"); preview && m_connection) {
            send(Node(QStringLiteral("ib"), {},
                                    Node::Children{Node(QStringLiteral("offline_batch"),
                                                        {{QStringLiteral("count"), QStringLiteral("100")}})}));
        }
        return;
    }
    // Messages and receipts are acknowledged only once they are stored (messaging), never before.
}

void Session::acknowledge(const Node &node) {
    if (!m_connection)
        return;
    QList<Node::Attribute> attributes{{QStringLiteral("id"), node.attribute(u"id")},
                                      {QStringLiteral("to"), node.attribute(u"from")},
                                      {QStringLiteral("class"), node.tag()}};
    if (node.hasAttribute(u"type"))
        attributes.append({QStringLiteral("type"), node.attribute(u"type")});
    if (node.hasAttribute(u"participant"))
        attributes.append({QStringLiteral("participant"), node.attribute(u"participant")});
    send(Node(QStringLiteral("ack"), attributes));
}

void Session::handlePairDevice(const Node &iq) {
    m_loginTimer.stop();
    send(Node(QStringLiteral("iq"), {{QStringLiteral("to"), kServer},
                                                   {QStringLiteral("type"), QStringLiteral("result")},
                                                   {QStringLiteral("id"), iq.attribute(u"id")}}));
    m_refs.clear();
    for (const Node *ref : iq.child(u"pair-device")->childrenByTag(u"ref"))
        m_refs.append(ref->contentBytes());
    m_refIndex = 0;
    if (m_refs.isEmpty()) {
        emitError(makeError(errc::kMalformedNode, QStringLiteral("The server offered no pairing codes.")));
        return;
    }
    setStatus(SessionStatus::Pairing);
    if (m_linkMethod == LinkMethod::Code)
        requestPairingCode();
    else
        showNextQr();
}

void Session::showNextQr() {
    if (m_refIndex >= m_refs.size()) {
        // Every ref has been shown: the user has to ask for a new QR (WhatsApp Web does the same).
        dropConnection();
        m_mode = Mode::Idle;
        emit event(QrExpiredEvent{m_options.id});
        setStatus(SessionStatus::New, QStringLiteral("the QR code expired"));
        return;
    }
    const int lifetime = m_refIndex == 0 ? m_options.qrFirstRefMs : m_options.qrNextRefMs;
    const QString text = qrLinkText(m_refs.at(m_refIndex++), *m_credentials);
    emit event(QrEvent{m_options.id, text, nowMs() + lifetime});
    m_qrTimer.start(lifetime);
}

void Session::requestPairingCode() {
    m_pairingEphemeral = crypto::generateKeyPair();
    auto code = PairingCode::create(m_pairingEphemeral);
    if (!code) {
        emitError(code.error());
        return;
    }
    m_pairingCode = *code;
    const QString phoneJid = m_linkPhone + kServer;
    Node hello = iqNode(
        QStringLiteral("set"), QStringLiteral("md"),
        {Node(QStringLiteral("link_code_companion_reg"),
              {{QStringLiteral("jid"), phoneJid},
               {QStringLiteral("stage"), QStringLiteral("companion_hello")},
               {QStringLiteral("should_show_push_notification"), QStringLiteral("true")}},
              Node::Children{
                  bytesNode(QStringLiteral("link_code_pairing_wrapped_companion_ephemeral_pub"),
                            m_pairingCode->wrappedCompanionEphemeral()),
                  bytesNode(QStringLiteral("companion_server_auth_key_pub"), m_credentials->noiseKey.publicKey),
                  bytesNode(QStringLiteral("companion_platform_id"), QByteArray("7")), // DESKTOP
                  bytesNode(QStringLiteral("companion_platform_display"), m_options.identity.deviceName.toUtf8()),
                  bytesNode(QStringLiteral("link_code_pairing_nonce"), QByteArray(1, '\0')),
              })});
    m_iq->query(std::move(hello), [self = QPointer<Session>(this)](Result<Node> answer) {
        if (!self)
            return;
        if (!answer) {
            self->emitError(answer.error());
            return;
        }
        if (const Node *reg = answer->child(u"link_code_companion_reg")) {
            if (const Node *ref = reg->child(u"link_code_pairing_ref"))
                self->m_pairingRef = ref->contentBytes();
        }
        emit self->event(PairingCodeEvent{self->m_options.id, self->m_pairingCode->displayCode(), self->m_linkPhone});
    });
}

void Session::handleLinkCodeNotification(const Node &notification) {
    const Node *reg = notification.child(u"link_code_companion_reg");
    if (!reg || !m_pairingCode || !m_credentials)
        return;
    const Node *ref = reg->child(u"link_code_pairing_ref");
    const Node *primaryIdentity = reg->child(u"primary_identity_pub");
    const Node *wrapped = reg->child(u"link_code_pairing_wrapped_primary_ephemeral_pub");
    if (!ref || !primaryIdentity || !wrapped) {
        emitError(makeError(errc::kMalformedNode, QStringLiteral("The phone's pairing answer is incomplete.")));
        return;
    }
    auto finish = m_pairingCode->finish(m_credentials->identityKey, primaryIdentity->contentBytes(), wrapped->contentBytes());
    if (!finish) {
        emitError(finish.error());
        return;
    }
    m_credentials->advSecret = finish->advSecret;
    if (auto saved = saveCredentials(); !saved) {
        emitError(saved.error());
        return;
    }
    Node companionFinish = iqNode(
        QStringLiteral("set"), QStringLiteral("md"),
        {Node(QStringLiteral("link_code_companion_reg"),
              {{QStringLiteral("jid"), m_linkPhone + kServer}, {QStringLiteral("stage"), QStringLiteral("companion_finish")}},
              Node::Children{
                  bytesNode(QStringLiteral("link_code_pairing_wrapped_key_bundle"), finish->wrappedKeyBundle),
                  bytesNode(QStringLiteral("companion_identity_public"), m_credentials->identityKey.publicKey),
                  bytesNode(QStringLiteral("link_code_pairing_ref"), ref->contentBytes()),
              })});
    m_iq->query(std::move(companionFinish), [self = QPointer<Session>(this)](Result<Node> answer) {
        if (self && !answer)
            self->emitError(answer.error());
    });
}

void Session::handlePairSuccess(const Node &iq) {
    auto stanza = PairSuccess::parse(iq);
    if (!stanza) {
        emitError(stanza.error());
        return;
    }
    auto accepted = PairSuccess::accept(*stanza, *m_credentials);
    if (!accepted) {
        send(PairSuccess::refusal(stanza->iqId, accepted.error()));
        emitError(accepted.error());
        dropConnection();
        m_mode = Mode::Idle;
        setStatus(SessionStatus::New, accepted.error().message);
        return;
    }
    DeviceCredentials linked = *m_credentials;
    PairSuccess::apply(*stanza, *accepted, linked);
    // Persist before we confirm: the server treats our reply as the device's final word.
    std::swap(*m_credentials, linked);
    if (auto saved = saveCredentials(); !saved) {
        std::swap(*m_credentials, linked);
        emitError(saved.error());
        return;
    }
    m_qrTimer.stop();
    send(accepted->reply);
    ensureMessenger();
    m_mode = Mode::LoggingIn; // the server now sends 515 and we log in
    setStatus(SessionStatus::Connecting, QStringLiteral("linked; logging in"));
}

void Session::handleLoginSuccess(const Node &success) {
    m_loginTimer.stop();
    const QString lid = success.attribute(u"lid");
    if (!lid.isEmpty() && lid != m_credentials->ownLid) {
        m_credentials->ownLid = lid;
        if (auto saved = saveCredentials(); !saved)
            emitError(saved.error());
    }
    m_policy.onConnected();
    m_mode = Mode::LoggingIn;
    m_keepalive->start();
    m_iq->query(iqNode(QStringLiteral("set"), QStringLiteral("passive"), {Node(QStringLiteral("active"))}),
                [](Result<Node>) {});
    setStatus(SessionStatus::Connected);
    ensureMessenger();
    if (m_messenger)
        m_messenger->onLoggedIn();
}

void Session::send(const Node &node) {
    if (!m_connection)
        return;
    // A frame that cannot be written means the connection is broken: end it and let the policy decide.
    if (auto sent = m_connection->send(node); !sent)
        m_connection->abort(sent.error());
}

Result<void> Session::saveCredentials() {
    return m_store->save(m_options.id, *m_credentials);
}

void Session::setStatus(SessionStatus status, const QString &reason, int attempt, qint64 nextTryMs) {
    m_status = status;
    emit event(StatusEvent{m_options.id, status, ownJid(), reason, attempt, nextTryMs});
}

void Session::emitError(const Error &error) {
    emit event(ErrorEvent{m_options.id, error.code, error.message});
}

} // namespace balcao
