#pragma once

#include "errors.h"

#include <QByteArray>
#include <QByteArrayView>

class QThread;

// Thin wrappers over OpenSSL and libsodium for the primitives WhatsApp uses (docs/protocol.md §2, §7,
// §13, §17). Every function checks its inputs' sizes and reports failures as Errors; none throws.
// All functions are thread-safe.
namespace balcao::crypto {

// --- threads ----------------------------------------------------------------------------------------
// OpenSSL keeps some state per thread (its error queue) and frees it when the thread exits, but only while
// OpenSSL is still set up: a thread that ends as the process exits, after OpenSSL's own exit handler, loses
// it. Threads that use these functions call this when they finish, so nothing is left behind.
void releaseThreadState();
// Calls releaseThreadState() in `thread` itself as it finishes (before QThread::wait() returns).
void releaseThreadStateWhenFinished(QThread &thread);

// --- randomness -------------------------------------------------------------------------------------
QByteArray randomBytes(qsizetype count);

// --- hashes and MACs --------------------------------------------------------------------------------
QByteArray sha256(QByteArrayView data);
QByteArray sha512(QByteArrayView data);
QByteArray md5(QByteArrayView data);
QByteArray hmacSha256(QByteArrayView key, QByteArrayView data);
// RFC 5869. An empty salt means HashLen zero bytes, as the RFC says.
Result<QByteArray> hkdfSha256(QByteArrayView ikm, QByteArrayView salt, QByteArrayView info, qsizetype length);
Result<QByteArray> pbkdf2Sha256(
    QByteArrayView password, QByteArrayView salt, int iterations, qsizetype length);

// --- symmetric ciphers ------------------------------------------------------------------------------
// AES-256-GCM with a 16-byte tag appended to the ciphertext (as WhatsApp's Noise frames carry it).
Result<QByteArray> aesGcmEncrypt(
    QByteArrayView key, QByteArrayView iv, QByteArrayView plaintext, QByteArrayView aad = {});
// Fails with decrypt-failed when the tag does not match.
Result<QByteArray> aesGcmDecrypt(
    QByteArrayView key, QByteArrayView iv, QByteArrayView ciphertextAndTag, QByteArrayView aad = {});
// AES-256-CBC with PKCS#7 padding.
Result<QByteArray> aesCbcEncrypt(QByteArrayView key, QByteArrayView iv, QByteArrayView plaintext);
Result<QByteArray> aesCbcDecrypt(QByteArrayView key, QByteArrayView iv, QByteArrayView ciphertext);
// AES-256-CTR (encryption and decryption are the same operation).
Result<QByteArray> aesCtr(QByteArrayView key, QByteArrayView iv, QByteArrayView data);

// --- Curve25519 -------------------------------------------------------------------------------------
// Raw 32-byte keys, as WhatsApp's wire carries them (no 0x05 type prefix).
struct KeyPair {
    QByteArray privateKey; // 32 bytes, clamped
    QByteArray publicKey; // 32 bytes

    bool isValid() const { return privateKey.size() == 32 && publicKey.size() == 32; }
    bool operator==(const KeyPair &) const = default;
};

KeyPair generateKeyPair();
// Clamps the private key and derives its public key; refuses anything but 32 bytes.
Result<KeyPair> keyPairFromPrivate(QByteArrayView privateKey);
// X25519 (RFC 7748). Refuses low-order public keys whose shared secret would be all zeros.
Result<QByteArray> x25519(QByteArrayView privateKey, QByteArrayView publicKey);

// XEdDSA signatures with Curve25519 keys, as Signal and WhatsApp use them (64 bytes; randomized, so two
// signatures of one message differ but both verify). Keys are raw 32-byte Montgomery keys.
Result<QByteArray> xeddsaSign(QByteArrayView privateKey, QByteArrayView message);
// The same with the caller's 64 bytes of randomness instead of fresh ones, so the output is reproducible:
// for known-answer tests against libsignal, whose signing functions take the same 64 bytes.
Result<QByteArray> xeddsaSignWithRandom(
    QByteArrayView privateKey, QByteArrayView message, QByteArrayView random);
bool xeddsaVerify(QByteArrayView publicKey, QByteArrayView message, QByteArrayView signature);

} // namespace balcao::crypto
