#pragma once

#include "session_connection.h"

#include <auth/credential_store.h>

namespace balcao::models {

// CredentialStore on the profile's SQLite database; the whole credential record is sealed (sealed_box.h)
// under the profile's sealing key. Lives in the thread that owns `database`; `owner` is the session whose
// store this is, when several sessions share the connection (see NestedTransaction::claim).
class SqliteCredentialStore final : public CredentialStore {
public:
    SqliteCredentialStore(const Database &database, QByteArray sealingKey, QString owner = {});

    Result<std::optional<DeviceCredentials>> load(const QString &sessionId) override;
    Result<void> save(const QString &sessionId, const DeviceCredentials &credentials) override;
    Result<void> wipe(const QString &sessionId) override;

    // Whether any credentials are stored at all: a profile with none may create a new sealing key.
    static Result<bool> anyStored(const Database &database);

private:
    SessionConnection m_connection;
    QByteArray m_key;
};

} // namespace balcao::models
