#pragma once

#include <QString>

namespace balcao::webhooks {

// Pauses an endpoint that keeps failing, so a dead receiver is not hammered and does not hold the
// dispatcher: closed (deliveries flow) → open after `threshold` consecutive failures (nothing is sent for
// `pauseMs`) → half-open (one probe may go) → closed on its success, open again on its failure.
// Times are ms since the epoch, passed in so the states can be tested without waiting.
class CircuitBreaker {
public:
    enum class State { Closed, Open, HalfOpen };

    explicit CircuitBreaker(int threshold = 5, qint64 pauseMs = 60000);

    // The state at `nowMs`: an open breaker whose pause is over reads half-open.
    State state(qint64 nowMs) const;
    // The earliest time an attempt may go (0 = now, when closed).
    qint64 allowedAtMs() const;
    // Whether an attempt may go at `nowMs`.
    bool allows(qint64 nowMs) const { return state(nowMs) != State::Open; }

    void recordSuccess();
    void recordFailure(qint64 nowMs);

    int consecutiveFailures() const { return m_failures; }
    static QString stateName(State state);

private:
    int m_threshold;
    qint64 m_pauseMs;
    int m_failures = 0;
    bool m_open = false;
    qint64 m_openedAtMs = 0;
};

} // namespace balcao::webhooks
