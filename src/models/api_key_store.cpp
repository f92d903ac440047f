#include "api_key_store.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <crypto/crypto.h>

namespace balcao::models {

namespace {

Error failed(const QString &what, const QSqlQuery &query) {
    return makeError(errc::kStorageFailed, QStringLiteral("%1: %2").arg(what, query.lastError().text()));
}

ApiKey keyFrom(const QSqlQuery &query) {
    ApiKey key;
    key.id = query.value(0).toString();
    key.name = query.value(1).toString();
    key.role = query.value(2).toString();
    for (const QJsonValue &session : QJsonDocument::fromJson(query.value(3).toByteArray()).array())
        key.sessions.append(session.toString());
    key.createdAtMs = query.value(4).toLongLong();
    key.revoked = !query.value(5).isNull();
    return key;
}

constexpr char kColumns[] = "id, name, role, sessions, created_at, revoked_at";

} // namespace

ApiKeyStore::ApiKeyStore(const Database &database)
    : m_connectionName(database.connectionName()) { }

QByteArray ApiKeyStore::hashToken(QStringView token) {
    return crypto::sha256(token.toUtf8());
}

Result<CreatedApiKey> ApiKeyStore::create(
    const QString &name, const QString &role, const QStringList &sessions) {
    if (role != QLatin1String("admin") && role != QLatin1String("agent"))
        return makeError(errc::kInvalidArgument,
            QStringLiteral("A key's role is \"admin\" or \"agent\", not \"%1\".").arg(role.left(20)));
    if (role == QLatin1String("agent") && sessions.isEmpty())
        return makeError(errc::kInvalidArgument,
            QStringLiteral("An agent key needs at least one session (--session ID)."));
    if (name.size() > kMaxNameLength)
        return makeError(errc::kInvalidArgument,
            QStringLiteral("A key's name has at most %1 characters.").arg(kMaxNameLength));
    for (const QString &session : sessions) {
        if (session.isEmpty() || session.size() > 64)
            return makeError(
                errc::kInvalidArgument, QStringLiteral("\"%1\" is not a session id.").arg(session.left(64)));
    }
    CreatedApiKey created;
    created.key.id = QStringLiteral("k") + QString::fromLatin1(crypto::randomBytes(5).toHex());
    created.key.name = name.trimmed().isEmpty() ? QStringLiteral("%1 key").arg(role) : name.trimmed();
    created.key.role = role;
    created.key.sessions = role == QLatin1String("agent") ? sessions : QStringList();
    created.key.createdAtMs = QDateTime::currentMSecsSinceEpoch();
    created.token = QStringLiteral("balcao_")
        + QString::fromLatin1(
            crypto::randomBytes(32).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));

    QSqlQuery query(QSqlDatabase::database(m_connectionName));
    query.prepare(QStringLiteral("INSERT INTO api_keys (id, name, role, sessions, token_hash, created_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?)"));
    query.addBindValue(created.key.id);
    query.addBindValue(created.key.name);
    query.addBindValue(created.key.role);
    query.addBindValue(QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(created.key.sessions)).toJson(QJsonDocument::Compact)));
    query.addBindValue(hashToken(created.token));
    query.addBindValue(created.key.createdAtMs);
    if (!query.exec())
        return failed(QStringLiteral("Cannot store the API key"), query);
    return created;
}

Result<QList<ApiKey>> ApiKeyStore::list() {
    QSqlQuery query(QSqlDatabase::database(m_connectionName));
    if (!query.exec(
            QStringLiteral("SELECT %1 FROM api_keys ORDER BY created_at, id").arg(QLatin1String(kColumns))))
        return failed(QStringLiteral("Cannot read the API keys"), query);
    QList<ApiKey> keys;
    while (query.next())
        keys.append(keyFrom(query));
    return keys;
}

Result<void> ApiKeyStore::revoke(const QString &id) {
    QSqlQuery query(QSqlDatabase::database(m_connectionName));
    query.prepare(QStringLiteral("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?"));
    query.addBindValue(QDateTime::currentMSecsSinceEpoch());
    query.addBindValue(id);
    if (!query.exec())
        return failed(QStringLiteral("Cannot revoke the API key"), query);
    if (query.numRowsAffected() == 0)
        return makeError(errc::kUnknownKey,
            QStringLiteral("There is no API key \"%1\" (see `balcao keys list`).").arg(id.left(40)));
    return {};
}

Result<std::optional<ApiKey>> ApiKeyStore::findByToken(QStringView token) {
    // Tokens have a fixed shape; anything else cannot match and needs no query.
    if (!token.startsWith(u"balcao_") || token.size() > 100)
        return std::optional<ApiKey>();
    QSqlQuery query(QSqlDatabase::database(m_connectionName));
    query.prepare(
        QStringLiteral("SELECT %1 FROM api_keys WHERE token_hash = ?").arg(QLatin1String(kColumns)));
    query.addBindValue(hashToken(token));
    if (!query.exec())
        return failed(QStringLiteral("Cannot look up the API key"), query);
    if (!query.next())
        return std::optional<ApiKey>();
    return std::optional<ApiKey>(keyFrom(query));
}

} // namespace balcao::models
