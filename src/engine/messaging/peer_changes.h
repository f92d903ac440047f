#pragma once

#include "binary/jid.h"
#include "binary/node.h"
#include "result.h"
#include "session/events.h"

#include <QObject>
#include <functional>

namespace balcao {

class CommitBatch;
class MessageStore;
class SignalStore;

// The server's news about a contact's devices and keys (docs/protocol.md §11.6), as whatsmeow's
// handleDeviceNotification and handleEncryptNotification act on it:
// - <notification type="devices"> with <add>/<remove><device jid/>…: the device list we keep for them is
// stale
//   at once (the next message asks again), and a removed device's session is dropped;
// - <notification type="encrypt"><identity/>: they reinstalled WhatsApp — their sessions and identity keys
// go,
//   and the chat gets a "security code changed" line.
// Each is acknowledged once what it changed is committed. Lives in the session thread.
class PeerChanges : public QObject {
    Q_OBJECT
public:
    struct Parts {
        QString sessionId;
        SignalStore *signal = nullptr;
        MessageStore *messages = nullptr;
        CommitBatch *batch = nullptr;
        std::function<QString()> ownJid;
        std::function<void(const Node &)> send;
        std::function<void(const QString &user)> forgetDeviceList; // the sender's cached list of a user
    };

    struct DeviceChange {
        Jid user;
        QList<Jid> added;
        QList<Jid> removed;
    };
    // The devices an add/remove notification names; malformed-node without a user or any change.
    static Result<DeviceChange> parseDevices(const Node &notification);

    explicit PeerChanges(Parts parts, QObject *parent = nullptr);

    // True when `notification` is one of the two kinds above (handled and acknowledged here).
    bool handle(const Node &notification);

signals:
    void event(const balcao::Event &event);

private:
    void onDevices(const Node &notification);
    void onIdentityChanged(const Node &notification, const Jid &user);
    void ackAfterCommit(const Node &notification);
    void emitError(const Error &error);

    Parts m_parts;
};

} // namespace balcao
