#include "api_cli.h"

#include "api_host.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QStandardPaths>
#include <api_key_store.h>
#include <cstdio>
#include <database.h>

namespace balcao {

namespace {

QJsonObject keyJson(const models::ApiKey &key) {
    return QJsonObject {{QStringLiteral("id"), key.id}, {QStringLiteral("name"), key.name},
        {QStringLiteral("role"), key.role},
        {QStringLiteral("sessions"), QJsonArray::fromStringList(key.sessions)},
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
    const QCommandLineOption data(
        QStringLiteral("data"), QStringLiteral("The profile in <dir>."), QStringLiteral("dir"));
    const QCommandLineOption role(
        QStringLiteral("role"), QStringLiteral("admin or agent."), QStringLiteral("role"));
    const QCommandLineOption session(QStringLiteral("session"),
        QStringLiteral("A session an agent key may use (repeat)."), QStringLiteral("id"));
    const QCommandLineOption name(
        QStringLiteral("name"), QStringLiteral("A name to recognise the key by."), QStringLiteral("name"));
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

    auto database
        = models::Database::open(profileDatabasePath(parser.value(data)), QStringLiteral("keys-cli"));
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
            print(QStringLiteral("Created %1 key %2%3.")
                      .arg(created->key.role, created->key.id,
                          created->key.sessions.isEmpty()
                              ? QString()
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
            print(QStringLiteral("%1  %2  %3  %4  %5")
                      .arg(key.id, key.role.leftJustified(5),
                          key.revoked ? QStringLiteral("revoked") : QStringLiteral("active "),
                          QDateTime::fromMSecsSinceEpoch(key.createdAtMs).toString(Qt::ISODate),
                          key.name
                              + (key.sessions.isEmpty() ? QString()
                                                        : QStringLiteral(" [")
                                          + key.sessions.join(QLatin1Char(',')) + QLatin1Char(']'))));
        }
        return 0;
    }
    if (action == QLatin1String("revoke") && args.size() == 3) {
        if (auto revoked = store.revoke(args.at(2)); !revoked)
            return fail(revoked.error().message);
        print(QStringLiteral("Revoked %1.").arg(args.at(2)));
        return 0;
    }
    return fail(QStringLiteral("use `keys create --role admin|agent [--session ID]... [--name N]`, `keys "
                               "list` or `keys revoke ID`."));
}

std::optional<ApiAddress> windowApiAddress() {
    QSettings settings;
    if (!settings.value(QStringLiteral("api/enabled"), false).toBool())
        return std::nullopt;
    auto address = parseApiAddress(
        settings.value(QStringLiteral("api/address"), QStringLiteral("127.0.0.1:8080")).toString());
    if (!address) {
        qWarning("balcao: the API stays off: %s", qPrintable(address.error().message));
        return std::nullopt;
    }
    return *address;
}

} // namespace balcao
