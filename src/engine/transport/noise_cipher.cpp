#include "noise_cipher.h"

#include "crypto/crypto.h"

#include <QtEndian>

namespace balcao {

NoiseCipher::NoiseCipher(QByteArray writeKey, QByteArray readKey)
    : m_writeKey(std::move(writeKey))
    , m_readKey(std::move(readKey)) { }

QByteArray NoiseCipher::iv(quint32 counter) {
    QByteArray iv(12, '\0');
    qToBigEndian(counter, iv.data() + 8);
    return iv;
}

Result<QByteArray> NoiseCipher::encrypt(QByteArrayView plaintext) {
    if (!isValid())
        return makeError(errc::kCryptoFailed, QStringLiteral("The connection has no transport keys yet."));
    if (m_writeExhausted) {
        return makeError(
            errc::kCryptoFailed, QStringLiteral("The connection sent 2^32 frames; it must be renewed."));
    }
    auto sealed = crypto::aesGcmEncrypt(m_writeKey, iv(m_writeCounter), plaintext);
    if (!sealed)
        return sealed.error();
    if (++m_writeCounter == 0)
        m_writeExhausted = true;
    return sealed;
}

Result<QByteArray> NoiseCipher::decrypt(QByteArrayView ciphertext) {
    if (!isValid())
        return makeError(errc::kCryptoFailed, QStringLiteral("The connection has no transport keys yet."));
    if (m_readExhausted) {
        return makeError(errc::kDecryptFailed,
            QStringLiteral("The server sent 2^32 frames; the connection must be renewed."));
    }
    auto opened = crypto::aesGcmDecrypt(m_readKey, iv(m_readCounter), ciphertext);
    if (!opened) {
        return makeError(errc::kDecryptFailed,
            QStringLiteral("Frame %1 from the server failed authentication (%2).")
                .arg(m_readCounter)
                .arg(opened.error().message));
    }
    if (++m_readCounter == 0)
        m_readExhausted = true;
    return opened;
}

} // namespace balcao
