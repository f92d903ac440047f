#pragma once

#include "errors.h"
#include "messaging/storage_transaction.h"

#include <QObject>
#include <QStringList>
#include <functional>

namespace balcao {

// The writes of one turn of the event loop, committed together (docs/architecture.md "Reliability rules"):
// the messages, statuses and queued texts that arrive in one turn share one transaction, each message in a
// savepoint of its own, so there is one fsync for all of them instead of one each. What they must do once
// stored — receipts, acks, events, sending — waits until the commit and happens only if it succeeds. A failed
// commit undoes the lot: none of it was acknowledged, so the server delivers it again, and the callers whose
// texts were to be queued are told by their request. Where sessions share a database connection, another
// session's write may commit the batch early (StorageTransaction::setEarlyCommitHandler): what waited for it
// then runs on the next turn, and the next message opens a new batch. Lives in the session thread.
class CommitBatch : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxMessages = 500;

    explicit CommitBatch(StorageTransaction *transaction, QObject *parent = nullptr);
    // An open batch is undone: nothing of it was acknowledged.
    ~CommitBatch() override;

    // Opens the batch when it is not (it commits on the next turn of the event loop); false, with failed(),
    // when the store cannot begin.
    bool open();
    // The same for one more message: a full batch is committed first, so a long burst is acknowledged as it
    // goes and not only at its end.
    bool openForMessage();
    void afterCommit(std::function<void()> action);
    // A chat whose summary changed: one chatsChanged() for the batch.
    void touchChat(const QString &chat);
    // A request whose text is in this batch.
    void addRequest(const QString &requestId);

    void commit();

signals:
    void chatsChanged(const QStringList &chats);
    void failed(const balcao::Error &error, const QStringList &requests);

private:
    struct Pending {
        QList<std::function<void()>> actions; // in arrival order
        QStringList chats;
        QStringList requests;
    };

    struct EarlyCommit {
        Result<void> committed;
        Pending pending;
    };

    void committedEarly(const Result<void> &committed);
    void finishEarlyCommits();
    // Closes the batch and hands over what waited for it.
    Pending takePending();
    void finish(const Result<void> &committed, const Pending &pending);

    StorageTransaction *m_transaction;
    bool m_open = false;
    int m_messages = 0;
    QList<std::function<void()>> m_afterCommit; // in arrival order
    QStringList m_chats;
    QStringList m_requests;
    QList<EarlyCommit> m_committedEarly; // oldest first, waiting for the next turn
};

} // namespace balcao
