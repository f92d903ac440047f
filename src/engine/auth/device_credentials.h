#pragma once

#include "crypto/crypto.h"
#include "errors.h"

#include <QByteArray>
#include <QString>

namespace balcao {

// A signed prekey as Signal and WhatsApp use it: the signature is XEdDSA by the identity key over the
// 33-byte 0x05-prefixed public key (docs/protocol.md §3.2, §17.5).
struct SignedPreKey {
    quint32 id = 0;
    crypto::KeyPair keyPair;
    QByteArray signature; // 64 bytes

    bool operator==(const SignedPreKey &) const = default;
};

// Everything that makes one linked number a companion device: created before the first connection
// (Baileys' initAuthCreds, docs/protocol.md §6.1) and completed by pairing. Holds private keys: store it only
// sealed (see CredentialStore).
struct DeviceCredentials {
    crypto::KeyPair noiseKey; // long-term Noise static key; the server binds the device to it
    crypto::KeyPair identityKey; // Signal identity
    quint32 registrationId = 0; // 1..16380 (WhatsApp's 14 bits)
    SignedPreKey signedPreKey;
    QByteArray advSecret; // 32 bytes; shown in the QR, keys the pair-success HMAC
    quint32 nextPreKeyId = 1; // next one-time prekey id to generate (1..0xFFFFFE, never 0)

    // Filled in by pairing and login.
    QString ownJid; // "5511900000001:3@s.whatsapp.net"
    QString ownLid; // "1234567890:3@lid"
    QByteArray account; // ADVSignedDeviceIdentity, with our device signature and the account key
    QString platform; // the primary phone's platform ("android", "iphone", …)
    QString pushName;

    bool isRegistered() const { return !ownJid.isEmpty(); }

    // Fresh keys for a device that is about to be linked.
    static Result<DeviceCredentials> generate();

    // A compact, versioned encoding (CBOR) for storage; decode refuses anything malformed.
    QByteArray encode() const;
    static Result<DeviceCredentials> decode(QByteArrayView bytes);

    bool operator==(const DeviceCredentials &) const = default;
};

} // namespace balcao
