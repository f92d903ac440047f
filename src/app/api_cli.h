#pragma once

#include <api_address.h>
#include <errors.h>

#include <QString>

#include <memory>

class QCoreApplication;

namespace balcao {

class SessionManager;
namespace api {
class ApiServer;
}

// The local API's command-line side (issue 7):
//   balcao keys create --role admin|agent [--session ID]... [--name N] [--data DIR] [--json]
//   balcao keys list [--data DIR] [--json]
//   balcao keys revoke ID [--data DIR]
// and `balcao --headless --api HOST:PORT`. The keys commands work on the profile's database directly, so
// they also work while Balcão runs (the server looks keys up on every request).
bool isKeysCommand(int argc, char **argv);
int runKeysCommand(const QCoreApplication &app);

using api::ApiAddress;
using api::parseApiAddress;

// The API of a headless run: its own database connection for the keys (the manager's thread is this one),
// the server bound to `address`. Announces itself with an {"event":"api","address":"HOST:PORT"} line.
class HeadlessApi {
public:
    static Result<std::unique_ptr<HeadlessApi>> start(const ApiAddress &address, const QString &dataDir, SessionManager *manager);
    ~HeadlessApi();

    // Add routes (webhooks) to server().router() first. Binds and prints the api line; errors as values.
    Result<void> listen();
    api::ApiServer &server() { return *m_server; }

private:
    HeadlessApi();
    struct Parts;
    std::unique_ptr<Parts> m_parts;
    api::ApiServer *m_server = nullptr;
};

class SessionClient;

// The window's API, opt-in in Settings → API (QSettings "api/enabled", "api/address"): once `client` has
// opened the profile, serves the API from the sessions' thread, for as long as the SessionManager lives.
// Does nothing when the API is off. Call before client.open().
void startWindowApi(SessionClient &client, const QString &dataDir);

} // namespace balcao
