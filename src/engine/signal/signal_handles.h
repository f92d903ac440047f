#pragma once

#include "errors.h"

#include <QByteArray>
#include <QByteArrayView>
#include <memory>

struct signal_buffer;
struct signal_context;
struct ec_public_key;
struct ec_key_pair;

// Ownership of libsignal-protocol-c's reference-counted objects and buffers, and the conversions between
// WhatsApp's 32-byte keys and libsignal's key objects (docs/protocol.md §17.5: libsignal wants 0x05 || key).
namespace balcao::signal {

// Unrefs any libsignal object (session_builder and session_cipher excepted: they have their own free).
struct Unref {
    void operator()(void *object) const;
};
template<typename T> using Ref = std::unique_ptr<T, Unref>;

struct BufferFree {
    void operator()(signal_buffer *buffer) const;
};
using Buffer = std::unique_ptr<signal_buffer, BufferFree>;

QByteArray bytesOf(const signal_buffer *buffer);

// A 32-byte raw Curve25519 public key as libsignal's object; invalid-argument for any other size.
Result<Ref<ec_public_key>> decodePublicKey(signal_context *context, QByteArrayView raw);

// A key pair from its 32-byte private key (clamped first, as libsignal-protocol-c does not clamp) and the
// matching public key.
Result<Ref<ec_key_pair>> decodeKeyPair(
    signal_context *context, QByteArrayView privateKey, QByteArrayView publicKey);

} // namespace balcao::signal
