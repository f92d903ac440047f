#include "cipher_stream.h"

#include "backend.h"

#include <algorithm>
#include <openssl/err.h>

namespace balcao::crypto {

using backend::bytes;

namespace {
constexpr qsizetype kKeySize = 32;
constexpr qsizetype kBlockSize = 16;
} // namespace

AesCbcStream::AesCbcStream(Direction direction, EVP_CIPHER_CTX *context)
    : m_direction(direction)
    , m_context(context) { }

AesCbcStream::~AesCbcStream() {
    EVP_CIPHER_CTX_free(m_context); // clears the key schedule too
}

Result<std::unique_ptr<AesCbcStream>> AesCbcStream::create(
    Direction direction, QByteArrayView key, QByteArrayView iv) {
    if (key.size() != kKeySize || iv.size() != kBlockSize) {
        return makeError(errc::kCryptoFailed,
            QStringLiteral("AES-256-CBC needs a 32-byte key and a 16-byte IV, not %1 and %2 bytes.")
                .arg(key.size())
                .arg(iv.size()));
    }
    const auto algorithms = backend::algorithms();
    if (!algorithms)
        return algorithms.error();
    EVP_CIPHER_CTX *context = EVP_CIPHER_CTX_new();
    if (!context)
        return backend::openSslError(QStringLiteral("Cannot allocate an AES-256-CBC context"));
    std::unique_ptr<AesCbcStream> stream(new AesCbcStream(direction, context));
    if (EVP_CipherInit_ex2(context, (*algorithms)->aes256Cbc, bytes(key), bytes(iv),
            direction == Direction::Encrypt ? 1 : 0, nullptr)
        != 1) {
        return backend::openSslError(QStringLiteral("Cannot start AES-256-CBC"));
    }
    return stream;
}

Result<QByteArray> AesCbcStream::update(QByteArrayView data) {
    QByteArray out;
    out.reserve(data.size() + kBlockSize);
    for (qsizetype done = 0; done < data.size();) {
        const int piece = int(std::min(data.size() - done, backend::kMaxChunk));
        const qsizetype at = out.size();
        out.resize(at + piece + kBlockSize);
        int written = 0;
        if (EVP_CipherUpdate(m_context, reinterpret_cast<unsigned char *>(out.data()) + at, &written,
                bytes(data) + done, piece)
            != 1) {
            return backend::openSslError(QStringLiteral("AES-256-CBC failed"));
        }
        out.resize(at + written);
        done += piece;
    }
    return out;
}

Result<QByteArray> AesCbcStream::finish() {
    QByteArray out(kBlockSize, Qt::Uninitialized);
    int written = 0;
    if (EVP_CipherFinal_ex(m_context, reinterpret_cast<unsigned char *>(out.data()), &written) != 1) {
        if (m_direction == Direction::Encrypt)
            return backend::openSslError(QStringLiteral("Cannot finish AES-256-CBC"));
        ERR_clear_error();
        return makeError(errc::kDecryptFailed,
            QStringLiteral("The data does not decrypt: its padding is wrong (damaged or not ours)."));
    }
    out.resize(written);
    return out;
}

Sha256Stream::Sha256Stream(EVP_MD_CTX *context)
    : m_context(context) { }

Sha256Stream::~Sha256Stream() {
    EVP_MD_CTX_free(m_context);
}

Result<std::unique_ptr<Sha256Stream>> Sha256Stream::create() {
    const auto algorithms = backend::algorithms();
    if (!algorithms)
        return algorithms.error();
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    if (!context)
        return backend::openSslError(QStringLiteral("Cannot allocate a SHA-256 context"));
    std::unique_ptr<Sha256Stream> stream(new Sha256Stream(context));
    if (EVP_DigestInit_ex2(context, (*algorithms)->sha256, nullptr) != 1)
        return backend::openSslError(QStringLiteral("Cannot start SHA-256"));
    return stream;
}

Result<void> Sha256Stream::update(QByteArrayView data) {
    if (EVP_DigestUpdate(m_context, data.data(), size_t(data.size())) != 1)
        return backend::openSslError(QStringLiteral("SHA-256 update failed"));
    return {};
}

Result<QByteArray> Sha256Stream::finish() {
    QByteArray digest(32, Qt::Uninitialized);
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(m_context, reinterpret_cast<unsigned char *>(digest.data()), &length) != 1
        || length != 32) {
        return backend::openSslError(QStringLiteral("SHA-256 final failed"));
    }
    return digest;
}

} // namespace balcao::crypto
