#include "messenger.h"

#include "messaging/addressing.h"
#include "messaging/commit_batch.h"
#include "messaging/message_content.h"
#include "messaging/message_id.h"
#include "messaging/number_check.h"
#include "messaging/outbound.h"
#include "messaging/padding.h"
#include "messaging/peer_directory.h"
#include "messaging/prekey_upkeep.h"
#include "messaging/prekeys.h"
#include "messaging/privacy_tokens.h"
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

constexpr int kMaxRetries = 5; // as Baileys' maxMsgRetryCount

qint64 nowSecs() {
    return QDateTime::currentSecsSinceEpoch();
}

} // namespace

Result<std::unique_ptr<Messenger>> Messenger::create(QString sessionId, Stores stores,
    DeviceCredentials &credentials, CredentialsSaver saveCredentials, IqClient *iq, Sender send) {
    if (!stores.signal || !stores.messaging.complete() || !stores.transaction)
        return makeError(errc::kInvalidArgument, QStringLiteral("Messaging needs its stores."));
    std::unique_ptr<Messenger> messenger(new Messenger(
        std::move(sessionId), stores, credentials, std::move(saveCredentials), std::move(send)));
    auto context = SignalContext::create();
    if (!context)
        return context.error();
    messenger->m_context = std::move(*context);
    auto adapter = SignalStoreAdapter::create(
        messenger->m_context->get(), *stores.signal, messenger->m_sessionId, credentials);
    if (!adapter)
        return adapter.error();
    messenger->m_adapter = std::move(*adapter);
    Messenger *raw = messenger.get();
    raw->m_batch = new CommitBatch(stores.transaction, raw);
    connect(raw->m_batch, &CommitBatch::failed, raw, [raw](const Error &error, const QStringList &requests) {
        // A send's caller hears about it by its request; the rest (inbound messages) come again.
        if (requests.isEmpty())
            raw->emitError(error);
        for (const QString &request : requests)
            emit raw->event(ErrorEvent {raw->m_sessionId, error.code,
                QStringLiteral("The message was not queued: %1").arg(error.message), request});
    });
    connect(raw->m_batch, &CommitBatch::chatsChanged, raw, [raw](const QStringList &chats) {
        for (const QString &chat : chats) {
            if (auto summary = raw->m_stores.messaging.chats->chat(chat); summary && *summary)
                raw->publish(toChatEvent(raw->m_sessionId, **summary));
        }
    });
    raw->m_directory = new PeerDirectory(
        {raw->m_sessionId, stores.messaging.contacts, stores.messaging.chats, stores.signal, raw->m_batch},
        raw);
    connect(raw->m_directory, &PeerDirectory::event, raw, &Messenger::publish);
    raw->m_tokens
        = new PrivacyTokens({raw->m_sessionId, stores.messaging.contacts, raw->m_directory, raw->m_batch, iq,
                                raw->m_send, [raw] { return raw->m_credentials.ownJid; }, nowSecs},
            raw);
    connect(raw->m_tokens, &PrivacyTokens::event, raw, &Messenger::publish);
    raw->m_numbers = new NumberCheck(raw->m_directory, iq, raw);
    raw->m_outbound = new Outbound(
        {raw->m_sessionId, stores.messaging.messages, stores.messaging.outbox, stores.signal,
            stores.transaction, raw->m_batch, &credentials, iq, raw->m_send,
            [raw](const Jid &device) { return raw->cipherFor(device); }, raw->m_directory, raw->m_tokens},
        raw);
    connect(raw->m_outbound, &Outbound::event, raw, &Messenger::publish);
    raw->m_calls = new CallHandler(
        {raw->m_sessionId, stores.messaging.messages, raw->m_batch,
            [raw] { return raw->m_credentials.ownJid; }, raw->m_send, [] { return newMessageId(); },
            [raw](const QString &to, const MessageContent &content) { raw->send(to, content); }},
        raw);
    connect(raw->m_calls, &CallHandler::event, raw, &Messenger::publish);
    raw->m_peers
        = new PeerChanges({raw->m_sessionId, stores.signal, stores.messaging.messages, raw->m_batch,
                              [raw] { return raw->m_credentials.ownJid; }, raw->m_send,
                              [raw](const QString &user) { raw->m_outbound->forgetDeviceList(user); }},
            raw);
    connect(raw->m_peers, &PeerChanges::event, raw, &Messenger::publish);
    messenger->m_preKeys = new PreKeyUpkeep({raw->m_context->get(), stores.signal, raw->m_sessionId,
                                                &credentials, raw->m_saveCredentials, iq, raw->m_send},
        raw);
    connect(messenger->m_preKeys, &PreKeyUpkeep::failed, raw,
        [raw](const Error &error) { raw->emitError(error); });
    return messenger;
}

Messenger::Messenger(QString sessionId, Stores stores, DeviceCredentials &credentials,
    CredentialsSaver saveCredentials, Sender send)
    : m_sessionId(std::move(sessionId))
    , m_stores(stores)
    , m_credentials(credentials)
    , m_saveCredentials(std::move(saveCredentials))
    , m_send(std::move(send)) { }

// The adapter refers to the context, so it goes first. A batch still open is undone: none of it was
// acknowledged, so the server delivers it again.
Messenger::~Messenger() {
    delete m_batch; // rolls back an open batch before the stores go
    m_batch = nullptr;
    m_adapter.reset();
    m_context.reset();
}

// Every cipher, sending or receiving, is under the address the person's session lives at: their LID once it
// is known (PeerDirectory::sessionAddressOf).
DeviceCipher Messenger::cipherFor(const Jid &device) {
    return DeviceCipher(m_context->get(), *m_adapter, signalAddressOf(m_directory->sessionAddressOf(device)));
}

void Messenger::describe(const QString &chat, QString &phone, QString &lid) {
    const auto jid = Jid::parse(chat);
    if (!jid || jid->user.isEmpty())
        return;
    if (jid->isPhoneUser()) {
        phone = QLatin1Char('+') + jid->user;
        if (const auto found = m_directory->lidOf(*jid))
            lid = found->toString();
    } else if (jid->isLid()) {
        lid = chat;
        if (const auto found = m_directory->phoneOf(*jid))
            phone = QLatin1Char('+') + found->user;
    }
}

void Messenger::describe(ChatEvent &chat) {
    describe(chat.chat, chat.phone, chat.lid);
    if (chat.lastMessage) {
        chat.lastMessage->phone = chat.phone;
        chat.lastMessage->lid = chat.lid;
    }
}

void Messenger::publish(Event e) {
    // A person's two addresses ride along with what is said of their chat (docs/lid.md).
    if (auto *message = std::get_if<MessageEvent>(&e))
        describe(message->chat, message->phone, message->lid);
    else if (auto *chat = std::get_if<ChatEvent>(&e))
        describe(*chat);
    emit event(e);
}

void Messenger::emitError(const char *code, const QString &message) {
    emit event(ErrorEvent {m_sessionId, QString::fromLatin1(code), message});
}

void Messenger::emitError(const Error &error) {
    emit event(ErrorEvent {m_sessionId, error.code, error.message});
}

void Messenger::ack(const Node &node) {
    m_send(receipts::buildAck(node, m_credentials.ownJid));
}

// --- connection ---------------------------------------------------------------------------------------

void Messenger::onLoggedIn(std::function<void()> ready) {
    // Our own two addresses are one account too: sessions with our other devices live under our LID.
    const addressing::Own own = addressing::Own::of(m_credentials);
    if (own.lid)
        m_directory->learn(own.phone, *own.lid);
    m_preKeys->checkCount([self = QPointer<Messenger>(this), ready] {
        if (ready)
            ready();
        if (self)
            self->m_outbound->onLoggedIn();
    });
}

void Messenger::onDisconnected() {
    m_batch->commit(); // what was decrypted is kept; acks that cannot go out now make the server redeliver
    m_outbound->onDisconnected();
}

void Messenger::setCallPolicy(const CallPolicy &policy) {
    m_calls->setPolicy(policy);
}

void Messenger::send(
    const QString &to, const MessageContent &content, const QString &id, const QString &requestId) {
    const auto jid = Jid::parse(to);
    if (!jid || (!jid->isPhoneUser() && !jid->isLid())) {
        m_outbound->send(to, content, id, requestId);
        return;
    }
    // One chat per person: under their number once it is known.
    const Jid chat = m_directory->chatOf(*jid);
    const bool known = chat.isLid() || m_directory->lidOf(chat)
        || m_stores.messaging.chats->chat(chat.toString()).value_or(std::nullopt).has_value();
    if (known || !m_outbound->isOnline()) {
        m_outbound->send(chat.toString(), content, id, requestId);
        return;
    }
    // A number never written to: the form it is registered under (a Brazilian number with or without its
    // ninth digit) becomes the chat, and a number no account has gets no ghost chat.
    m_numbers->check({chat.user},
        [self = QPointer<Messenger>(this), chat, content, id, requestId](
            Result<QList<NumberResult>> results) {
            if (!self)
                return;
            if (!results || results->isEmpty()) {
                self->m_outbound->send(chat.toString(), content, id, requestId); // could not ask: as typed
                return;
            }
            const NumberResult &found = results->first();
            if (!found.exists) {
                emit self->event(ErrorEvent {self->m_sessionId, QString::fromLatin1(errc::kNotOnWhatsApp),
                    QStringLiteral("+%1 is not on WhatsApp (in any form of the number); nothing was sent.")
                        .arg(chat.user),
                    requestId});
                return;
            }
            self->m_outbound->send(found.jid, content, id, requestId);
        });
}

bool Messenger::handle(const Node &node) {
    const QString &tag = node.tag();
    if (tag == QLatin1String("message")) {
        handleMessage(node);
        return true;
    }
    // Statuses from receipts and server acks join the batch too (one commit for a whole run of them).
    if (tag == QLatin1String("receipt")) {
        m_outbound->onReceipt(node);
        return true;
    }
    if (tag == QLatin1String("ack") && node.attribute(u"class") == QLatin1String("message")) {
        m_outbound->onServerAck(node);
        return true;
    }
    if (tag == QLatin1String("call")) {
        m_calls->handle(node);
        return true;
    }
    // Anything else sees (and acts after) the messages before it as committed.
    m_batch->commit();
    if (tag == QLatin1String("notification") && node.attribute(u"type") == QLatin1String("privacy_token")) {
        m_tokens->onNotification(node);
        return true;
    }
    // A devices notification names the person's LID beside their number (whatsmeow stores it at once).
    if (tag == QLatin1String("notification") && node.attribute(u"type") == QLatin1String("devices")) {
        const auto from = node.jidAttribute(u"from");
        const auto lid = node.jidAttribute(u"lid");
        if (from && lid)
            m_directory->learn(*from, *lid);
    }
    if (tag == QLatin1String("notification") && m_peers->handle(node))
        return true;
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

void Messenger::handleMessage(const Node &node) {
    const auto from = Jid::parse(node.attribute(u"from"));
    const QString id = node.attribute(u"id");
    if (!from || id.isEmpty() || id.size() > kMaxMessageIdLength) {
        ack(node); // nothing we could ever store; do not have it redelivered forever
        emitError(
            errc::kMalformedNode, QStringLiteral("A message without a valid sender or id was ignored."));
        return;
    }
    const addressing::Own own = addressing::Own::of(m_credentials);
    const bool direct = !from->isGroup() && !from->isBroadcast();
    const auto envelope
        = direct ? addressing::readDirect(node, own) : Result<addressing::Envelope>(addressing::Envelope {});
    if (!envelope) {
        ack(node);
        emitError(envelope.error());
        return;
    }
    const bool fromOwnDevice = direct && envelope && envelope->fromMe;
    const qint64 timestamp
        = node.attribute(u"t").toLongLong() > 0 ? node.attribute(u"t").toLongLong() : nowSecs();

    StoredMessage stored;
    stored.id = id;
    stored.timestamp = timestamp;
    stored.pushName = node.attribute(u"notify");
    if (!direct) {
        stored.chat = from->toString();
        stored.sender
            = Jid::parse(node.attribute(u"participant")).value_or(*from).normalizedUser().toString();
    }
    if (from->isStatusBroadcast()) {
        sendReceiptAndAck(node, false); // status updates are not chats; nothing is stored
        return;
    }
    if (!m_batch->openForMessage())
        return; // not acknowledged: the server will deliver it again
    if (from->isGroup() || from->isBroadcast()) {
        // Group messages need sender keys, which this version does not handle: keep a placeholder so the
        // chat shows that something arrived, then acknowledge.
        auto recorded = m_stores.messaging.messages->recordUndecryptable(stored);
        if (!recorded) {
            emitError(recorded.error());
            return; // not acknowledged: the server will deliver it again
        }
        m_batch->afterCommit([this, node] { sendReceiptAndAck(node, false); });
        m_batch->touchChat(stored.chat);
        return;
    }

    // What the envelope says of the person's two addresses is kept before decrypting, as whatsmeow does: it
    // decides which session the message opens under.
    if (envelope->senderAlt)
        m_directory->learn(envelope->sender, *envelope->senderAlt);
    else if (envelope->chatAlt)
        m_directory->learn(envelope->chat, *envelope->chatAlt);
    stored.chat = m_directory->chatOf(envelope->chat).toString();
    stored.fromMe = fromOwnDevice;
    stored.sender = fromOwnDevice ? own.phone.normalizedUser().toString() : stored.chat;
    if (fromOwnDevice)
        stored.status = MessageStatus::Sent;

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
            m_batch->afterCommit([this, node, fromOwnDevice] { sendReceiptAndAck(node, fromOwnDevice); });
            return;
        }
        auto count = m_stores.messaging.messages->recordUndecryptable(stored);
        if (!count) {
            emitError(count.error());
            return;
        }
        const QString reason = content.error().message;
        m_batch->afterCommit([this, node, chat = stored.chat, reason, count = *count] {
            ack(node);
            emit event(ErrorEvent {m_sessionId, QString::fromLatin1(errc::kDecryptFailed),
                QStringLiteral(
                    "A message from %1 could not be decrypted (%2); asked the sender to send it again.")
                    .arg(chat, reason)});
            if (count > 0 && count <= kMaxRetries)
                sendRetryReceipt(node, count);
        });
        return;
    }
    const auto kind = *content ? (*content)->kind : MessageKind::Unknown;
    if (!*content || kind == MessageKind::Protocol || kind == MessageKind::KeyDistribution
        || kind == MessageKind::Edit || kind == MessageKind::Revoke) {
        // Nothing for a chat yet (history and key notifications from our phone, sender keys; edits and
        // revokes, which change the message they name: that comes with message actions): keep the Signal
        // state it advanced and acknowledge. Our phone's LID-migration list is taken from our own devices
        // only (as both references do): anyone else could claim any pairing.
        if (fromOwnDevice && *content && (*content)->protocol) {
            for (const auto &[lid, phone] : std::as_const((*content)->protocol->lidMappings))
                m_directory->learn(*Jid::parse(lid), *Jid::parse(phone));
        }
        if (auto committed = m_stores.transaction->commit(); !committed) {
            m_stores.transaction->rollback();
            emitError(committed.error());
            return;
        }
        m_batch->afterCommit([this, node, fromOwnDevice] { sendReceiptAndAck(node, fromOwnDevice); });
        return;
    }
    const MessageContent &c = **content;
    if (c.isDeviceSent && !c.destinationJid.isEmpty()) {
        const auto destination = Jid::parse(c.destinationJid);
        stored.chat = destination ? m_directory->chatOf(*destination).toString() : QString();
    }
    setContent(stored, storableContent(c));
    if (stored.chat.isEmpty()) {
        m_stores.transaction->rollback();
        ack(node);
        emitError(
            errc::kMalformedNode, QStringLiteral("A message from our own device named no chat; ignored."));
        return;
    }
    auto isNew = m_stores.messaging.messages->storeIncoming(stored);
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
    m_batch->afterCommit([this, node, fromOwnDevice, isNew = *isNew, stored] {
        sendReceiptAndAck(node, fromOwnDevice);
        if (isNew)
            publish(toMessageEvent(m_sessionId, asStoredIncoming(stored)));
    });
    if (*isNew)
        m_batch->touchChat(stored.chat);
}

void Messenger::sendReceiptAndAck(const Node &node, bool fromOwnDevice) {
    m_send(receipts::buildDeliveryReceipt(node, fromOwnDevice));
    ack(node);
}

void Messenger::sendRetryReceipt(const Node &node, int count) {
    std::optional<prekeys::OneTimePreKey> freshKey;
    if (count > 1) {
        // From the second try on, hand the sender fresh keys so it can start a new session (§11.5).
        auto fresh
            = prekeys::generatePreKeys(m_context->get(), *m_stores.signal, m_sessionId, m_credentials, 1);
        if (fresh && !fresh->isEmpty()) {
            if (auto saved = m_saveCredentials(); !saved)
                emitError(saved.error());
            freshKey = fresh->first();
        }
    }
    m_send(receipts::buildRetryReceipt(node, count, m_credentials, freshKey));
}

// --- reading ------------------------------------------------------------------------------------------

void Messenger::markRead(const QString &chat) {
    m_batch->commit();
    auto unread = m_stores.messaging.chats->markRead(chat);
    if (!unread) {
        emit event(ErrorEvent {m_sessionId, unread.error().code, unread.error().message});
        return;
    }
    if (m_outbound->isOnline()) {
        for (const Node &receipt : receipts::buildReadReceipts(chat, *unread, nowSecs()))
            m_send(receipt);
    }
    if (auto summary = m_stores.messaging.chats->chat(chat); summary && *summary)
        publish(toChatEvent(m_sessionId, **summary));
}

void Messenger::markPlayed(const QString &chat, const QString &id) {
    auto played = message(chat, id);
    if (!played) {
        emit event(ErrorEvent {m_sessionId, played.error().code, played.error().message});
        return;
    }
    const MediaInfo *media = mediaInfoOf(played->content);
    if (played->fromMe || !media || !media->voiceNote)
        return; // only someone else's voice note has a sender waiting to hear it was played
    if (m_outbound->isOnline()) {
        for (const Node &receipt :
            receipts::buildReadReceipts(chat, {{id, played->sender}}, nowSecs(), QStringLiteral("played")))
            m_send(receipt);
    }
}

Result<ChatsReply> Messenger::chats() {
    m_batch->commit();
    auto chats = m_stores.messaging.chats->chats();
    if (!chats)
        return chats.error();
    ChatsReply reply {m_sessionId, {}};
    for (const ChatSummary &chat : std::as_const(*chats)) {
        ChatEvent event = toChatEvent(m_sessionId, chat);
        describe(event);
        reply.chats.append(std::move(event));
    }
    return reply;
}

Result<MessagesReply> Messenger::messages(const QString &chat, int limit, const QString &before) {
    m_batch->commit();
    auto page = m_stores.messaging.messages->messages(chat, limit, before);
    if (!page)
        return page.error();
    MessagesReply reply {m_sessionId, chat, {}};
    for (const StoredMessage &m : std::as_const(*page)) {
        MessageEvent event = toMessageEvent(m_sessionId, m);
        describe(event.chat, event.phone, event.lid);
        reply.messages.append(std::move(event));
    }
    return reply;
}

void Messenger::setMediaPreparer(
    std::function<void(const StoredMessage &, std::function<void(Result<MessageContent>)>)> preparer) {
    m_outbound->setMediaPreparer(std::move(preparer));
}

Result<StoredMessage> Messenger::message(const QString &chat, const QString &id) {
    m_batch->commit();
    auto found = m_stores.messaging.messages->message(chat, id);
    if (!found)
        return found.error();
    if (!*found) {
        return makeError(
            errc::kUnknownMessage, QStringLiteral("There is no message %1 in %2.").arg(id, chat));
    }
    return **found;
}

void Messenger::checkNumbers(
    const QStringList &numbers, std::function<void(Result<QList<NumberResult>>)> done) {
    m_numbers->check(numbers, std::move(done));
}

Result<SearchReply> Messenger::search(const QString &query, int limit) {
    m_batch->commit();
    auto found = m_stores.messaging.messages->search(query, limit);
    if (!found)
        return found.error();
    SearchReply reply {m_sessionId, query, {}};
    for (const StoredMessage &m : std::as_const(*found))
        reply.messages.append(toMessageEvent(m_sessionId, m));
    return reply;
}

} // namespace balcao
