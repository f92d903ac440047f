#include "stall_monitor.h"

#include <algorithm>
#include <ctime>

namespace balcao::bench {

namespace {

qint64 threadCpuNs() {
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

} // namespace

StallMonitor::StallMonitor(int intervalMs, QObject *parent)
    : QObject(parent) {
    m_timer.setInterval(intervalMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &StallMonitor::beat);
}

void StallMonitor::start() {
    m_longestNs = 0;
    m_longestBusyNs = 0;
    m_lastCpuNs = threadCpuNs();
    m_beats = 0;
    m_stallsNs.clear();
    m_clock.start();
    m_lastNs = 0;
    m_timer.start();
}

void StallMonitor::stop() {
    beat(); // a stall still going on when the measurement ends counts too
    m_timer.stop();
}

void StallMonitor::beat() {
    const qint64 now = m_clock.nsecsElapsed();
    const qint64 late = now - m_lastNs - qint64(m_timer.interval()) * 1000000;
    m_lastNs = now;
    const qint64 cpu = threadCpuNs();
    m_longestBusyNs = std::max(m_longestBusyNs, cpu - m_lastCpuNs);
    m_lastCpuNs = cpu;
    ++m_beats;
    if (late > m_longestNs)
        m_longestNs = late;
    if (late > 10000000)
        m_stallsNs.append(late);
}

int StallMonitor::stallsOver(double ms) const {
    int n = 0;
    for (const qint64 ns : m_stallsNs) {
        if (ns > ms * 1e6)
            ++n;
    }
    return n;
}

} // namespace balcao::bench
