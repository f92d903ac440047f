#include "reply_waiter.h"

#include <QDateTime>

namespace balcao::api {

ReplyWaiter::ReplyWaiter(QObject *parent)
    : QObject(parent) {
    m_timer.setInterval(250);
    connect(&m_timer, &QTimer::timeout, this, &ReplyWaiter::expire);
}

QString ReplyWaiter::newRequestId() {
    return QStringLiteral("api-%1").arg(++m_counter);
}

void ReplyWaiter::waitForEvent(const QString &requestId, Responder respond, EventMatcher matcher, int timeoutMs) {
    m_waits.push_back(Wait {requestId, std::move(respond), std::move(matcher), false,
        QDateTime::currentMSecsSinceEpoch() + timeoutMs});
    m_timer.start();
}

void ReplyWaiter::waitForReply(const QString &requestId, Responder respond, int timeoutMs) {
    m_waits.push_back(Wait {requestId, std::move(respond), {}, true, QDateTime::currentMSecsSinceEpoch() + timeoutMs});
    m_timer.start();
}

void ReplyWaiter::onEvent(const Event &event) {
    const auto *error = std::get_if<ErrorEvent>(&event);
    for (auto it = m_waits.begin(); it != m_waits.end();) {
        if (error && !error->requestId.isEmpty() && error->requestId == it->requestId) {
            it->respond.send(errorResponse(Error {error->code, error->message}));
            it = m_waits.erase(it);
            continue;
        }
        if (it->matchEvent) {
            if (auto response = it->matchEvent(event)) {
                it->respond.send(std::move(*response));
                it = m_waits.erase(it);
                continue;
            }
        }
        ++it;
    }
}

void ReplyWaiter::onReply(const QJsonObject &reply) {
    const QString requestId = reply.value(QStringLiteral("requestId")).toString();
    if (requestId.isEmpty())
        return;
    for (auto it = m_waits.begin(); it != m_waits.end(); ++it) {
        if (it->wantsReply && it->requestId == requestId) {
            QJsonObject body = reply;
            body.remove(QStringLiteral("requestId"));
            body.remove(QStringLiteral("event"));
            it->respond.send(Response::json(200, body));
            m_waits.erase(it);
            return;
        }
    }
}

void ReplyWaiter::expire() {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (auto it = m_waits.begin(); it != m_waits.end();) {
        if (now >= it->deadlineMs) {
            it->respond.send(Response::error(504, QLatin1String(errc::kTimeout),
                QStringLiteral("The session did not answer in time; try again.")));
            it = m_waits.erase(it);
        } else {
            ++it;
        }
    }
    if (m_waits.empty())
        m_timer.stop();
}

} // namespace balcao::api
