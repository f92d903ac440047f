#include "signal_handles.h"

#include "crypto/crypto.h"
#include "signal_store.h"

#include <curve.h>
#include <signal_protocol.h>

namespace balcao::signal {

void Unref::operator()(void *object) const {
    if (object)
        signal_type_unref(static_cast<signal_type_base *>(object));
}

void BufferFree::operator()(signal_buffer *buffer) const {
    signal_buffer_free(buffer);
}

QByteArray bytesOf(const signal_buffer *buffer) {
    if (!buffer)
        return {};
    // signal_buffer_data takes a non-const pointer but does not write.
    auto *mutableBuffer = const_cast<signal_buffer *>(buffer);
    return QByteArray(reinterpret_cast<const char *>(signal_buffer_data(mutableBuffer)),
        qsizetype(signal_buffer_len(mutableBuffer)));
}

Result<Ref<ec_public_key>> decodePublicKey(signal_context *context, QByteArrayView raw) {
    if (raw.size() != 32) {
        return makeError(errc::kInvalidArgument,
            QStringLiteral("A Curve25519 public key has 32 bytes, not %1.").arg(raw.size()));
    }
    QByteArray prefixed;
    prefixed.reserve(kSignalPublicKeySize);
    prefixed.append(kSignalKeyType);
    prefixed.append(raw);
    ec_public_key *key = nullptr;
    const int result = curve_decode_point(
        &key, reinterpret_cast<const uint8_t *>(prefixed.constData()), size_t(prefixed.size()), context);
    Ref<ec_public_key> owned(key);
    if (result != SG_SUCCESS || !key)
        return makeError(
            errc::kInvalidArgument, QStringLiteral("libsignal refused a public key (%1).").arg(result));
    return owned;
}

Result<Ref<ec_key_pair>> decodeKeyPair(
    signal_context *context, QByteArrayView privateKey, QByteArrayView publicKey) {
    auto clamped = crypto::keyPairFromPrivate(privateKey);
    if (!clamped)
        return clamped.error();
    if (clamped->publicKey != publicKey) {
        return makeError(
            errc::kInvalidArgument, QStringLiteral("The public key does not belong to the private key."));
    }
    auto pub = decodePublicKey(context, clamped->publicKey);
    if (!pub)
        return pub.error();
    ec_private_key *priv = nullptr;
    int result = curve_decode_private_point(&priv,
        reinterpret_cast<const uint8_t *>(clamped->privateKey.constData()),
        size_t(clamped->privateKey.size()), context);
    Ref<ec_private_key> ownedPriv(priv);
    if (result != SG_SUCCESS || !priv)
        return makeError(
            errc::kInvalidArgument, QStringLiteral("libsignal refused a private key (%1).").arg(result));
    ec_key_pair *pair = nullptr;
    result = ec_key_pair_create(&pair, pub->get(), priv);
    Ref<ec_key_pair> ownedPair(pair);
    if (result != SG_SUCCESS || !pair)
        return makeError(
            errc::kCryptoFailed, QStringLiteral("libsignal could not make a key pair (%1).").arg(result));
    return ownedPair;
}

} // namespace balcao::signal
