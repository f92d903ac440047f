#pragma once

#include <QList>
#include <optional>

namespace balcao::webhooks {

// When a failed delivery is tried again (issue 7: "exponential backoff (1 s, ×2, up to 30 s, then kept for
// later)"): after the n-th failed attempt wait base·2^(n-1), the last wait capped at `max`; once the cap was
// waited the delivery is kept and tried every `keptInterval` instead (and at startup).
class RetrySchedule {
public:
    RetrySchedule(qint64 baseMs = 1000, qint64 maxMs = 30000, qint64 keptIntervalMs = 5 * 60 * 1000);

    // The wait after `failedAttempts` failures, or nothing when the delivery is now kept.
    std::optional<qint64> delayAfter(int failedAttempts) const;
    // Every wait of the fast schedule, in order (1, 2, 4, 8, 16, 30 s by default).
    const QList<qint64> &delays() const { return m_delays; }
    qint64 keptIntervalMs() const { return m_keptIntervalMs; }

private:
    QList<qint64> m_delays;
    qint64 m_keptIntervalMs;
};

} // namespace balcao::webhooks
