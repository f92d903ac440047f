#pragma once

#include <api_address.h>
#include <functional>
#include <memory>
#include <optional>
#include <session/session_manager.h>

namespace balcao {

class ApiHost;
class Profile;
namespace webhooks {
class WebhookService;
}

// The one start-up path of the window and the headless runner: opens the profile, creates the
// SessionManager, feeds its event stream to the webhooks (which run in a thread of their own, never
// through the GUI thread), serves the API with every route when asked, and, at start(), restores the
// sessions. Lives in the thread that opened it (the main thread headless, the sessions' thread in the
// window); the parts are destroyed in reverse order, so nothing outlives what it uses.
class Gateway {
public:
    struct Options {
        QString dataDir; // empty = the platform's app-data folder
        SessionManager::Settings
            sessions; // every session's defaults, the start-up spread, the worker threads
        std::optional<api::ApiAddress> api; // serve the local API here (null: no API)
    };
    // What the start-up tells its user without stopping: webhooks that could not start.
    using Warn = std::function<void(const Error &error)>;

    // A profile that cannot open, or an API that cannot listen, is an error; nothing is left running.
    static Result<std::unique_ptr<Gateway>> open(const Options &options, const Warn &warn);
    ~Gateway();

    // Restores the sessions (those that were running start). Connect to manager()'s events first.
    void start();

    SessionManager &manager() { return *m_manager; }
    Profile &profile() { return *m_profile; }
    webhooks::WebhookService &webhooks() { return *m_webhooks; }
    // The port the API listens on (0: no API).
    quint16 apiPort() const { return m_apiPort; }
    QString apiAddress() const;

private:
    Gateway() = default;

    std::unique_ptr<Profile> m_profile;
    std::unique_ptr<SessionManager> m_manager;
    std::unique_ptr<webhooks::WebhookService> m_webhooks;
    std::unique_ptr<ApiHost> m_api;
    quint16 m_apiPort = 0;
};

} // namespace balcao
