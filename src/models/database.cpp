#include "database.h"

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
    return makeError(errc::kStorageFailed, QStringLiteral("%1: %2").arg(what, error.text()));
}

} // namespace

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
    Database result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        db.setDatabaseName(info.absoluteFilePath());
        result.m_connectionName = connectionName;
        if (!db.open())
            return sqlError(QStringLiteral("Cannot open %1").arg(path), db.lastError());

        QSqlQuery check(db);
        if (!check.exec(QStringLiteral("PRAGMA quick_check")) || !check.next()
            || check.value(0).toString() != QLatin1String("ok")) {
            return makeError(errc::kStorageCorrupt,
                             QStringLiteral("The database %1 is damaged (%2). It was left as it is; restore a "
                                            "backup or move it away to start afresh.")
                                 .arg(path, check.lastError().isValid() ? check.lastError().text()
                                                                        : check.value(0).toString()));
        }
        check.finish(); // an unfinished statement keeps a read transaction open, and WAL cannot be set inside one
        QSqlQuery pragma(db);
        // synchronous=FULL: a commit is on disk before it returns, so a message we acknowledge after committing
        // survives a power cut too (with NORMAL, WAL commits can be lost then, and the server never resends
        // what we acknowledged).
        for (const char *sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
                                "PRAGMA busy_timeout=5000"}) {
            if (!pragma.exec(QString::fromLatin1(sql)))
                return sqlError(QString::fromLatin1(sql), pragma.lastError());
            pragma.finish();
        }
    }
    if (auto migrated = result.migrate(); !migrated)
        return migrated.error();
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
            return makeError(errc::kStorageFailed, QStringLiteral("Missing migration %1.").arg(migration.path));
        const QString sql = QString::fromUtf8(file.readAll());
        if (!db.transaction())
            return sqlError(QStringLiteral("Cannot start migration %1").arg(migration.number), db.lastError());
        QSqlQuery query(db);
        for (const QString &statement : statementsOf(sql)) {
            if (!query.exec(statement)) {
                const Error error = sqlError(QStringLiteral("Migration %1 failed").arg(migration.number),
                                             query.lastError());
                db.rollback();
                return error;
            }
        }
        if (!query.exec(QStringLiteral("PRAGMA user_version = %1").arg(migration.number)) || !db.commit()) {
            db.rollback();
            return sqlError(QStringLiteral("Cannot record migration %1").arg(migration.number), db.lastError());
        }
    }
    return {};
}

} // namespace balcao::models
