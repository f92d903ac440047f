#pragma once

#include "crypto/crypto.h"
#include "errors.h"
#include "transport/cert_chain_verifier.h"
#include "transport/noise_cipher.h"

#include <QByteArray>
#include <QByteArrayView>

namespace balcao {

// The initiator side of WhatsApp's Noise_XX_25519_AESGCM_SHA256 handshake (docs/protocol.md §2.1–2.5,
// whatsmeow socket/noisehandshake.go, Baileys Utils/noise-handler.ts) as pure code: bytes in, bytes
// out, no sockets and no clock. Use once per connection:
//   start(ephemeral)            → intro || frame(ClientHello), the first WebSocket message
//   processServerHello(payload) → frame(ClientFinish) and the transport NoiseCipher
// Any failure leaves the handshake failed; the connection must be dropped. Lives in the session thread.
class NoiseHandshake {
public:
    // "WA", magic 6, token dictionary version 3: sent first and mixed into the handshake hash.
    static QByteArray header();

    struct Finished {
        QByteArray clientFinishFrame; // length-prefixed, ready to send
        NoiseCipher cipher;
        QByteArray serverStaticKey;
    };

    explicit NoiseHandshake(CertChainVerifier verifier = CertChainVerifier());

    // Begins with a fresh ephemeral key pair (the caller chooses it, so tests can fix it) and returns
    // the first message to send: `header || frame(HandshakeMessage{clientHello{ephemeral}})`. With the
    // routing info the server handed out (<ib><edge_routing><routing_info>), that message is prefixed by
    // `"ED" 00 01 || 3-byte length || routingInfo`, which is not hashed (docs/protocol.md §1.1).
    Result<QByteArray> start(const crypto::KeyPair &ephemeral,
        QByteArrayView header = NoiseHandshake::header(), QByteArrayView routingInfo = {});

    // Takes the payload of the server's first frame: decrypts the server's static key and certificate
    // chain, verifies the chain at `nowSecs`, then sends our long-term `noiseKey` and `clientPayload`
    // (a serialized ClientPayload). Errors: handshake-failed for broken or undecryptable messages,
    // server-untrusted when the certificate chain is refused.
    Result<Finished> processServerHello(QByteArrayView serverHello, const crypto::KeyPair &noiseKey,
        QByteArrayView clientPayload, qint64 nowSecs);

    // The transcript hash h so far: public, and the same on both sides after each step (tests compare
    // it with the responder's).
    const QByteArray &handshakeHash() const { return m_hash; }

private:
    enum class Stage { Idle, HelloSent, Finished, Failed };

    void mixHash(QByteArrayView data);
    Result<void> mixKey(QByteArrayView inputKeyMaterial);
    Result<void> mixSharedSecret(QByteArrayView privateKey, QByteArrayView publicKey);
    Result<QByteArray> encrypt(QByteArrayView plaintext);
    Result<QByteArray> decrypt(QByteArrayView ciphertext, const char *what);
    Result<Finished> finishServerHello(QByteArrayView serverHello, const crypto::KeyPair &noiseKey,
        QByteArrayView clientPayload, qint64 nowSecs);

    CertChainVerifier m_verifier;
    Stage m_stage = Stage::Idle;
    crypto::KeyPair m_ephemeral;
    QByteArray m_hash; // h: the transcript hash, also the AAD of every handshake message
    QByteArray m_chainingKey; // ck: the HKDF salt
    QByteArray m_key; // the AES key of the current handshake phase
    // One counter for encryption and decryption alike during the handshake (docs/protocol.md §2.1):
    // Baileys and the real server share it, so the client's static key goes out under counter 1.
    quint32 m_counter = 0;
};

} // namespace balcao
