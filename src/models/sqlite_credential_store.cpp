#include "sqlite_credential_store.h"

#include "sealed_box.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace balcao::models {

namespace {

QByteArray contextFor(const QString &sessionId) {
    return "credentials:" + sessionId.toUtf8();
}

Error failed(const QString &what, const QSqlQuery &query) {
    return storageError(what, query.lastError());
}

} // namespace

SqliteCredentialStore::SqliteCredentialStore(const Database &database, QByteArray sealingKey, QString owner)
    : m_connection(database, std::move(owner))
    , m_key(std::move(sealingKey)) { }

Result<std::optional<DeviceCredentials>> SqliteCredentialStore::load(const QString &sessionId) {
    QSqlQuery query(m_connection.database());
    query.prepare(QStringLiteral("SELECT sealed FROM credentials WHERE session_id = ?"));
    query.addBindValue(sessionId);
    if (!query.exec())
        return failed(QStringLiteral("Cannot read credentials"), query);
    if (!query.next())
        return std::optional<DeviceCredentials>();
    auto plain = unseal(m_key, query.value(0).toByteArray(), contextFor(sessionId));
    if (!plain)
        return plain.error();
    auto credentials = DeviceCredentials::decode(*plain);
    if (!credentials)
        return credentials.error();
    return std::optional<DeviceCredentials>(std::move(*credentials));
}

Result<void> SqliteCredentialStore::save(const QString &sessionId, const DeviceCredentials &credentials) {
    const QByteArray sealed = seal(m_key, credentials.encode(), contextFor(sessionId));
    if (sealed.isEmpty())
        return makeError(errc::kCryptoFailed, QStringLiteral("Could not seal the credentials."));
    QSqlQuery query(m_connection.database());
    query.prepare(QStringLiteral("INSERT INTO credentials(session_id, sealed, updated_at) VALUES(?, ?, ?) "
                                 "ON CONFLICT(session_id) DO UPDATE SET sealed = excluded.sealed, "
                                 "updated_at = excluded.updated_at"));
    query.addBindValue(sessionId);
    query.addBindValue(sealed);
    query.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!query.exec())
        return failed(QStringLiteral("Cannot store credentials"), query);
    return {};
}

Result<void> SqliteCredentialStore::wipe(const QString &sessionId) {
    QSqlQuery query(m_connection.database());
    query.prepare(QStringLiteral("DELETE FROM credentials WHERE session_id = ?"));
    query.addBindValue(sessionId);
    if (!query.exec())
        return failed(QStringLiteral("Cannot erase credentials"), query);
    return {};
}

Result<bool> SqliteCredentialStore::anyStored(const Database &database) {
    QSqlQuery query(database.connection());
    if (!query.exec(QStringLiteral("SELECT EXISTS(SELECT 1 FROM credentials)")) || !query.next())
        return failed(QStringLiteral("Cannot read credentials"), query);
    return query.value(0).toBool();
}

} // namespace balcao::models
