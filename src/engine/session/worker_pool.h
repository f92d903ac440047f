#pragma once

#include <QHash>
#include <QThread>
#include <memory>
#include <vector>

namespace balcao {

// The threads the sessions live on: a few workers (one per core unless told), each running the event loop
// of many sessions, instead of one thread per number (a thread's stack, event dispatcher and allocator arena
// cost more than an idle number itself; docs/architecture.md "Threads"). A session stays on the worker it was
// given for its whole life, so everything it owns lives in one thread. Used from the SessionManager's thread.
class WorkerPool {
public:
    // `workers` < 1 = one per core.
    explicit WorkerPool(int workers);
    // Ends the workers (their sessions must be gone by then) and waits for them.
    ~WorkerPool();
    WorkerPool(const WorkerPool &) = delete;
    WorkerPool &operator=(const WorkerPool &) = delete;

    // The worker for a new session: the one with the fewest.
    QThread *assign();
    // A session of `worker` has ended.
    void release(QThread *worker);

private:
    std::vector<std::unique_ptr<QThread>> m_workers;
    QHash<QThread *, int> m_load;
};

} // namespace balcao
