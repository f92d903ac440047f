#pragma once

#include "crypto/crypto.h"
#include "errors.h"

#include <QString>

namespace balcao {

// The companion's side of linking by phone number (docs/protocol.md §7, Baileys requestPairingCode,
// whatsmeow pair-code.go): an 8-character code the user types on the phone, the companion's pairing
// ephemeral key wrapped under a key derived from that code, and — once the phone answers — the key bundle
// and the new ADV secret.
class PairingCode {
public:
    static constexpr int kLength = 8;
    static constexpr int kIterations = 2 << 16; // PBKDF2 rounds the real clients use

    // What the companion_finish stanza carries, and the ADV secret that replaces the one from the QR.
    struct Finish {
        QByteArray wrappedKeyBundle; // bundleSalt(32) || nonce(12) || AES-GCM(identity || primary identity ||
                                     // random)
        QByteArray advSecret; // 32 bytes
    };

    // A fresh random code for `pairingEphemeral` (a key pair used only for this link).
    static Result<PairingCode> create(const crypto::KeyPair &pairingEphemeral);
    // The same with every random input given, for golden-vector tests.
    static Result<PairingCode> createWith(
        const crypto::KeyPair &pairingEphemeral, const QString &code, QByteArrayView salt, QByteArrayView iv);

    QString code() const { return m_code; }
    // "ABCD-EFGH", as people read it.
    QString displayCode() const { return m_code.left(4) + QLatin1Char('-') + m_code.mid(4); }
    // salt(32) || iv(16) || AES-256-CTR(PBKDF2(code, salt), iv, ephemeral public key) — 80 bytes.
    QByteArray wrappedCompanionEphemeral() const { return m_wrappedEphemeral; }

    // Stage 2, after the phone's link_code_companion_reg notification.
    Result<Finish> finish(const crypto::KeyPair &identityKey, QByteArrayView primaryIdentityPub,
        QByteArrayView wrappedPrimaryEphemeral) const;
    Result<Finish> finishWith(const crypto::KeyPair &identityKey, QByteArrayView primaryIdentityPub,
        QByteArrayView wrappedPrimaryEphemeral, QByteArrayView random, QByteArrayView bundleSalt,
        QByteArrayView nonce) const;

    // The code for 5 random bytes: eight 5-bit groups, most significant first, as letters of kAlphabet.
    static QString codeFromBytes(QByteArrayView fiveBytes);
    // Whether a string is a well-formed code ("ABCD-EFGH" or "ABCDEFGH", alphabet below).
    static bool isWellFormed(QStringView code);
    // The 32 letters codes are made of: no 0, I, O or U, so nothing reads as something else.
    static constexpr char kAlphabet[] = "123456789ABCDEFGHJKLMNPQRSTVWXYZ";

private:
    crypto::KeyPair m_ephemeral;
    QString m_code;
    QByteArray m_wrappedEphemeral;
};

} // namespace balcao
