#include "circuit_breaker.h"

#include <algorithm>

namespace balcao::webhooks {

CircuitBreaker::CircuitBreaker(int threshold, qint64 pauseMs)
    : m_threshold(std::max(threshold, 1))
    , m_pauseMs(std::max<qint64>(pauseMs, 0)) { }

CircuitBreaker::State CircuitBreaker::state(qint64 nowMs) const {
    if (!m_open)
        return State::Closed;
    return nowMs >= m_openedAtMs + m_pauseMs ? State::HalfOpen : State::Open;
}

qint64 CircuitBreaker::allowedAtMs() const {
    return m_open ? m_openedAtMs + m_pauseMs : 0;
}

void CircuitBreaker::recordSuccess() {
    m_failures = 0;
    m_open = false;
}

void CircuitBreaker::recordFailure(qint64 nowMs) {
    ++m_failures;
    // A failed probe (half-open) reopens at once; a closed breaker opens at the threshold.
    if (m_open || m_failures >= m_threshold) {
        m_open = true;
        m_openedAtMs = nowMs;
    }
}

QString CircuitBreaker::stateName(State state) {
    switch (state) {
    case State::Closed:
        return QStringLiteral("closed");
    case State::Open:
        return QStringLiteral("open");
    case State::HalfOpen:
        return QStringLiteral("half-open");
    }
    return {};
}

} // namespace balcao::webhooks
