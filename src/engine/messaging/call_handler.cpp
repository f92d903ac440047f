#include "call_handler.h"

#include "binary/jid.h"
#include "commit_batch.h"
#include "message_store.h"
#include "messaging/receipts.h"
#include "stored_message.h"

#include <QDateTime>

namespace balcao {

namespace {

constexpr int kMaxOpenOffers = 256; // calls ringing at once; more means offers whose end never came

QString callLine(bool video, const QString &outcome) {
    if (outcome == QLatin1String("rejected"))
        return video ? QStringLiteral("Rejected video call") : QStringLiteral("Rejected voice call");
    return video ? QStringLiteral("Missed video call") : QStringLiteral("Missed voice call");
}

} // namespace

CallHandler::CallHandler(Parts parts, QObject *parent)
    : QObject(parent)
    , m_parts(std::move(parts)) { }

void CallHandler::handle(const Node &call) {
    auto parsed = calls::parseCall(call);
    if (!parsed) {
        // Acknowledged all the same: a stanza we cannot read must not come back forever.
        m_parts.send(receipts::buildAck(call, m_parts.ownJid()));
        emit event(ErrorEvent {m_parts.sessionId, parsed.error().code, parsed.error().message});
        return;
    }
    const calls::CallStanza &c = *parsed;
    using Kind = calls::CallStanza::Kind;
    const QString chat = Jid::parse(c.from).value_or(Jid()).normalizedUser().toString();
    const qint64 timestamp = c.timestamp > 0 ? c.timestamp : QDateTime::currentSecsSinceEpoch();
    const auto callEvent = [&](const QString &status, bool video) {
        return CallEvent {m_parts.sessionId, chat, c.creator, c.callId, video, status, timestamp};
    };
    if (c.kind == Kind::Offer || c.kind == Kind::OfferNotice) {
        if (m_offers.size() >= kMaxOpenOffers)
            m_offers.clear();
        Offer offer {chat, c.creator, c.video, timestamp, false};
        if (m_policy.reject && !c.offline) {
            offer.settled = true;
            m_parts.send(calls::buildReject(m_parts.ownJid(), c.creator, c.callId, m_parts.newId()));
            m_offers.insert(c.callId, offer);
            record(call, c.callId, offer, QStringLiteral("rejected"));
            if (!m_policy.reply.trimmed().isEmpty()) {
                MessageContent reply;
                reply.kind = MessageKind::Text;
                reply.text = m_policy.reply;
                m_parts.sendText(chat, reply);
            }
            return;
        }
        m_offers.insert(c.callId, offer);
        ackAfterCommit(call, callEvent(QStringLiteral("offer"), c.video));
        return;
    }
    const auto known = m_offers.constFind(c.callId);
    const Offer offer
        = known != m_offers.constEnd() ? *known : Offer {chat, c.creator, false, timestamp, false};
    switch (c.kind) {
    case Kind::Accept:
        m_offers.remove(c.callId); // answered on another device (the phone)
        ackAfterCommit(call, callEvent(QStringLiteral("accepted"), offer.video));
        return;
    case Kind::Reject:
    case Kind::Terminate:
    case Kind::Timeout:
        m_offers.remove(c.callId);
        if (offer.settled) {
            ackAfterCommit(call, std::nullopt);
            return;
        }
        // Declined on the phone, or it stopped ringing: either way nobody here talked to the caller.
        record(call, c.callId, offer, QStringLiteral("missed"));
        return;
    default:
        ackAfterCommit(call, std::nullopt); // relay latency, transport and the like: nothing to show
        return;
    }
}

void CallHandler::record(
    const Node &call, const QString &callId, const Offer &offer, const QString &outcome) {
    if (!m_parts.batch->openForMessage())
        return; // not acknowledged: the server delivers it again
    StoredMessage line;
    line.chat = offer.chat;
    line.id = QStringLiteral("call-") + callId;
    line.sender = Jid::parse(offer.caller).value_or(Jid()).normalizedUser().toString();
    if (line.sender.isEmpty())
        line.sender = offer.chat;
    line.timestamp = offer.timestamp;
    MessageContent content;
    content.kind = MessageKind::Call;
    content.payload = CallPayload {offer.video, outcome, 0};
    content.placeholder = callLine(offer.video, outcome);
    setContent(line, content);
    auto isNew = m_parts.messages->storeIncoming(line);
    if (!isNew) {
        emit event(ErrorEvent {m_parts.sessionId, isNew.error().code, isNew.error().message});
        return; // not acknowledged: it comes again
    }
    m_parts.batch->touchChat(line.chat);
    CallEvent done {
        m_parts.sessionId, offer.chat, offer.caller, callId, offer.video, outcome, offer.timestamp};
    m_parts.batch->afterCommit([this, call, done, isNew = *isNew, line] {
        m_parts.send(receipts::buildAck(call, m_parts.ownJid()));
        emit event(done);
        if (isNew)
            emit event(toMessageEvent(m_parts.sessionId, asStoredIncoming(line)));
    });
}

void CallHandler::ackAfterCommit(const Node &call, std::optional<CallEvent> callEvent) {
    // In order with the messages before it: their acks go first.
    if (!m_parts.batch->open())
        return; // not acknowledged: the server delivers it again
    m_parts.batch->afterCommit([this, call, callEvent] {
        m_parts.send(receipts::buildAck(call, m_parts.ownJid()));
        if (callEvent)
            emit event(*callEvent);
    });
}

} // namespace balcao
