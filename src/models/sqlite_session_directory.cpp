#include "sqlite_session_directory.h"

#include "sqlite_credential_store.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

namespace balcao::models {

namespace {

Error failed(const QString &what, const QSqlQuery &query) {
    return makeError(errc::kStorageFailed, QStringLiteral("%1: %2").arg(what, query.lastError().text()));
}

// A store that also owns the database connection it works on, so both end together in their thread.
class OwningCredentialStore final : public CredentialStore {
public:
    OwningCredentialStore(Database database, QByteArray key)
        : m_database(std::move(database))
        , m_store(m_database, std::move(key)) { }
    Result<std::optional<DeviceCredentials>> load(const QString &id) override { return m_store.load(id); }
    Result<void> save(const QString &id, const DeviceCredentials &c) override { return m_store.save(id, c); }
    Result<void> wipe(const QString &id) override { return m_store.wipe(id); }

private:
    Database m_database;
    SqliteCredentialStore m_store;
};

} // namespace

SqliteSessionDirectory::SqliteSessionDirectory(const Database &database)
    : m_connectionName(database.connectionName()) { }

Result<QList<SessionRecord>> SqliteSessionDirectory::all() {
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(QStringLiteral("SELECT id, name, created_at, own_jid, auto_start, last_status FROM sessions "
                                   "ORDER BY created_at, id")))
        return failed(QStringLiteral("Cannot read the sessions"), query);
    QList<SessionRecord> list;
    while (query.next()) {
        SessionRecord r;
        r.id = query.value(0).toString();
        r.name = query.value(1).toString();
        r.createdAtMs = query.value(2).toLongLong();
        r.ownJid = query.value(3).toString();
        r.autoStart = query.value(4).toBool();
        r.lastStatus = sessionStatusFromString(query.value(5).toString()).value_or(SessionStatus::New);
        list.append(r);
    }
    return list;
}

Result<void> SqliteSessionDirectory::add(const SessionRecord &r) {
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(QStringLiteral("INSERT INTO sessions(id, name, created_at, own_jid, auto_start, last_status) "
                                 "VALUES(?, ?, ?, ?, ?, ?)"));
    query.addBindValue(r.id);
    query.addBindValue(r.name);
    query.addBindValue(r.createdAtMs);
    query.addBindValue(r.ownJid);
    query.addBindValue(r.autoStart ? 1 : 0);
    query.addBindValue(sessionStatusName(r.lastStatus));
    if (!query.exec())
        return failed(QStringLiteral("Cannot add the session"), query);
    return {};
}

Result<void> SqliteSessionDirectory::update(const SessionRecord &r) {
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(QStringLiteral("UPDATE sessions SET name = ?, own_jid = ?, auto_start = ?, last_status = ? WHERE id = ?"));
    query.addBindValue(r.name);
    query.addBindValue(r.ownJid);
    query.addBindValue(r.autoStart ? 1 : 0);
    query.addBindValue(sessionStatusName(r.lastStatus));
    query.addBindValue(r.id);
    if (!query.exec())
        return failed(QStringLiteral("Cannot update the session"), query);
    return {};
}

Result<void> SqliteSessionDirectory::remove(const QString &id) {
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(QStringLiteral("DELETE FROM sessions WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec())
        return failed(QStringLiteral("Cannot delete the session"), query);
    return {};
}

SqliteSessionStorage::SqliteSessionStorage(QString databasePath, QByteArray sealingKey)
    : m_path(std::move(databasePath))
    , m_key(std::move(sealingKey)) { }

Result<std::unique_ptr<CredentialStore>> SqliteSessionStorage::openCredentialStore(const QString &sessionId) {
    // One connection per session thread, named after the session so it is unique in the process.
    auto database = Database::open(m_path, QStringLiteral("session-%1-%2").arg(sessionId).arg(quintptr(QThread::currentThreadId())));
    if (!database)
        return database.error();
    return std::unique_ptr<CredentialStore>(new OwningCredentialStore(std::move(*database), m_key));
}

} // namespace balcao::models
