#include "gateway.h"

#include "api_host.h"
#include "profile.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <api_server.h>
#include <attachment_preparer.h>
#include <sqlite_webhook_store.h>
#include <webhook_routes.h>
#include <webhook_service.h>

namespace balcao {

namespace {

// The last WhatsApp Web version a login succeeded with, kept beside the database: the next start uses it
// when WhatsApp Web cannot be read, instead of an older shipped one.
constexpr char kRememberedVersionFile[] = "wa-web-version";

WaVersionSource::Options versionSource(
    const SessionManager::Settings &sessions, const QString &dataDir, const Gateway::Warn &warn) {
    WaVersionSource::Options versions = sessions.versions.value_or(WaVersionSource::Options {});
    if (versions.shipped.isNull())
        versions.shipped = WaVersion::fromList(sessions.sessionDefaults.identity.webVersion);
    const QString path = QDir(dataDir).filePath(QLatin1String(kRememberedVersionFile));
    QFile saved(path);
    if (saved.open(QIODevice::ReadOnly)) {
        if (auto remembered = WaVersion::parse(QString::fromLatin1(saved.read(64))))
            versions.remembered = *remembered;
    }
    versions.remember = [path, warn](const WaVersion &version) {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(version.toString().toLatin1()) < 0
            || !file.commit())
            warn(makeError(errc::kStorageFailed,
                QStringLiteral("Could not remember WhatsApp Web version %1 in %2: %3")
                    .arg(version.toString(), path, file.errorString())));
    };
    return versions;
}

} // namespace

Result<std::unique_ptr<Gateway>> Gateway::open(const Options &options, const Warn &warn) {
    auto profile = Profile::open(options.dataDir);
    if (!profile)
        return profile.error();
    auto gateway = std::unique_ptr<Gateway>(new Gateway);
    gateway->m_profile = std::move(*profile);
    Profile &opened = *gateway->m_profile;
    SessionManager::Settings sessions = options.sessions;
    sessions.versions = versionSource(sessions, opened.dataDir(), warn);
    // Media files live beside the database, shared by the profile's numbers (content-addressed).
    sessions.sessionDefaults.mediaDir = QDir(opened.dataDir()).filePath(QStringLiteral("media"));
    gateway->m_manager = std::make_unique<SessionManager>(sessions, &opened.directory(), &opened.storage());
    installAttachmentPreparer(*gateway->m_manager);

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
