#pragma once

#include "auth/device_credentials.h"
#include "signal_store.h"

#include <memory>
#include <optional>
#include <utility>

struct signal_context;
struct signal_protocol_store_context;

namespace balcao {

// Gives libsignal-protocol-c the five stores it asks its user for (signal_protocol.h, docs/protocol.md §17.3)
// for one session. Sessions, prekeys, signed prekeys, sender keys and remote identities go to a SignalStore;
// our identity key pair (33-byte 0x05-prefixed public, 32-byte private), registration id and current signed
// prekey come from the session's DeviceCredentials. As Baileys does, every remote identity is trusted (an
// identity change would otherwise stop decryption); libsignal saves it through save_identity once a message
// has proven it.
//
// Every callback checks its arguments (SG_ERR_INVAL), never throws, and reports a store failure as one of
// the codes below, all under SG_ERR_MINIMUM so they cannot be mistaken for libsignal's own; takeLastError()
// then gives the Error itself, so a failed decrypt can say "storage-failed" rather than a number.
//
// Owns the signal_protocol_store_context it creates. Lives in the session thread; the signal_context and
// the SignalStore must outlive it.
class SignalStoreAdapter {
public:
    static constexpr int kErrStorageFailed = -10001; // storage-failed
    static constexpr int kErrStorageCorrupt = -10002; // storage-corrupt
    static constexpr int kErrKeyUnavailable = -10003; // key-unavailable (records sealed under another key)

    // invalid-argument without a context, an identity key pair or a registration id; crypto-failed when
    // libsignal refuses the context or the credentials' signed prekey.
    static Result<std::unique_ptr<SignalStoreAdapter>> create(signal_context *context, SignalStore &store,
        const QString &sessionId, const DeviceCredentials &credentials);
    ~SignalStoreAdapter();
    SignalStoreAdapter(const SignalStoreAdapter &) = delete;
    SignalStoreAdapter &operator=(const SignalStoreAdapter &) = delete;

    signal_protocol_store_context *storeContext() const { return m_storeContext; }

    // The Error behind the last callback that failed because of the store or its arguments; nullopt when
    // there was none since the last call. Reading it clears it.
    std::optional<Error> takeLastError() { return std::exchange(m_lastError, std::nullopt); }

    // The negative code a callback returns for a store Error.
    static int codeFor(const Error &error);

private:
    struct Callbacks;
    friend struct Callbacks;

    SignalStoreAdapter(SignalStore &store, const QString &sessionId);
    int fail(Error error);

    SignalStore &m_store;
    QString m_sessionId;
    QByteArray m_identityPublic; // 33 bytes, 0x05-prefixed
    QByteArray m_identityPrivate; // 32 bytes
    quint32 m_registrationId = 0;
    quint32 m_signedPreKeyId = 0; // 0: the credentials hold no signed prekey
    QByteArray m_signedPreKeyRecord; // the credentials' signed prekey as libsignal serializes it
    signal_protocol_store_context *m_storeContext = nullptr;
    std::optional<Error> m_lastError;
};

} // namespace balcao
