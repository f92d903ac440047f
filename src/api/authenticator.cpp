#include "authenticator.h"

#include <api_key_store.h>

namespace balcao::api {

Authenticator::Authenticator(models::ApiKeyStore *keys)
    : m_keys(keys) { }

Result<Caller> Authenticator::authenticate(const Request &request) const {
    QByteArray token = request.header("x-api-key").trimmed();
    if (token.isEmpty()) {
        const QByteArray authorization = request.header("authorization").trimmed();
        if (authorization.size() > 7 && authorization.first(7).compare("bearer ", Qt::CaseInsensitive) == 0)
            token = authorization.sliced(7).trimmed();
    }
    if (token.isEmpty())
        return makeError(errc::kUnauthorized,
            QStringLiteral("An API key is required: send it as \"X-API-Key: <key>\" or \"Authorization: "
                           "Bearer <key>\"."));
    auto found = m_keys->findByToken(QString::fromLatin1(token));
    if (!found)
        return found.error();
    if (!found->has_value())
        return makeError(errc::kUnauthorized, QStringLiteral("This API key is not known."));
    const models::ApiKey &key = **found;
    if (key.revoked)
        return makeError(errc::kUnauthorized, QStringLiteral("This API key was revoked."));
    Caller caller;
    caller.keyId = key.id;
    caller.role = roleFromString(key.role).value_or(Role::Agent);
    caller.sessions = QSet<QString>(key.sessions.cbegin(), key.sessions.cend());
    return caller;
}

} // namespace balcao::api
