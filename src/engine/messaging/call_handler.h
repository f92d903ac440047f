#pragma once

#include "call_policy.h"
#include "call_stanzas.h"
#include "message_content.h"
#include "session/events.h"

#include <QHash>
#include <QObject>
#include <functional>

namespace balcao {

class CommitBatch;
class MessageStore;

// Incoming <call> stanzas (docs/protocol.md §11.7): every one is acknowledged once what it means is stored;
// an offer the policy rejects is declined at once; a call that ends unanswered becomes a "missed call" line
// in the caller's chat. Each step is a CallEvent. Lives in the session thread.
class CallHandler : public QObject {
    Q_OBJECT
public:
    struct Parts {
        QString sessionId;
        MessageStore *messages = nullptr;
        CommitBatch *batch = nullptr;
        std::function<QString()> ownJid;
        std::function<void(const Node &)> send;
        std::function<QString()> newId; // the reject's stanza id
        std::function<void(const QString &to, const MessageContent &)> sendText; // the policy's reply
    };

    explicit CallHandler(Parts parts, QObject *parent = nullptr);

    void setPolicy(CallPolicy policy) { m_policy = std::move(policy); }
    void handle(const Node &call);

signals:
    void event(const balcao::Event &event);

private:
    struct Offer {
        QString chat;
        QString caller;
        bool video = false;
        qint64 timestamp = 0;
        bool settled = false; // rejected by us or accepted somewhere: no "missed" line
    };
    // Stores the chat line for `offer` with `outcome` ("missed", "rejected") and acks `call` once committed.
    void record(const Node &call, const QString &callId, const Offer &offer, const QString &outcome);
    void ackAfterCommit(const Node &call, std::optional<CallEvent> event);

    Parts m_parts;
    CallPolicy m_policy;
    QHash<QString, Offer> m_offers; // by call id, until the call ends (bounded)
};

} // namespace balcao
