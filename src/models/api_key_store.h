#pragma once

#include "database.h"

#include <QStringList>
#include <optional>

namespace balcao::models {

// One key of the local API. Roles: "admin" (everything) or "agent" (read and send on `sessions` only).
struct ApiKey {
    QString id;
    QString name;
    QString role;
    QStringList sessions;
    qint64 createdAtMs = 0;
    bool revoked = false;
};

struct CreatedApiKey {
    ApiKey key;
    QString token; // shown once; only its hash is stored
};

// The API's keys on the profile's database (migration 05). Tokens are 32 random bytes (base64url, with a
// "balcao_" prefix so they are easy to spot in a leaked file); only their SHA-256 is stored, so a copy of
// the database does not give access. Used from one thread (the one that opened `database`).
class ApiKeyStore {
public:
    static constexpr qsizetype kMaxNameLength = 100;

    explicit ApiKeyStore(const Database &database);

    // invalid-argument for an unknown role, an agent without sessions, or a bad name.
    Result<CreatedApiKey> create(const QString &name, const QString &role, const QStringList &sessions);
    Result<QList<ApiKey>> list();
    // unknown-key when there is no such key; revoking twice is fine.
    Result<void> revoke(const QString &id);
    // The key a token belongs to (revoked ones too: the caller refuses them), or nothing.
    Result<std::optional<ApiKey>> findByToken(QStringView token);

    static QByteArray hashToken(QStringView token);

private:
    QString m_connectionName;
};

} // namespace balcao::models
