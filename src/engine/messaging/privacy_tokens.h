#pragma once

#include "binary/jid.h"
#include "binary/node.h"
#include "messaging/commit_batch.h"
#include "messaging/contact_store.h"
#include "session/events.h"

#include <QObject>
#include <functional>
#include <optional>

namespace balcao {

class IqClient;
class PeerDirectory;

// Privacy tokens ("tctoken", docs/lid.md): an account that requires one refuses our 1:1 messages without the
// token it issued us (ack error 463). The rules are whatsmeow's (tctoken.go; Baileys 7's tc-token-utils.js
// has the same numbers): tokens are kept under the contact's LID, live in week-long buckets and are good for
// the current one and three before it; after each 1:1 message we issue ours to the contact at most once a
// bucket.
namespace privacy_token {
inline constexpr qint64 kBucketSeconds = 7 * 24 * 3600;
inline constexpr qint64 kBuckets = 4;

// Whether a token stamped `t` may still be attached at `now` (seconds).
bool isUsable(qint64 t, qint64 now);
// Whether ours is due again, given when we last issued it.
bool shouldIssue(std::optional<qint64> issuedAt, qint64 now);
// <iq xmlns="privacy" type="set" to="s.whatsapp.net"><tokens><token jid t
// type="trusted_contact"/></tokens></iq>
Node buildIssue(const Jid &contact, qint64 now);

struct Received {
    Jid from; // the issuer's user JID: their LID when the notification names it
    std::optional<Jid> fromAlt; // the other address the notification gives
    QList<PrivacyToken> tokens; // trusted-contact tokens with content
};
// <notification type="privacy_token" from [sender_lid]><tokens><token t type>bytes</token>…</tokens>;
// malformed-node when it names no valid sender.
Result<Received> parseNotification(const Node &notification);
} // namespace privacy_token

// A session's privacy tokens: kept from notifications, attached to its 1:1 messages, ours issued after them
// and when a contact refused a message for lack of one. Lives in the session thread.
class PrivacyTokens : public QObject {
    Q_OBJECT
public:
    struct Parts {
        QString sessionId;
        ContactStore *contacts = nullptr;
        PeerDirectory *directory = nullptr;
        CommitBatch *batch = nullptr;
        IqClient *iq = nullptr;
        std::function<void(const Node &)> send;
        std::function<QString()> ownJid;
        std::function<qint64()> now; // seconds
    };

    explicit PrivacyTokens(Parts parts, QObject *parent = nullptr);

    // Takes a privacy_token notification: its tokens are stored, then it is acknowledged.
    void onNotification(const Node &notification);
    // The <tctoken> for a 1:1 message to `contact` (either address), when we hold a usable one.
    std::optional<Node> tokenFor(const Jid &contact);
    // After a 1:1 message to `contact`: issues ours when it is due.
    void afterSend(const Jid &contact);
    // The contact refused a message for lack of a token (463): ours goes to them now, whatever the bucket.
    void recover(const Jid &contact);

signals:
    void event(const balcao::Event &event);

private:
    // Where a contact's tokens are kept: their LID when known, as both references key them.
    Jid keyOf(const Jid &contact);
    void issue(const Jid &key);

    Parts m_parts;
    QSet<QString> m_issuing; // keys with an issuance in flight
};

} // namespace balcao
