#pragma once

#include "auth/device_credentials.h"
#include "binary/node.h"
#include "errors.h"

#include <QObject>
#include <functional>

struct signal_context;

namespace balcao {

class IqClient;
class PreKeyStore;

// Keeps enough of our one-time prekeys on the server for others to start sessions with us (docs/protocol.md
// §8.2): after each login it asks how many the server holds, and it tops them up when few are left or when
// an encrypt notification says the count ran low (whatsmeow prekeys.go, Baileys
// uploadPreKeysToServerIfRequired). The new keys are stored before they are uploaded and the credentials (the
// next prekey id) saved once the server took them. Lives in the session thread.
class PreKeyUpkeep : public QObject {
    Q_OBJECT
public:
    struct Parts {
        signal_context *context = nullptr;
        PreKeyStore *store = nullptr;
        QString sessionId;
        DeviceCredentials *credentials = nullptr;
        std::function<Result<void>()> saveCredentials;
        IqClient *iq = nullptr;
        std::function<void(const Node &)> send; // for the notification's ack
    };

    explicit PreKeyUpkeep(Parts parts, QObject *parent = nullptr);

    // After <success>: ask the count, top up when it is low; `done` runs once that is over, however it went
    // (the session sends <active/> then, as both references do).
    void checkCount(std::function<void()> done = {});
    // <notification type="encrypt"> with <count value/>: acknowledged, and a top-up when it is low.
    void onEncryptNotification(const Node &notification);

signals:
    void failed(const balcao::Error &error);

private:
    void upload(int count, std::function<void()> done = {});

    Parts m_parts;
};

} // namespace balcao
