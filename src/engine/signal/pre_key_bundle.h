#pragma once

#include <QByteArray>
#include <optional>

namespace balcao {

// A device's published keys, as the server hands them out in answer to `encrypt get key` (docs/protocol.md
// §10.3): 32-byte raw Curve25519 keys, as WhatsApp's wire carries them.
struct PreKeyBundle {
    struct OneTimePreKey {
        quint32 id = 0;
        QByteArray publicKey; // 32 bytes
        bool operator==(const OneTimePreKey &) const = default;
    };

    quint32 registrationId = 0;
    QByteArray identityKey; // 32 bytes
    quint32 signedPreKeyId = 0;
    QByteArray signedPreKey; // 32 bytes
    QByteArray signedPreKeySignature; // 64 bytes: XEdDSA by identityKey over 0x05 || signedPreKey
    std::optional<OneTimePreKey> preKey; // absent when the server ran out

    bool operator==(const PreKeyBundle &) const = default;
};

} // namespace balcao
