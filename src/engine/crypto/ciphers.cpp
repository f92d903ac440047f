// AES-256 in three modes WhatsApp uses: GCM (Noise transport, docs/protocol.md §2), CBC with PKCS#7 (media
// §13, Signal message bodies §17) and CTR (pairing-code key wrapping §7.2), over OpenSSL 3's EVP interface.
#include "backend.h"
#include "crypto.h"

#include <algorithm>
#include <memory>
#include <openssl/err.h>
#include <optional>

namespace balcao::crypto {

using backend::bytes;

namespace {

constexpr qsizetype kKeySize = 32;
constexpr qsizetype kBlockSize = 16;
constexpr qsizetype kGcmIvSize = 12;
constexpr qsizetype kGcmTagSize = 16;

std::optional<Error> checkSizes(const char *mode, QByteArrayView key, QByteArrayView iv, qsizetype ivSize) {
    if (key.size() != kKeySize) {
        return makeError(errc::kCryptoFailed,
            QStringLiteral("AES-256-%1 needs a 32-byte key, not %2 bytes.")
                .arg(QLatin1String(mode))
                .arg(key.size()));
    }
    if (iv.size() != ivSize) {
        return makeError(errc::kCryptoFailed,
            QStringLiteral("AES-256-%1 needs a %2-byte IV, not %3 bytes.")
                .arg(QLatin1String(mode))
                .arg(ivSize)
                .arg(iv.size()));
    }
    return std::nullopt;
}

struct CipherContextFree {
    void operator()(EVP_CIPHER_CTX *context) const { EVP_CIPHER_CTX_free(context); }
};

// One message through one cipher in one direction. Every step returns false on failure and keeps the
// Error; a failed final step while decrypting is the data's fault (bad tag or padding), so it is
// decrypt-failed rather than crypto-failed.
class CipherPass {
public:
    CipherPass(bool encrypting, const char *mode)
        : m_encrypting(encrypting)
        , m_mode(mode) { }

    const Error &error() const { return m_error; }

    bool start(EVP_CIPHER *cipher, QByteArrayView key, QByteArrayView iv) {
        m_context.reset(EVP_CIPHER_CTX_new());
        if (!m_context)
            return fail("allocate a context for");
        if (EVP_CipherInit_ex2(m_context.get(), cipher, bytes(key), bytes(iv), m_encrypting ? 1 : 0, nullptr)
            != 1)
            return fail("start");
        return true;
    }

    bool authenticate(QByteArrayView aad) { return feed(aad, nullptr); }

    bool update(QByteArrayView data, QByteArray &out) { return feed(data, &out); }

    bool setTag(QByteArrayView tag) {
        if (EVP_CIPHER_CTX_ctrl(
                m_context.get(), EVP_CTRL_AEAD_SET_TAG, int(tag.size()), const_cast<char *>(tag.data()))
            != 1) {
            return fail("set the tag of");
        }
        return true;
    }

    bool finish(QByteArray &out, const QString &dataError) {
        const qsizetype at = out.size();
        out.resize(at + kBlockSize);
        int written = 0;
        if (EVP_CipherFinal_ex(m_context.get(), reinterpret_cast<unsigned char *>(out.data()) + at, &written)
            != 1) {
            if (m_encrypting)
                return fail("finish");
            ERR_clear_error();
            m_error = makeError(errc::kDecryptFailed, dataError);
            return false;
        }
        out.resize(at + written);
        return true;
    }

    bool appendTag(QByteArray &out) {
        const qsizetype at = out.size();
        out.resize(at + kGcmTagSize);
        if (EVP_CIPHER_CTX_ctrl(m_context.get(), EVP_CTRL_AEAD_GET_TAG, int(kGcmTagSize), out.data() + at)
            != 1)
            return fail("read the tag of");
        return true;
    }

private:
    // EVP takes int lengths, so large inputs go in pieces. A null `out` feeds additional authenticated data.
    bool feed(QByteArrayView data, QByteArray *out) {
        for (qsizetype done = 0; done < data.size();) {
            const int piece = int(std::min(data.size() - done, backend::kMaxChunk));
            int written = 0;
            unsigned char *target = nullptr;
            qsizetype at = 0;
            if (out) {
                at = out->size();
                out->resize(at + piece + kBlockSize);
                target = reinterpret_cast<unsigned char *>(out->data()) + at;
            }
            if (EVP_CipherUpdate(m_context.get(), target, &written, bytes(data) + done, piece) != 1)
                return fail(out ? "process data with" : "authenticate data with");
            if (out)
                out->resize(at + written);
            done += piece;
        }
        return true;
    }

    bool fail(const char *step) {
        m_error = backend::openSslError(
            QStringLiteral("Cannot %1 AES-256-%2").arg(QLatin1String(step), QLatin1String(m_mode)));
        return false;
    }

    bool m_encrypting;
    const char *m_mode;
    std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree> m_context;
    Error m_error;
};

Result<QByteArray> runWithoutTag(EVP_CIPHER *cipher, bool encrypting, const char *mode, QByteArrayView key,
    QByteArrayView iv, QByteArrayView input, const QString &dataError = {}) {
    CipherPass pass(encrypting, mode);
    QByteArray out;
    out.reserve(input.size() + kBlockSize);
    if (!pass.start(cipher, key, iv) || !pass.update(input, out) || !pass.finish(out, dataError))
        return pass.error();
    return out;
}

} // namespace

Result<QByteArray> aesGcmEncrypt(
    QByteArrayView key, QByteArrayView iv, QByteArrayView plaintext, QByteArrayView aad) {
    if (auto bad = checkSizes("GCM", key, iv, kGcmIvSize))
        return *bad;
    const auto algorithms = backend::algorithms();
    if (!algorithms)
        return algorithms.error();
    CipherPass pass(true, "GCM");
    QByteArray out;
    out.reserve(plaintext.size() + kBlockSize + kGcmTagSize);
    if (!pass.start((*algorithms)->aes256Gcm, key, iv) || !pass.authenticate(aad)
        || !pass.update(plaintext, out) || !pass.finish(out, {}) || !pass.appendTag(out)) {
        return pass.error();
    }
    return out;
}

Result<QByteArray> aesGcmDecrypt(
    QByteArrayView key, QByteArrayView iv, QByteArrayView ciphertextAndTag, QByteArrayView aad) {
    if (auto bad = checkSizes("GCM", key, iv, kGcmIvSize))
        return *bad;
    if (ciphertextAndTag.size() < kGcmTagSize) {
        return makeError(errc::kDecryptFailed,
            QStringLiteral("An AES-GCM message of %1 bytes is too short to hold its 16-byte tag.")
                .arg(ciphertextAndTag.size()));
    }
    const auto algorithms = backend::algorithms();
    if (!algorithms)
        return algorithms.error();
    const QByteArrayView ciphertext = ciphertextAndTag.first(ciphertextAndTag.size() - kGcmTagSize);
    CipherPass pass(false, "GCM");
    QByteArray out;
    out.reserve(ciphertext.size() + kBlockSize);
    if (!pass.start((*algorithms)->aes256Gcm, key, iv) || !pass.setTag(ciphertextAndTag.last(kGcmTagSize))
        || !pass.authenticate(aad) || !pass.update(ciphertext, out)
        || !pass.finish(out, QStringLiteral("The AES-GCM tag does not match: wrong key or altered data."))) {
        return pass.error();
    }
    return out;
}

Result<QByteArray> aesCbcEncrypt(QByteArrayView key, QByteArrayView iv, QByteArrayView plaintext) {
    if (auto bad = checkSizes("CBC", key, iv, kBlockSize))
        return *bad;
    const auto algorithms = backend::algorithms();
    if (!algorithms)
        return algorithms.error();
    // EVP pads with PKCS#7 unless told otherwise.
    return runWithoutTag((*algorithms)->aes256Cbc, true, "CBC", key, iv, plaintext);
}

Result<QByteArray> aesCbcDecrypt(QByteArrayView key, QByteArrayView iv, QByteArrayView ciphertext) {
    if (auto bad = checkSizes("CBC", key, iv, kBlockSize))
        return *bad;
    if (ciphertext.isEmpty() || ciphertext.size() % kBlockSize != 0) {
        return makeError(errc::kDecryptFailed,
            QStringLiteral("AES-CBC data must be a non-zero multiple of 16 bytes, not %1 bytes.")
                .arg(ciphertext.size()));
    }
    const auto algorithms = backend::algorithms();
    if (!algorithms)
        return algorithms.error();
    return runWithoutTag((*algorithms)->aes256Cbc, false, "CBC", key, iv, ciphertext,
        QStringLiteral("The AES-CBC padding is invalid: wrong key or altered data."));
}

Result<QByteArray> aesCtr(QByteArrayView key, QByteArrayView iv, QByteArrayView data) {
    if (auto bad = checkSizes("CTR", key, iv, kBlockSize))
        return *bad;
    const auto algorithms = backend::algorithms();
    if (!algorithms)
        return algorithms.error();
    return runWithoutTag((*algorithms)->aes256Ctr, true, "CTR", key, iv, data);
}

} // namespace balcao::crypto
