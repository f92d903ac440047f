#include "database.h"

#include "statement.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace balcao::models {

namespace {

struct Migration {
    int number;
    QString path;
};

// Migrations are resource files named NN-what.sql, applied in numeric order.
QList<Migration> shippedMigrations() {
    static const QRegularExpression name(QStringLiteral(R"(^(\d+)-[\w-]+\.sql$)"));
    QList<Migration> list;
    const QDir dir(QStringLiteral(":/balcao/migrations"));
    for (const QString &file : dir.entryList(QDir::Files, QDir::Name)) {
        const auto match = name.match(file);
        if (match.hasMatch())
            list.append({match.captured(1).toInt(), dir.filePath(file)});
    }
    std::sort(list.begin(), list.end(), [](const auto &a, const auto &b) { return a.number < b.number; });
    return list;
}

// Our migration files end each statement with a semicolon at the end of a line.
QStringList statementsOf(const QString &sql) {
    QStringList out;
    QString current;
    for (const QString &line : sql.split(QLatin1Char('\n'))) {
        if (line.trimmed().startsWith(QLatin1String("--")))
            continue;
        current += line + QLatin1Char('\n');
        if (line.trimmed().endsWith(QLatin1Char(';'))) {
            out.append(current.trimmed());
            current.clear();
        }
    }
    if (!current.trimmed().isEmpty())
        out.append(current.trimmed());
    return out;
}

Error sqlError(const QString &what, const QSqlError &error) {
    return storageError(what, error);
}

// SQLite's primary result codes (sqlite3.h); Qt reports them, possibly extended, as the native error code.
constexpr int kSqliteReadOnly = 8;
constexpr int kSqliteCorrupt = 11;
constexpr int kSqliteFull = 13;
constexpr int kSqliteCantOpen = 14;
constexpr int kSqliteNotADatabase = 26;

int primaryCode(const QSqlError &error) {
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? code & 0xff : -1;
}

QByteArray sha256Of(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result();
}

// Keeps the damaged bytes of `path` (and its WAL, which holds the latest commits) beside it as
// <path>.corrupt-<UTC time>, so that whatever the user does next — restore a backup, start afresh, send it
// to someone who can salvage it — the original stays. A copy equal to one kept before is not made twice
// (each failed start would add one). Returns the copy's path, or an error saying why none could be made.
Result<QString> keepDamagedCopy(const QString &path) {
    const QFileInfo info(path);
    const QDir dir = info.absoluteDir();
    const QByteArray digest = sha256Of(path);
    const QString prefix = info.fileName() + QStringLiteral(".corrupt-");
    for (const QString &name : dir.entryList({prefix + QLatin1Char('*')}, QDir::Files, QDir::Name)) {
        if (!name.endsWith(QLatin1String("-wal")) && QFileInfo(dir.filePath(name)).size() == info.size()
            && !digest.isEmpty() && sha256Of(dir.filePath(name)) == digest)
            return dir.filePath(name);
    }
    const QString backup = path + QStringLiteral(".corrupt-")
        + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    if (!QFile::copy(path, backup))
        return makeError(errc::kStorageFailed, QStringLiteral("no copy could be made at %1").arg(backup));
    const QString wal = path + QStringLiteral("-wal");
    if (QFileInfo(wal).size() > 0 && !QFile::copy(wal, backup + QStringLiteral("-wal")))
        return makeError(
            errc::kStorageFailed, QStringLiteral("its journal could not be copied to %1-wal").arg(backup));
    return backup;
}

Error corrupted(const QString &path, const QString &detail) {
    auto backup = keepDamagedCopy(path);
    const QString kept = backup
        ? QStringLiteral("A copy of it was kept as %1.").arg(QDir::toNativeSeparators(*backup))
        : QStringLiteral("Keeping a copy failed (%1).").arg(backup.error().message);
    return makeError(errc::kStorageCorrupt,
        QStringLiteral("The database %1 is damaged (%2). %3 Balcão did not open it, so nothing in it was "
                       "changed or replaced. To go on, restore a backup of it, or move it away to start "
                       "with an empty profile (every number must then be linked again).")
            .arg(QDir::toNativeSeparators(path), detail, kept));
}

// Where SQLite needs to write (the folder, for the WAL and shared-memory files, and the file itself) must be
// writable; otherwise the first write would fail with a less helpful message, or a read-only mount would
// look like a damaged file.
Result<void> checkWritable(const QFileInfo &info) {
    if (!QFileInfo(info.absolutePath()).isWritable()) {
        return makeError(errc::kStorageReadOnly,
            QStringLiteral("The data folder %1 is read-only. Balcão keeps its database and journal "
                           "there: make the folder writable, or start Balcão with --data on a "
                           "writable folder. Nothing was changed.")
                .arg(QDir::toNativeSeparators(info.absolutePath())));
    }
    if (info.exists() && !info.isWritable()) {
        return makeError(errc::kStorageReadOnly,
            QStringLiteral("The database %1 is read-only. Make it writable (it holds the linked numbers "
                           "and their messages); nothing was changed.")
                .arg(QDir::toNativeSeparators(info.absoluteFilePath())));
    }
    return {};
}

} // namespace

Error storageError(const QString &what, const QSqlError &error) {
    switch (primaryCode(error)) {
    case kSqliteFull:
        return makeError(errc::kStorageFull,
            QStringLiteral("%1: the disk holding the profile is full. What was stored before is intact. "
                           "Free some space: incoming messages that could not be stored were not "
                           "acknowledged and will come again; anything refused must be sent again.")
                .arg(what));
    case kSqliteReadOnly:
        return makeError(errc::kStorageReadOnly,
            QStringLiteral("%1: the profile's database can no longer be written (%2). What was stored "
                           "before is intact; make the data folder writable again and restart Balcão.")
                .arg(what, error.text()));
    case kSqliteCorrupt:
    case kSqliteNotADatabase:
        return makeError(errc::kStorageCorrupt,
            QStringLiteral("%1: the profile's database is damaged (%2). Close Balcão and restore a "
                           "backup; it is checked again at the next start.")
                .arg(what, error.text()));
    default:
        return makeError(errc::kStorageFailed, QStringLiteral("%1: %2").arg(what, error.text()));
    }
}

Database::Database(Database &&other) noexcept
    : m_connectionName(std::exchange(other.m_connectionName, QString())) { }

Database &Database::operator=(Database &&other) noexcept {
    if (this != &other) {
        close();
        m_connectionName = std::exchange(other.m_connectionName, QString());
    }
    return *this;
}

Database::~Database() {
    close();
}

void Database::close() {
    if (m_connectionName.isEmpty())
        return;
    sql::StatementCache::forget(m_connectionName); // prepared statements hold the connection open
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
}

Result<Database> Database::open(const QString &path, const QString &connectionName) {
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        return makeError(errc::kStorageFailed,
            QStringLiteral("Cannot create the data folder %1.").arg(info.absolutePath()));
    }
    if (auto writable = checkWritable(info); !writable)
        return writable.error();
    auto result = connect(path, connectionName, true);
    if (!result)
        return result;
    if (auto migrated = result->migrate(); !migrated)
        return migrated.error();
    return result;
}

Result<Database> Database::attach(const QString &path, const QString &connectionName) {
    return connect(path, connectionName, false);
}

Result<Database> Database::connect(const QString &path, const QString &connectionName, bool checkIntegrity) {
    const QFileInfo info(path);
    Database result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        db.setDatabaseName(info.absoluteFilePath());
        result.m_connectionName = connectionName;
        if (!db.open())
            return sqlError(QStringLiteral("Cannot open %1").arg(path), db.lastError());

        // The check's query lives in a scope of its own: an unfinished statement keeps a read transaction
        // open, and WAL cannot be set inside one.
        if (checkIntegrity) {
            QSqlQuery check(db);
            if (!check.exec(QStringLiteral("PRAGMA quick_check"))) {
                const int code = primaryCode(check.lastError());
                if (code == kSqliteCorrupt || code == kSqliteNotADatabase)
                    return corrupted(path, check.lastError().text());
                return sqlError(QStringLiteral("Cannot check %1").arg(path), check.lastError());
            }
            // quick_check answers one row "ok", or up to 100 rows naming what is wrong.
            QStringList problems;
            while (check.next()) {
                if (check.value(0).toString() != QLatin1String("ok"))
                    problems << check.value(0).toString();
            }
            if (!problems.isEmpty())
                return corrupted(path, problems.mid(0, 3).join(QStringLiteral("; ")));
        }
        QSqlQuery pragma(db);
        // synchronous=FULL: a commit is on disk before it returns, so a message we acknowledge after
        // committing survives a power cut too (with NORMAL, WAL commits can be lost then, and the server
        // never resends what we acknowledged). temp_store=MEMORY: each incoming message is stored inside a
        // savepoint of its batch's transaction, and a savepoint journals the pages it first touches; kept in
        // a temporary file, that is a dozen small writes per message (measured: a third of the time spent
        // storing one).
        for (const char *sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                 "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000", "PRAGMA temp_store=MEMORY"}) {
            if (!pragma.exec(QString::fromLatin1(sql)))
                return sqlError(QString::fromLatin1(sql), pragma.lastError());
            pragma.finish();
        }
        if (const int pages = qEnvironmentVariableIntValue(kMaxPagesVariable); pages > 0) {
            if (!pragma.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages)))
                return sqlError(QStringLiteral("PRAGMA max_page_count"), pragma.lastError());
            pragma.finish();
        }
    }
    return result;
}

QSqlDatabase Database::connection() const {
    return QSqlDatabase::database(m_connectionName, false);
}

int Database::schemaVersion() const {
    QSqlQuery query(connection());
    if (query.exec(QStringLiteral("PRAGMA user_version")) && query.next())
        return query.value(0).toInt();
    return -1;
}

int Database::latestSchemaVersion() {
    const auto list = shippedMigrations();
    return list.isEmpty() ? 0 : list.last().number;
}

Result<void> Database::migrate() {
    QSqlDatabase db = connection();
    const int current = schemaVersion();
    if (current > latestSchemaVersion()) {
        return makeError(errc::kStorageFailed,
            QStringLiteral("This database was written by a newer Balcão (schema %1, this build "
                           "knows %2). Update Balcão to open it.")
                .arg(current)
                .arg(latestSchemaVersion()));
    }
    for (const Migration &migration : shippedMigrations()) {
        if (migration.number <= current)
            continue;
        QFile file(migration.path);
        if (!file.open(QIODevice::ReadOnly))
            return makeError(
                errc::kStorageFailed, QStringLiteral("Missing migration %1.").arg(migration.path));
        const QString sql = QString::fromUtf8(file.readAll());
        if (!db.transaction())
            return sqlError(
                QStringLiteral("Cannot start migration %1").arg(migration.number), db.lastError());
        QSqlQuery query(db);
        for (const QString &statement : statementsOf(sql)) {
            if (!query.exec(statement)) {
                const Error error = sqlError(
                    QStringLiteral("Migration %1 failed").arg(migration.number), query.lastError());
                db.rollback();
                return error;
            }
        }
        if (!query.exec(QStringLiteral("PRAGMA user_version = %1").arg(migration.number)) || !db.commit()) {
            db.rollback();
            return sqlError(
                QStringLiteral("Cannot record migration %1").arg(migration.number), db.lastError());
        }
    }
    return {};
}

} // namespace balcao::models
