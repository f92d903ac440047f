#pragma once

#include "http_types.h"

#include <errors.h>

namespace balcao::models {
class ApiKeyStore;
}

namespace balcao::api {

// Turns a request's API key (`X-API-Key: <token>` or `Authorization: Bearer <token>`) into a Caller, looking
// the key up by its hash each time, so a key revoked from another process (`balcao keys revoke`) stops
// working at once. unauthorized when there is no key, an unknown one or a revoked one.
class Authenticator {
public:
    explicit Authenticator(models::ApiKeyStore *keys);

    Result<Caller> authenticate(const Request &request) const;

private:
    models::ApiKeyStore *m_keys;
};

} // namespace balcao::api
