#include "statement.h"

#include "database.h"

#include <QSqlDatabase>
#include <QSqlError>

namespace balcao::models::sql {

Result<void> run(QSqlQuery &query, std::initializer_list<QVariant> values, const QString &failure) {
    query.finish();
    int index = 0;
    for (const QVariant &value : values)
        query.bindValue(index++, value);
    if (!query.exec())
        return storageError(failure, query.lastError());
    return {};
}

Result<void> once(const QString &connectionName, const QString &statement,
    std::initializer_list<QVariant> values, const QString &failure, const Rows &rows) {
    QSqlQuery query(QSqlDatabase::database(connectionName, false));
    if (!query.prepare(statement))
        return storageError(failure, query.lastError());
    if (auto ran = run(query, values, failure); !ran)
        return ran;
    if (rows)
        rows(query);
    return {};
}

std::optional<QVariant> firstValue(QSqlQuery &query) {
    std::optional<QVariant> value;
    if (query.next())
        value = query.value(0);
    query.finish();
    return value;
}

Rows firstBytesInto(std::optional<QByteArray> &out) {
    return [&out](QSqlQuery &query) {
        if (auto value = firstValue(query))
            out = value->toByteArray();
    };
}

namespace {
thread_local std::unordered_map<QString, std::unique_ptr<StatementCache>> t_caches;
} // namespace

StatementCache &StatementCache::of(const QString &connectionName) {
    auto &slot = t_caches[connectionName];
    if (!slot)
        slot = std::make_unique<StatementCache>(connectionName);
    return *slot;
}

void StatementCache::forget(const QString &connectionName) {
    t_caches.erase(connectionName);
}

Result<QSqlQuery *> StatementCache::get(const char *sql, const QString &failure) {
    auto &slot = m_statements[sql];
    if (!slot) {
        auto query = std::make_unique<QSqlQuery>(QSqlDatabase::database(m_connectionName, false));
        if (!query->prepare(QString::fromLatin1(sql)))
            return storageError(failure, query->lastError());
        slot = std::move(query);
    }
    return slot.get();
}

Result<void> StatementCache::run(
    const char *sql, std::initializer_list<QVariant> values, const QString &failure, const Rows &rows) {
    auto query = get(sql, failure);
    if (!query)
        return query.error();
    if (auto ran = sql::run(**query, values, failure); !ran)
        return ran;
    if (rows)
        rows(**query);
    (*query)->finish();
    return {};
}

} // namespace balcao::models::sql
