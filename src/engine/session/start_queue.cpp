#include "start_queue.h"

#include <algorithm>

namespace balcao {

StartQueue::StartQueue(Options options)
    : m_options(options) {
    m_options.maxInFlight = std::max(1, m_options.maxInFlight);
    m_options.jitterMs = std::max(0, m_options.jitterMs);
    m_options.slotTimeoutMs = std::max(1, m_options.slotTimeoutMs);
}

void StartQueue::enqueue(const QString &session) {
    if (!m_waiting.contains(session) && !m_inFlight.contains(session))
        m_waiting.append(session);
}

void StartQueue::settled(const QString &session) {
    m_inFlight.remove(session);
}

void StartQueue::remove(const QString &session) {
    m_waiting.removeAll(session);
    m_inFlight.remove(session);
}

QList<StartQueue::Start> StartQueue::take(qint64 nowMs, const std::function<quint32()> &random) {
    for (auto it = m_inFlight.begin(); it != m_inFlight.end();) {
        if (it.value() <= nowMs)
            it = m_inFlight.erase(it);
        else
            ++it;
    }
    QList<Start> starts;
    while (!m_waiting.isEmpty() && m_inFlight.size() < m_options.maxInFlight) {
        const QString session = m_waiting.takeFirst();
        const qint64 pause = m_options.jitterMs == 0 ? 0 : qint64(random() % quint32(m_options.jitterMs + 1));
        const qint64 at = nowMs + pause;
        m_inFlight.insert(session, at + m_options.slotTimeoutMs);
        starts.append(Start {session, at});
    }
    return starts;
}

std::optional<qint64> StartQueue::nextTimeoutMs() const {
    if (m_inFlight.isEmpty())
        return std::nullopt;
    return *std::min_element(m_inFlight.cbegin(), m_inFlight.cend());
}

} // namespace balcao
