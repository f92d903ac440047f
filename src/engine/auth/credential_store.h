#pragma once

#include "device_credentials.h"

#include <QHash>
#include <QMutex>
#include <optional>

namespace balcao {

// Where a session's DeviceCredentials live between runs. The SQLite implementation (src/models) seals the
// private keys at rest; MemoryCredentialStore serves unit tests. Implementations are used from the session's
// thread only, unless they say otherwise.
class CredentialStore {
public:
    virtual ~CredentialStore() = default;
    // nullopt when the session has never stored credentials; an Error when they exist but cannot be read
    // (damaged, or sealed under another key) — callers must not create a new identity over them.
    virtual Result<std::optional<DeviceCredentials>> load(const QString &sessionId) = 0;
    virtual Result<void> save(const QString &sessionId, const DeviceCredentials &credentials) = 0;
    // Forgets the credentials (logged out or deleted): the next link starts from fresh keys.
    virtual Result<void> wipe(const QString &sessionId) = 0;
};

// Thread-safe, in memory, for tests.
class MemoryCredentialStore final : public CredentialStore {
public:
    Result<std::optional<DeviceCredentials>> load(const QString &sessionId) override {
        QMutexLocker lock(&m_mutex);
        const auto it = m_credentials.constFind(sessionId);
        if (it == m_credentials.cend())
            return std::optional<DeviceCredentials>();
        return std::optional<DeviceCredentials>(*it);
    }
    Result<void> save(const QString &sessionId, const DeviceCredentials &credentials) override {
        QMutexLocker lock(&m_mutex);
        m_credentials.insert(sessionId, credentials);
        return {};
    }
    Result<void> wipe(const QString &sessionId) override {
        QMutexLocker lock(&m_mutex);
        m_credentials.remove(sessionId);
        return {};
    }

private:
    QMutex m_mutex;
    QHash<QString, DeviceCredentials> m_credentials;
};

} // namespace balcao
