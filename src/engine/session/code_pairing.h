#pragma once

#include "auth/pairing_code.h"
#include "binary/node.h"
#include "device_account.h"

#include <QObject>
#include <optional>

namespace balcao {

class IqClient;

// Linking by the 8-character code the user types on the phone (docs/protocol.md §7; Baileys
// requestPairingCode, whatsmeow pair-code.go): asks the server with the companion hello and shows the code
// once it answers; when the phone's notification says the code was typed, derives the new ADV secret, saves
// it, and finishes with companion_finish. The phone then sends pair-success, as for a QR. Lives in the
// session thread.
class CodePairing : public QObject {
    Q_OBJECT
public:
    CodePairing(DeviceAccount &account, IqClient *iq, QObject *parent = nullptr);

    // A fresh code for `phone` (digits). `requestId` comes back with a failure.
    void request(const QString &phone, const QString &deviceName, const QString &requestId = {});
    // The server's <notification type="link_code_companion_reg">; ignored when no code is pending.
    void onNotification(const Node &notification);
    void cancel();

signals:
    void code(const QString &displayCode, const QString &phone);
    // No code could be had (the server refused it): the link attempt is over.
    void refused(const balcao::Error &error, const QString &requestId);
    // Something went wrong on the way that the user should know of; the link may still finish.
    void failed(const balcao::Error &error);

private:
    DeviceAccount &m_account;
    IqClient *m_iq;
    QString m_phone;
    crypto::KeyPair m_ephemeral;
    std::optional<PairingCode> m_code;
    quint64 m_attempt = 0; // answers to an older request are ignored
};

} // namespace balcao
