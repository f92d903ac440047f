#include "keepalive.h"

#include "iq_client.h"

#include <QPointer>
#include <QRandomGenerator>

namespace balcao {

Keepalive::Keepalive(IqClient *iq, QObject *parent)
    : QObject(parent)
    , m_iq(iq) {
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &Keepalive::ping);
}

void Keepalive::setTiming(int intervalMs, int deadlineMs) {
    m_fixedIntervalMs = intervalMs;
    m_deadlineMs = deadlineMs;
}

void Keepalive::start() {
    ++m_generation;
    scheduleNext();
}

void Keepalive::stop() {
    ++m_generation;
    m_timer.stop();
}

void Keepalive::scheduleNext() {
    const int interval = m_fixedIntervalMs > 0
        ? m_fixedIntervalMs
        : int(QRandomGenerator::global()->bounded(kMinIntervalMs, kMaxIntervalMs));
    m_timer.start(interval);
}

void Keepalive::ping() {
    const quint64 generation = m_generation;
    Node iq(QStringLiteral("iq"),
        {{QStringLiteral("to"), QStringLiteral("@s.whatsapp.net")},
            {QStringLiteral("type"), QStringLiteral("get")},
            {QStringLiteral("xmlns"), QStringLiteral("w:p")}},
        Node::Children {Node(QStringLiteral("ping"))});
    m_iq->query(
        std::move(iq),
        [self = QPointer<Keepalive>(this), generation](Result<Node> answer) {
            if (!self || generation != self->m_generation)
                return;
            if (!answer && answer.error().code == QLatin1String(errc::kTimeout)) {
                emit self->lost();
                return;
            }
            if (answer)
                self->scheduleNext();
        },
        std::chrono::milliseconds(m_deadlineMs));
}

} // namespace balcao
