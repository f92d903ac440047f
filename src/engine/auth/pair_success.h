#pragma once

#include "binary/node.h"
#include "device_credentials.h"

namespace balcao {

// The companion's answer to the phone's scan (docs/protocol.md §6.2 steps 5–7, §6.3; Baileys
// configureSuccessfulPairing, whatsmeow pair.go handlePair): the server relays the phone's signed
// statement that this device belongs to the account; we check it (HMAC under our ADV secret, the account
// signature for real — Baileys 6 does not), countersign with our identity key, and reply.
class PairSuccess {
public:
    // What the pair-success iq carries.
    struct Stanza {
        QString iqId;
        QString deviceJid; // "5511900000001:3@s.whatsapp.net"
        QString deviceLid; // may be empty
        QString platform; // "android", "iphone", …
        QString businessName; // empty for personal accounts
        QByteArray deviceIdentity; // ADVSignedDeviceIdentityHMAC
    };

    // The outcome: the reply to send and what to store in the credentials.
    struct Accepted {
        Node reply; // <iq type="result"><pair-device-sign><device-identity key-index>…
        QByteArray account; // ADVSignedDeviceIdentity with our device signature and the account key
        QByteArray accountSignatureKey; // the primary phone's identity key (32 bytes)
        quint32 keyIndex = 0;
    };

    // Reads a `<iq><pair-success>` stanza; malformed-node when a required part is missing.
    static Result<Stanza> parse(const Node &iq);

    // Verifies the phone's statement and signs ours. handshake-failed (with a readable reason) when the
    // HMAC or the account signature does not verify: the link is refused, never half-made.
    static Result<Accepted> accept(const Stanza &stanza, const DeviceCredentials &credentials);

    // Stores the accepted link in the credentials (own JID, LID, account, platform).
    static void apply(const Stanza &stanza, const Accepted &accepted, DeviceCredentials &credentials);

    // The error reply whatsmeow sends when a pair-success is refused, so the server learns why.
    static Node refusal(const QString &iqId, const Error &error);
};

} // namespace balcao
