#pragma once

#include <QString>
#include <database.h>
#include <memory>
#include <sqlite_session_directory.h>

namespace balcao {

// One user's data: the SQLite file, the key that seals its private keys, and the stores made on them.
// Opened on the thread that runs the SessionManager.
class Profile {
public:
    // `dataDir` empty = the platform's app-data folder.
    static Result<std::unique_ptr<Profile>> open(QString dataDir);

    QString dataDir() const { return m_dataDir; }
    models::SqliteSessionDirectory &directory() { return *m_directory; }
    models::SqliteSessionStorage &storage() { return *m_storage; }
    // The key that seals the profile's secrets (models::SealingKey), for stores on other connections.
    QByteArray sealingKey() const { return m_sealingKey; }

private:
    QString m_dataDir;
    QByteArray m_sealingKey;
    models::Database m_database;
    std::unique_ptr<models::SqliteSessionDirectory> m_directory;
    std::unique_ptr<models::SqliteSessionStorage> m_storage;
};

} // namespace balcao
