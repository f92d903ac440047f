#include "digest_stream.h"

#include "backend.h"

#include <openssl/core_names.h>
#include <openssl/params.h>
#include <sodium.h>

namespace balcao::crypto {

using backend::bytes;

HmacSha256Stream::HmacSha256Stream()
    : m_state(std::make_unique<crypto_auth_hmacsha256_state>()) { }

HmacSha256Stream::~HmacSha256Stream() {
    // The state holds the key's padded hashes.
    sodium_memzero(m_state.get(), sizeof *m_state);
}

Result<std::unique_ptr<HmacSha256Stream>> HmacSha256Stream::create(QByteArrayView key) {
    if (!backend::sodiumReady())
        return makeError(errc::kCryptoFailed, QStringLiteral("libsodium could not start."));
    std::unique_ptr<HmacSha256Stream> stream(new HmacSha256Stream());
    // Keys longer than a block are hashed first (RFC 2104 §2), as libsodium does for any length.
    if (crypto_auth_hmacsha256_init(stream->m_state.get(), bytes(key), size_t(key.size())) != 0)
        return makeError(errc::kCryptoFailed, QStringLiteral("Cannot start HMAC-SHA256."));
    return stream;
}

Result<void> HmacSha256Stream::update(QByteArrayView data) {
    if (crypto_auth_hmacsha256_update(m_state.get(), bytes(data), quint64(data.size())) != 0)
        return makeError(errc::kCryptoFailed, QStringLiteral("HMAC-SHA256 update failed."));
    return {};
}

Result<QByteArray> HmacSha256Stream::finish() {
    QByteArray mac(crypto_auth_hmacsha256_BYTES, Qt::Uninitialized);
    if (crypto_auth_hmacsha256_final(m_state.get(), reinterpret_cast<unsigned char *>(mac.data())) != 0)
        return makeError(errc::kCryptoFailed, QStringLiteral("HMAC-SHA256 final failed."));
    return mac;
}

Sha512Stream::Sha512Stream(EVP_MD_CTX *context)
    : m_context(context) { }

Sha512Stream::~Sha512Stream() {
    EVP_MD_CTX_free(m_context);
}

Result<std::unique_ptr<Sha512Stream>> Sha512Stream::create() {
    const auto algorithms = backend::algorithms();
    if (!algorithms)
        return algorithms.error();
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    if (!context)
        return backend::openSslError(QStringLiteral("Cannot allocate a SHA-512 context"));
    std::unique_ptr<Sha512Stream> stream(new Sha512Stream(context));
    if (EVP_DigestInit_ex2(context, (*algorithms)->sha512, nullptr) != 1)
        return backend::openSslError(QStringLiteral("Cannot start SHA-512"));
    return stream;
}

Result<void> Sha512Stream::update(QByteArrayView data) {
    if (EVP_DigestUpdate(m_context, data.data(), size_t(data.size())) != 1)
        return backend::openSslError(QStringLiteral("SHA-512 update failed"));
    return {};
}

Result<QByteArray> Sha512Stream::finish() {
    QByteArray digest(64, Qt::Uninitialized);
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(m_context, reinterpret_cast<unsigned char *>(digest.data()), &length) != 1
        || length != 64) {
        return backend::openSslError(QStringLiteral("SHA-512 final failed"));
    }
    // libsignal reuses one digest context for several hashes, so it starts over here.
    if (EVP_DigestInit_ex2(m_context, EVP_MD_CTX_get0_md(m_context), nullptr) != 1)
        return backend::openSslError(QStringLiteral("Cannot restart SHA-512"));
    return digest;
}

} // namespace balcao::crypto
