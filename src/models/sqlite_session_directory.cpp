#include "sqlite_session_directory.h"

#include "nested_transaction.h"
#include "sqlite_credential_store.h"
#include "sqlite_messaging.h"
#include "sqlite_signal_store.h"
#include "statement.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <vector>
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace balcao::models {

namespace {

Error failed(const QString &what, const QSqlQuery &query) {
    return storageError(what, query.lastError());
}

// StorageTransaction on a session's connection, nesting with the stores' own transactions. begin() inside
// an open one nests (a savepoint): the messenger keeps a batch of messages open and each message in it.
// Another session's statement on the shared connection may commit the outermost early (see
// StorageTransaction::setEarlyCommitHandler); what is left then is nothing, and the next begin() starts anew.
class SqliteStorageTransaction final : public StorageTransaction {
public:
    SqliteStorageTransaction(QString connection, QString owner)
        : m_connection(std::move(connection))
        , m_owner(std::move(owner)) { }
    ~SqliteStorageTransaction() override {
        while (!m_open.empty())
            rollback();
    }
    Result<void> begin() override {
        auto next = std::make_unique<NestedTransaction>(m_connection, m_owner);
        auto begun = next->begin();
        if (!begun)
            return begun;
        if (m_open.empty()) {
            next->setEarlyCommitHandler([this](const Result<void> &committed) {
                m_open.clear(); // it is closed: dropping it undoes nothing
                if (m_onEarlyCommit)
                    m_onEarlyCommit(committed);
            });
        }
        m_open.push_back(std::move(next));
        return {};
    }
    Result<void> commit() override {
        if (m_open.empty())
            return makeError(errc::kStorageFailed, QStringLiteral("Commit without a transaction."));
        auto done = m_open.back()->commit();
        if (done)
            m_open.pop_back();
        return done;
    }
    void rollback() override {
        if (!m_open.empty())
            m_open.pop_back(); // NestedTransaction rolls back what is still open
    }
    void setEarlyCommitHandler(EarlyCommitHandler handler) override { m_onEarlyCommit = std::move(handler); }

private:
    QString m_connection;
    QString m_owner;
    std::vector<std::unique_ptr<NestedTransaction>> m_open; // outermost first
    EarlyCommitHandler m_onEarlyCommit;
};

// A session's stores on its worker's connection; everything ends in the worker thread (members go in reverse
// order: the stores before the connection, which closes with the worker's last session).
class SqliteOpenedStores final : public OpenedStores {
public:
    SqliteOpenedStores(std::shared_ptr<Database> database, const QByteArray &key, const QString &sessionId)
        : m_database(std::move(database))
        , m_credentials(*m_database, key, sessionId)
        , m_signal(*m_database, key, sessionId)
        , m_messaging(*m_database, sessionId)
        , m_transaction(m_database->connectionName(), sessionId) { }
    SessionStores stores() override {
        return {&m_credentials, &m_signal, m_messaging.stores(), &m_transaction};
    }
    void releaseMemory() override {
        // Never inside a transaction: the pages of an open write are still needed.
        if (NestedTransaction::depth(m_database->connectionName()) == 0)
            (void)sql::once(m_database->connectionName(), QStringLiteral("PRAGMA shrink_memory"), {},
                QStringLiteral("Cannot release the session's cache"));
#ifdef __GLIBC__
        malloc_trim(0); // freed pages go back to the system only when asked (glibc keeps them per thread)
#endif
    }

private:
    std::shared_ptr<Database> m_database;
    SqliteCredentialStore m_credentials;
    SqliteSignalStore m_signal;
    SqliteMessaging m_messaging;
    SqliteStorageTransaction m_transaction;
};

} // namespace

SqliteSessionDirectory::SqliteSessionDirectory(const Database &database)
    : m_connectionName(database.connectionName()) { }

Result<QList<SessionRecord>> SqliteSessionDirectory::all() {
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(
            QStringLiteral("SELECT id, name, created_at, own_jid, auto_start, last_status, reject_calls, "
                           "call_reply FROM sessions ORDER BY created_at, id")))
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
        r.calls.reject = query.value(6).toBool();
        r.calls.reply = query.value(7).toString();
        list.append(r);
    }
    return list;
}

Result<void> SqliteSessionDirectory::add(const SessionRecord &r) {
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(
        QStringLiteral("INSERT INTO sessions(id, name, created_at, own_jid, auto_start, last_status, "
                       "reject_calls, call_reply) VALUES(?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(r.id);
    query.addBindValue(r.name);
    query.addBindValue(r.createdAtMs);
    query.addBindValue(r.ownJid);
    query.addBindValue(r.autoStart ? 1 : 0);
    query.addBindValue(sessionStatusName(r.lastStatus));
    query.addBindValue(r.calls.reject ? 1 : 0);
    query.addBindValue(
        r.calls.reply.isNull() ? QStringLiteral("") : r.calls.reply); // a null QString binds NULL
    if (!query.exec())
        return failed(QStringLiteral("Cannot add the session"), query);
    return {};
}

Result<void> SqliteSessionDirectory::update(const SessionRecord &r) {
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(QStringLiteral(
        "UPDATE sessions SET name = ?, own_jid = ?, auto_start = ?, last_status = ?, reject_calls = ?, "
        "call_reply = ? WHERE id = ?"));
    query.addBindValue(r.name);
    query.addBindValue(r.ownJid);
    query.addBindValue(r.autoStart ? 1 : 0);
    query.addBindValue(sessionStatusName(r.lastStatus));
    query.addBindValue(r.calls.reject ? 1 : 0);
    query.addBindValue(
        r.calls.reply.isNull() ? QStringLiteral("") : r.calls.reply); // a null QString binds NULL
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

Result<std::unique_ptr<OpenedStores>> SqliteSessionStorage::open(const QString &sessionId) {
    const Qt::HANDLE thread = QThread::currentThreadId();
    QMutexLocker lock(&m_mutex);
    std::shared_ptr<Database> database = m_connections.value(thread).lock();
    if (!database) {
        // The profile opened, checked and migrated the file already: this connection only attaches to it.
        auto attached = Database::attach(
            m_path, QStringLiteral("worker-%1-%2").arg(quintptr(this)).arg(quintptr(thread)));
        if (!attached)
            return attached.error();
        database = std::make_shared<Database>(std::move(*attached));
        m_connections.insert(thread, database);
    }
    return std::unique_ptr<OpenedStores>(new SqliteOpenedStores(std::move(database), m_key, sessionId));
}

} // namespace balcao::models
