#include "pairing_code.h"

namespace balcao {

namespace {

constexpr qsizetype kSaltSize = 32;
constexpr qsizetype kIvSize = 16;
constexpr qsizetype kWrappedSize = kSaltSize + kIvSize + 32;

} // namespace

QString PairingCode::codeFromBytes(QByteArrayView fiveBytes) {
    quint64 bits = 0;
    for (char b : fiveBytes)
        bits = (bits << 8) | quint8(b);
    QString code;
    for (int i = PairingCode::kLength - 1; i >= 0; --i)
        code.append(QLatin1Char(PairingCode::kAlphabet[(bits >> (5 * i)) & 0x1f]));
    return code;
}

namespace {

Result<QByteArray> linkKey(const QString &code, QByteArrayView salt) {
    return crypto::pbkdf2Sha256(code.toUtf8(), salt, PairingCode::kIterations, 32);
}

} // namespace

bool PairingCode::isWellFormed(QStringView code) {
    QString compact = code.toString().remove(QLatin1Char('-'));
    if (compact.size() != kLength)
        return false;
    const QByteArrayView alphabet(kAlphabet, sizeof(kAlphabet) - 1);
    for (QChar c : compact) {
        if (c.unicode() > 0x7f || !alphabet.contains(char(c.unicode())))
            return false;
    }
    return true;
}

Result<PairingCode> PairingCode::create(const crypto::KeyPair &pairingEphemeral) {
    return createWith(pairingEphemeral, codeFromBytes(crypto::randomBytes(5)), crypto::randomBytes(kSaltSize),
        crypto::randomBytes(kIvSize));
}

Result<PairingCode> PairingCode::createWith(
    const crypto::KeyPair &pairingEphemeral, const QString &code, QByteArrayView salt, QByteArrayView iv) {
    if (!pairingEphemeral.isValid() || !isWellFormed(code) || code.size() != kLength
        || salt.size() != kSaltSize || iv.size() != kIvSize) {
        return makeError(errc::kInvalidArgument,
            QStringLiteral("A pairing code needs a key pair, an 8-letter code, "
                           "a 32-byte salt and a 16-byte IV."));
    }
    auto key = linkKey(code, salt);
    if (!key)
        return key.error();
    auto wrapped = crypto::aesCtr(*key, iv, pairingEphemeral.publicKey);
    if (!wrapped)
        return wrapped.error();
    PairingCode result;
    result.m_ephemeral = pairingEphemeral;
    result.m_code = code;
    result.m_wrappedEphemeral = salt.toByteArray() + iv.toByteArray() + *wrapped;
    return result;
}

Result<PairingCode::Finish> PairingCode::finish(const crypto::KeyPair &identityKey,
    QByteArrayView primaryIdentityPub, QByteArrayView wrappedPrimaryEphemeral) const {
    return finishWith(identityKey, primaryIdentityPub, wrappedPrimaryEphemeral, crypto::randomBytes(32),
        crypto::randomBytes(32), crypto::randomBytes(12));
}

Result<PairingCode::Finish> PairingCode::finishWith(const crypto::KeyPair &identityKey,
    QByteArrayView primaryIdentityPub, QByteArrayView wrappedPrimaryEphemeral, QByteArrayView random,
    QByteArrayView bundleSalt, QByteArrayView nonce) const {
    if (wrappedPrimaryEphemeral.size() != kWrappedSize || primaryIdentityPub.size() != 32) {
        return makeError(errc::kMalformedNode,
            QStringLiteral("The phone's pairing answer has the wrong size (%1 and %2 bytes, expected "
                           "%3 and 32).")
                .arg(wrappedPrimaryEphemeral.size())
                .arg(primaryIdentityPub.size())
                .arg(kWrappedSize));
    }
    if (random.size() != 32 || bundleSalt.size() != 32 || nonce.size() != 12)
        return makeError(errc::kInvalidArgument, QStringLiteral("Pairing randomness of the wrong size."));

    // The phone wrapped its ephemeral key under the same code with its own salt.
    auto key = linkKey(m_code, wrappedPrimaryEphemeral.first(kSaltSize));
    if (!key)
        return key.error();
    auto primaryEphemeral = crypto::aesCtr(*key, wrappedPrimaryEphemeral.sliced(kSaltSize, kIvSize),
        wrappedPrimaryEphemeral.sliced(kSaltSize + kIvSize));
    if (!primaryEphemeral)
        return primaryEphemeral.error();
    auto ephemeralShared = crypto::x25519(m_ephemeral.privateKey, *primaryEphemeral);
    if (!ephemeralShared) {
        return makeError(errc::kHandshakeFailed,
            QStringLiteral("The code typed on the phone does not match this pairing code."));
    }

    auto bundleKey = crypto::hkdfSha256(
        *ephemeralShared, bundleSalt, QByteArrayLiteral("link_code_pairing_key_bundle_encryption_key"), 32);
    if (!bundleKey)
        return bundleKey.error();
    const QByteArray bundle = identityKey.publicKey + primaryIdentityPub.toByteArray() + random.toByteArray();
    auto encryptedBundle = crypto::aesGcmEncrypt(*bundleKey, nonce, bundle);
    if (!encryptedBundle)
        return encryptedBundle.error();

    auto identityShared = crypto::x25519(identityKey.privateKey, primaryIdentityPub);
    if (!identityShared)
        return identityShared.error();
    auto advSecret = crypto::hkdfSha256(
        *ephemeralShared + *identityShared + random.toByteArray(), {}, QByteArrayLiteral("adv_secret"), 32);
    if (!advSecret)
        return advSecret.error();
    return Finish {bundleSalt.toByteArray() + nonce.toByteArray() + *encryptedBundle, *advSecret};
}

} // namespace balcao
