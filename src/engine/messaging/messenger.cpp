#include "messenger.h"

#include "messaging/bundle_query.h"
#include "messaging/message_content.h"
#include "messaging/message_id.h"
#include "messaging/padding.h"
#include "messaging/prekey_upkeep.h"
#include "messaging/prekeys.h"
#include "messaging/receipts.h"
#include "messaging/usync.h"
#include "session/iq_client.h"
#include "signal/crypto_provider.h"
#include "signal/device_cipher.h"
#include "signal/store_adapter.h"

#include <QDateTime>
#include <QPointer>
#include <QTimer>

namespace balcao {

namespace {

const QString kServer = QStringLiteral("@s.whatsapp.net");
constexpr int kMaxRetries = 5; // as Baileys' maxMsgRetryCount

qint64 nowSecs() {
    return QDateTime::currentSecsSinceEpoch();
}

Node encNode(const DeviceCipher::Ciphertext &ciphertext) {
    return Node(QStringLiteral("enc"), {{QStringLiteral("v"), QStringLiteral("2")}, {QStringLiteral("type"), ciphertext.type}},
                ciphertext.bytes);
}

} // namespace

Result<std::unique_ptr<Messenger>> Messenger::create(QString sessionId, Stores stores, DeviceCredentials &credentials,
                                                     CredentialsSaver saveCredentials, IqClient *iq, Sender send) {
    if (!stores.signal || !stores.messages || !stores.transaction)
        return makeError(errc::kInvalidArgument, QStringLiteral("Messaging needs its stores."));
    std::unique_ptr<Messenger> messenger(
        new Messenger(std::move(sessionId), stores, credentials, std::move(saveCredentials), iq, std::move(send)));
    auto context = SignalContext::create();
    if (!context)
        return context.error();
    messenger->m_context = std::move(*context);
    auto adapter = SignalStoreAdapter::create(messenger->m_context->get(), *stores.signal, messenger->m_sessionId, credentials);
    if (!adapter)
        return adapter.error();
    messenger->m_adapter = std::move(*adapter);
    Messenger *raw = messenger.get();
    messenger->m_preKeys = new PreKeyUpkeep({raw->m_context->get(), stores.signal, raw->m_sessionId, &credentials,
                                             raw->m_saveCredentials, iq, raw->m_send},
                                            raw);
    connect(messenger->m_preKeys, &PreKeyUpkeep::failed, raw, [raw](const Error &error) { raw->emitError(error); });
    return messenger;
}

Messenger::Messenger(QString sessionId, Stores stores, DeviceCredentials &credentials, CredentialsSaver saveCredentials,
                     IqClient *iq, Sender send)
    : m_sessionId(std::move(sessionId))
    , m_stores(stores)
    , m_credentials(credentials)
    , m_saveCredentials(std::move(saveCredentials))
    , m_iq(iq)
    , m_send(std::move(send)) { }

// The adapter refers to the context, so it goes first. A batch still open is undone: none of it was
// acknowledged, so the server delivers it again.
Messenger::~Messenger() {
    if (m_batchOpen)
        m_stores.transaction->rollback();
    m_adapter.reset();
    m_context.reset();
}

DeviceCipher Messenger::cipherFor(const Jid &device) {
    return DeviceCipher(m_context->get(), *m_adapter, signalAddressOf(device));
}

void Messenger::emitError(const char *code, const QString &message) {
    emit event(ErrorEvent{m_sessionId, QString::fromLatin1(code), message});
}

void Messenger::emitError(const Error &error) {
    emit event(ErrorEvent{m_sessionId, error.code, error.message});
}

void Messenger::ack(const Node &node) {
    m_send(receipts::buildAck(node));
}

// --- connection ---------------------------------------------------------------------------------------

void Messenger::onLoggedIn() {
    m_online = true;
    m_preKeys->checkCount();
    auto pending = m_stores.messages->pendingOutgoing(m_sessionId);
    if (!pending) {
        emitError(pending.error());
        return;
    }
    m_outbox.reset(*pending);
    for (const StoredMessage &message : std::as_const(*pending))
        m_chatOfSent.insert(message.id, message.chat);
    pump();
}

void Messenger::onDisconnected() {
    flushBatch(); // what was decrypted is kept; acks that cannot go out now make the server redeliver
    m_online = false;
    m_outbox.releaseAll();
    ++m_generation;
}

bool Messenger::handle(const Node &node) {
    const QString &tag = node.tag();
    if (tag == QLatin1String("message")) {
        handleMessage(node);
        return true;
    }
    // Statuses from receipts and server acks join the batch too (one commit for a whole run of them).
    if (tag == QLatin1String("receipt")) {
        handleReceipt(node);
        return true;
    }
    if (tag == QLatin1String("ack") && node.attribute(u"class") == QLatin1String("message")) {
        handleMessageAck(node);
        return true;
    }
    // Anything else sees (and acts after) the messages before it as committed.
    flushBatch();
    if (tag == QLatin1String("notification") && node.attribute(u"type") == QLatin1String("encrypt")) {
        m_preKeys->onEncryptNotification(node);
        return true;
    }
    return false;
}

// --- receiving ----------------------------------------------------------------------------------------

Result<std::optional<MessageContent>> Messenger::decryptAll(const Node &node, const Jid &from) {
    std::optional<MessageContent> merged;
    for (const Node *enc : node.childrenByTag(u"enc")) {
        const QString type = enc->attribute(u"type");
        if (type != DeviceCipher::kPreKeyMessage && type != DeviceCipher::kMessage)
            continue; // skmsg: group sender keys are not supported by this version
        DeviceCipher cipher = cipherFor(from);
        auto padded = cipher.decrypt(type, enc->contentBytes());
        if (!padded)
            return padded.error();
        auto plain = padding::unpad(*padded);
        if (!plain)
            return plain.error();
        auto content = readMessage(*plain);
        if (!content)
            return content.error();
        // Several encs in one stanza carry parts of one message (e.g. a sender key beside the text).
        if (!merged || merged->kind == MessageKind::KeyDistribution)
            merged = *content;
    }
    return merged;
}

bool Messenger::openBatch() {
    if (m_batchOpen)
        return true;
    if (auto begun = m_stores.transaction->begin(); !begun) {
        emitError(begun.error());
        return false;
    }
    m_batchOpen = true;
    // Runs once the stanzas already read from the socket have been handled.
    QTimer::singleShot(0, this, &Messenger::flushBatch);
    return true;
}

void Messenger::afterCommit(std::function<void()> action) {
    m_afterCommit.append(std::move(action));
}

void Messenger::flushBatch() {
    if (!m_batchOpen)
        return;
    m_batchOpen = false;
    m_batchMessages = 0;
    const QList<std::function<void()>> actions = std::exchange(m_afterCommit, {});
    const QStringList chats = std::exchange(m_batchChats, {});
    const QStringList requests = std::exchange(m_batchRequests, {});
    // Persist, then ack (docs/architecture.md "Reliability rules"): nothing of the batch is acked unless it
    // is committed; if the commit fails the server delivers all of it again.
    if (auto committed = m_stores.transaction->commit(); !committed) {
        m_stores.transaction->rollback();
        // A send's caller hears about it by its request; the rest (inbound messages) come again.
        if (requests.isEmpty())
            emitError(committed.error());
        for (const QString &request : requests)
            emit event(ErrorEvent{m_sessionId, committed.error().code,
                                  QStringLiteral("The message was not queued: %1").arg(committed.error().message),
                                  request});
        return;
    }
    for (const auto &action : actions)
        action();
    for (const QString &chat : chats) {
        if (auto summary = m_stores.messages->chat(m_sessionId, chat); summary && *summary)
            emit event(toChatEvent(m_sessionId, **summary));
    }
}

void Messenger::handleMessage(const Node &node) {
    const auto from = Jid::parse(node.attribute(u"from"));
    const QString id = node.attribute(u"id");
    if (!from || id.isEmpty() || id.size() > kMaxMessageIdLength) {
        ack(node); // nothing we could ever store; do not have it redelivered forever
        emitError(errc::kMalformedNode, QStringLiteral("A message without a valid sender or id was ignored."));
        return;
    }
    const Jid own = Jid::parse(m_credentials.ownJid).value_or(Jid()).normalizedUser();
    const bool fromOwnDevice = from->user == own.user && from->isPhoneUser();
    const qint64 timestamp = node.attribute(u"t").toLongLong() > 0 ? node.attribute(u"t").toLongLong() : nowSecs();

    StoredMessage stored;
    stored.id = id;
    stored.timestamp = timestamp;
    stored.pushName = node.attribute(u"notify");
    if (fromOwnDevice) {
        stored.fromMe = true;
        stored.sender = own.toString();
        stored.chat = node.attribute(u"recipient");
        stored.status = MessageStatus::Sent;
    } else if (from->isGroup() || from->isBroadcast()) {
        stored.chat = from->toString();
        stored.sender = Jid::parse(node.attribute(u"participant")).value_or(*from).normalizedUser().toString();
    } else {
        stored.chat = from->normalizedUser().toString();
        stored.sender = stored.chat;
    }

    if (from->isStatusBroadcast()) {
        sendReceiptAndAck(node, false); // status updates are not chats; nothing is stored
        return;
    }
    if (m_batchMessages >= kMaxBatch)
        flushBatch(); // a long burst is acknowledged as it goes, not only at its end
    if (!openBatch())
        return; // not acknowledged: the server will deliver it again
    ++m_batchMessages;
    if (from->isGroup() || from->isBroadcast()) {
        // Group messages need sender keys, which this version does not handle: keep a placeholder so the
        // chat shows that something arrived, then acknowledge.
        auto recorded = m_stores.messages->recordUndecryptable(m_sessionId, stored);
        if (!recorded) {
            emitError(recorded.error());
            return; // not acknowledged: the server will deliver it again
        }
        afterCommit([this, node] { sendReceiptAndAck(node, false); });
        if (!m_batchChats.contains(stored.chat))
            m_batchChats.append(stored.chat);
        return;
    }

    // Each message in a savepoint of its own: a failure undoes its Signal state and nothing else.
    if (auto begun = m_stores.transaction->begin(); !begun) {
        emitError(begun.error());
        return;
    }
    auto content = decryptAll(node, *from);
    if (!content) {
        m_stores.transaction->rollback();
        if (content.error().code == QLatin1String(errc::kDuplicateMessage)) {
            // Already decrypted and stored before: the server lost our ack. Acknowledge again.
            afterCommit([this, node, fromOwnDevice] { sendReceiptAndAck(node, fromOwnDevice); });
            return;
        }
        auto count = m_stores.messages->recordUndecryptable(m_sessionId, stored);
        if (!count) {
            emitError(count.error());
            return;
        }
        const QString reason = content.error().message;
        afterCommit([this, node, chat = stored.chat, reason, count = *count] {
            ack(node);
            emit event(ErrorEvent{m_sessionId, QString::fromLatin1(errc::kDecryptFailed),
                                  QStringLiteral("A message from %1 could not be decrypted (%2); asked the sender to send it again.")
                                      .arg(chat, reason)});
            if (count > 0 && count <= kMaxRetries)
                sendRetryReceipt(node, count);
        });
        return;
    }
    if (!*content || (*content)->kind == MessageKind::Protocol || (*content)->kind == MessageKind::KeyDistribution) {
        // Nothing for a chat (history and key notifications from our phone, sender keys): keep the Signal
        // state it advanced and acknowledge.
        if (auto committed = m_stores.transaction->commit(); !committed) {
            m_stores.transaction->rollback();
            emitError(committed.error());
            return;
        }
        afterCommit([this, node, fromOwnDevice] { sendReceiptAndAck(node, fromOwnDevice); });
        return;
    }
    const MessageContent &c = **content;
    if (c.isDeviceSent && !c.destinationJid.isEmpty())
        stored.chat = Jid::parse(c.destinationJid).value_or(Jid()).normalizedUser().toString();
    stored.type = messageKindName(c.kind);
    stored.text = c.kind == MessageKind::Text ? c.text : (c.text.isEmpty() ? c.placeholder : c.placeholder + QLatin1Char(' ') + c.text);
    if (stored.chat.isEmpty()) {
        m_stores.transaction->rollback();
        ack(node);
        emitError(errc::kMalformedNode, QStringLiteral("A message from our own device named no chat; ignored."));
        return;
    }
    auto isNew = m_stores.messages->storeIncoming(m_sessionId, stored);
    if (!isNew) {
        m_stores.transaction->rollback();
        emitError(isNew.error());
        return; // not acknowledged: the server delivers it again and nothing is lost
    }
    if (auto committed = m_stores.transaction->commit(); !committed) {
        m_stores.transaction->rollback();
        emitError(committed.error());
        return;
    }
    afterCommit([this, node, fromOwnDevice, isNew = *isNew, stored] {
        sendReceiptAndAck(node, fromOwnDevice);
        if (isNew)
            emit event(toMessageEvent(m_sessionId, asStoredIncoming(stored)));
    });
    if (*isNew && !m_batchChats.contains(stored.chat))
        m_batchChats.append(stored.chat);
}

void Messenger::sendReceiptAndAck(const Node &node, bool fromOwnDevice) {
    m_send(receipts::buildDeliveryReceipt(node, fromOwnDevice));
    ack(node);
}

void Messenger::sendRetryReceipt(const Node &node, int count) {
    std::optional<prekeys::OneTimePreKey> freshKey;
    if (count > 1) {
        // From the second try on, hand the sender fresh keys so it can start a new session (§11.5).
        auto fresh = prekeys::generatePreKeys(m_context->get(), *m_stores.signal, m_sessionId, m_credentials, 1);
        if (fresh && !fresh->isEmpty()) {
            if (auto saved = m_saveCredentials(); !saved)
                emitError(saved.error());
            freshKey = fresh->first();
        }
    }
    m_send(receipts::buildRetryReceipt(node, count, m_credentials, freshKey));
}

void Messenger::handleReceipt(const Node &node) {
    ack(node);
    const auto from = Jid::parse(node.attribute(u"from"));
    if (!from)
        return;
    const QString type = node.attribute(u"type");
    QStringList ids{node.attribute(u"id")};
    if (const Node *list = node.child(u"list")) {
        for (const Node *item : list->childrenByTag(u"item"))
            ids.append(item->attribute(u"id"));
    }
    if (type == QLatin1String("retry")) {
        // The recipient could not decrypt: start a fresh session with that device and send it again.
        for (const QString &id : std::as_const(ids)) {
            const QString chat = m_chatOfSent.value(id, from->normalizedUser().toString());
            auto message = m_stores.messages->message(m_sessionId, chat, id);
            if (message && *message && (*message)->fromMe) {
                if (auto removed = m_stores.signal->deleteSession(m_sessionId, signalAddressOf(*from)); !removed)
                    emitError(removed.error());
                (void)encryptAndSend(**message, {*from});
            }
        }
        return;
    }
    MessageStatus status;
    if (type.isEmpty() || type == QLatin1String("inactive"))
        status = MessageStatus::Delivered;
    else if (type == QLatin1String("read") || type == QLatin1String("read-self"))
        status = MessageStatus::Read;
    else if (type == QLatin1String("played"))
        status = MessageStatus::Played;
    else
        return; // "sender", "peer_msg", … say nothing about our messages' recipients
    const Jid own = Jid::parse(m_credentials.ownJid).value_or(Jid()).normalizedUser();
    if (from->user == own.user && type != QLatin1String("read-self"))
        return;
    for (const QString &id : std::as_const(ids)) {
        const QString chat = m_chatOfSent.value(id, from->normalizedUser().toString());
        setStatus(chat, id, status);
    }
}

void Messenger::handleMessageAck(const Node &node) {
    const QString id = node.attribute(u"id");
    const QString chat = m_chatOfSent.value(id, Jid::parse(node.attribute(u"from")).value_or(Jid()).normalizedUser().toString());
    setStatus(chat, id, node.hasAttribute(u"error") ? MessageStatus::Failed : MessageStatus::Sent);
}

void Messenger::setStatus(const QString &chat, const QString &id, MessageStatus status) {
    if (!openBatch())
        return;
    auto changed = m_stores.messages->setStatus(m_sessionId, chat, id, status);
    if (!changed)
        return; // a receipt for a message that is not ours (or not stored): nothing to update
    if (*changed)
        afterCommit([this, chat, id, status] { emit event(MessageStatusEvent{m_sessionId, chat, id, status}); });
    // Nothing more will come for this message: forget where it went, so the map stays small.
    if (status == MessageStatus::Read || status == MessageStatus::Played || status == MessageStatus::Failed)
        m_chatOfSent.remove(id);
}

// --- sending ------------------------------------------------------------------------------------------

void Messenger::sendText(const QString &to, const QString &text, const QString &id, const QString &requestId) {
    const Jid own = Jid::parse(m_credentials.ownJid).value_or(Jid());
    StoredMessage message;
    message.chat = to;
    message.id = id.isEmpty() ? newMessageId(own.user) : id;
    message.sender = own.normalizedUser().toString();
    message.fromMe = true;
    message.timestamp = nowSecs();
    message.type = QStringLiteral("text");
    message.text = text;
    message.status = MessageStatus::Pending;
    // Into the outbox before anything goes out: a crash from here on resends it with the same id. Texts
    // queued in the same turn of the event loop share one commit, like inbound messages; nothing of them is
    // sent (or reported pending) before it.
    if (m_batchMessages >= kMaxBatch)
        flushBatch();
    if (!openBatch())
        return;
    ++m_batchMessages;
    if (auto queued = m_stores.messages->enqueueOutgoing(m_sessionId, message); !queued) {
        emit event(ErrorEvent{m_sessionId, queued.error().code, queued.error().message, requestId});
        return;
    }
    if (!requestId.isEmpty())
        m_batchRequests.append(requestId);
    m_chatOfSent.insert(message.id, message.chat);
    afterCommit([this, message] {
        emit event(toMessageEvent(m_sessionId, message));
        emit event(MessageStatusEvent{m_sessionId, message.chat, message.id, MessageStatus::Pending});
        m_outbox.append(message);
        pump();
    });
    if (!m_batchChats.contains(message.chat))
        m_batchChats.append(message.chat);
}

void Messenger::pump() {
    if (!m_online || m_draining)
        return; // a drain in progress takes every chat that becomes ready
    m_outbox.retry();
    QList<StoredMessage> ready = m_outbox.takeReady();
    if (ready.isEmpty())
        return;
    // Everything that can go out now is encrypted in one transaction, and sent only once the Signal state
    // each encryption advanced is committed: one fsync for the lot, and a crash can never make us send two
    // texts under one message key.
    flushBatch();
    const bool inTransaction = bool(m_stores.transaction->begin());
    m_draining = true;
    // A front that goes out at once frees its chat for the next message, which this loop then takes.
    while (!ready.isEmpty()) {
        for (const StoredMessage &message : std::as_const(ready))
            deliverFront(message);
        ready = m_outbox.takeReady();
    }
    m_draining = false;
    QList<Node> frames = std::exchange(m_heldFrames, {});
    if (inTransaction) {
        if (auto committed = m_stores.transaction->commit(); !committed) {
            m_stores.transaction->rollback();
            emitError(committed.error());
            return; // still pending in the store: sent again at the next login
        }
    }
    for (const Node &frame : std::as_const(frames))
        m_send(frame);
}

void Messenger::finishFront(const QString &chat, bool sent) {
    m_outbox.finish(chat, sent); // not sent: stays queued, tried again by the next pump or login
    if (sent)
        pump(); // within a drain this returns at once; the drain takes the chat's next message itself
}

void Messenger::deliverFront(const StoredMessage &message) {
    const quint64 generation = m_generation;
    withDevices(message, [this, message, generation](QList<Jid> devices) {
        if (generation != m_generation)
            return;
        withSessions(message, devices, [this, message, devices, generation] {
            if (generation != m_generation)
                return;
            finishFront(message.chat, encryptAndSend(message, devices));
        });
    });
}

void Messenger::withDevices(const StoredMessage &message, std::function<void(QList<Jid>)> next) {
    constexpr qint64 kDeviceCacheMs = 5 * 60 * 1000;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (const auto cached = m_deviceCache.constFind(message.chat);
        cached != m_deviceCache.cend() && now - cached->fetchedAtMs < kDeviceCacheMs) {
        next(cached->devices);
        return;
    }
    const auto to = Jid::parse(message.chat);
    const auto own = Jid::parse(m_credentials.ownJid);
    if (!to || !own) {
        finishFront(message.chat, false);
        return;
    }
    const quint64 generation = m_generation;
    m_iq->query(usync::buildDeviceListQuery({*to, own->normalizedUser()}, newMessageId(own->user)),
                [self = QPointer<Messenger>(this), message, own = *own, next, generation, now](Result<Node> answer) {
                    if (!self || generation != self->m_generation)
                        return;
                    auto devices = answer ? usync::parseDeviceListAnswer(*answer, own) : Result<QList<Jid>>(answer.error());
                    if (!devices) {
                        self->emitError(errc::kDeviceListUnavailable,
                                        QStringLiteral("Could not look up %1's devices (%2); the message stays queued.")
                                            .arg(message.chat, devices.error().message));
                        self->finishFront(message.chat, false);
                        return;
                    }
                    self->m_deviceCache.insert(message.chat, {*devices, now});
                    next(*devices);
                });
}

void Messenger::withSessions(const StoredMessage &message, const QList<Jid> &devices, std::function<void()> next) {
    QList<Jid> withoutSession;
    for (const Jid &device : devices) {
        auto has = cipherFor(device).hasSession();
        if (has && !*has)
            withoutSession.append(device);
    }
    if (withoutSession.isEmpty()) {
        next();
        return;
    }
    const quint64 generation = m_generation;
    m_iq->query(bundle_query::buildKeyQuery(withoutSession),
                [self = QPointer<Messenger>(this), chat = message.chat, next, generation](Result<Node> keys) {
                    if (!self || generation != self->m_generation)
                        return;
                    if (!keys) {
                        self->emitError(errc::kBundleUnavailable,
                                        QStringLiteral("Could not fetch the recipients' keys (%1); the message stays queued.")
                                            .arg(keys.error().message));
                        self->finishFront(chat, false);
                        return;
                    }
                    if (auto bundles = bundle_query::parseKeyAnswer(*keys)) {
                        for (const auto &fetched : *bundles) {
                            if (!fetched.bundle)
                                continue; // that device goes without; the others still get the message
                            auto cipher = self->cipherFor(fetched.jid);
                            if (auto built = cipher.buildSessionFromBundle(*fetched.bundle); !built)
                                self->emitError(built.error().code.toLatin1().constData(), built.error().message);
                        }
                    }
                    next();
                });
}

bool Messenger::encryptAndSend(const StoredMessage &message, const QList<Jid> &devices) {
    const Jid own = Jid::parse(m_credentials.ownJid).value_or(Jid());
    const QByteArray plain = encodeTextMessage(message.text);
    auto toOwnDevices = encodeDeviceSentMessage(message.chat, plain);
    if (!toOwnDevices) {
        emitError(errc::kCryptoFailed, toOwnDevices.error().message);
        return false;
    }
    Node::Children participants;
    bool anyPreKeyMessage = false;
    bool anyRecipient = false;
    for (const Jid &device : devices) {
        const bool ours = device.user == own.user;
        auto cipher = cipherFor(device);
        auto has = cipher.hasSession();
        if (!has || !*has)
            continue; // no keys could be had for this device; the others still get the message
        auto encrypted = cipher.encrypt(padding::pad(ours ? *toOwnDevices : plain));
        if (!encrypted) {
            emitError(encrypted.error().code.toLatin1().constData(), encrypted.error().message);
            continue;
        }
        anyPreKeyMessage = anyPreKeyMessage || encrypted->type == DeviceCipher::kPreKeyMessage;
        anyRecipient = anyRecipient || !ours;
        participants.push_back(Node(QStringLiteral("to"), {{QStringLiteral("jid"), device.toString()}},
                                    Node::Children{encNode(*encrypted)}));
    }
    if (!anyRecipient) {
        m_deviceCache.remove(message.chat); // ask again next time
        emitError(errc::kBundleUnavailable,
                  QStringLiteral("No device of %1 could be reached; the message stays queued.").arg(message.chat));
        return false;
    }
    Node::Children children{Node(QStringLiteral("participants"), {}, std::move(participants))};
    if (anyPreKeyMessage)
        children.push_back(Node(QStringLiteral("device-identity"), {}, m_credentials.account));
    m_chatOfSent.insert(message.id, message.chat);
    Node stanza(QStringLiteral("message"),
                {{QStringLiteral("id"), message.id},
                 {QStringLiteral("type"), QStringLiteral("text")},
                 {QStringLiteral("to"), message.chat}},
                std::move(children));
    if (m_draining)
        m_heldFrames.append(std::move(stanza)); // sent by pump() after its commit
    else
        m_send(stanza);
    return true;
}

// --- reading ------------------------------------------------------------------------------------------

void Messenger::markRead(const QString &chat) {
    flushBatch();
    auto unread = m_stores.messages->markRead(m_sessionId, chat);
    if (!unread) {
        emit event(ErrorEvent{m_sessionId, unread.error().code, unread.error().message});
        return;
    }
    if (m_online) {
        for (const Node &receipt : receipts::buildReadReceipts(chat, *unread, nowSecs()))
            m_send(receipt);
    }
    if (auto summary = m_stores.messages->chat(m_sessionId, chat); summary && *summary)
        emit event(toChatEvent(m_sessionId, **summary));
}

Result<ChatsReply> Messenger::chats() {
    flushBatch();
    auto chats = m_stores.messages->chats(m_sessionId);
    if (!chats)
        return chats.error();
    ChatsReply reply {m_sessionId, {}};
    for (const ChatSummary &chat : std::as_const(*chats))
        reply.chats.append(toChatEvent(m_sessionId, chat));
    return reply;
}

Result<MessagesReply> Messenger::messages(const QString &chat, int limit, const QString &before) {
    flushBatch();
    auto page = m_stores.messages->messages(m_sessionId, chat, limit, before);
    if (!page)
        return page.error();
    MessagesReply reply {m_sessionId, chat, {}};
    for (const StoredMessage &m : std::as_const(*page))
        reply.messages.append(toMessageEvent(m_sessionId, m));
    return reply;
}

Result<SearchReply> Messenger::search(const QString &query, int limit) {
    flushBatch();
    auto found = m_stores.messages->search(query, limit, m_sessionId);
    if (!found)
        return found.error();
    SearchReply reply {m_sessionId, query, {}};
    for (const FoundMessage &f : std::as_const(*found))
        reply.messages.append(toMessageEvent(m_sessionId, f.message));
    return reply;
}

} // namespace balcao
