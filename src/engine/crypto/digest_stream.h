#pragma once

#include "errors.h"

#include <QByteArray>
#include <QByteArrayView>
#include <memory>

struct crypto_auth_hmacsha256_state;
struct evp_md_ctx_st;

namespace balcao::crypto {

// HMAC-SHA256 (RFC 2104) fed in pieces, for callers that receive their data that way (libsignal's crypto
// provider). One object is one computation; it is not shared between threads. libsodium's, not OpenSSL's:
// libsignal starts several HMACs per message, and an OpenSSL 3 MAC context costs more to set up than the
// MAC itself (a tenth of the time spent on an incoming message).
class HmacSha256Stream {
public:
    static Result<std::unique_ptr<HmacSha256Stream>> create(QByteArrayView key);
    ~HmacSha256Stream();

    Result<void> update(QByteArrayView data);
    // The 32-byte MAC. The stream cannot be updated afterwards.
    Result<QByteArray> finish();

private:
    HmacSha256Stream();
    std::unique_ptr<crypto_auth_hmacsha256_state> m_state;
};

// SHA-512 fed in pieces. finish() returns the digest and starts over, so one object hashes many messages
// (libsignal reuses its digest context that way).
class Sha512Stream {
public:
    static Result<std::unique_ptr<Sha512Stream>> create();
    ~Sha512Stream();

    Result<void> update(QByteArrayView data);
    // The 64-byte digest of everything fed since creation or the previous finish().
    Result<QByteArray> finish();

private:
    explicit Sha512Stream(evp_md_ctx_st *context);
    evp_md_ctx_st *m_context;
};

} // namespace balcao::crypto
