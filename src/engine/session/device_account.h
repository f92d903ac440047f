#pragma once

#include "auth/credential_store.h"

#include <optional>

namespace balcao {

// The one owner of a session's device credentials: loads them once, hands them to the code that uses them
// (pairing, login, prekeys), and saves them — every change is saved before it is acted on, since the server
// takes our next stanza as the device's word. Lives in the session thread.
class DeviceAccount {
public:
    DeviceAccount(QString sessionId, CredentialStore *store)
        : m_sessionId(std::move(sessionId))
        , m_store(store) { }

    // Reads what is stored, the first time; an error when it exists but cannot be read.
    Result<void> load();
    // Fresh keys for a new link (when none are loaded), saved before they are used.
    Result<void> createIfMissing();
    Result<void> save() { return m_store->save(m_sessionId, *m_credentials); }
    // Replaces the credentials with `next` and saves them; on failure the old ones stay.
    Result<void> replace(DeviceCredentials next);
    // Forgets them here and in the store (logged out): the next link starts from fresh keys.
    Result<void> forget();

    bool isLoaded() const { return m_credentials.has_value(); }
    bool isLinked() const { return m_credentials && m_credentials->isRegistered(); }
    QString ownJid() const { return m_credentials ? m_credentials->ownJid : QString(); }
    // Only when isLoaded(). Changes made through it are kept once save() succeeds.
    DeviceCredentials &credentials() { return *m_credentials; }
    const DeviceCredentials &credentials() const { return *m_credentials; }
    const QString &sessionId() const { return m_sessionId; }

private:
    QString m_sessionId;
    CredentialStore *m_store;
    std::optional<DeviceCredentials> m_credentials;
};

} // namespace balcao
