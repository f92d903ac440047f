#pragma once

#include "replies.h"

#include <QMetaObject>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>
#include <optional>

namespace balcao {

// The answer a command will have, in the spirit of QXmppTask: then(context, fn) runs fn once, in context's
// thread, when the answer is known (at once, queued, if it already is); it is dropped if context is destroyed
// first. finish() may be called from any thread, once; later calls are ignored. Copies share one answer.
class ReplyTask {
public:
    ReplyTask()
        : m_state(std::make_shared<State>()) { }

    void then(QObject *context, std::function<void(const Reply &)> fn) const {
        std::optional<Reply> ready;
        {
            QMutexLocker lock(&m_state->mutex);
            if (!m_state->reply) {
                m_state->context = context;
                m_state->fn = std::move(fn);
                return;
            }
            ready = m_state->reply;
        }
        deliver(context, std::move(fn), std::move(*ready));
    }

    void finish(Reply reply) const {
        QPointer<QObject> context;
        std::function<void(const Reply &)> fn;
        {
            QMutexLocker lock(&m_state->mutex);
            if (m_state->reply)
                return;
            m_state->reply = reply;
            context = m_state->context;
            fn = std::exchange(m_state->fn, {});
        }
        if (fn)
            deliver(context, std::move(fn), std::move(reply));
    }

    bool isFinished() const {
        QMutexLocker lock(&m_state->mutex);
        return m_state->reply.has_value();
    }

private:
    struct State {
        QMutex mutex;
        std::optional<Reply> reply;
        QPointer<QObject> context;
        std::function<void(const Reply &)> fn;
    };

    static void deliver(
        const QPointer<QObject> &context, std::function<void(const Reply &)> fn, Reply reply) {
        if (!context)
            return;
        QMetaObject::invokeMethod(
            context.data(), [fn = std::move(fn), reply = std::move(reply)] { fn(reply); },
            Qt::QueuedConnection);
    }

    std::shared_ptr<State> m_state;
};

} // namespace balcao
