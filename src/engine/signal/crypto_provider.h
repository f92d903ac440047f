#pragma once

#include "errors.h"

#include <QRecursiveMutex>
#include <memory>

struct signal_context;
struct signal_crypto_provider;

namespace balcao {

// The crypto callbacks libsignal-protocol-c asks its user for (signal_protocol.h's signal_crypto_provider,
// docs/protocol.md §17.2), built on our crypto wrappers: randomness, streaming HMAC-SHA256 and SHA-512,
// AES-256-CTR and AES-256-CBC with PKCS#7. Failures are negative SG_ERR_* codes, a bad CBC padding included.
// The callbacks keep no state between calls except the contexts libsignal owns, so one provider serves any
// number of contexts and threads.
const signal_crypto_provider &signalCryptoProvider();

// Owns one signal_context with that provider, recursive locking (libsignal requires it to be recursive)
// and libsignal's log routed to the "balcao.signal" logging category at debug level (its only way of saying
// why a message failed). Give each session thread its own.
class SignalContext {
public:
    static Result<std::unique_ptr<SignalContext>> create();
    // Same, with another provider: tests use it to fix libsignal's randomness.
    static Result<std::unique_ptr<SignalContext>> create(const signal_crypto_provider &provider);
    ~SignalContext();
    SignalContext(const SignalContext &) = delete;
    SignalContext &operator=(const SignalContext &) = delete;

    signal_context *get() const { return m_context; }

private:
    SignalContext() = default;
    static void lock(void *self);
    static void unlock(void *self);

    signal_context *m_context = nullptr;
    QRecursiveMutex m_mutex;
};

} // namespace balcao
