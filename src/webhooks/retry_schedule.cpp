#include "retry_schedule.h"

#include <algorithm>

namespace balcao::webhooks {

RetrySchedule::RetrySchedule(qint64 baseMs, qint64 maxMs, qint64 keptIntervalMs)
    : m_keptIntervalMs(std::max<qint64>(keptIntervalMs, 1)) {
    baseMs = std::max<qint64>(baseMs, 1);
    maxMs = std::max(maxMs, baseMs);
    for (qint64 delay = baseMs;; delay *= 2) {
        if (delay >= maxMs) {
            m_delays.append(maxMs);
            break;
        }
        m_delays.append(delay);
    }
}

std::optional<qint64> RetrySchedule::delayAfter(int failedAttempts) const {
    if (failedAttempts < 1 || failedAttempts > m_delays.size())
        return std::nullopt;
    return m_delays.at(failedAttempts - 1);
}

} // namespace balcao::webhooks
