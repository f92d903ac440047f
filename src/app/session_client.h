#pragma once

#include <QObject>
#include <QThread>
#include <api_address.h>
#include <session/reply_task.h>
#include <session/session_manager.h>

namespace balcao {

namespace webhooks {
class WebhookService;
}

// The window's handle on the sessions. The profile (SQLite) and the SessionManager live in a thread of
// their own, so the GUI thread never waits for the disk or the network: commands go there as queued calls,
// events and replies come back as queued signals. One per window; the API server reaches the same
// manager through manager().
class SessionClient : public QObject {
    Q_OBJECT
public:
    explicit SessionClient(QObject *parent = nullptr);
    ~SessionClient() override;

    // Opens the profile in `dataDir` (empty = the platform's app-data folder) through the Gateway (webhooks,
    // and the API on `api` when given) and restores its sessions; answers with opened() or openFailed().
    void open(const QString &dataDir, const SessionManager::Settings &sessions,
        const std::optional<api::ApiAddress> &api = std::nullopt);

    // Queued to the sessions' thread; safe to call before opened() (the command waits its turn).
    void execute(const balcao::Command &command, const QString &requestId = {});
    // The same, answered to this caller alone: use then(this, …) on the task; the continuation runs in the
    // caller's thread with the command's reply or its error.
    ReplyTask request(const balcao::Command &command);

    // A request id no other caller of this client has used; for matching replies to requests.
    QString nextRequestId();

    // The manager, living in the sessions' thread (null until opened()). Talk to it only with queued calls.
    SessionManager *manager() const { return m_manager; }
    // The profile's sealing key (empty until opened()), for stores that open their own connection.
    QByteArray sealingKey() const { return m_sealingKey; }
    // The profile's webhooks (null until opened()); reach the dispatcher with its post()/call().
    webhooks::WebhookService *webhooks() const { return m_webhooks; }

signals:
    void opened();
    void openFailed(const QString &code, const QString &message);
    void event(const balcao::Event &event);

private:
    QThread m_thread;
    QObject *m_context = nullptr; // lives in m_thread; owns the profile and the manager
    SessionManager *m_manager = nullptr;
    QByteArray m_sealingKey;
    webhooks::WebhookService *m_webhooks = nullptr;
    quint64 m_lastRequest = 0;
};

} // namespace balcao
