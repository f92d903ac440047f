#pragma once

#include "errors.h"

#include <QByteArray>
#include <QByteArrayView>
#include <memory>

struct evp_cipher_ctx_st;
struct evp_md_ctx_st;

// Ciphers and digests fed in pieces, for data too large to hold whole (media files, docs/protocol.md §13).
// One object is one computation in one thread.
namespace balcao::crypto {

// AES-256-CBC with PKCS#7 padding. Decrypting holds the last block back until finish(), which checks the
// padding (decrypt-failed when it is wrong).
class AesCbcStream {
public:
    enum class Direction { Encrypt, Decrypt };
    static Result<std::unique_ptr<AesCbcStream>> create(
        Direction direction, QByteArrayView key, QByteArrayView iv);
    ~AesCbcStream();
    AesCbcStream(const AesCbcStream &) = delete;
    AesCbcStream &operator=(const AesCbcStream &) = delete;

    // What `data` completes (a multiple of 16 bytes, possibly none).
    Result<QByteArray> update(QByteArrayView data);
    // The rest: the padded last block (encrypting) or the unpadded tail (decrypting).
    Result<QByteArray> finish();

private:
    AesCbcStream(Direction direction, evp_cipher_ctx_st *context);
    Direction m_direction;
    evp_cipher_ctx_st *m_context;
};

// SHA-256 fed in pieces.
class Sha256Stream {
public:
    static Result<std::unique_ptr<Sha256Stream>> create();
    ~Sha256Stream();
    Sha256Stream(const Sha256Stream &) = delete;
    Sha256Stream &operator=(const Sha256Stream &) = delete;

    Result<void> update(QByteArrayView data);
    // The 32-byte digest; the stream cannot be updated afterwards.
    Result<QByteArray> finish();

private:
    explicit Sha256Stream(evp_md_ctx_st *context);
    evp_md_ctx_st *m_context;
};

} // namespace balcao::crypto
