#include "digest_stream.h"

#include "backend.h"

#include <openssl/core_names.h>
#include <openssl/params.h>

namespace balcao::crypto {

using backend::bytes;

HmacSha256Stream::HmacSha256Stream(EVP_MAC_CTX *context)
    : m_context(context) { }

HmacSha256Stream::~HmacSha256Stream() {
    EVP_MAC_CTX_free(m_context);
}

Result<std::unique_ptr<HmacSha256Stream>> HmacSha256Stream::create(QByteArrayView key) {
    const auto algorithms = backend::algorithms();
    if (!algorithms)
        return algorithms.error();
    EVP_MAC_CTX *context = EVP_MAC_CTX_new((*algorithms)->hmac);
    if (!context)
        return backend::openSslError(QStringLiteral("Cannot allocate an HMAC context"));
    std::unique_ptr<HmacSha256Stream> stream(new HmacSha256Stream(context));
    char digest[] = "SHA2-256";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_MAC_init(context, bytes(key), size_t(key.size()), params) != 1)
        return backend::openSslError(QStringLiteral("Cannot start HMAC-SHA256"));
    return stream;
}

Result<void> HmacSha256Stream::update(QByteArrayView data) {
    if (EVP_MAC_update(m_context, bytes(data), size_t(data.size())) != 1)
        return backend::openSslError(QStringLiteral("HMAC-SHA256 update failed"));
    return {};
}

Result<QByteArray> HmacSha256Stream::finish() {
    QByteArray mac(32, Qt::Uninitialized);
    size_t length = 0;
    if (EVP_MAC_final(m_context, reinterpret_cast<unsigned char *>(mac.data()), &length, size_t(mac.size()))
            != 1
        || length != 32) {
        return backend::openSslError(QStringLiteral("HMAC-SHA256 final failed"));
    }
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
