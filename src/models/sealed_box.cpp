#include "sealed_box.h"

#include <crypto/crypto.h>

namespace balcao::models {

namespace {
constexpr char kVersion = 0x01;
constexpr qsizetype kNonceSize = 12;
constexpr qsizetype kTagSize = 16;
} // namespace

QByteArray seal(QByteArrayView key, QByteArrayView plaintext, QByteArrayView context) {
    const QByteArray nonce = crypto::randomBytes(kNonceSize);
    auto ciphertext = crypto::aesGcmEncrypt(key, nonce, plaintext, context);
    if (!ciphertext)
        return {};
    return QByteArray(1, kVersion) + nonce + *ciphertext;
}

Result<QByteArray> unseal(QByteArrayView key, QByteArrayView sealed, QByteArrayView context) {
    if (sealed.size() < 1 + kNonceSize + kTagSize || sealed.at(0) != kVersion)
        return makeError(
            errc::kStorageCorrupt, QStringLiteral("A sealed record is damaged or of an unknown version."));
    auto plaintext
        = crypto::aesGcmDecrypt(key, sealed.sliced(1, kNonceSize), sealed.sliced(1 + kNonceSize), context);
    if (!plaintext) {
        return makeError(errc::kKeyUnavailable,
            QStringLiteral("The sealing key does not open this profile's private keys (the key was "
                           "replaced or belongs to another profile)."));
    }
    return plaintext;
}

} // namespace balcao::models
