#include "api_host.h"

#include <QDir>
#include <QStandardPaths>
#include <api_key_store.h>
#include <api_server.h>
#include <database.h>

namespace balcao {

QString profileDatabasePath(QString dataDir) {
    if (dataDir.isEmpty())
        dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dataDir);
    return QDir(dataDir).filePath(QStringLiteral("balcao.db"));
}

struct ApiHost::Parts {
    models::Database database;
    std::unique_ptr<models::ApiKeyStore> keys;
    std::unique_ptr<api::ApiServer> server;
};

ApiHost::ApiHost()
    : m_parts(std::make_unique<Parts>()) { }

ApiHost::~ApiHost() {
    m_parts->server.reset(); // before the key store it reads
}

Result<std::unique_ptr<ApiHost>> ApiHost::create(
    const api::ApiAddress &address, const QString &dataDir, SessionManager *manager) {
    auto database = models::Database::open(profileDatabasePath(dataDir), QStringLiteral("api-keys"));
    if (!database)
        return database.error();
    auto host = std::unique_ptr<ApiHost>(new ApiHost);
    host->m_parts->database = std::move(*database);
    host->m_parts->keys = std::make_unique<models::ApiKeyStore>(host->m_parts->database);
    api::ApiServer::Options options;
    options.host = address.host;
    options.port = address.port;
    options.rate = api::ApiServer::rateFromEnvironment();
    // Test knob: a short idle timeout, so tests see idle and slow connections closed in a second or two.
    if (const int ms = qEnvironmentVariableIntValue("BALCAO_API_IDLE_MS"); ms > 0)
        options.limits.idleTimeoutMs = ms;
    if (const QString hosts = qEnvironmentVariable("BALCAO_API_HOSTS"); !hosts.isEmpty())
        options.limits.extraHostNames = hosts.split(QLatin1Char(','), Qt::SkipEmptyParts);
    host->m_parts->server = std::make_unique<api::ApiServer>(manager, host->m_parts->keys.get(), options);
    host->m_server = host->m_parts->server.get();
    return host;
}

Result<quint16> ApiHost::listen() {
    return m_server->listen();
}

} // namespace balcao
