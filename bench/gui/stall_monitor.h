#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace balcao::bench {

// A heartbeat in the GUI thread: a timer that should fire every few milliseconds. Whenever the thread is
// busy (laying out, painting, handling events) the next beat comes late; the worst lateness is the longest
// stall a user would feel. Lives in the thread it measures.
class StallMonitor : public QObject {
public:
    explicit StallMonitor(int intervalMs = 2, QObject *parent = nullptr);

    void start();
    void stop();
    // The longest gap between two beats minus the interval, in ms.
    double longestStallMs() const { return m_longestNs / 1e6; }
    int stallsOver(double ms) const;
    int beats() const { return m_beats; }
    // The most CPU time the GUI thread itself spent between two beats, in ms: the part of a stall that is
    // our own work, as opposed to waiting for a CPU on a busy machine.
    double longestBusyMs() const { return m_longestBusyNs / 1e6; }

private:
    void beat();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    qint64 m_longestNs = 0;
    qint64 m_lastCpuNs = 0;
    qint64 m_longestBusyNs = 0;
    int m_beats = 0;
    QList<qint64> m_stallsNs; // every lateness over 10 ms
};

} // namespace balcao::bench
