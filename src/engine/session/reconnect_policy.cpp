#include "reconnect_policy.h"

#include "errors.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <algorithm>

namespace balcao {

namespace {

QString duration(qint64 seconds) {
    if (seconds >= 2 * 86400)
        return QStringLiteral("%1 days").arg(seconds / 86400);
    if (seconds >= 2 * 3600)
        return QStringLiteral("%1 hours").arg(seconds / 3600);
    if (seconds >= 120)
        return QStringLiteral("%1 minutes").arg(seconds / 60);
    return QStringLiteral("%1 seconds").arg(seconds);
}

} // namespace

QString temporaryBanReason(const QString &code) {
    // The codes whatsmeow names (types/events TempBanReason); WhatsApp gives no text with them.
    switch (code.toInt()) {
    case 101:
        return QStringLiteral("too many messages to people who have not saved the number");
    case 102:
        return QStringLiteral("too many people blocked the number");
    case 103:
        return QStringLiteral("too many groups created with people who have not saved the number");
    case 104:
        return QStringLiteral("the same message sent to too many people");
    case 106:
        return QStringLiteral("too many messages to a broadcast list");
    default:
        return {};
    }
}

ReconnectPolicy::Decision ReconnectPolicy::onDisconnect(
    int code, const QString &detail, std::optional<double> jitter) {
    return onEnd(NodeConnection::StreamEnd::plain(code, detail), 0, jitter);
}

ReconnectPolicy::Decision ReconnectPolicy::onEnd(
    const NodeConnection::StreamEnd &end, qint64 nowMs, std::optional<double> jitter) {
    if (end.loginFailure && end.code != 500 && end.code != 503)
        return loginFailure(end, nowMs);
    if (end.replaced || end.code == 440) {
        return {Verdict::Replaced, std::chrono::milliseconds(0), 0,
            QStringLiteral("replaced by another connection"), errc::kReplaced};
    }
    if (end.deviceRemoved || end.code == 401 || end.code == 403 || end.code == 419) {
        const QString detail = end.deviceRemoved || end.reason.isEmpty()
            ? QStringLiteral("the phone removed this device")
            : end.reason;
        return {Verdict::LoggedOut, std::chrono::milliseconds(0), 0, detail, errc::kLoggedOut};
    }
    if (end.code == 515) {
        // The server asks for a fresh connection (after pairing, or on its own restarts): not a failure.
        return {Verdict::RetryNow, std::chrono::milliseconds(0), m_failures + 1,
            QStringLiteral("restart required")};
    }
    return backoff(end.code, end.loginFailure ? QString() : end.reason, jitter);
}

ReconnectPolicy::Decision ReconnectPolicy::loginFailure(
    const NodeConnection::StreamEnd &end, qint64 nowMs) const {
    const auto stop = [](Verdict verdict, const char *code, QString reason) {
        return Decision {verdict, std::chrono::milliseconds(0), 0, std::move(reason), code};
    };
    switch (end.code) {
    case 401:
        return stop(Verdict::LoggedOut, errc::kLoggedOut,
            QStringLiteral("WhatsApp logged this device out (401): it was removed from the phone's linked "
                           "devices. Link the number again."));
    case 403:
        return stop(Verdict::LoggedOut, errc::kLoggedOut,
            QStringLiteral("WhatsApp logged this device out (403): the phone's account is locked, banned "
                           "or was moved to another phone. Check WhatsApp on the phone, then link again."));
    case 406:
        return stop(Verdict::LoggedOut, errc::kLoggedOut,
            QStringLiteral("WhatsApp logged this device out (406) without saying why. Check WhatsApp on "
                           "the phone, then link the number again."));
    case 402: {
        const QString why = temporaryBanReason(end.banCode);
        Decision d = stop(Verdict::Stopped, errc::kTemporarilyBanned, {});
        d.untilMs = nowMs + end.expireSeconds * 1000;
        const QString ends = end.expireSeconds > 0
            ? QStringLiteral("; it ends in %1, at %2")
                  .arg(duration(end.expireSeconds),
                      QDateTime::fromMSecsSinceEpoch(d.untilMs).toString(QStringLiteral("yyyy-MM-dd HH:mm")))
            : QString();
        d.reason
            = QStringLiteral("WhatsApp has temporarily banned this number (code %1%2)%3. Balcão will not "
                             "connect it until you start it again.")
                  .arg(end.banCode.isEmpty() ? QStringLiteral("?") : end.banCode,
                      why.isEmpty() ? QString() : QStringLiteral(": ") + why, ends);
        return d;
    }
    case 405:
        return stop(Verdict::ClientOutdated, errc::kClientOutdated,
            QStringLiteral("WhatsApp refused this version of WhatsApp Web as outdated (405)."));
    case 409: {
        Decision d = stop(Verdict::Stopped, errc::kBadUserAgent,
            QStringLiteral("WhatsApp refused how Balcão presents itself (409, bad user agent)."));
        d.advice = QStringLiteral("Update Balcão.");
        return d;
    }
    default: {
        // whatsmeow reconnects on its own only after 500 and 503; anything else (501, 400, …) needs a person.
        Decision d = stop(Verdict::Stopped, errc::kLoginRefused,
            QStringLiteral("WhatsApp refused the login (%1).").arg(end.code));
        d.advice
            = QStringLiteral("Try starting the number again later; update Balcão if it keeps happening.");
        return d;
    }
    }
}

ReconnectPolicy::Decision ReconnectPolicy::backoff(
    int code, const QString &detail, std::optional<double> jitter) {
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
