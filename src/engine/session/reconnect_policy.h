#pragma once

#include <QString>
#include <chrono>
#include <optional>

namespace balcao {

// Decides whether and when a session reconnects after its connection ends (docs/architecture.md "Reliability
// rules", docs/protocol.md §9): exponential backoff from 1 s doubling to 30 s with ±20 % jitter; 515 means
// "restart now"; 401/403 (logged out, device removed) and 440 (replaced by another connection) are shown
// to the user and never retried in a loop.
class ReconnectPolicy {
public:
    enum class Verdict { RetryAfterDelay, RetryNow, LoggedOut, Replaced };

    struct Decision {
        Verdict verdict = Verdict::RetryAfterDelay;
        std::chrono::milliseconds delay {0};
        int attempt = 0; // the attempt about to be made, 1-based
        QString reason; // for people: "connection lost", "replaced by another connection", …
    };

    static constexpr std::chrono::milliseconds kFirstDelay {1000};
    static constexpr std::chrono::milliseconds kMaxDelay {30000};

    // `streamErrorCode`: the code of the server's stream:error / failure (0 when the socket just closed or a
    // keepalive was missed). `jitter` in [-1, 1] scales the ±20 %; tests pass a fixed value.
    Decision onDisconnect(
        int streamErrorCode, const QString &detail, std::optional<double> jitter = std::nullopt);

    // A successful login resets the backoff.
    void onConnected() { m_failures = 0; }
    int failures() const { return m_failures; }

private:
    int m_failures = 0;
};

} // namespace balcao
