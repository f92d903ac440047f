#include "chat_outbox.h"

namespace balcao {

void ChatOutbox::reset(const QList<StoredMessage> &pending) {
    m_queues.clear();
    m_order.clear();
    m_busy.clear();
    m_stalled.clear();
    for (const StoredMessage &message : pending)
        append(message);
}

void ChatOutbox::append(const StoredMessage &message) {
    auto &queue = m_queues[message.chat];
    if (queue.isEmpty())
        m_order.append(message.chat);
    queue.append(message);
}

QList<StoredMessage> ChatOutbox::takeReady() {
    QList<StoredMessage> ready;
    for (const QString &chat : std::as_const(m_order)) {
        if (m_busy.contains(chat) || m_stalled.contains(chat))
            continue;
        m_busy.insert(chat);
        ready.append(m_queues.value(chat).first());
    }
    return ready;
}

void ChatOutbox::finish(const QString &chat, bool sent) {
    m_busy.remove(chat);
    if (!sent) {
        m_stalled.insert(chat);
        return;
    }
    auto it = m_queues.find(chat);
    if (it == m_queues.end())
        return;
    it->removeFirst();
    if (it->isEmpty()) {
        m_queues.erase(it);
        m_order.removeOne(chat);
    }
}

void ChatOutbox::releaseAll() {
    m_busy.clear();
    m_stalled.clear();
}

qsizetype ChatOutbox::size() const {
    qsizetype total = 0;
    for (const auto &queue : m_queues)
        total += queue.size();
    return total;
}

} // namespace balcao
