#include "reconnect_policy.h"

#include <QRandomGenerator>
#include <algorithm>

namespace balcao {

ReconnectPolicy::Decision ReconnectPolicy::onDisconnect(
    int code, const QString &detail, std::optional<double> jitter) {
    switch (code) {
    case 401:
    case 403:
    case 419:
        return {Verdict::LoggedOut, std::chrono::milliseconds(0), 0,
            detail.isEmpty() ? QStringLiteral("logged out from the phone") : detail};
    case 440:
        return {Verdict::Replaced, std::chrono::milliseconds(0), 0,
            QStringLiteral("replaced by another connection")};
    case 515:
        // The server asks for a fresh connection (after pairing, or on its own restarts): not a failure.
        return {Verdict::RetryNow, std::chrono::milliseconds(0), m_failures + 1,
            QStringLiteral("restart required")};
    default:
        break;
    }
    ++m_failures;
    const int doublings = std::min(m_failures - 1, 5); // 1, 2, 4, 8, 16, then capped at 30 s
    const double base
        = std::min<double>(kFirstDelay.count() * double(1 << doublings), double(kMaxDelay.count()));
    const double spread = jitter.value_or(QRandomGenerator::global()->generateDouble() * 2.0 - 1.0);
    const double withJitter
        = std::clamp(base * (1.0 + 0.2 * std::clamp(spread, -1.0, 1.0)), 500.0, double(kMaxDelay.count()));
    QString reason = detail;
    if (reason.isEmpty())
        reason = code == 0 ? QStringLiteral("connection lost") : QStringLiteral("server error %1").arg(code);
    return {Verdict::RetryAfterDelay, std::chrono::milliseconds(qint64(withJitter)), m_failures, reason};
}

} // namespace balcao
