#include "profile.h"

#include <QDir>
#include <QStandardPaths>
#include <sealing_key.h>
#include <sqlite_credential_store.h>

namespace balcao {

Result<std::unique_ptr<Profile>> Profile::open(QString dataDir) {
    if (dataDir.isEmpty())
        dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (!QDir().mkpath(dataDir))
        return makeError(
            errc::kStorageFailed, QStringLiteral("Cannot create the data folder %1.").arg(dataDir));
    const QString path = QDir(dataDir).filePath(QStringLiteral("balcao.db"));
    auto database = models::Database::open(path, QStringLiteral("profile"));
    if (!database)
        return database.error();
    // A new key only for a profile with nothing sealed yet; otherwise the old key or a clear error.
    auto anyStored = models::SqliteCredentialStore::anyStored(*database);
    if (!anyStored)
        return anyStored.error();
    auto key = models::SealingKey::obtain(dataDir, !*anyStored);
    if (!key)
        return key.error();

    auto profile = std::unique_ptr<Profile>(new Profile);
    profile->m_dataDir = dataDir;
    profile->m_sealingKey = *key;
    profile->m_database = std::move(*database);
    profile->m_directory = std::make_unique<models::SqliteSessionDirectory>(profile->m_database);
    profile->m_storage = std::make_unique<models::SqliteSessionStorage>(path, *key);
    return profile;
}

} // namespace balcao
