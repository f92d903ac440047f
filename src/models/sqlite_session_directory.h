#pragma once

#include "database.h"

#include <QHash>
#include <QMutex>
#include <memory>
#include <session/session_directory.h>

namespace balcao::models {

// The list of sessions on the profile's database. Used from the manager's thread.
class SqliteSessionDirectory final : public SessionDirectory {
public:
    explicit SqliteSessionDirectory(const Database &database);

    Result<QList<SessionRecord>> all() override;
    Result<void> add(const SessionRecord &record) override;
    Result<void> update(const SessionRecord &record) override;
    Result<void> remove(const QString &id) override;

private:
    QString m_connectionName;
};

// Opens a session's stores inside its worker thread, on that thread's one database connection: the sessions
// of a worker share it (and its page cache and prepared statements), each claiming it for its own writes
// (NestedTransaction::claim). The connection closes with the last session of its thread. The sealing key is
// obtained once by the app (SealingKey) and shared read-only.
class SqliteSessionStorage final : public SessionStorage {
public:
    SqliteSessionStorage(QString databasePath, QByteArray sealingKey);

    Result<std::unique_ptr<OpenedStores>> open(const QString &sessionId) override;

private:
    QString m_path;
    QByteArray m_key;
    QMutex m_mutex; // guards m_connections: sessions open in several threads at once
    QHash<Qt::HANDLE, std::weak_ptr<Database>> m_connections; // by thread
};

} // namespace balcao::models
