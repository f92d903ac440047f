// Randomness and X25519 (RFC 7748) over libsodium, with WhatsApp's raw 32-byte keys.
#include "backend.h"
#include "crypto.h"

#include <sodium.h>

namespace balcao::crypto {

namespace {

constexpr qsizetype kKeySize = 32;

// Key generation and randomness have no way to report failure, and carrying on without a working
// generator would produce guessable keys, so a libsodium that cannot start stops the program.
void requireSodium() {
    if (!backend::sodiumReady())
        qFatal("libsodium failed to initialise; refusing to generate keys without a secure random source");
}

unsigned char *writable(QByteArray &array) {
    return reinterpret_cast<unsigned char *>(array.data());
}

const unsigned char *readable(QByteArrayView view) {
    return reinterpret_cast<const unsigned char *>(view.data());
}

// RFC 7748 §5 "decodeScalar25519": clear the three low bits and the top bit, set bit 254.
void clamp(QByteArray &privateKey) {
    privateKey[0] = char(uchar(privateKey[0]) & 248);
    privateKey[31] = char((uchar(privateKey[31]) & 127) | 64);
}

} // namespace

QByteArray randomBytes(qsizetype count) {
    requireSodium();
    if (count <= 0)
        return {};
    QByteArray out(count, Qt::Uninitialized);
    randombytes_buf(out.data(), size_t(count));
    return out;
}

KeyPair generateKeyPair() {
    // keyPairFromPrivate cannot fail on 32 bytes: a clamped scalar never yields the all-zero point.
    return keyPairFromPrivate(randomBytes(kKeySize)).value();
}

Result<KeyPair> keyPairFromPrivate(QByteArrayView privateKey) {
    requireSodium();
    if (privateKey.size() != kKeySize) {
        return makeError(errc::kCryptoFailed,
            QStringLiteral("A Curve25519 private key has 32 bytes, not %1.").arg(privateKey.size()));
    }
    KeyPair pair;
    pair.privateKey = privateKey.toByteArray();
    clamp(pair.privateKey);
    pair.publicKey.resize(kKeySize);
    if (crypto_scalarmult_base(writable(pair.publicKey), readable(pair.privateKey)) != 0)
        return makeError(errc::kCryptoFailed, QStringLiteral("Cannot derive the Curve25519 public key."));
    return pair;
}

Result<QByteArray> x25519(QByteArrayView privateKey, QByteArrayView publicKey) {
    requireSodium();
    if (privateKey.size() != kKeySize || publicKey.size() != kKeySize) {
        return makeError(errc::kCryptoFailed,
            QStringLiteral("X25519 needs two 32-byte keys, not %1 and %2 bytes.")
                .arg(privateKey.size())
                .arg(publicKey.size()));
    }
    QByteArray shared(kKeySize, Qt::Uninitialized);
    // libsodium clamps the scalar itself and returns -1 when the result is all zeros, which happens exactly
    // for the low-order points a peer could send to force a known secret (RFC 7748 §6.1).
    if (crypto_scalarmult(writable(shared), readable(privateKey), readable(publicKey)) != 0) {
        return makeError(errc::kCryptoFailed,
            QStringLiteral("The peer's Curve25519 key is a low-order point; refusing it."));
    }
    return shared;
}

} // namespace balcao::crypto
