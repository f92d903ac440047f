#include "worker_pool.h"

#include "crypto/crypto.h"

#include <algorithm>

namespace balcao {

WorkerPool::WorkerPool(int workers) {
    const int count = workers > 0 ? workers : std::max(1, QThread::idealThreadCount());
    for (int i = 0; i < count; ++i) {
        auto thread = std::make_unique<QThread>();
        thread->setObjectName(QStringLiteral("worker-%1").arg(i + 1));
        crypto::releaseThreadStateWhenFinished(*thread);
        thread->start();
        m_load.insert(thread.get(), 0);
        m_workers.push_back(std::move(thread));
    }
}

WorkerPool::~WorkerPool() {
    for (const auto &thread : m_workers)
        thread->quit();
    for (const auto &thread : m_workers)
        thread->wait();
}

QThread *WorkerPool::assign() {
    QThread *least = m_workers.front().get();
    for (const auto &thread : m_workers) {
        if (m_load.value(thread.get()) < m_load.value(least))
            least = thread.get();
    }
    ++m_load[least];
    return least;
}

void WorkerPool::release(QThread *worker) {
    if (auto it = m_load.find(worker); it != m_load.end() && it.value() > 0)
        --it.value();
}

} // namespace balcao
