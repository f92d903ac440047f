#pragma once

#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <errors.h>
#include <functional>
#include <initializer_list>
#include <memory>
#include <unordered_map>

// The one way the stores run SQL: values bound in order, the statement run, errors named after what was being
// done, and a statement finished once it is read (a cached statement left open would hold a read snapshot of
// the database). Hot statements stay prepared in a StatementCache; rare ones are prepared each time.
namespace balcao::models::sql {

using Rows = std::function<void(QSqlQuery &query)>;

// Runs a prepared `query` with `values`; what it held before is reset first. Read its rows, then finish() it.
Result<void> run(QSqlQuery &query, std::initializer_list<QVariant> values, const QString &failure);

// Prepares `statement` on the connection, runs it with `values` and hands the query to `rows` (when given) to
// read what it returned.
Result<void> once(const QString &connectionName, const QString &statement,
    std::initializer_list<QVariant> values, const QString &failure, const Rows &rows = {});

// The first column of the first row of a query that ran, if there is one; the query is finished.
std::optional<QVariant> firstValue(QSqlQuery &query);
// Rows that keep the first column of the first row, as bytes, in `out` (left empty when there is no row).
Rows firstBytesInto(std::optional<QByteArray> &out);

// The prepared statements of one connection, each prepared on first use (parsing the SQL at every call cost a
// fifth of the CPU of a decryption). Shared by every store and session on the connection: the statements bind
// the session as a value, and a thousand sessions on one worker must not each keep their own copies. Used
// from the connection's thread only.
class StatementCache {
public:
    // The cache of a connection of this thread, made on first use; it lives until forget().
    static StatementCache &of(const QString &connectionName);
    // Finishes and drops the connection's statements: before the connection closes.
    static void forget(const QString &connectionName);

    explicit StatementCache(QString connectionName)
        : m_connectionName(std::move(connectionName)) { }

    // `sql` must outlive the cache (the stores pass their constants).
    Result<QSqlQuery *> get(const char *sql, const QString &failure);
    // Runs the cached statement for `sql` with `values` and hands it to `rows` (when given); finished after.
    Result<void> run(const char *sql, std::initializer_list<QVariant> values, const QString &failure,
        const Rows &rows = {});

private:
    QString m_connectionName;
    std::unordered_map<const char *, std::unique_ptr<QSqlQuery>> m_statements;
};

} // namespace balcao::models::sql
