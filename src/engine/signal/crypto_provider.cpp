#include "crypto_provider.h"

#include "crypto/crypto.h"
#include "crypto/digest_stream.h"

#include <QLoggingCategory>
#include <cstring>
#include <signal_protocol.h>

Q_LOGGING_CATEGORY(lcSignal, "balcao.signal")

namespace balcao {

namespace {

QByteArrayView view(const uint8_t *data, size_t length) {
    return QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(length));
}

// Hands bytes to libsignal in a buffer it will free itself.
int toSignalBuffer(const QByteArray &bytes, signal_buffer **output) {
    *output
        = signal_buffer_create(reinterpret_cast<const uint8_t *>(bytes.constData()), size_t(bytes.size()));
    return *output ? SG_SUCCESS : SG_ERR_NOMEM;
}

int fail(const Error &error, int code = SG_ERR_UNKNOWN) {
    qCDebug(lcSignal) << "crypto provider:" << error.message;
    return code;
}

int randomBytes(uint8_t *data, size_t length, void *) {
    if (length == 0)
        return SG_SUCCESS;
    const QByteArray random = crypto::randomBytes(qsizetype(length));
    if (random.size() != qsizetype(length))
        return SG_ERR_UNKNOWN;
    std::memcpy(data, random.constData(), length);
    return SG_SUCCESS;
}

int hmacInit(void **context, const uint8_t *key, size_t keyLength, void *) {
    auto stream = crypto::HmacSha256Stream::create(view(key, keyLength));
    if (!stream)
        return fail(stream.error());
    *context = stream->release();
    return SG_SUCCESS;
}

int hmacUpdate(void *context, const uint8_t *data, size_t length, void *) {
    const auto updated = static_cast<crypto::HmacSha256Stream *>(context)->update(view(data, length));
    return updated ? SG_SUCCESS : fail(updated.error());
}

int hmacFinal(void *context, signal_buffer **output, void *) {
    const auto mac = static_cast<crypto::HmacSha256Stream *>(context)->finish();
    return mac ? toSignalBuffer(*mac, output) : fail(mac.error());
}

void hmacCleanup(void *context, void *) {
    delete static_cast<crypto::HmacSha256Stream *>(context);
}

int sha512Init(void **context, void *) {
    auto stream = crypto::Sha512Stream::create();
    if (!stream)
        return fail(stream.error());
    *context = stream->release();
    return SG_SUCCESS;
}

int sha512Update(void *context, const uint8_t *data, size_t length, void *) {
    const auto updated = static_cast<crypto::Sha512Stream *>(context)->update(view(data, length));
    return updated ? SG_SUCCESS : fail(updated.error());
}

// Sha512Stream::finish() starts a new digest, as libsignal expects of this callback (its fingerprint code
// hashes thousands of times through one context).
int sha512Final(void *context, signal_buffer **output, void *) {
    const auto digest = static_cast<crypto::Sha512Stream *>(context)->finish();
    return digest ? toSignalBuffer(*digest, output) : fail(digest.error());
}

void sha512Cleanup(void *context, void *) {
    delete static_cast<crypto::Sha512Stream *>(context);
}

// libsignal-protocol-c only ever asks for AES-256 (its message and sender keys are 32 bytes), which is all
// the wrappers do; anything else is refused as an invalid argument rather than silently mis-encrypted.
int checkArguments(int cipher, size_t keyLength, size_t ivLength) {
    if (cipher != SG_CIPHER_AES_CTR_NOPADDING && cipher != SG_CIPHER_AES_CBC_PKCS5) {
        qCDebug(lcSignal) << "crypto provider: unknown cipher" << cipher;
        return SG_ERR_INVAL;
    }
    if (keyLength != 32 || ivLength != 16) {
        qCDebug(lcSignal) << "crypto provider: AES-256 needs a 32-byte key and 16-byte IV, not" << keyLength
                          << "and" << ivLength;
        return SG_ERR_INVAL;
    }
    return SG_SUCCESS;
}

int encrypt(signal_buffer **output, int cipher, const uint8_t *key, size_t keyLength, const uint8_t *iv,
    size_t ivLength, const uint8_t *plaintext, size_t plaintextLength, void *) {
    *output = nullptr;
    if (const int bad = checkArguments(cipher, keyLength, ivLength); bad != SG_SUCCESS)
        return bad;
    const auto k = view(key, keyLength);
    const auto i = view(iv, ivLength);
    const auto data = view(plaintext, plaintextLength);
    const auto result
        = cipher == SG_CIPHER_AES_CBC_PKCS5 ? crypto::aesCbcEncrypt(k, i, data) : crypto::aesCtr(k, i, data);
    return result ? toSignalBuffer(*result, output) : fail(result.error());
}

int decrypt(signal_buffer **output, int cipher, const uint8_t *key, size_t keyLength, const uint8_t *iv,
    size_t ivLength, const uint8_t *ciphertext, size_t ciphertextLength, void *) {
    *output = nullptr;
    if (const int bad = checkArguments(cipher, keyLength, ivLength); bad != SG_SUCCESS)
        return bad;
    const auto k = view(key, keyLength);
    const auto i = view(iv, ivLength);
    const auto data = view(ciphertext, ciphertextLength);
    const auto result
        = cipher == SG_CIPHER_AES_CBC_PKCS5 ? crypto::aesCbcDecrypt(k, i, data) : crypto::aesCtr(k, i, data);
    return result ? toSignalBuffer(*result, output) : fail(result.error());
}

void logMessage(int level, const char *message, size_t length, void *) {
    // Debug level even for libsignal's warnings: a bad MAC or a replay is the network's doing, reported to
    // the caller as an error code, and this log only explains it.
    qCDebug(lcSignal).noquote() << "libsignal" << level << QString::fromUtf8(message, qsizetype(length));
}

const signal_crypto_provider kProvider = {
    randomBytes,
    hmacInit,
    hmacUpdate,
    hmacFinal,
    hmacCleanup,
    sha512Init,
    sha512Update,
    sha512Final,
    sha512Cleanup,
    encrypt,
    decrypt,
    nullptr,
};

} // namespace

const signal_crypto_provider &signalCryptoProvider() {
    return kProvider;
}

Result<std::unique_ptr<SignalContext>> SignalContext::create() {
    return create(kProvider);
}

Result<std::unique_ptr<SignalContext>> SignalContext::create(const signal_crypto_provider &provider) {
    std::unique_ptr<SignalContext> self(new SignalContext);
    // user_data is this object, which the locking callbacks need; it stays put because it lives on the heap.
    if (signal_context_create(&self->m_context, self.get()) != SG_SUCCESS || !self->m_context)
        return makeError(errc::kCryptoFailed, QStringLiteral("libsignal could not create its context."));
    if (signal_context_set_crypto_provider(self->m_context, &provider) != SG_SUCCESS
        || signal_context_set_locking_functions(self->m_context, &SignalContext::lock, &SignalContext::unlock)
            != SG_SUCCESS
        || signal_context_set_log_function(self->m_context, logMessage) != SG_SUCCESS) {
        return makeError(
            errc::kCryptoFailed, QStringLiteral("libsignal refused its crypto provider or locks."));
    }
    return self;
}

SignalContext::~SignalContext() {
    if (m_context)
        signal_context_destroy(m_context);
}

void SignalContext::lock(void *self) {
    static_cast<SignalContext *>(self)->m_mutex.lock();
}

void SignalContext::unlock(void *self) {
    static_cast<SignalContext *>(self)->m_mutex.unlock();
}

} // namespace balcao
