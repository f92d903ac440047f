#include "rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace balcao::api {

RateLimiter::RateLimiter(Settings settings)
    : m_settings(settings) {
    m_settings.burst = std::max(1.0, m_settings.burst);
    m_settings.perSecond = std::max(0.001, m_settings.perSecond);
}

std::optional<int> RateLimiter::take(const QString &key, qint64 nowMs) {
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.insert(key, Bucket {m_settings.burst, nowMs});
    const double elapsed = std::max<qint64>(0, nowMs - it->updatedMs) / 1000.0;
    it->tokens = std::min(m_settings.burst, it->tokens + elapsed * m_settings.perSecond);
    it->updatedMs = nowMs;
    if (it->tokens >= 1.0) {
        it->tokens -= 1.0;
        return std::nullopt;
    }
    const double wait = (1.0 - it->tokens) / m_settings.perSecond;
    return std::max(1, int(std::ceil(wait)));
}

} // namespace balcao::api
