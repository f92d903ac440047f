#include "commit_batch.h"

#include <QTimer>

namespace balcao {

CommitBatch::CommitBatch(StorageTransaction *transaction, QObject *parent)
    : QObject(parent)
    , m_transaction(transaction) {
    m_transaction->setEarlyCommitHandler(
        [this](const Result<void> &committed) { committedEarly(committed); });
}

CommitBatch::~CommitBatch() {
    m_transaction->setEarlyCommitHandler({});
    if (m_open)
        m_transaction->rollback();
}

bool CommitBatch::open() {
    if (m_open)
        return true;
    if (auto begun = m_transaction->begin(); !begun) {
        emit failed(begun.error(), {});
        return false;
    }
    m_open = true;
    // Runs once the stanzas already read from the socket have been handled.
    QTimer::singleShot(0, this, &CommitBatch::commit);
    return true;
}

bool CommitBatch::openForMessage() {
    if (m_messages >= kMaxMessages)
        commit();
    if (!open())
        return false;
    ++m_messages;
    return true;
}

void CommitBatch::afterCommit(std::function<void()> action) {
    m_afterCommit.append(std::move(action));
}

void CommitBatch::touchChat(const QString &chat) {
    if (!m_chats.contains(chat))
        m_chats.append(chat);
}

void CommitBatch::addRequest(const QString &requestId) {
    if (!requestId.isEmpty())
        m_requests.append(requestId);
}

void CommitBatch::commit() {
    if (!m_open)
        return;
    Pending pending = takePending();
    Result<void> committed = m_transaction->commit();
    if (!committed)
        m_transaction->rollback();
    finishEarlyCommits(); // an earlier batch's actions come first
    finish(committed, pending);
}

void CommitBatch::committedEarly(const Result<void> &committed) {
    if (!m_open)
        return;
    // Another session's call is running: what the batch waited for happens once it is over, before
    // anything of a batch opened after now.
    m_committedEarly.append({committed, takePending()});
    QMetaObject::invokeMethod(this, &CommitBatch::finishEarlyCommits, Qt::QueuedConnection);
}

void CommitBatch::finishEarlyCommits() {
    while (!m_committedEarly.isEmpty()) {
        const EarlyCommit done = m_committedEarly.takeFirst();
        finish(done.committed, done.pending);
    }
}

CommitBatch::Pending CommitBatch::takePending() {
    m_open = false;
    m_messages = 0;
    return {std::exchange(m_afterCommit, {}), std::exchange(m_chats, {}), std::exchange(m_requests, {})};
}

void CommitBatch::finish(const Result<void> &committed, const Pending &pending) {
    if (!committed) {
        emit failed(committed.error(), pending.requests);
        return;
    }
    for (const auto &action : pending.actions)
        action();
    if (!pending.chats.isEmpty())
        emit chatsChanged(pending.chats);
}

} // namespace balcao
