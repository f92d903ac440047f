#pragma once

#include "transport/node_connection.h"

#include <QString>
#include <chrono>
#include <optional>

namespace balcao {

// Decides whether and when a session reconnects after its connection ends (docs/architecture.md "Reliability
// rules", docs/protocol.md §9), as whatsmeow's connection events do: exponential backoff from 1 s doubling to
// 30 s with ±20 % jitter for drops, stream errors and a server's 500/503; 515 means "restart now"; a login
// failure the server means (401, 403, 406 logged out; 402 banned; 405 outdated; 409 and the rest refused) and
// a replaced stream are shown to the user and never retried in a loop.
class ReconnectPolicy {
public:
    enum class Verdict {
        RetryAfterDelay,
        RetryNow,
        LoggedOut, // the credentials are void: forget them
        Replaced, // another connection took over: stop
        Stopped, // refused for a reason retrying will not fix (errorCode says which); the user starts it
                 // again
        ClientOutdated, // 405: a newer WhatsApp Web version may fix it (one try), otherwise stop
    };

    struct Decision {
        Verdict verdict = Verdict::RetryAfterDelay;
        std::chrono::milliseconds delay {0};
        int attempt = 0; // the attempt about to be made, 1-based
        QString reason; // for people: "connection lost", "replaced by another connection", …
        const char *errorCode = nullptr; // errors.h code when the session stops or is logged out
        qint64 untilMs = 0; // 402: when the ban ends (ms since epoch)
        QString advice {}; // what the user can do about it (added to the error, not to the status)
    };

    static constexpr std::chrono::milliseconds kFirstDelay {1000};
    static constexpr std::chrono::milliseconds kMaxDelay {30000};

    // `end`: how the server ended the stream (code 0: the socket just closed or a keepalive was missed).
    // `nowMs` dates a ban's end; `jitter` in [-1, 1] scales the ±20 % (tests pass fixed values).
    Decision onEnd(
        const NodeConnection::StreamEnd &end, qint64 nowMs, std::optional<double> jitter = std::nullopt);
    // The same for a bare stream-error code.
    Decision onDisconnect(
        int streamErrorCode, const QString &detail, std::optional<double> jitter = std::nullopt);

    // A successful login resets the backoff.
    void onConnected() { m_failures = 0; }
    int failures() const { return m_failures; }

private:
    Decision loginFailure(const NodeConnection::StreamEnd &end, qint64 nowMs) const;
    Decision backoff(int code, const QString &detail, std::optional<double> jitter);

    int m_failures = 0;
};

// Why WhatsApp bans a number for a while (the `code` of a 402 failure), in words a user can act on;
// empty for a code we do not know.
QString temporaryBanReason(const QString &code);

} // namespace balcao
