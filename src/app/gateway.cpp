#include "gateway.h"

#include "api_host.h"
#include "profile.h"

#include <QDir>
#include <api_server.h>
#include <sqlite_webhook_store.h>
#include <webhook_routes.h>
#include <webhook_service.h>

namespace balcao {

Result<std::unique_ptr<Gateway>> Gateway::open(const Options &options, const Warn &warn) {
    auto profile = Profile::open(options.dataDir);
    if (!profile)
        return profile.error();
    auto gateway = std::unique_ptr<Gateway>(new Gateway);
    gateway->m_profile = std::move(*profile);
    Profile &opened = *gateway->m_profile;
    gateway->m_manager
        = std::make_unique<SessionManager>(options.sessions, &opened.directory(), &opened.storage());

    // Webhooks: their own thread and database connection, attached before the restore so that no event of
    // the restored sessions is missed.
    gateway->m_webhooks
        = std::make_unique<webhooks::WebhookService>(webhooks::WebhookDispatcher::Settings::fromEnvironment(),
            [path = QDir(opened.dataDir()).filePath(QStringLiteral("balcao.db")), key = opened.sealingKey()] {
                return models::SqliteWebhookStore::open(path, QStringLiteral("webhooks"), key);
            });
    gateway->m_webhooks->attach(gateway->m_manager.get());
    if (auto started = gateway->m_webhooks->start(); !started)
        warn(Error {started.error().code, QStringLiteral("Webhooks are off: ") + started.error().message});

    if (options.api) {
        auto host = ApiHost::create(*options.api, opened.dataDir(), gateway->m_manager.get());
        if (!host)
            return host.error();
        api::ApiServer &server = (*host)->server();
        api::installWebhookRoutes(server.router(), server.context(), *gateway->m_webhooks);
        auto port = (*host)->listen();
        if (!port)
            return port.error();
        gateway->m_api = std::move(*host);
        gateway->m_apiPort = *port;
    }
    return gateway;
}

Gateway::~Gateway() {
    // The API answers from the manager and the webhooks; the webhooks follow the manager's events; the
    // manager's sessions write to the profile.
    m_api.reset();
    m_webhooks.reset();
    m_manager.reset();
    m_profile.reset();
}

void Gateway::start() {
    m_manager->restore();
}

QString Gateway::apiAddress() const {
    return m_api ? m_api->server().address() : QString();
}

} // namespace balcao
