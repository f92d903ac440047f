#pragma once

#include <QObject>
#include <QTimer>

namespace balcao {

class IqClient;

// Pings the server every 20–30 s (whatsmeow keepalive.go; Baileys pings every 30 s): a ping unanswered
// within 10 s means the connection is dead even if the socket has not noticed, and lost() asks the
// session to reconnect. Lives in the session thread.
class Keepalive : public QObject {
    Q_OBJECT
public:
    static constexpr int kMinIntervalMs = 20000;
    static constexpr int kMaxIntervalMs = 30000;
    static constexpr int kResponseDeadlineMs = 10000;

    explicit Keepalive(IqClient *iq, QObject *parent = nullptr);

    void start();
    void stop();
    // Intervals for tests: every `intervalMs`, answer within `deadlineMs`.
    void setTiming(int intervalMs, int deadlineMs);

signals:
    void lost();

private:
    void ping();
    void scheduleNext();

    IqClient *m_iq;
    QTimer m_timer;
    int m_fixedIntervalMs = 0;
    int m_deadlineMs = kResponseDeadlineMs;
    quint64 m_generation = 0; // answers to pings from before a stop() are ignored
};

} // namespace balcao
