#include "commit_batch.h"

#include <QTimer>

namespace balcao {

CommitBatch::CommitBatch(StorageTransaction *transaction, QObject *parent)
    : QObject(parent)
    , m_transaction(transaction) { }

CommitBatch::~CommitBatch() {
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
    m_open = false;
    m_messages = 0;
    const QList<std::function<void()>> actions = std::exchange(m_afterCommit, {});
    const QStringList chats = std::exchange(m_chats, {});
    const QStringList requests = std::exchange(m_requests, {});
    if (auto committed = m_transaction->commit(); !committed) {
        m_transaction->rollback();
        emit failed(committed.error(), requests);
        return;
    }
    for (const auto &action : actions)
        action();
    if (!chats.isEmpty())
        emit chatsChanged(chats);
}

} // namespace balcao
