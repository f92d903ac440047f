#pragma once

#include "errors.h"

#include <QByteArray>
#include <QByteArrayView>

namespace balcao {

// The transport encryption of a WhatsApp connection after the Noise handshake (docs/protocol.md §2.6):
// AES-256-GCM, one key and one frame counter per direction, IV = 8 zero bytes || uint32 BE counter,
// empty AAD. Made by NoiseHandshake; lives in the session thread.
class NoiseCipher {
public:
    NoiseCipher() = default;
    NoiseCipher(QByteArray writeKey, QByteArray readKey);

    bool isValid() const { return m_writeKey.size() == 32 && m_readKey.size() == 32; }

    // Encrypts the next outgoing frame payload (flags byte + node).
    Result<QByteArray> encrypt(QByteArrayView plaintext);
    // Decrypts the next incoming frame payload. A failure is fatal for the connection: the counters
    // cannot resynchronise, so every later frame would fail too.
    Result<QByteArray> decrypt(QByteArrayView ciphertext);

    const QByteArray &writeKey() const { return m_writeKey; }
    const QByteArray &readKey() const { return m_readKey; }
    quint32 writeCounter() const { return m_writeCounter; }
    quint32 readCounter() const { return m_readCounter; }

    // The 12-byte GCM nonce for a frame counter.
    static QByteArray iv(quint32 counter);

private:
    QByteArray m_writeKey;
    QByteArray m_readKey;
    quint32 m_writeCounter = 0;
    quint32 m_readCounter = 0;
    // A counter that wrapped would reuse a nonce; the connection must end before that.
    bool m_writeExhausted = false;
    bool m_readExhausted = false;
};

} // namespace balcao
