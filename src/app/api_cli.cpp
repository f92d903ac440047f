#include "api_cli.h"

#include "headless_runner.h"
#include "session_client.h"

#include <api_key_store.h>
#include <api_server.h>
#include <database.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSettings>
#include <QStandardPaths>

#include <cstdio>

namespace balcao {

namespace {

// The profile's database file, as Profile::open finds it.
QString databasePath(QString dataDir) {
    if (dataDir.isEmpty())
        dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dataDir);
    return QDir(dataDir).filePath(QStringLiteral("balcao.db"));
}

QJsonObject keyJson(const models::ApiKey &key) {
    return QJsonObject {{QStringLiteral("id"), key.id}, {QStringLiteral("name"), key.name},
        {QStringLiteral("role"), key.role}, {QStringLiteral("sessions"), QJsonArray::fromStringList(key.sessions)},
        {QStringLiteral("createdAt"), key.createdAtMs}, {QStringLiteral("revoked"), key.revoked}};
}

int fail(const QString &message) {
    std::fprintf(stderr, "balcao keys: %s\n", qPrintable(message));
    return 1;
}

void print(const QString &text) {
    std::fputs(qPrintable(text + QLatin1Char('\n')), stdout);
}

} // namespace

bool isKeysCommand(int argc, char **argv) {
    return argc >= 2 && qstrcmp(argv[1], "keys") == 0;
}

int runKeysCommand(const QCoreApplication &app) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Manage the keys of Balcão's local API."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("keys"), QStringLiteral("keys"));
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("create, list or revoke"));
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("The profile in <dir>."), QStringLiteral("dir"));
    const QCommandLineOption role(QStringLiteral("role"), QStringLiteral("admin or agent."), QStringLiteral("role"));
    const QCommandLineOption session(QStringLiteral("session"), QStringLiteral("A session an agent key may use (repeat)."),
        QStringLiteral("id"));
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("A name to recognise the key by."), QStringLiteral("name"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOptions({data, role, session, name, json});
    if (!parser.parse(app.arguments()))
        return fail(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        print(parser.helpText());
        return 0;
    }
    const QStringList args = parser.positionalArguments();
    const QString action = args.value(1);

    auto database = models::Database::open(databasePath(parser.value(data)), QStringLiteral("keys-cli"));
    if (!database)
        return fail(database.error().message);
    models::ApiKeyStore store(*database);

    if (action == QLatin1String("create") && args.size() == 2) {
        if (!parser.isSet(role))
            return fail(QStringLiteral("--role admin|agent is required."));
        auto created = store.create(parser.value(name), parser.value(role), parser.values(session));
        if (!created)
            return fail(created.error().message);
        if (parser.isSet(json)) {
            QJsonObject o = keyJson(created->key);
            o.insert(QStringLiteral("key"), created->token);
            print(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
        } else {
            print(QStringLiteral("Created %1 key %2%3.").arg(created->key.role, created->key.id,
                created->key.sessions.isEmpty() ? QString()
                                                : QStringLiteral(" for ") + created->key.sessions.join(QStringLiteral(", "))));
            print(created->token);
            print(QStringLiteral("Keep it now: it is not stored and cannot be shown again."));
        }
        return 0;
    }
    if (action == QLatin1String("list") && args.size() == 2) {
        auto keys = store.list();
        if (!keys)
            return fail(keys.error().message);
        if (parser.isSet(json)) {
            QJsonArray list;
            for (const models::ApiKey &key : *keys)
                list.append(keyJson(key));
            print(QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact)));
            return 0;
        }
        for (const models::ApiKey &key : *keys) {
            print(QStringLiteral("%1  %2  %3  %4  %5").arg(key.id, key.role.leftJustified(5),
                key.revoked ? QStringLiteral("revoked") : QStringLiteral("active "),
                QDateTime::fromMSecsSinceEpoch(key.createdAtMs).toString(Qt::ISODate),
                key.name + (key.sessions.isEmpty() ? QString() : QStringLiteral(" [") + key.sessions.join(QLatin1Char(',')) + QLatin1Char(']'))));
        }
        return 0;
    }
    if (action == QLatin1String("revoke") && args.size() == 3) {
        if (auto revoked = store.revoke(args.at(2)); !revoked)
            return fail(revoked.error().message);
        print(QStringLiteral("Revoked %1.").arg(args.at(2)));
        return 0;
    }
    return fail(QStringLiteral("use `keys create --role admin|agent [--session ID]... [--name N]`, `keys list` or `keys revoke ID`."));
}

struct HeadlessApi::Parts {
    models::Database database;
    std::unique_ptr<models::ApiKeyStore> keys;
    std::unique_ptr<api::ApiServer> server;
};

HeadlessApi::HeadlessApi()
    : m_parts(std::make_unique<Parts>()) { }

HeadlessApi::~HeadlessApi() {
    m_parts->server.reset();
}

Result<std::unique_ptr<HeadlessApi>> HeadlessApi::start(const ApiAddress &address, const QString &dataDir, SessionManager *manager) {
    auto database = models::Database::open(databasePath(dataDir), QStringLiteral("api-keys"));
    if (!database)
        return database.error();
    auto api = std::unique_ptr<HeadlessApi>(new HeadlessApi);
    api->m_parts->database = std::move(*database);
    api->m_parts->keys = std::make_unique<models::ApiKeyStore>(api->m_parts->database);
    api::ApiServer::Options options;
    options.host = address.host;
    options.port = address.port;
    options.rate = api::ApiServer::rateFromEnvironment();
    // Test knob: a short idle timeout, so tests see idle and slow connections closed in a second or two.
    if (const int ms = qEnvironmentVariableIntValue("BALCAO_API_IDLE_MS"); ms > 0)
        options.limits.idleTimeoutMs = ms;
    if (const QString hosts = qEnvironmentVariable("BALCAO_API_HOSTS"); !hosts.isEmpty())
        options.limits.extraHostNames = hosts.split(QLatin1Char(','), Qt::SkipEmptyParts);
    api->m_parts->server = std::make_unique<api::ApiServer>(manager, api->m_parts->keys.get(), options);
    api->m_server = api->m_parts->server.get();
    return api;
}

Result<void> HeadlessApi::listen() {
    auto port = m_server->listen();
    if (!port)
        return port.error();
    HeadlessRunner::writeLine(QJsonObject {{QStringLiteral("event"), QStringLiteral("api")},
        {QStringLiteral("address"), m_server->address()}, {QStringLiteral("port"), int(*port)},
        {QStringLiteral("ts"), QDateTime::currentMSecsSinceEpoch()}});
    return {};
}

namespace {

// Keeps the window's API alive as a child of the SessionManager, in its thread.
class WindowApi : public QObject {
public:
    WindowApi(std::unique_ptr<HeadlessApi> api, QObject *parent)
        : QObject(parent)
        , m_api(std::move(api)) { }

private:
    std::unique_ptr<HeadlessApi> m_api;
};

} // namespace

void startWindowApi(SessionClient &client, const QString &dataDir) {
    QSettings settings;
    if (!settings.value(QStringLiteral("api/enabled"), false).toBool())
        return;
    auto address = parseApiAddress(settings.value(QStringLiteral("api/address"), QStringLiteral("127.0.0.1:8080")).toString());
    if (!address) {
        qWarning("balcao: the API stays off: %s", qPrintable(address.error().message));
        return;
    }
    QObject::connect(
        &client, &SessionClient::opened, &client,
        [&client, dataDir, at = *address] {
            SessionManager *manager = client.manager();
            QMetaObject::invokeMethod(
                manager,
                [manager, dataDir, at] {
                    auto started = HeadlessApi::start(at, dataDir, manager);
                    Result<void> listening = started ? (*started)->listen() : Result<void>(started.error());
                    if (!listening) {
                        qWarning("balcao: the API could not start: %s", qPrintable(listening.error().message));
                        return;
                    }
                    new WindowApi(std::move(*started), manager);
                },
                Qt::QueuedConnection);
        },
        Qt::SingleShotConnection);
}

} // namespace balcao
