#include "peer_changes.h"

#include "commit_batch.h"
#include "message_store.h"
#include "messaging/receipts.h"
#include "signal/device_cipher.h"
#include "signal/signal_store.h"
#include "stored_message.h"

#include <QDateTime>

namespace balcao {

Result<PeerChanges::DeviceChange> PeerChanges::parseDevices(const Node &notification) {
    const auto bad = [](const QString &why) {
        return makeError(errc::kMalformedNode,
            QStringLiteral("A device-list notification was not understood: %1.").arg(why));
    };
    const auto user = Jid::parse(notification.attribute(u"from"));
    if (!user || user->user.isEmpty())
        return bad(QStringLiteral("it names no user"));
    DeviceChange change {user->normalizedUser(), {}, {}};
    for (const Node &part : notification.children()) {
        const bool add = part.tag() == QLatin1String("add");
        if (!add && part.tag() != QLatin1String("remove"))
            continue; // <key-index-list>, <update hash>: nothing to act on
        for (const Node *device : part.childrenByTag(u"device")) {
            const auto jid = Jid::parse(device->attribute(u"jid"));
            if (!jid || jid->user != change.user.user)
                continue; // a device of someone else does not belong in this user's list
            (add ? change.added : change.removed).append(*jid);
        }
    }
    if (change.added.isEmpty() && change.removed.isEmpty())
        return bad(QStringLiteral("it adds or removes no device of %1").arg(change.user.toString()));
    return change;
}

PeerChanges::PeerChanges(Parts parts, QObject *parent)
    : QObject(parent)
    , m_parts(std::move(parts)) { }

bool PeerChanges::handle(const Node &notification) {
    const QString type = notification.attribute(u"type");
    if (type == QLatin1String("devices")) {
        onDevices(notification);
        return true;
    }
    if (type == QLatin1String("encrypt") && notification.child(u"identity")) {
        const auto from = Jid::parse(notification.attribute(u"from"));
        const auto own = Jid::parse(m_parts.ownJid());
        // Our own identity does not change under us; a malformed sender is acknowledged and left alone.
        if (!from || (own && from->user == own->user)) {
            m_parts.send(receipts::buildAck(notification, m_parts.ownJid()));
            return true;
        }
        onIdentityChanged(notification, from->normalizedUser());
        return true;
    }
    return false;
}

void PeerChanges::onDevices(const Node &notification) {
    auto change = parseDevices(notification);
    if (!change) {
        m_parts.send(receipts::buildAck(notification, m_parts.ownJid()));
        emitError(change.error());
        return;
    }
    m_parts.forgetDeviceList(change->user.toString());
    if (!m_parts.batch->open())
        return; // not acknowledged: the server delivers it again
    for (const Jid &device : std::as_const(change->removed)) {
        if (auto dropped = m_parts.signal->deleteSession(m_parts.sessionId, signalAddressOf(device));
            !dropped)
            emitError(dropped.error());
    }
    ackAfterCommit(notification);
}

void PeerChanges::onIdentityChanged(const Node &notification, const Jid &user) {
    m_parts.forgetDeviceList(user.toString());
    if (!m_parts.batch->openForMessage())
        return;
    auto devices = m_parts.signal->sessionDevices(m_parts.sessionId, user.user);
    QList<int> withKeys = devices ? *devices : QList<int> {};
    if (!withKeys.contains(0))
        withKeys.append(0);
    for (int device : std::as_const(withKeys)) {
        if (auto removed
            = m_parts.signal->removeIdentity(m_parts.sessionId, SignalAddress {user.user, device});
            !removed)
            emitError(removed.error());
    }
    if (auto dropped = m_parts.signal->deleteAllSessions(m_parts.sessionId, user.user); !dropped)
        emitError(dropped.error());

    // A line in the chat, as WhatsApp shows it, so staff know the contact's keys changed.
    const qint64 t = notification.attribute(u"t").toLongLong() > 0 ? notification.attribute(u"t").toLongLong()
                                                                   : QDateTime::currentSecsSinceEpoch();
    StoredMessage line;
    line.chat = user.toString();
    line.id = QStringLiteral("notice-identity-") + notification.attribute(u"id").left(64);
    line.sender = line.chat;
    line.timestamp = t;
    MessageContent content;
    content.kind = MessageKind::Notice;
    content.payload = NoticePayload {QStringLiteral("security-code-changed"), {line.chat}};
    content.placeholder = QStringLiteral("The security code with this contact changed.");
    setContent(line, content);
    auto isNew = m_parts.messages->storeIncoming(line);
    if (!isNew) {
        emitError(isNew.error());
        return; // not acknowledged: it comes again
    }
    m_parts.batch->touchChat(line.chat);
    m_parts.batch->afterCommit([this, notification, isNew = *isNew, line] {
        m_parts.send(receipts::buildAck(notification, m_parts.ownJid()));
        if (isNew)
            emit event(toMessageEvent(m_parts.sessionId, asStoredIncoming(line)));
    });
}

void PeerChanges::ackAfterCommit(const Node &notification) {
    m_parts.batch->afterCommit(
        [this, notification] { m_parts.send(receipts::buildAck(notification, m_parts.ownJid())); });
}

void PeerChanges::emitError(const Error &error) {
    emit event(ErrorEvent {m_parts.sessionId, error.code, error.message});
}

} // namespace balcao
