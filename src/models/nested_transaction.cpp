#include "nested_transaction.h"

#include "database.h"
#include "search_index.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace balcao::models {

namespace {

// What is open on one connection in this thread.
struct ConnectionState {
    int depth = 0;
    NestedTransaction *outermost = nullptr;
    QString owner; // of the outermost
};

thread_local QHash<QString, ConnectionState> t_connections;

Result<void> run(const QString &connection, const QString &sql) {
    QSqlQuery query(QSqlDatabase::database(connection, false));
    if (!query.exec(sql))
        return storageError(QStringLiteral("%1 failed").arg(sql), query.lastError());
    return {};
}

QString savepoint(int level) {
    return QStringLiteral("nested_%1").arg(level);
}

void setDepth(const QString &connection, int depth) {
    if (depth == 0)
        t_connections.remove(connection);
    else
        t_connections[connection].depth = depth;
}

} // namespace

NestedTransaction::NestedTransaction(QString connectionName, QString owner)
    : m_connection(std::move(connectionName))
    , m_owner(std::move(owner)) { }

NestedTransaction::~NestedTransaction() {
    rollback();
}

int NestedTransaction::depth(const QString &connectionName) {
    const auto it = t_connections.constFind(connectionName);
    return it == t_connections.constEnd() ? 0 : it->depth;
}

void NestedTransaction::claim(const QString &connectionName, const QString &owner) {
    const auto it = t_connections.constFind(connectionName);
    if (it == t_connections.constEnd() || it->owner == owner || !it->outermost
        || !it->outermost->m_onEarlyCommit)
        return;
    NestedTransaction *other = it->outermost;
    if (it->depth != 1) {
        // Another owner's savepoint is open: that owner is in the middle of a write, which cannot happen
        // between two of our statements on one thread. Never commit half of someone's write.
        qCritical("balcao: connection %s claimed by %s inside a write of %s", qPrintable(connectionName),
            qPrintable(owner), qPrintable(it->owner));
        return;
    }
    // The handler may destroy `other`: take it out first.
    const EarlyCommitHandler handler = std::exchange(other->m_onEarlyCommit, {});
    Result<void> committed = other->commit();
    if (!committed)
        other->rollback();
    handler(committed);
}

Result<void> NestedTransaction::begin() {
    if (m_open)
        return makeError(errc::kStorageFailed, QStringLiteral("A transaction was begun twice."));
    claim(m_connection, m_owner);
    const int level = depth(m_connection) + 1;
    auto begun = run(m_connection,
        level == 1 ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("SAVEPOINT ") + savepoint(level));
    if (!begun)
        return begun;
    ConnectionState &state = t_connections[m_connection];
    state.depth = level;
    if (level == 1) {
        state.outermost = this;
        state.owner = m_owner;
    }
    m_level = level;
    m_open = true;
    return {};
}

Result<void> NestedTransaction::commit() {
    if (!m_open)
        return makeError(errc::kStorageFailed, QStringLiteral("Commit without a transaction."));
    if (depth(m_connection) != m_level)
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
    setDepth(m_connection, m_level - 1);
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
    setDepth(m_connection, m_level - 1);
    m_open = false;
}

} // namespace balcao::models
