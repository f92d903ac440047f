#include "outbound.h"

#include "messaging/addressing.h"
#include "messaging/bundle_query.h"
#include "messaging/media_message.h"
#include "messaging/message_id.h"
#include "messaging/outgoing_content.h"
#include "messaging/padding.h"
#include "messaging/peer_directory.h"
#include "messaging/privacy_tokens.h"
#include "messaging/receipts.h"
#include "messaging/usync.h"
#include "session/iq_client.h"

#include <QDateTime>
#include <QPointer>

namespace balcao {

namespace {

qint64 nowSecs() {
    return QDateTime::currentSecsSinceEpoch();
}

// whatsmeow and Baileys name a file's kind on every <enc> (mediatype), and the message type is then "media".
Node encNode(const DeviceCipher::Ciphertext &ciphertext, const QString &mediaType) {
    QList<Node::Attribute> attributes {
        {QStringLiteral("v"), QStringLiteral("2")}, {QStringLiteral("type"), ciphertext.type}};
    if (!mediaType.isEmpty())
        attributes.append({QStringLiteral("mediatype"), mediaType});
    return Node(QStringLiteral("enc"), std::move(attributes), ciphertext.bytes);
}

QString stanzaTypeOf(const QString &mediaType) {
    return mediaType.isEmpty() ? QStringLiteral("text") : QStringLiteral("media");
}

} // namespace

Outbound::Outbound(Parts parts, QObject *parent)
    : QObject(parent)
    , m_sessionId(std::move(parts.sessionId))
    , m_messages(parts.messages)
    , m_outboxStore(parts.outbox)
    , m_signal(parts.signal)
    , m_transaction(parts.transaction)
    , m_batch(parts.batch)
    , m_credentials(parts.credentials)
    , m_iq(parts.iq)
    , m_send(std::move(parts.send))
    , m_cipherFor(std::move(parts.cipherFor))
    , m_directory(parts.directory)
    , m_tokens(parts.tokens) { }

void Outbound::emitError(const char *code, const QString &message) {
    emit event(ErrorEvent {m_sessionId, QString::fromLatin1(code), message});
}

void Outbound::emitError(const Error &error) {
    emit event(ErrorEvent {m_sessionId, error.code, error.message});
}

void Outbound::onLoggedIn() {
    m_online = true;
    auto pending = m_outboxStore->pending();
    if (!pending) {
        emitError(pending.error());
        return;
    }
    m_outbox.reset(*pending);
    for (const StoredMessage &message : std::as_const(*pending))
        m_chatOfSent.insert(message.id, message.chat);
    pump();
}

void Outbound::onDisconnected() {
    m_online = false;
    m_outbox.releaseAll();
    ++m_generation;
}

void Outbound::onReceipt(const Node &node) {
    m_send(receipts::buildAck(node));
    const auto from = Jid::parse(node.attribute(u"from"));
    if (!from)
        return;
    const QString type = node.attribute(u"type");
    QStringList ids {node.attribute(u"id")};
    if (const Node *list = node.child(u"list")) {
        for (const Node *item : list->childrenByTag(u"item"))
            ids.append(item->attribute(u"id"));
    }
    if (type == QLatin1String("retry")) {
        onRetryReceipt(node);
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
    if (addressing::Own::of(*m_credentials).isUs(*from) && type != QLatin1String("read-self"))
        return;
    const QString fallback = m_directory->chatOf(*from).toString();
    for (const QString &id : std::as_const(ids)) {
        const QString chat = m_chatOfSent.value(id, fallback);
        setStatus(chat, id, status);
    }
}

void Outbound::onRetryReceipt(const Node &node) {
    auto request = retry_request::parse(node);
    if (!request) {
        emitError(request.error());
        return;
    }
    const bool fromOurDevice = addressing::Own::of(*m_credentials).isUs(request->device);
    QString chat = m_chatOfSent.value(request->id);
    if (chat.isEmpty()) {
        // Our own other device names the chat as the recipient; anyone else's device is the chat.
        const auto named
            = fromOurDevice ? Jid::parse(request->recipient) : std::optional<Jid>(request->device);
        chat = named ? m_directory->chatOf(*named).toString() : QString();
    }
    auto message = m_messages->message(chat, request->id);
    if (!message || !*message || !(*message)->fromMe)
        return; // not a message of ours we still have: nothing to send again
    const QString device = request->device.toString();
    const QString key = request->id + QLatin1Char(' ') + device;
    const int resends = m_resends.value(key);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto cipher = cipherFor(request->device);
    const bool hasSession = cipher.hasSession().value_or(false);
    const auto recreated = m_recreatedAt.constFind(device);
    const auto plan = retry_request::plan(*request, hasSession,
        recreated != m_recreatedAt.cend() ? std::optional<qint64>(*recreated) : std::nullopt, now, resends);
    if (plan.giveUp) {
        const QString reason
            = QStringLiteral("Gave up sending message %1 again: %2 (at most %3 times per device).")
                  .arg(request->id, plan.reason)
                  .arg(retry_request::kMaxResendsPerDevice);
        emitError(errc::kRetriesExhausted, reason);
        setStatus(chat, request->id, MessageStatus::Failed, reason);
        return;
    }
    if (m_resends.size() > 10000)
        m_resends.clear(); // old counts of messages long delivered; a fresh count is still bounded
    m_resends.insert(key, resends + 1);
    const StoredMessage original = **message;
    const retry_request::RetryRequest asked = *request;
    switch (plan.keys) {
    case retry_request::Plan::Keys::FromReceipt:
        if (auto built = cipher.buildSessionFromBundle(*request->keys); !built) {
            emitError(built.error());
            return;
        }
        m_recreatedAt.insert(device, now);
        resendTo(original, asked);
        return;
    case retry_request::Plan::Keys::FetchBundle: {
        const quint64 generation = m_generation;
        m_iq->query(bundle_query::buildKeyQuery({request->device}),
            [self = QPointer<Outbound>(this), original, asked, generation, now](Result<Node> keys) {
                if (!self || generation != self->m_generation)
                    return;
                auto bundles = keys ? bundle_query::parseKeyAnswer(*keys)
                                    : Result<std::vector<bundle_query::FetchedBundle>>(keys.error());
                if (!bundles || bundles->empty() || !bundles->front().bundle) {
                    self->emitError(errc::kBundleUnavailable,
                        QStringLiteral("Could not fetch %1's keys to send message %2 again.")
                            .arg(asked.device.toString(), asked.id));
                    return;
                }
                auto cipher = self->cipherFor(asked.device);
                if (auto built = cipher.buildSessionFromBundle(*bundles->front().bundle); !built) {
                    self->emitError(built.error());
                    return;
                }
                self->m_recreatedAt.insert(asked.device.toString(), now);
                self->resendTo(original, asked);
            });
        return;
    }
    case retry_request::Plan::Keys::KeepSession:
        resendTo(original, asked);
        return;
    }
}

void Outbound::resendTo(const StoredMessage &message, const retry_request::RetryRequest &request) {
    auto plain = encodeOutgoing(message.content);
    if (plain && addressing::Own::of(*m_credentials).isUs(request.device))
        plain = encodeDeviceSentMessage(message.chat, *plain); // our own devices get it as sent by us
    if (!plain) {
        emitError(plain.error());
        return;
    }
    // The Signal state the encryption advances is committed before the resend leaves, as for every send.
    if (!m_batch->open())
        return;
    auto encrypted = cipherFor(request.device).encrypt(padding::pad(*plain));
    if (!encrypted) {
        emitError(encrypted.error());
        return;
    }
    const bool preKey = encrypted->type == DeviceCipher::kPreKeyMessage;
    const QString mediaType = media_message::stanzaMediaType(message.content);
    Node stanza = retry_request::buildResend(request, stanzaTypeOf(mediaType), encrypted->type,
        encrypted->bytes, preKey ? m_credentials->account : QByteArray(), mediaType);
    m_batch->afterCommit([this, stanza] { m_send(stanza); });
}

void Outbound::forgetDeviceList(const QString &user) {
    const auto jid = Jid::parse(user);
    if (!jid)
        return;
    if (addressing::Own::of(*m_credentials).isUs(*jid)) {
        m_deviceCache.clear(); // every list includes our own devices
        return;
    }
    // The list is kept under the address the messages go to: the person's LID or their number.
    m_deviceCache.remove(jid->normalizedUser().toString());
    const auto other = jid->isLid() ? m_directory->phoneOf(*jid) : m_directory->lidOf(*jid);
    if (other)
        m_deviceCache.remove(other->toString());
}

void Outbound::onServerAck(const Node &node) {
    const QString id = node.attribute(u"id");
    const auto from = Jid::parse(node.attribute(u"from"));
    const QString chat = m_chatOfSent.value(id, from ? m_directory->chatOf(*from).toString() : QString());
    if (!node.hasAttribute(u"error")) {
        setStatus(chat, id, MessageStatus::Sent);
        return;
    }
    setStatus(chat, id, MessageStatus::Failed, refusalReason(node, chat));
}

QString Outbound::refusalReason(const Node &ack, const QString &chat) {
    const QString code = ack.attribute(u"error");
    const auto from = Jid::parse(ack.attribute(u"from"));
    if (code == QLatin1String("463")) {
        // Baileys 7's recovery: our token goes to them, the message is not sent again (a resend would count
        // as one more reach-out to someone who has not accepted us).
        if (from)
            m_tokens->recover(*from);
        const auto person = Jid::parse(chat);
        const QString who = person && person->isPhoneUser() ? QLatin1Char('+') + person->user
                                                            : QStringLiteral("This contact");
        return QStringLiteral("WhatsApp did not deliver it: %1 accepts messages only from contacts it trusts "
                              "(privacy token missing, error 463). Balcão has offered its token; the message "
                              "can go once they write to this number or save it as a contact.")
            .arg(who);
    }
    if (code == QLatin1String("479")) {
        m_deviceCache.remove(from ? from->normalizedUser().toString() : chat); // looked up afresh next time
        return QStringLiteral(
            "WhatsApp refused it as wrongly addressed or sent to a device list that changed "
            "(error 479). Send it again to retry with fresh devices.");
    }
    return QStringLiteral("WhatsApp refused the message (error %1).").arg(code);
}

void Outbound::setStatus(
    const QString &chat, const QString &id, MessageStatus status, const QString &reason) {
    if (!m_batch->open())
        return;
    auto changed = m_outboxStore->setStatus(chat, id, status);
    if (!changed)
        return; // a receipt for a message that is not ours (or not stored): nothing to update
    if (*changed)
        m_batch->afterCommit([this, chat, id, status, reason] {
            emit event(MessageStatusEvent {m_sessionId, chat, id, status, reason});
        });
    // Nothing more will come for this message: forget where it went, so the map stays small.
    if (status == MessageStatus::Read || status == MessageStatus::Played || status == MessageStatus::Failed)
        m_chatOfSent.remove(id);
}

void Outbound::send(
    const QString &to, const MessageContent &content, const QString &id, const QString &requestId) {
    if (auto acceptable = checkOutgoing(content); !acceptable) {
        emit event(ErrorEvent {m_sessionId, acceptable.error().code, acceptable.error().message, requestId});
        return;
    }
    const Jid own = Jid::parse(m_credentials->ownJid).value_or(Jid());
    StoredMessage message;
    message.chat = to;
    message.id = id.isEmpty() ? newMessageId(own.user) : id;
    message.sender = own.normalizedUser().toString();
    message.fromMe = true;
    message.timestamp = nowSecs();
    setContent(message, content);
    message.status = MessageStatus::Pending;
    // Into the outbox before anything goes out: a crash from here on resends it with the same id. Texts
    // queued in the same turn of the event loop share one commit, like inbound messages; nothing of them is
    // sent (or reported pending) before it.
    if (!m_batch->openForMessage())
        return;
    if (auto queued = m_outboxStore->enqueue(message); !queued) {
        emit event(ErrorEvent {m_sessionId, queued.error().code, queued.error().message, requestId});
        return;
    }
    m_batch->addRequest(requestId);
    m_chatOfSent.insert(message.id, message.chat);
    m_batch->afterCommit([this, message] {
        emit event(toMessageEvent(m_sessionId, message));
        emit event(MessageStatusEvent {m_sessionId, message.chat, message.id, MessageStatus::Pending});
        m_outbox.append(message);
        pump();
    });
    m_batch->touchChat(message.chat);
}

void Outbound::pump() {
    if (!m_online || m_draining)
        return; // a drain in progress takes every chat that becomes ready
    m_outbox.retry();
    QList<StoredMessage> ready = m_outbox.takeReady();
    if (ready.isEmpty())
        return;
    // Everything that can go out now is encrypted in one transaction, and sent only once the Signal state
    // each encryption advanced is committed: one fsync for the lot, and a crash can never make us send two
    // texts under one message key.
    m_batch->commit();
    const bool inTransaction = bool(m_transaction->begin());
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
        if (auto committed = m_transaction->commit(); !committed) {
            m_transaction->rollback();
            emitError(committed.error());
            return; // still pending in the store: sent again at the next login
        }
    }
    for (const Node &frame : std::as_const(frames))
        m_send(frame);
    issueDueTokens();
}

void Outbound::finishFront(const QString &chat, bool sent) {
    m_outbox.finish(chat, sent); // not sent: stays queued, tried again by the next pump or login
    if (sent)
        pump(); // within a drain this returns at once; the drain takes the chat's next message itself
}

void Outbound::deliverFront(const StoredMessage &queued) {
    const quint64 generation = m_generation;
    withUpload(queued, [this, generation](const StoredMessage &message) {
        if (generation != m_generation)
            return;
        deliverUploaded(message);
    });
}

void Outbound::deliverUploaded(const StoredMessage &message) {
    const quint64 generation = m_generation;
    withAddress(message, [this, message, generation](Jid address) {
        if (generation != m_generation)
            return;
        withDevices(message, address, [this, message, address, generation](QList<Jid> devices) {
            if (generation != m_generation)
                return;
            withSessions(message, devices, [this, message, address, devices, generation] {
                if (generation != m_generation)
                    return;
                finishFront(message.chat, encryptAndSend(message, address, devices));
            });
        });
    });
}

void Outbound::withUpload(const StoredMessage &message, std::function<void(const StoredMessage &)> next) {
    if (!media_message::needsUpload(message.content)) {
        next(message);
        return;
    }
    const auto fail = [this, message](const Error &error) {
        setStatus(message.chat, message.id, MessageStatus::Failed,
            QStringLiteral("The file could not be sent: %1").arg(error.message));
        finishFront(message.chat, true); // nothing more to try: the chat's next message goes on
    };
    if (!m_prepareMedia) {
        fail(makeError(errc::kUnsupported, QStringLiteral("this number keeps no media files.")));
        return;
    }
    m_prepareMedia(message, [this, message, next, fail](Result<MessageContent> uploaded) {
        if (!uploaded) {
            fail(uploaded.error());
            return;
        }
        // What the host gave back is kept before the message goes out, so a resend (after a restart, or for
        // a device that asks again) sends the same bytes and the same key.
        m_batch->commit();
        if (auto kept = m_outboxStore->updateContent(message.chat, message.id, *uploaded); !kept) {
            emitError(kept.error());
            finishFront(message.chat, false);
            return;
        }
        StoredMessage ready = message;
        ready.content = *uploaded;
        next(ready);
    });
}

void Outbound::withAddress(const StoredMessage &message, std::function<void(Jid)> next) {
    constexpr qint64 kAskAgainMs = 60 * 60 * 1000;
    const auto chat = Jid::parse(message.chat);
    if (!chat) {
        finishFront(message.chat, false);
        return;
    }
    if (!chat->isPhoneUser()) {
        next(*chat); // a LID already, or a group
        return;
    }
    if (const auto lid = m_directory->lidOf(*chat)) {
        next(*lid);
        return;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (const auto asked = m_lidAskedAt.constFind(message.chat);
        asked != m_lidAskedAt.cend() && now - *asked < kAskAgainMs) {
        next(*chat);
        return;
    }
    const quint64 generation = m_generation;
    const Jid own = addressing::Own::of(*m_credentials).phone;
    m_iq->query(usync::buildLidQuery({*chat}, newMessageId(own.user)),
        [self = QPointer<Outbound>(this), chat = *chat, next, generation, now](Result<Node> answer) {
            if (!self || generation != self->m_generation)
                return;
            auto users
                = answer ? usync::parseUserAnswer(*answer) : Result<QList<usync::UserInfo>>(answer.error());
            if (users) {
                for (const usync::UserInfo &user : std::as_const(*users)) {
                    if (user.lid && user.phone)
                        self->m_directory->learn(*user.lid, *user.phone);
                }
            }
            if (const auto lid = self->m_directory->lidOf(chat)) {
                next(*lid);
                return;
            }
            // whatsmeow gives up here; an account the server names no LID for still takes messages by number
            // (as Baileys 7 sends them), so the message goes that way rather than not at all.
            self->m_lidAskedAt.insert(chat.toString(), now);
            next(chat);
        });
}

void Outbound::withDevices(
    const StoredMessage &message, const Jid &address, std::function<void(QList<Jid>)> next) {
    constexpr qint64 kDeviceCacheMs = 5 * 60 * 1000;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QString key = address.toString();
    if (const auto cached = m_deviceCache.constFind(key);
        cached != m_deviceCache.cend() && now - cached->fetchedAtMs < kDeviceCacheMs) {
        next(cached->devices);
        return;
    }
    // Our own devices in the form the message goes in: our LID devices beside a LID.
    const Jid own = addressing::Own::of(*m_credentials).sameFormAs(address);
    if (own.user.isEmpty()) {
        finishFront(message.chat, false);
        return;
    }
    const quint64 generation = m_generation;
    m_iq->query(usync::buildDeviceListQuery({address, own.normalizedUser()}, newMessageId(own.user)),
        [self = QPointer<Outbound>(this), message, key, own, next, generation, now](Result<Node> answer) {
            if (!self || generation != self->m_generation)
                return;
            auto devices
                = answer ? usync::parseDeviceListAnswer(*answer, own) : Result<QList<Jid>>(answer.error());
            if (!devices) {
                self->emitError(errc::kDeviceListUnavailable,
                    QStringLiteral("Could not look up %1's devices (%2); the message stays queued.")
                        .arg(message.chat, devices.error().message));
                self->finishFront(message.chat, false);
                return;
            }
            self->m_deviceCache.insert(key, {*devices, now});
            next(*devices);
        });
}

void Outbound::withSessions(
    const StoredMessage &message, const QList<Jid> &devices, std::function<void()> next) {
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
        [self = QPointer<Outbound>(this), chat = message.chat, next, generation](Result<Node> keys) {
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

bool Outbound::encryptAndSend(const StoredMessage &message, const Jid &address, const QList<Jid> &devices) {
    const addressing::Own own = addressing::Own::of(*m_credentials);
    const auto plain = encodeOutgoing(message.content);
    const QString mediaType = media_message::stanzaMediaType(message.content);
    if (!plain) {
        // Only a row changed behind our back gets here (send() checks before queueing): it can never go out.
        emitError(plain.error());
        setStatus(message.chat, message.id, MessageStatus::Failed);
        return true;
    }
    // Our other devices are told where it went in the form it went (whatsmeow: the LID).
    auto toOwnDevices = encodeDeviceSentMessage(address.toString(), *plain);
    if (!toOwnDevices) {
        emitError(errc::kCryptoFailed, toOwnDevices.error().message);
        return false;
    }
    Node::Children participants;
    bool anyPreKeyMessage = false;
    bool anyRecipient = false;
    for (const Jid &device : devices) {
        const bool ours = own.isUs(device);
        auto cipher = cipherFor(device);
        auto has = cipher.hasSession();
        if (!has || !*has)
            continue; // no keys could be had for this device; the others still get the message
        auto encrypted = cipher.encrypt(padding::pad(ours ? *toOwnDevices : *plain));
        if (!encrypted) {
            emitError(encrypted.error().code.toLatin1().constData(), encrypted.error().message);
            continue;
        }
        anyPreKeyMessage = anyPreKeyMessage || encrypted->type == DeviceCipher::kPreKeyMessage;
        anyRecipient = anyRecipient || !ours;
        participants.push_back(Node(QStringLiteral("to"), {{QStringLiteral("jid"), device.toString()}},
            Node::Children {encNode(*encrypted, mediaType)}));
    }
    if (!anyRecipient) {
        m_deviceCache.remove(address.toString()); // ask again next time
        emitError(errc::kBundleUnavailable,
            QStringLiteral("No device of %1 could be reached; the message stays queued.").arg(message.chat));
        return false;
    }
    Node::Children children {Node(QStringLiteral("participants"), {}, std::move(participants))};
    if (anyPreKeyMessage)
        children.push_back(Node(QStringLiteral("device-identity"), {}, m_credentials->account));
    const bool person = address.isLid() || address.isPhoneUser();
    if (person) {
        if (auto token = m_tokens->tokenFor(address))
            children.push_back(std::move(*token));
    }
    m_chatOfSent.insert(message.id, message.chat);
    QList<Node::Attribute> attributes {{QStringLiteral("id"), message.id},
        {QStringLiteral("type"), stanzaTypeOf(mediaType)}, {QStringLiteral("to"), address.toString()}};
    if (address.isLid() && message.chat != address.toString())
        attributes.append({QStringLiteral("peer_recipient_pn"), message.chat}); // whatsmeow's sendDM
    Node stanza(QStringLiteral("message"), std::move(attributes), std::move(children));
    if (m_draining)
        m_heldFrames.append(std::move(stanza)); // sent by pump() after its commit
    else
        m_send(stanza);
    if (person)
        m_afterSend.append(address);
    if (!m_draining)
        issueDueTokens();
    return true;
}

void Outbound::issueDueTokens() {
    for (const Jid &contact : std::exchange(m_afterSend, {}))
        m_tokens->afterSend(contact);
}

} // namespace balcao
