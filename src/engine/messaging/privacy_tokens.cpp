#include "privacy_tokens.h"

#include "messaging/addressing.h"
#include "messaging/peer_directory.h"
#include "messaging/receipts.h"
#include "session/iq_client.h"

#include <QPointer>

namespace balcao {

namespace privacy_token {

namespace {

qint64 bucketOf(qint64 t) {
    return t / kBucketSeconds;
}

} // namespace

bool isUsable(qint64 t, qint64 now) {
    const qint64 cutoff = (bucketOf(now) - (kBuckets - 1)) * kBucketSeconds;
    return t > 0 && t >= cutoff;
}

bool shouldIssue(std::optional<qint64> issuedAt, qint64 now) {
    return !issuedAt || bucketOf(now) > bucketOf(*issuedAt);
}

Node buildIssue(const Jid &contact, qint64 now) {
    Node token(QStringLiteral("token"),
        {{QStringLiteral("jid"), contact.normalizedUser().toString()},
            {QStringLiteral("t"), QString::number(now)},
            {QStringLiteral("type"), QStringLiteral("trusted_contact")}});
    return Node(QStringLiteral("iq"),
        {{QStringLiteral("to"), Jid::serverJid().toString()}, {QStringLiteral("type"), QStringLiteral("set")},
            {QStringLiteral("xmlns"), QStringLiteral("privacy")}},
        Node::Children {Node(QStringLiteral("tokens"), {}, Node::Children {std::move(token)})});
}

Result<Received> parseNotification(const Node &notification) {
    const auto from = notification.jidAttribute(u"from");
    if (!from || from->user.isEmpty() || !(from->isPhoneUser() || from->isLid())) {
        return makeError(errc::kMalformedNode,
            QStringLiteral("A privacy token notification named no valid sender: %1")
                .arg(notification.toString().left(200)));
    }
    Received received;
    received.from = from->normalizedUser();
    if (const auto lid = notification.jidAttribute(u"sender_lid");
        lid && lid->isLid() && !lid->user.isEmpty()) {
        received.fromAlt = received.from;
        received.from = lid->normalizedUser();
    }
    const Node *tokens = notification.child(u"tokens");
    for (const Node *token : tokens ? tokens->childrenByTag(u"token") : QList<const Node *> {}) {
        const QByteArray bytes = token->contentBytes();
        if (token->attribute(u"type") != QLatin1String("trusted_contact") || bytes.isEmpty()
            || bytes.size() > 256)
            continue;
        const qint64 t = token->attribute(u"t").toLongLong();
        if (t <= 0)
            continue; // both references skip a token without a time: it could never be judged fresh
        received.tokens.append(PrivacyToken {bytes, t});
    }
    return received;
}

} // namespace privacy_token

PrivacyTokens::PrivacyTokens(Parts parts, QObject *parent)
    : QObject(parent)
    , m_parts(std::move(parts)) { }

Jid PrivacyTokens::keyOf(const Jid &contact) {
    const Jid user = contact.normalizedUser();
    if (user.isLid())
        return user;
    return m_parts.directory->lidOf(user).value_or(user);
}

void PrivacyTokens::onNotification(const Node &notification) {
    auto received = privacy_token::parseNotification(notification);
    if (!received) {
        m_parts.send(receipts::buildAck(notification, m_parts.ownJid()));
        emit event(ErrorEvent {m_parts.sessionId, received.error().code, received.error().message});
        return;
    }
    if (received->fromAlt)
        m_parts.directory->learn(received->from, *received->fromAlt);
    if (!m_parts.batch->open())
        return; // not acknowledged: the server delivers it again
    const QString key = keyOf(received->from).toString();
    for (const PrivacyToken &token : std::as_const(received->tokens)) {
        if (auto saved = m_parts.contacts->savePrivacyToken(key, token); !saved) {
            emit event(ErrorEvent {m_parts.sessionId, saved.error().code, saved.error().message});
            return; // not acknowledged: the server delivers it again
        }
    }
    m_parts.batch->afterCommit(
        [this, notification] { m_parts.send(receipts::buildAck(notification, m_parts.ownJid())); });
}

std::optional<Node> PrivacyTokens::tokenFor(const Jid &contact) {
    auto held = m_parts.contacts->privacyToken(keyOf(contact).toString());
    if (!held || !*held || !privacy_token::isUsable((*held)->timestamp, m_parts.now()))
        return std::nullopt;
    return Node(QStringLiteral("tctoken"), {}, (*held)->token);
}

void PrivacyTokens::afterSend(const Jid &contact) {
    const Jid key = keyOf(contact);
    auto issuedAt = m_parts.contacts->tokenIssuedAt(key.toString());
    if (issuedAt && privacy_token::shouldIssue(*issuedAt, m_parts.now()))
        issue(key);
}

void PrivacyTokens::recover(const Jid &contact) {
    issue(keyOf(contact));
}

void PrivacyTokens::issue(const Jid &key) {
    const QString name = key.toString();
    if (m_issuing.contains(name))
        return;
    m_issuing.insert(name);
    const qint64 now = m_parts.now();
    m_parts.iq->query(privacy_token::buildIssue(key, now),
        [self = QPointer<PrivacyTokens>(this), name, now](Result<Node> answer) {
            if (!self)
                return;
            self->m_issuing.remove(name);
            if (!answer)
                return; // tried again after the next message
            if (!self->m_parts.batch->open())
                return;
            if (auto saved = self->m_parts.contacts->saveTokenIssued(name, now); !saved)
                emit self->event(
                    ErrorEvent {self->m_parts.sessionId, saved.error().code, saved.error().message});
        });
}

} // namespace balcao
