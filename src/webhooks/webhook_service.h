#pragma once

#include "webhook_dispatcher.h"

#include <QObject>
#include <QThread>
#include <functional>

namespace balcao {
class SessionManager;
}

namespace balcao::webhooks {

// Runs a WebhookDispatcher in a thread of its own (its store connection, its HTTP client and its timers
// live there), feeds it a SessionManager's events, and lets other threads (the API server's, the GUI's)
// reach it. The dispatcher is created, used and destroyed only in that thread.
class WebhookService : public QObject {
    Q_OBJECT
public:
    WebhookService(WebhookDispatcher::Settings settings, WebhookDispatcher::StoreFactory storeFactory,
        QObject *parent = nullptr);
    ~WebhookService() override;

    // Starts the thread and the dispatcher (opens the store, sends what was left undelivered); waits for
    // that, so events posted afterwards are never missed.
    Result<void> start();
    // The same without waiting (for the GUI thread, which never waits for the disk): the start is queued
    // first, so events posted after this call are handled after it. A failure is logged.
    void startInBackground();
    // Sends `manager`'s events to the dispatcher (queued; `manager` may live in any thread).
    void attach(SessionManager *manager);

    // Runs `work` in the dispatcher's thread, later; `work` must not block.
    void post(std::function<void(WebhookDispatcher &)> work);
    // Runs `work` in the dispatcher's thread and waits for it. Never call it from that thread.
    template<typename F> auto call(F work) -> decltype(work(std::declval<WebhookDispatcher &>())) {
        using R = decltype(work(std::declval<WebhookDispatcher &>()));
        std::optional<R> out;
        QMetaObject::invokeMethod(
            m_dispatcher, [&] { out.emplace(work(*m_dispatcher)); }, Qt::BlockingQueuedConnection);
        return std::move(*out);
    }

    // For connecting to its signals (`attempted`); its methods only run in its own thread (post/call).
    WebhookDispatcher *dispatcher() const { return m_dispatcher; }

private:
    QThread m_thread;
    WebhookDispatcher *m_dispatcher;
};

} // namespace balcao::webhooks
