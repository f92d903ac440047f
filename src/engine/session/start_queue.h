#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <functional>
#include <optional>

namespace balcao {

// Which saved numbers to connect when, at start-up. A gateway that restarts with hundreds of numbers must
// not open every handshake in the same second (to the server that looks like an attack, and it is a burst of
// CPU and memory here), yet all should be connected soon. So at most `maxInFlight` handshakes run at once;
// each freed slot goes to the next number after a random pause of up to `jitterMs`; a start that gives no
// news for `slotTimeoutMs` (the server did not answer) frees its slot anyway, as its own reconnect timer
// takes over. Time and randomness are passed in. Used by SessionManager, in its thread.
class StartQueue {
public:
    struct Options {
        int maxInFlight = 32;
        int jitterMs = 100;
        int slotTimeoutMs = 20000;
    };
    struct Start {
        QString session;
        qint64 atMs = 0; // when to start it (now, or a little later)
        bool operator==(const Start &) const = default;
    };

    explicit StartQueue(Options options);

    // Queues a number to start (once: queuing it again changes nothing).
    void enqueue(const QString &session);
    // The number's handshake is over, whichever way (connected, logged out, retrying later): its slot frees.
    void settled(const QString &session);
    // The number no longer needs a start (stopped, deleted, or started by hand): out of the queue and its
    // slot.
    void remove(const QString &session);

    // The starts to make from `nowMs` to fill the free slots, in queue order; `random` gives the pauses.
    QList<Start> take(qint64 nowMs, const std::function<quint32()> &random);
    // When a slot in use times out, if any: the caller should call take() again then.
    std::optional<qint64> nextTimeoutMs() const;

    // Whether the number has a slot (its start is due or under way).
    bool isStarting(const QString &session) const { return m_inFlight.contains(session); }
    int inFlight() const { return int(m_inFlight.size()); }
    int waiting() const { return int(m_waiting.size()); }

private:
    Options m_options;
    QList<QString> m_waiting;
    QHash<QString, qint64> m_inFlight; // session -> when its slot times out
};

} // namespace balcao
