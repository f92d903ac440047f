#pragma once

#include <QString>
#include <errors.h>
#include <messaging/storage_transaction.h>

namespace balcao::models {

// Transactions that nest on one connection: the outermost is BEGIN IMMEDIATE (it takes the write lock
// before reading, so writers of two threads never deadlock on a lock upgrade), inner ones are savepoints.
// Lets a caller wrap several stores' writes — a decryption's Signal state and the message it yields — in one
// transaction while each store keeps its own. A connection is used from one thread only, so its state is
// tracked per thread and connection.
//
// The sessions of one worker thread share its connection, and a session's commit batch keeps its
// transaction open until the end of the event loop's turn. So that one session's writes never ride in
// another's transaction (acknowledged before they are durable, undone by someone else's failure), every
// statement of a session first claims the connection: a transaction another owner left open is committed
// there and then, and its owner hears of it through the early-commit handler.
class NestedTransaction {
public:
    using EarlyCommitHandler = StorageTransaction::EarlyCommitHandler;

    // `owner` names whose writes these are (a session id; empty for the profile's own connections).
    explicit NestedTransaction(QString connectionName, QString owner = {});
    NestedTransaction(const NestedTransaction &) = delete;
    NestedTransaction &operator=(const NestedTransaction &) = delete;
    // Rolls back when still open.
    ~NestedTransaction();

    Result<void> begin();
    Result<void> commit();
    void rollback();
    bool isOpen() const { return m_open; }

    // Only for an outermost transaction kept open across turns of the event loop: lets claim() by another
    // owner commit it early, calling `handler` (once) with the result. Without one, another owner's
    // statements join the open transaction, as on a connection of one's own.
    void setEarlyCommitHandler(EarlyCommitHandler handler) { m_onEarlyCommit = std::move(handler); }

    // Before a statement of `owner` runs on the connection: commits an open transaction of another owner
    // that has an early-commit handler.
    static void claim(const QString &connectionName, const QString &owner);

    // How many transactions are open on the connection in this thread.
    static int depth(const QString &connectionName);

private:
    QString m_connection;
    QString m_owner;
    int m_level = 0; // 1 = outermost
    bool m_open = false;
    EarlyCommitHandler m_onEarlyCommit;
};

} // namespace balcao::models
