#pragma once

#include "database.h"
#include "nested_transaction.h"
#include "statement.h"

#include <QSqlDatabase>

namespace balcao::models {

// A session's way onto the connection the sessions of its worker share. Every way in claims the connection
// for the session first (NestedTransaction::claim), so no store can run a statement inside another session's
// open batch by forgetting to. An empty owner is a connection of one's own (the stores' tests). Used from the
// connection's thread only; must not outlive the Database.
class SessionConnection {
public:
    SessionConnection(const Database &database, QString owner)
        : m_name(database.connectionName())
        , m_owner(std::move(owner))
        , m_statements(&sql::StatementCache::of(m_name)) { }

    const QString &owner() const { return m_owner; }

    // The connection's name, claimed: for sql::once and the other helpers that take a name.
    const QString &claimedName() const {
        NestedTransaction::claim(m_name, m_owner);
        return m_name;
    }
    // The connection, claimed.
    QSqlDatabase database() const { return QSqlDatabase::database(claimedName(), false); }
    // The connection's prepared statements (one set for all its sessions), the connection claimed.
    sql::StatementCache &statements() const {
        claimedName();
        return *m_statements;
    }
    // A transaction of this session (its begin() claims the connection).
    NestedTransaction transaction() const { return NestedTransaction(m_name, m_owner); }

private:
    QString m_name;
    QString m_owner;
    sql::StatementCache *m_statements;
};

} // namespace balcao::models
