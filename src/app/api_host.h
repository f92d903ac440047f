#pragma once

#include <QString>
#include <api_address.h>
#include <errors.h>
#include <memory>

namespace balcao {

class SessionManager;
namespace api {
class ApiServer;
}

// The local API of one profile: the server, and the database connection its key store reads on every
// request. Lives in the SessionManager's thread (the API's Qt side answers there).
class ApiHost {
public:
    static Result<std::unique_ptr<ApiHost>> create(
        const api::ApiAddress &address, const QString &dataDir, SessionManager *manager);
    ~ApiHost();

    // Binds; the port it listens on. Add routes to server().router() first.
    Result<quint16> listen();
    api::ApiServer &server() { return *m_server; }

private:
    ApiHost();
    struct Parts;
    std::unique_ptr<Parts> m_parts;
    api::ApiServer *m_server = nullptr;
};

// The profile's database file, as Profile::open finds it (`dataDir` empty = the platform's app-data folder).
QString profileDatabasePath(QString dataDir);

} // namespace balcao
