#include "session.h"

#include "auth/pair_success.h"
#include "binary/jid.h"
#include "code_pairing.h"
#include "iq_client.h"
#include "keepalive.h"
#include "messaging/messenger.h"
#include "messaging/receipts.h"
#include "pairing_stanzas.h"
#include "qr_pairing.h"
#include "session/session_media.h"
#include "transport/node_connection.h"
#include "wa_version_source.h"

#include <QDateTime>

namespace balcao {

namespace {

const QString kServer = QStringLiteral("@s.whatsapp.net");

Node iqNode(const QString &type, const QString &xmlns, Node::Children children = {}) {
    QList<Node::Attribute> attributes {{QStringLiteral("to"), kServer}, {QStringLiteral("type"), type}};
    if (!xmlns.isEmpty())
        attributes.append({QStringLiteral("xmlns"), xmlns});
    return Node(QStringLiteral("iq"), attributes, std::move(children));
}

qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

Session::Session(Options options, SessionStores stores, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_stores(stores)
    , m_account(m_options.id, stores.credentials)
    , m_iq(new IqClient(this))
    , m_keepalive(new Keepalive(m_iq, this))
    , m_qr(new QrPairing(m_options.qrFirstRefMs, m_options.qrNextRefMs, this))
    , m_code(new CodePairing(m_account, m_iq, this)) {
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &Session::connectNow);
    m_loginTimer.setSingleShot(true);
    connect(&m_loginTimer, &QTimer::timeout, this, [this] {
        if (m_connection)
            m_connection->abort(
                makeError(errc::kTimeout, QStringLiteral("The server did not answer the login in time.")),
                408);
    });
    if (m_options.keepaliveIntervalMs > 0)
        m_keepalive->setTiming(m_options.keepaliveIntervalMs, m_options.keepaliveDeadlineMs);
    connect(m_keepalive, &Keepalive::lost, this, [this] {
        if (m_connection)
            m_connection->abort(
                makeError(errc::kTimeout, QStringLiteral("The server stopped answering pings.")), 408);
    });
    connectPairing();
    addRoutes();
}

// The stanzas this class handles itself; messaging's come first (onNode).
void Session::addRoutes() {
    m_router.add(QStringLiteral("iq"), QStringLiteral("set"), [this](const Node &iq) {
        if (!iq.child(u"pair-device"))
            return false;
        handlePairDevice(iq);
        return true;
    });
    m_router.add(QStringLiteral("iq"), [this](const Node &iq) {
        if (!iq.child(u"pair-success"))
            return false;
        handlePairSuccess(iq);
        return true;
    });
    m_router.add(QStringLiteral("iq"), QStringLiteral("get"), [this](const Node &iq) {
        if (iq.attribute(u"xmlns") != QLatin1String("urn:xmpp:ping"))
            return false;
        answerPing(iq);
        return true;
    });
    m_router.add(QStringLiteral("success"), [this](const Node &success) {
        handleLoginSuccess(success);
        return true;
    });
    m_router.add(
        QStringLiteral("notification"), QStringLiteral("link_code_companion_reg"), [this](const Node &n) {
            m_code->onNotification(n);
            acknowledge(n);
            return true;
        });
    m_router.add(QStringLiteral("ib"), [this](const Node &ib) {
        if (ib.child(u"offline_preview"))
            askForOfflineBatch();
        return true;
    });
    // Other notifications are acknowledged as they come; messages and receipts only once they are stored
    // (messaging), never before.
    m_router.add(QStringLiteral("notification"), [this](const Node &n) {
        acknowledge(n);
        return true;
    });
}

void Session::connectPairing() {
    connect(m_qr, &QrPairing::qr, this, [this](const QString &text, qint64 expiresAtMs) {
        emit event(QrEvent {m_options.id, text, expiresAtMs});
    });
    connect(m_qr, &QrPairing::expired, this, [this] {
        emit event(QrExpiredEvent {m_options.id});
        endLinkAttempt(QStringLiteral("the QR code expired"));
    });
    connect(m_code, &CodePairing::code, this, [this](const QString &code, const QString &phone) {
        emit event(PairingCodeEvent {m_options.id, code, phone});
    });
    connect(m_code, &CodePairing::refused, this, [this](const Error &error, const QString &requestId) {
        emitError(error, requestId);
        // Without a code there is nothing to link with on this connection; the user asks again.
        endLinkAttempt(QStringLiteral("no pairing code was given"));
    });
    connect(m_code, &CodePairing::failed, this, [this](const Error &error) { emitError(error); });
}

void Session::endLinkAttempt(const QString &reason) {
    dropConnection();
    m_mode = Mode::Idle;
    setStatus(SessionStatus::New, reason);
}

Session::~Session() {
    if (m_options.versions)
        m_options.versions->forget(this);
    dropConnection();
    m_messenger.reset();
}

void Session::ensureMessenger() {
    if (m_messenger || !isLinked())
        return;
    auto messenger = Messenger::create(
        m_options.id, {m_stores.signal, m_stores.messaging, m_stores.transaction}, m_account.credentials(),
        [this] { return m_account.save(); }, m_iq, [this](const Node &node) { send(node); });
    if (!messenger) {
        emitError(messenger.error());
        return;
    }
    m_messenger = std::move(*messenger);
    m_messenger->setCallPolicy(m_options.calls);
    connect(m_messenger.get(), &Messenger::event, this, &Session::event);
    if (!m_options.mediaDir.isEmpty() && !m_media) {
        m_media = new SessionMedia(
            m_options.id, MediaFolder(m_options.mediaDir), m_options.trust, m_options.autoDownload, m_iq,
            [this](const Node &node) { send(node); }, [this] { return Jid::parse(m_account.ownJid()); },
            this);
        connect(m_media, &SessionMedia::event, this, &Session::event);
    }
    if (m_media) {
        connect(m_messenger.get(), &Messenger::event, m_media, &SessionMedia::onEvent);
        m_messenger->setMediaPreparer([media = QPointer<SessionMedia>(m_media)](const StoredMessage &message,
                                          std::function<void(Result<MessageContent>)> done) {
            if (media)
                media->upload(message, std::move(done));
        });
    }
}

void Session::forgetDevice(const QString &reason) {
    m_mode = Mode::Idle;
    m_reconnectTimer.stop();
    dropConnection();
    m_messenger.reset();
    if (auto wiped = m_account.forget(); !wiped)
        emitError(wiped.error());
    // The Signal identity went with the credentials; sessions and prekeys made with it are useless now.
    if (m_stores.signal) {
        if (auto wiped = m_stores.signal->wipe(m_options.id); !wiped)
            emitError(wiped.error());
    }
    setStatus(SessionStatus::LoggedOut, reason);
}

bool Session::requireMessenger(const char *what) {
    if (m_messenger)
        return true;
    emitError(notLinkedError(what));
    return false;
}

void Session::send(
    const QString &to, const MessageContent &content, const QString &id, const QString &requestId) {
    if (requireMessenger("sending"))
        m_messenger->send(to, content, id, requestId);
}

void Session::setCallPolicy(const CallPolicy &policy) {
    m_options.calls = policy;
    if (m_messenger)
        m_messenger->setCallPolicy(policy);
}

void Session::markRead(const QString &chat) {
    if (requireMessenger("marking chats read"))
        m_messenger->markRead(chat);
}

Error Session::notLinkedError(const char *what) const {
    return makeError(errc::kNotLinked,
        QStringLiteral("This session has no linked number yet; link it before %1.").arg(QLatin1String(what)));
}

Result<ChatsReply> Session::chats() {
    if (!m_messenger)
        return notLinkedError("listing chats");
    return m_messenger->chats();
}

Result<MessagesReply> Session::messages(const QString &chat, int limit, const QString &before) {
    if (!m_messenger)
        return notLinkedError("reading messages");
    return m_messenger->messages(chat, limit, before);
}

void Session::markPlayed(const QString &chat, const QString &id) {
    if (requireMessenger("marking voice notes played"))
        m_messenger->markPlayed(chat, id);
}

Result<MediaReply> Session::media(const QString &chat, const QString &id, bool download) {
    if (!m_messenger)
        return notLinkedError("reading media");
    if (!m_media) {
        return makeError(errc::kUnsupported, QStringLiteral("This session keeps no media files."));
    }
    auto message = m_messenger->message(chat, id);
    if (!message)
        return message.error();
    return m_media->describe(*message, download);
}

Result<SearchReply> Session::search(const QString &query, int limit) {
    if (!m_messenger)
        return notLinkedError("searching messages");
    return m_messenger->search(query, limit);
}

void Session::checkNumbers(const QStringList &numbers, std::function<void(Result<NumbersReply>)> done) {
    if (!m_messenger) {
        done(notLinkedError("checking numbers"));
        return;
    }
    if (m_status != SessionStatus::Connected) {
        done(makeError(errc::kNotConnected,
            QStringLiteral("Numbers can be checked only while the number is connected.")));
        return;
    }
    m_messenger->checkNumbers(numbers, [id = m_options.id, done](Result<QList<NumberResult>> results) {
        if (!results)
            done(results.error());
        else
            done(NumbersReply {id, *results});
    });
}

void Session::start() {
    m_reconnectTimer.stop();
    m_triedNewerVersion = false;
    if (auto loaded = m_account.load(); !loaded) {
        emitError(loaded.error());
        setStatus(SessionStatus::Stopped, loaded.error().message);
        return;
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

void Session::link(LinkMethod method, const QString &phone, const QString &requestId) {
    if (auto loaded = m_account.load(); !loaded) {
        emitError(loaded.error(), requestId);
        return;
    }
    if (isLinked()) {
        emitError(makeError(errc::kAlreadyLinked,
                      QStringLiteral("This session is already linked to %1; log out before linking again.")
                          .arg(ownJid())),
            requestId);
        return;
    }
    if (auto created = m_account.createIfMissing(); !created) {
        emitError(created.error(), requestId);
        return;
    }
    dropConnection();
    m_reconnectTimer.stop();
    m_linkMethod = method;
    m_linkPhone = phone;
    m_linkRequestId = requestId;
    m_mode = Mode::Registering;
    m_triedNewerVersion = false;
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
            {{QStringLiteral("jid"), ownJid()},
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
    const DeviceCredentials &credentials = m_account.credentials();
    ClientIdentity identity = m_options.identity;
    if (m_options.versions)
        identity.webVersion = m_options.versions->current().toList();
    m_sentVersion = WaVersion::fromList(identity.webVersion);
    const ClientPayloadBuilder payloads(std::move(identity));
    Result<QByteArray> payload = m_mode == Mode::Registering
        ? Result<QByteArray>(payloads.registration(credentials))
        : payloads.login(credentials);
    if (!payload) {
        emitError(payload.error());
        setStatus(SessionStatus::Stopped, payload.error().message);
        return;
    }
    auto *connection = new NodeConnection(this);
    m_connection = connection;
    m_iq->setSender([connection = QPointer<NodeConnection>(connection)](const Node &node) -> Result<void> {
        if (!connection)
            return makeError(errc::kNotConnected, QStringLiteral("Not connected to WhatsApp."));
        return connection->send(node);
    });
    connect(connection, &NodeConnection::nodeReceived, this, &Session::onNode);
    connect(connection, &NodeConnection::closed, this, &Session::onClosed);
    connect(
        connection, &NodeConnection::ready, this, [this] { m_loginTimer.start(m_options.loginTimeoutMs); });
    if (m_status != SessionStatus::Reconnecting)
        setStatus(SessionStatus::Connecting);
    NoiseSocket::Options socket;
    socket.url = m_options.serverUrl;
    socket.noiseKey = credentials.noiseKey;
    socket.clientPayload = *payload;
    socket.verifier = m_options.verifier;
    socket.trust = m_options.trust;
    connection->open(std::move(socket));
}

void Session::dropConnection() {
    m_qr->stop();
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
    m_iq->setSender({});
    m_iq->failAll(makeError(errc::kNotConnected, QStringLiteral("The connection was closed.")));
}

void Session::onClosed(const Error &error, const NodeConnection::StreamEnd &end) {
    const bool wasPairing = m_mode == Mode::Registering;
    dropConnection();
    if (error.code == QLatin1String(errc::kServerUntrusted)) {
        // Never retry blindly into a server we do not trust: the user has to look at it.
        emitError(error);
        m_mode = Mode::Idle;
        setStatus(SessionStatus::Stopped, error.message);
        return;
    }
    const auto decision = m_policy.onEnd(end, nowMs());
    switch (decision.verdict) {
    case ReconnectPolicy::Verdict::LoggedOut:
        if (decision.errorCode && end.loginFailure)
            emitError(makeError(decision.errorCode, decision.reason));
        forgetDevice(end.loginFailure ? decision.reason : QStringLiteral("the phone removed this device"));
        return;
    case ReconnectPolicy::Verdict::Replaced:
        m_mode = Mode::Idle;
        setStatus(SessionStatus::Stopped, decision.reason);
        return;
    case ReconnectPolicy::Verdict::Stopped:
        stopFor(decision);
        return;
    case ReconnectPolicy::Verdict::ClientOutdated:
        onClientOutdated(decision);
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

void Session::stopFor(const ReconnectPolicy::Decision &decision) {
    m_mode = Mode::Idle;
    m_reconnectTimer.stop();
    emitError(makeError(decision.errorCode,
        decision.advice.isEmpty() ? decision.reason : decision.reason + QLatin1Char(' ') + decision.advice));
    m_status = SessionStatus::Stopped;
    emit event(StatusEvent {m_options.id, SessionStatus::Stopped, ownJid(), decision.reason, 0, 0,
        QString::fromLatin1(decision.errorCode), decision.untilMs});
}

void Session::onClientOutdated(const ReconnectPolicy::Decision &decision) {
    const Mode mode = m_mode;
    const WaVersion refused = m_sentVersion;
    const auto giveUp = [this, decision, refused](const QString &why) {
        ReconnectPolicy::Decision stop = decision;
        stop.reason = QStringLiteral("WhatsApp refused WhatsApp Web %1 as outdated (405)%2.")
                          .arg(refused.toString(), why);
        stop.advice = QStringLiteral(
            "Update Balcão, or start it with --wa-version set to the version web.whatsapp.com runs now.");
        stopFor(stop);
    };
    if (m_triedNewerVersion || !m_options.versions || m_options.versions->isPinned()) {
        giveUp(
            m_triedNewerVersion ? QStringLiteral(" again, after one try with a newer version") : QString());
        return;
    }
    m_triedNewerVersion = true;
    setStatus(SessionStatus::Connecting,
        QStringLiteral("WhatsApp Web %1 is outdated; looking for the current version")
            .arg(refused.toString()));
    m_options.versions->refreshFor(
        this, [this, mode, refused, giveUp](const WaVersionSource::Reading &reading) {
            if (m_status != SessionStatus::Connecting || m_connection)
                return; // stopped or started again meanwhile
            if (!reading.version || *reading.version <= refused) {
                giveUp(reading.version
                        ? QStringLiteral(" and %1 names no newer one").arg(m_options.versions->url().host())
                        : QStringLiteral(" and no newer one could be read (%1)").arg(reading.problem));
                return;
            }
            m_mode = mode;
            connectNow();
        });
}

void Session::onNode(const Node &node) {
    if (m_iq->handle(node))
        return;
    if (m_media && node.tag() == u"notification" && node.attribute(u"type") == u"mediaretry"
        && m_media->onRetryNotification(node)) {
        acknowledge(node);
        return;
    }
    if (m_messenger && m_messenger->handle(node))
        return;
    m_router.route(node);
}

void Session::acknowledge(const Node &node) {
    if (m_connection)
        send(receipts::buildAck(node));
}

void Session::answerPing(const Node &ping) {
    send(Node(QStringLiteral("iq"),
        {{QStringLiteral("to"), ping.attribute(u"from")}, {QStringLiteral("type"), QStringLiteral("result")},
            {QStringLiteral("id"), ping.attribute(u"id")}}));
}

void Session::askForOfflineBatch() {
    if (m_connection)
        send(Node(QStringLiteral("ib"), {},
            Node::Children {
                Node(QStringLiteral("offline_batch"), {{QStringLiteral("count"), QStringLiteral("100")}})}));
}

void Session::handlePairDevice(const Node &iq) {
    m_loginTimer.stop();
    send(pairing::buildPairDeviceAnswer(iq));
    auto refs = pairing::parsePairDevice(iq);
    if (!refs) {
        emitError(refs.error(), m_linkRequestId);
        return;
    }
    setStatus(SessionStatus::Pairing);
    if (m_linkMethod == LinkMethod::Code)
        m_code->request(m_linkPhone, m_options.identity.deviceName, m_linkRequestId);
    else
        m_qr->start(*refs, m_account.credentials());
}

void Session::handlePairSuccess(const Node &iq) {
    auto stanza = PairSuccess::parse(iq);
    if (!stanza) {
        emitError(stanza.error());
        return;
    }
    auto accepted = PairSuccess::accept(*stanza, m_account.credentials());
    if (!accepted) {
        send(PairSuccess::refusal(stanza->iqId, accepted.error()));
        emitError(accepted.error());
        dropConnection();
        m_mode = Mode::Idle;
        setStatus(SessionStatus::New, accepted.error().message);
        return;
    }
    DeviceCredentials linked = m_account.credentials();
    PairSuccess::apply(*stanza, *accepted, linked);
    // Persist before we confirm: the server treats our reply as the device's final word.
    if (auto saved = m_account.replace(std::move(linked)); !saved) {
        emitError(saved.error());
        return;
    }
    m_qr->stop();
    m_code->cancel();
    send(accepted->reply);
    ensureMessenger();
    m_mode = Mode::LoggingIn; // the server now sends 515 and we log in
    setStatus(SessionStatus::Connecting, QStringLiteral("linked; logging in"));
}

void Session::handleLoginSuccess(const Node &success) {
    m_loginTimer.stop();
    const QString lid = success.attribute(u"lid");
    if (!lid.isEmpty() && lid != m_account.credentials().ownLid) {
        m_account.credentials().ownLid = lid;
        if (auto saved = m_account.save(); !saved)
            emitError(saved.error());
    }
    m_policy.onConnected();
    m_triedNewerVersion = false;
    if (m_options.versions)
        m_options.versions->loggedInWith(m_sentVersion);
    m_mode = Mode::LoggingIn;
    m_keepalive->start();
    setStatus(SessionStatus::Connected);
    ensureMessenger();
    // As both references: prekeys counted and topped up first, then <active/> (the server then delivers what
    // waited offline). Only on the connection that logged in.
    const auto becomeActive = [self = QPointer<Session>(this), connection = m_connection] {
        if (!self || !connection || self->m_connection != connection)
            return;
        self->m_iq->query(
            iqNode(QStringLiteral("set"), QStringLiteral("passive"), {Node(QStringLiteral("active"))}),
            [](Result<Node>) {});
    };
    if (m_messenger)
        m_messenger->onLoggedIn(becomeActive);
    else
        becomeActive();
}

void Session::send(const Node &node) {
    if (!m_connection)
        return;
    // A frame that cannot be written means the connection is broken: end it and let the policy decide.
    if (auto sent = m_connection->send(node); !sent)
        m_connection->abort(sent.error());
}

void Session::setStatus(SessionStatus status, const QString &reason, int attempt, qint64 nextTryMs) {
    m_status = status;
    emit event(StatusEvent {m_options.id, status, ownJid(), reason, attempt, nextTryMs});
}

void Session::emitError(const Error &error, const QString &requestId) {
    emit event(ErrorEvent {m_options.id, error.code, error.message, requestId});
}

} // namespace balcao
