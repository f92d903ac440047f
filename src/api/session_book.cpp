#include "session_book.h"

#include <overloaded.h>

namespace balcao::api {

void SessionBook::record(const Event &event, qint64 nowMs) {
    Q_UNUSED(nowMs)
    std::visit(Overloaded {
                   [this](const QrEvent &e) {
                       m_qr.insert(e.session, Qr {e.qr, e.expiresAtMs, false});
                   },
                   [this](const QrExpiredEvent &e) {
                       if (auto it = m_qr.find(e.session); it != m_qr.end())
                           it->expired = true;
                       else
                           m_qr.insert(e.session, Qr {{}, 0, true});
                   },
                   [this](const StatusEvent &e) {
                       m_status.insert(e.session, Status {e.status, e.jid, e.reason, e.attempt, e.nextTryMs});
                       // A new connection (a new link, or the login after linking), a stop or a logout: the
                       // QR on show is no longer pending. "new" keeps it: after the last QR the session says
                       // "new" and the expired QR must still answer 410.
                       if (e.status != SessionStatus::Pairing && e.status != SessionStatus::New)
                           m_qr.remove(e.session);
                   },
                   [this](const MessageEvent &e) {
                       Counts &counts = m_counts[e.session];
                       ++(e.fromMe ? counts.out : counts.in);
                   },
                   [this](const SessionEvent &e) {
                       if (e.removed) {
                           m_qr.remove(e.session);
                           m_status.remove(e.session);
                           m_counts.remove(e.session);
                       }
                   },
                   [](const auto &) {},
               },
        event);
}

std::optional<SessionBook::Qr> SessionBook::qr(const QString &session, qint64 nowMs) const {
    auto it = m_qr.constFind(session);
    if (it == m_qr.cend())
        return std::nullopt;
    Qr qr = *it;
    if (qr.expiresAtMs > 0 && nowMs >= qr.expiresAtMs)
        qr.expired = true;
    return qr;
}

std::optional<SessionBook::Status> SessionBook::status(const QString &session) const {
    auto it = m_status.constFind(session);
    if (it == m_status.cend())
        return std::nullopt;
    return *it;
}

} // namespace balcao::api
