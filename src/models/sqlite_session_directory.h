#pragma once

#include "database.h"

#include <QMutex>
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

// Opens, inside each session thread, a database connection of its own and the stores on it. The
// sealing key is obtained once by the app (SealingKey) and shared read-only.
class SqliteSessionStorage final : public SessionStorage {
public:
    SqliteSessionStorage(QString databasePath, QByteArray sealingKey);

    Result<std::unique_ptr<OpenedStores>> open(const QString &sessionId) override;

private:
    QString m_path;
    QByteArray m_key;
};

} // namespace balcao::models
