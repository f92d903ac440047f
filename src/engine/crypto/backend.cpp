#include "backend.h"

#include "crypto.h"

#include <QThread>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/kdf.h>
#include <sodium.h>

namespace balcao::crypto::backend {

namespace {

struct Fetched {
    Algorithms algorithms;
    QString missing; // the first algorithm that could not be fetched, empty when all are there
};

Fetched fetchAll() {
    Fetched f;
    Algorithms &a = f.algorithms;
    const auto check = [&f](const void *fetched, const char *name) {
        if (!fetched && f.missing.isEmpty())
            f.missing = QString::fromLatin1(name);
    };
    check(a.sha256 = EVP_MD_fetch(nullptr, "SHA2-256", nullptr), "SHA2-256");
    check(a.sha512 = EVP_MD_fetch(nullptr, "SHA2-512", nullptr), "SHA2-512");
    check(a.md5 = EVP_MD_fetch(nullptr, "MD5", nullptr), "MD5");
    check(a.hkdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr), "HKDF");
    check(a.pbkdf2 = EVP_KDF_fetch(nullptr, "PBKDF2", nullptr), "PBKDF2");
    check(a.aes256Gcm = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr), "AES-256-GCM");
    check(a.aes256Cbc = EVP_CIPHER_fetch(nullptr, "AES-256-CBC", nullptr), "AES-256-CBC");
    check(a.aes256Ctr = EVP_CIPHER_fetch(nullptr, "AES-256-CTR", nullptr), "AES-256-CTR");
    return f;
}

} // namespace

Result<const Algorithms *> algorithms() {
    // A function-local static is initialised exactly once, even when several threads arrive together. The
    // objects live until the process exits, which is what OpenSSL expects of fetched algorithms.
    static const Fetched fetched = fetchAll();
    if (!fetched.missing.isEmpty())
        return openSslError(QStringLiteral("OpenSSL does not provide %1").arg(fetched.missing));
    return &fetched.algorithms;
}

bool sodiumReady() {
    static const bool ready = sodium_init() >= 0;
    return ready;
}

Error openSslError(const QString &what) {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return makeError(errc::kCryptoFailed, what + QLatin1Char('.'));
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return makeError(errc::kCryptoFailed, QStringLiteral("%1 (%2).").arg(what, QString::fromLatin1(text)));
}

} // namespace balcao::crypto::backend

namespace balcao::crypto {

void releaseThreadState() {
    OPENSSL_thread_stop();
}

void releaseThreadStateWhenFinished(QThread &thread) {
    // finished() is emitted from the ending thread itself, so a direct connection runs there.
    QObject::connect(&thread, &QThread::finished, &thread, &releaseThreadState, Qt::DirectConnection);
}

} // namespace balcao::crypto
