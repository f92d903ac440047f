// SHA-256, SHA-512, MD5, HMAC-SHA256, HKDF-SHA256 (RFC 5869) and PBKDF2-HMAC-SHA256 (RFC 8018) over
// OpenSSL 3's EVP interface.
#include "backend.h"
#include "crypto.h"
#include "digest_stream.h"

#include <QDebug>
#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

namespace balcao::crypto {

using backend::Algorithms;
using backend::bytes;

namespace {

// A digest cannot fail on valid input; if OpenSSL itself breaks, the caller gets an empty array (which no
// comparison with a real digest accepts) and the log says why.
QByteArray digest(EVP_MD *Algorithms::*which, int size, QByteArrayView data) {
    const auto algorithms = backend::algorithms();
    if (!algorithms) {
        qCritical("%s", qPrintable(algorithms.error().message));
        return {};
    }
    QByteArray out(size, Qt::Uninitialized);
    unsigned int length = 0;
    if (EVP_Digest(data.data(), size_t(data.size()), reinterpret_cast<unsigned char *>(out.data()), &length,
            (*algorithms)->*which, nullptr)
            != 1
        || int(length) != size) {
        qCritical("%s", qPrintable(backend::openSslError(QStringLiteral("Digest failed")).message));
        return {};
    }
    return out;
}

Result<QByteArray> derive(EVP_KDF *kdf, const OSSL_PARAM *params, qsizetype length, const char *name) {
    EVP_KDF_CTX *context = EVP_KDF_CTX_new(kdf);
    if (!context)
        return backend::openSslError(QStringLiteral("Cannot allocate a %1 context").arg(QLatin1String(name)));
    QByteArray out(length, Qt::Uninitialized);
    const int ok
        = EVP_KDF_derive(context, reinterpret_cast<unsigned char *>(out.data()), size_t(length), params);
    EVP_KDF_CTX_free(context);
    if (ok != 1)
        return backend::openSslError(QStringLiteral("%1 failed").arg(QLatin1String(name)));
    return out;
}

OSSL_PARAM octets(const char *key, QByteArrayView value) {
    return OSSL_PARAM_construct_octet_string(
        key, const_cast<unsigned char *>(bytes(value)), size_t(value.size()));
}

} // namespace

QByteArray sha256(QByteArrayView data) {
    return digest(&Algorithms::sha256, 32, data);
}

QByteArray sha512(QByteArrayView data) {
    return digest(&Algorithms::sha512, 64, data);
}

QByteArray md5(QByteArrayView data) {
    return digest(&Algorithms::md5, 16, data);
}

QByteArray hmacSha256(QByteArrayView key, QByteArrayView data) {
    auto stream = HmacSha256Stream::create(key);
    if (stream) {
        if (const auto updated = (*stream)->update(data); updated) {
            if (auto mac = (*stream)->finish())
                return std::move(mac).value();
        }
    }
    qCritical("HMAC-SHA256 failed");
    return {};
}

Result<QByteArray> hkdfSha256(
    QByteArrayView ikm, QByteArrayView salt, QByteArrayView info, qsizetype length) {
    // RFC 5869 §2.3: at most 255 blocks of output.
    if (length < 1 || length > 255 * 32) {
        return makeError(
            errc::kCryptoFailed, QStringLiteral("HKDF-SHA256 yields 1 to 8160 bytes, not %1.").arg(length));
    }
    const auto algorithms = backend::algorithms();
    if (!algorithms)
        return algorithms.error();
    char digestName[] = "SHA2-256";
    OSSL_PARAM params[5];
    int n = 0;
    params[n++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digestName, 0);
    params[n++] = octets(OSSL_KDF_PARAM_KEY, ikm);
    // Without a salt OpenSSL uses HashLen zero bytes, as RFC 5869 §2.2 says.
    if (!salt.isEmpty())
        params[n++] = octets(OSSL_KDF_PARAM_SALT, salt);
    params[n++] = octets(OSSL_KDF_PARAM_INFO, info);
    params[n] = OSSL_PARAM_construct_end();
    return derive((*algorithms)->hkdf, params, length, "HKDF-SHA256");
}

Result<QByteArray> pbkdf2Sha256(
    QByteArrayView password, QByteArrayView salt, int iterations, qsizetype length) {
    if (iterations < 1)
        return makeError(errc::kCryptoFailed, QStringLiteral("PBKDF2 needs at least one iteration."));
    if (length < 1 || length > (qsizetype(1) << 20)) {
        return makeError(
            errc::kCryptoFailed, QStringLiteral("PBKDF2 output of %1 bytes is out of range.").arg(length));
    }
    const auto algorithms = backend::algorithms();
    if (!algorithms)
        return algorithms.error();
    char digestName[] = "SHA2-256";
    uint64_t iter = uint64_t(iterations);
    // pkcs5 = 1 turns off SP 800-132's minimums (16-byte salt, 1000 iterations): WhatsApp and the RFC's
    // vectors are below them, and the default differs between OpenSSL providers.
    int pkcs5 = 1;
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digestName, 0),
        octets(OSSL_KDF_PARAM_PASSWORD, password),
        octets(OSSL_KDF_PARAM_SALT, salt),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_ITER, &iter),
        OSSL_PARAM_construct_int(OSSL_KDF_PARAM_PKCS5, &pkcs5),
        OSSL_PARAM_construct_end(),
    };
    return derive((*algorithms)->pbkdf2, params, length, "PBKDF2-HMAC-SHA256");
}

} // namespace balcao::crypto
