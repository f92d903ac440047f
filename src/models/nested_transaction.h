#pragma once

#include <QString>
#include <errors.h>

namespace balcao::models {

// Transactions that nest on one connection: the outermost is BEGIN IMMEDIATE (it takes the write lock
// before reading, so writers of two session threads never deadlock on a lock upgrade), inner ones are
// savepoints. Lets a caller wrap several stores' writes — a decryption's Signal state and the message it
// yields — in one transaction while each store keeps its own. A connection is used from one thread only,
// so the depth is tracked per thread and connection.
class NestedTransaction {
public:
    explicit NestedTransaction(QString connectionName);
    NestedTransaction(const NestedTransaction &) = delete;
    NestedTransaction &operator=(const NestedTransaction &) = delete;
    // Rolls back when still open.
    ~NestedTransaction();

    Result<void> begin();
    Result<void> commit();
    void rollback();
    bool isOpen() const { return m_open; }

    // How many transactions are open on the connection in this thread.
    static int depth(const QString &connectionName);

private:
    QString m_connection;
    int m_level = 0; // 1 = outermost
    bool m_open = false;
};

} // namespace balcao::models
