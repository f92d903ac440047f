#pragma once

#include <errors.h>

#include <QSqlDatabase>
#include <QString>

namespace balcao::models {

// One profile's SQLite file: opened in WAL mode, checked for corruption, migrated to the newest schema.
// Each thread that touches the database opens its own Database with its own connection name (Qt's SQL
// connections may only be used from the thread that created them).
class Database {
public:
    Database() = default;
    Database(Database &&other) noexcept;
    Database &operator=(Database &&other) noexcept;
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;
    ~Database();

    // Opens (or creates) `path`. A file that is not a healthy SQLite database is refused with
    // storage-corrupt and left untouched, so the user's data is never overwritten by a fresh schema.
    static Result<Database> open(const QString &path, const QString &connectionName);

    QSqlDatabase connection() const;
    QString connectionName() const { return m_connectionName; }
    int schemaVersion() const;

    // The number of the newest migration shipped with this build.
    static int latestSchemaVersion();

private:
    Result<void> migrate();
    void close();

    QString m_connectionName;
};

} // namespace balcao::models
