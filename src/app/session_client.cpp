#include "session_client.h"

#include "gateway.h"
#include "profile.h"

#include <crypto/crypto.h>
#include <webhook_service.h>

namespace balcao {

namespace {

// Owns, in the sessions' thread, what must be made and destroyed there.
class SessionsContext : public QObject {
public:
    std::unique_ptr<Gateway> gateway;
    SessionManager *manager = nullptr; // the gateway's
};

} // namespace

SessionClient::SessionClient(QObject *parent)
    : QObject(parent) {
    qRegisterMetaType<balcao::Event>();
    m_thread.setObjectName(QStringLiteral("sessions"));
    crypto::releaseThreadStateWhenFinished(m_thread);
    m_context = new SessionsContext;
    m_context->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.start();
}

SessionClient::~SessionClient() {
    m_manager = nullptr;
    m_webhooks = nullptr;
    m_thread.quit();
    m_thread.wait();
}

void SessionClient::open(const QString &dataDir, const SessionManager::Settings &sessions,
    const std::optional<api::ApiAddress> &api) {
    auto *context = static_cast<SessionsContext *>(m_context);
    QMetaObject::invokeMethod(
        context,
        [this, context, dataDir, sessions, api] {
            auto warn = [](const Error &error) { qWarning("balcao: %s", qPrintable(error.message)); };
            auto gateway = Gateway::open({dataDir, sessions, api}, warn);
            if (!gateway) {
                const Error error = gateway.error();
                QMetaObject::invokeMethod(
                    this, [this, error] { emit openFailed(error.code, error.message); });
                return;
            }
            context->gateway = std::move(*gateway);
            SessionManager *manager = &context->gateway->manager();
            connect(manager, &SessionManager::event, this, &SessionClient::event, Qt::QueuedConnection);
            context->manager = manager;
            if (api)
                qInfo("balcao: the API listens on %s", qPrintable(context->gateway->apiAddress()));
            context->gateway->start();
            QMetaObject::invokeMethod(this,
                [this, manager, key = context->gateway->profile().sealingKey(),
                    hooks = &context->gateway->webhooks()] {
                    m_manager = manager;
                    m_sealingKey = key;
                    m_webhooks = hooks;
                    emit opened();
                });
        },
        Qt::QueuedConnection);
}

void SessionClient::execute(const Command &command, const QString &requestId) {
    auto *context = static_cast<SessionsContext *>(m_context);
    QMetaObject::invokeMethod(
        context,
        [this, context, command, requestId] {
            if (context->manager) {
                context->manager->execute(command, requestId);
                return;
            }
            const ErrorEvent error {{}, QString::fromLatin1(errc::kStorageFailed),
                tr("The profile is not open, so the command cannot run."), requestId};
            QMetaObject::invokeMethod(this, [this, error] { emit event(error); });
        },
        Qt::QueuedConnection);
}

ReplyTask SessionClient::request(const Command &command) {
    ReplyTask task;
    auto *context = static_cast<SessionsContext *>(m_context);
    QMetaObject::invokeMethod(
        context,
        [context, command, task] {
            if (!context->manager) {
                task.finish(makeError(
                    errc::kStorageFailed, tr("The profile is not open, so the command cannot run.")));
                return;
            }
            context->manager->request(command).then(
                context, [task](const Reply &reply) { task.finish(reply); });
        },
        Qt::QueuedConnection);
    return task;
}

QString SessionClient::nextRequestId() {
    return QStringLiteral("ui-%1").arg(++m_lastRequest);
}

} // namespace balcao
