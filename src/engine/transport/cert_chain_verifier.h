#pragma once

#include "errors.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace balcao {

// Checks the certificate chain a WhatsApp server sends inside its Noise ServerHello (docs/protocol.md
// §2.4, docs/architecture.md "Server trust"), in full, as whatsmeow's verifyServerCert
// does and more than Baileys does: the intermediate is signed by the trusted root (XEdDSA) and names
// issuer serial 0; the leaf is signed by the intermediate's key and names the intermediate's serial; both
// are valid at `now`; and the leaf's key is the server's static Noise key, so a chain captured from the
// real server cannot vouch for someone else's key. Every failure is `server-untrusted`. Immutable and
// cheap to copy.
class CertChainVerifier {
public:
    // WhatsApp's long-term public key ("WhatsAppLongTerm1").
    static QByteArray whatsAppRootKey();

    // Trusts `rootKey` (32 raw bytes) instead of WhatsApp's, for test and demo servers.
    explicit CertChainVerifier(QByteArray rootKey = whatsAppRootKey());

    // Parses a root key given as 64 hex digits (`--server-root-key HEX`).
    static Result<CertChainVerifier> fromHex(QStringView hex);

    const QByteArray &rootKey() const { return m_rootKey; }

    // `chain` is the decrypted CertChain protobuf, `serverStaticKey` the decrypted server static key and
    // `nowSecs` the current time in seconds since the epoch.
    Result<void> verify(QByteArrayView chain, QByteArrayView serverStaticKey, qint64 nowSecs) const;

private:
    QByteArray m_rootKey;
};

} // namespace balcao
