#include "nested_transaction.h"

#include "database.h"
#include "search_index.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace balcao::models {

namespace {

thread_local QHash<QString, int> t_depth;

Result<void> run(const QString &connection, const QString &sql) {
    QSqlQuery query(QSqlDatabase::database(connection, false));
    if (!query.exec(sql))
        return storageError(QStringLiteral("%1 failed").arg(sql), query.lastError());
    return {};
}

QString savepoint(int level) {
    return QStringLiteral("nested_%1").arg(level);
}

} // namespace

NestedTransaction::NestedTransaction(QString connectionName)
    : m_connection(std::move(connectionName)) { }

NestedTransaction::~NestedTransaction() {
    rollback();
}

int NestedTransaction::depth(const QString &connectionName) {
    return t_depth.value(connectionName);
}

Result<void> NestedTransaction::begin() {
    if (m_open)
        return makeError(errc::kStorageFailed, QStringLiteral("A transaction was begun twice."));
    const int level = t_depth.value(m_connection) + 1;
    auto begun = run(m_connection,
        level == 1 ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("SAVEPOINT ") + savepoint(level));
    if (!begun)
        return begun;
    t_depth[m_connection] = level;
    m_level = level;
    m_open = true;
    return {};
}

Result<void> NestedTransaction::commit() {
    if (!m_open)
        return makeError(errc::kStorageFailed, QStringLiteral("Commit without a transaction."));
    if (t_depth.value(m_connection) != m_level)
        return makeError(errc::kStorageFailed, QStringLiteral("An inner transaction is still open."));
    // Messages stored in this transaction join the search index with it: one batch, not one per row.
    if (m_level == 1) {
        if (auto indexed = indexPendingMessages(m_connection); !indexed)
            return indexed; // still open: the destructor or rollback() undoes it
    }
    auto done = run(m_connection,
        m_level == 1 ? QStringLiteral("COMMIT") : QStringLiteral("RELEASE ") + savepoint(m_level));
    if (!done)
        return done; // still open: the destructor or rollback() undoes it
    t_depth[m_connection] = m_level - 1;
    m_open = false;
    return {};
}

void NestedTransaction::rollback() {
    if (!m_open)
        return;
    if (m_level == 1) {
        (void)run(m_connection, QStringLiteral("ROLLBACK"));
    } else {
        (void)run(m_connection, QStringLiteral("ROLLBACK TO ") + savepoint(m_level));
        (void)run(m_connection, QStringLiteral("RELEASE ") + savepoint(m_level));
    }
    t_depth[m_connection] = m_level - 1;
    m_open = false;
}

} // namespace balcao::models
