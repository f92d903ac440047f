#pragma once

#include <QSqlDatabase>
#include <QString>
#include <errors.h>

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

    // Opens (or creates) `path`, once per profile: checks the folder is writable (storage-read-only), runs
    // `PRAGMA quick_check`, then migrates. A file that is not a healthy SQLite database is refused with
    // storage-corrupt and left untouched, so the user's data is never overwritten by a fresh schema; a copy
    // of the damaged bytes is kept beside it (balcao.db.corrupt-<UTC time>, with its -wal) and the message
    // says where, and what the user can do.
    static Result<Database> open(const QString &path, const QString &connectionName);

    // Another connection to a file that open() has already checked and migrated in this process (each session
    // thread has its own): the same settings, without the integrity check, which reads the whole file.
    static Result<Database> attach(const QString &path, const QString &connectionName);

    QSqlDatabase connection() const;
    QString connectionName() const { return m_connectionName; }
    int schemaVersion() const;

    // The number of the newest migration shipped with this build.
    static int latestSchemaVersion();

    // Test knob: BALCAO_DB_MAX_PAGES=N caps every connection at N pages (`PRAGMA max_page_count`), so a write
    // past it fails with SQLITE_FULL exactly as on a full disk. Unset in normal use.
    static constexpr char kMaxPagesVariable[] = "BALCAO_DB_MAX_PAGES";

private:
    static Result<Database> connect(const QString &path, const QString &connectionName, bool checkIntegrity);
    Result<void> migrate();
    void close();

    QString m_connectionName;
};

// An SQLite failure as an Error whose code says what the user can do about it: storage-full (SQLITE_FULL),
// storage-read-only (SQLITE_READONLY, or a file that cannot be opened for writing), storage-corrupt
// (SQLITE_CORRUPT, SQLITE_NOTADB), otherwise storage-failed. `what` says what was being done.
Error storageError(const QString &what, const QSqlError &error);

} // namespace balcao::models
