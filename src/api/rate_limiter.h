#pragma once

#include <QHash>
#include <QString>
#include <optional>

namespace balcao::api {

// A token bucket per API key: `burst` requests at once, refilled at `perSecond`. take() says whether a
// request may go ahead, or after how many whole seconds (for Retry-After) the next one may. Time comes in
// from the caller, so tests need no clock. Runs in the API's Qt thread.
class RateLimiter {
public:
    struct Settings {
        double perSecond = 20;
        double burst = 40;
    };

    explicit RateLimiter(Settings settings);

    // nullopt = allowed (and one token spent); otherwise the seconds to wait (at least 1).
    std::optional<int> take(const QString &key, qint64 nowMs);

private:
    struct Bucket {
        double tokens;
        qint64 updatedMs;
    };
    Settings m_settings;
    QHash<QString, Bucket> m_buckets;
};

} // namespace balcao::api
