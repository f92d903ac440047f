#pragma once

#include "errors.h"

#include <QByteArrayView>
#include <openssl/evp.h>

// Private to src/engine/crypto: the OpenSSL algorithm objects every wrapper uses, fetched once per process
// (fetching is costly and the fetched objects are immutable, so all threads share them), and the one-time
// libsodium initialisation.
namespace balcao::crypto::backend {

struct Algorithms {
    EVP_MD *sha256 = nullptr;
    EVP_MD *sha512 = nullptr;
    EVP_MD *md5 = nullptr;
    EVP_KDF *hkdf = nullptr;
    EVP_KDF *pbkdf2 = nullptr;
    EVP_CIPHER *aes256Gcm = nullptr;
    EVP_CIPHER *aes256Cbc = nullptr;
    EVP_CIPHER *aes256Ctr = nullptr;
};

// The algorithms, or an Error naming the first one OpenSSL could not provide (a broken installation).
Result<const Algorithms *> algorithms();

// Runs sodium_init() once; false if libsodium cannot start (it then must not be used).
bool sodiumReady();

// A crypto-failed Error whose message ends with OpenSSL's most recent error, if any.
Error openSslError(const QString &what);

// OpenSSL's EVP functions take int lengths; larger inputs are fed in pieces of this size.
inline constexpr qsizetype kMaxChunk = 1 << 30;

inline const unsigned char *bytes(QByteArrayView view) {
    // OpenSSL rejects a null pointer even with a zero length in some calls (HMAC keys), so an empty view
    // points at a static empty string instead.
    return view.data() ? reinterpret_cast<const unsigned char *>(view.data())
                       : reinterpret_cast<const unsigned char *>("");
}

} // namespace balcao::crypto::backend
