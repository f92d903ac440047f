#include "webhook_service.h"

#include <crypto/crypto.h>
#include <session/session_manager.h>

namespace balcao::webhooks {

WebhookService::WebhookService(
    WebhookDispatcher::Settings settings, WebhookDispatcher::StoreFactory storeFactory, QObject *parent)
    : QObject(parent)
    , m_dispatcher(new WebhookDispatcher(std::move(settings), std::move(storeFactory))) {
    m_thread.setObjectName(QStringLiteral("webhooks"));
    crypto::releaseThreadStateWhenFinished(m_thread);
    m_dispatcher->moveToThread(&m_thread);
}

WebhookService::~WebhookService() {
    if (m_thread.isRunning()) {
        // Destroyed in its own thread: its SQLite connection and network objects belong to it.
        QMetaObject::invokeMethod(
            m_dispatcher, [d = m_dispatcher] { delete d; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    } else {
        delete m_dispatcher;
    }
}

Result<void> WebhookService::start() {
    if (!m_thread.isRunning())
        m_thread.start();
    return call([](WebhookDispatcher &d) { return d.start(); });
}

void WebhookService::startInBackground() {
    if (!m_thread.isRunning())
        m_thread.start();
    post([](WebhookDispatcher &d) {
        if (auto started = d.start(); !started)
            qWarning("Webhooks are off: %s", qPrintable(started.error().message));
    });
}

void WebhookService::attach(SessionManager *manager) {
    connect(manager, &SessionManager::event, m_dispatcher, &WebhookDispatcher::post, Qt::QueuedConnection);
}

void WebhookService::post(std::function<void(WebhookDispatcher &)> work) {
    QMetaObject::invokeMethod(
        m_dispatcher, [d = m_dispatcher, work = std::move(work)] { work(*d); }, Qt::QueuedConnection);
}

} // namespace balcao::webhooks
