#pragma once

#include "binary/jid.h"
#include "messaging/chat_store.h"
#include "messaging/commit_batch.h"
#include "messaging/contact_store.h"
#include "session/events.h"
#include "signal/signal_store.h"

#include <QObject>
#include <optional>

namespace balcao {

// What a session knows of the two addresses of the people it talks to (docs/lid.md), and what follows when it
// learns that two are one person: the Signal sessions made under the phone number move to the LID, as
// whatsmeow's MigratePNToLID moves them (every device, sessions and identities), so the ratchet goes on
// instead of starting over; and the person's LID chat merges into their phone-number chat, announced by
// chat.merged. A chat is kept under the phone number whenever it is known, under the LID otherwise. Lives in
// the session thread; its writes join the current CommitBatch.
class PeerDirectory : public QObject {
    Q_OBJECT
public:
    struct Parts {
        QString sessionId;
        ContactStore *contacts = nullptr;
        ChatStore *chats = nullptr;
        SignalStore *signal = nullptr;
        CommitBatch *batch = nullptr;
    };

    explicit PeerDirectory(Parts parts, QObject *parent = nullptr);

    // `a` and `b` (any devices) are one person, when one is a LID and the other a phone number; anything
    // else is ignored. Errors are reported as events; the caller goes on either way.
    void learn(const Jid &a, const Jid &b);
    // The chat a person's messages go to: their phone-number user JID when known, `user` otherwise.
    Jid chatOf(const Jid &user);
    std::optional<Jid> lidOf(const Jid &phoneUser);
    std::optional<Jid> phoneOf(const Jid &lidUser);
    // The address a device's Signal session lives under: its LID device once the person's LID is known (the
    // phone-number sessions are moved there first), the device itself otherwise.
    Jid sessionAddressOf(const Jid &device);

signals:
    void event(const balcao::Event &event);

private:
    void moveSessions(const Jid &phone, const Jid &lid);
    void mergeChats(const Jid &lid, const Jid &phone);
    void report(const Error &error);

    Parts m_parts;
    QSet<QString> m_moved; // phone-number users whose sessions were moved in this run
};

} // namespace balcao
