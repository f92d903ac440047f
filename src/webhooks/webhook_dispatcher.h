#pragma once

#include "circuit_breaker.h"
#include "retry_schedule.h"
#include "webhook_store.h"

#include <QObject>
#include <functional>
#include <map>
#include <memory>
#include <session/events.h>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace balcao::webhooks {

// What the API and the app show of a webhook besides its settings: how its endpoint is doing.
struct EndpointHealth {
    QString breaker; // "closed", "open", "half-open"
    int consecutiveFailures = 0;
    qint64 pausedUntilMs = 0; // when an open breaker lets the next probe go
};

// Turns sessions' events into signed HTTP POSTs to their webhooks (issue 7 "Webhooks"). Each event a
// session's webhook asks for is STORED as a delivery before anything is sent, so it survives a crash or a
// restart; then each endpoint gets its deliveries one at a time, strictly in order (a failing head holds
// back the ones behind it, as a receiver relying on order needs). A failure is retried on the RetrySchedule
// (then kept, and tried every few minutes and at every start), and a CircuitBreaker per endpoint pauses one
// that keeps failing. Delivery is at-least-once: a receiver drops repeats by X-Balcao-Delivery.
// Lives in a thread of its own (WebhookService); every method is called in that thread.
class WebhookDispatcher : public QObject {
    Q_OBJECT
public:
    struct Settings {
        RetrySchedule schedule;
        int breakerThreshold = 5;
        qint64 breakerPauseMs = 60000;
        int timeoutMs = 10000; // a receiver that has not answered by then failed this attempt
        int keepDelivered = 1000; // delivered entries kept in each session's log

        // The defaults, overridden by the test knobs BALCAO_WEBHOOK_BACKOFF_MS (first wait),
        // BALCAO_WEBHOOK_BACKOFF_MAX_MS, BALCAO_WEBHOOK_KEPT_MS, BALCAO_WEBHOOK_BREAKER_FAILURES,
        // BALCAO_WEBHOOK_BREAKER_PAUSE_MS and BALCAO_WEBHOOK_TIMEOUT_MS.
        static Settings fromEnvironment();
    };
    // Opens the store; called once, in the dispatcher's thread (a SQLite connection belongs to one thread).
    using StoreFactory = std::function<Result<std::unique_ptr<WebhookStore>>()>;
    static constexpr int kMaxEarlyEvents = 10000;

    WebhookDispatcher(Settings settings, StoreFactory storeFactory, QObject *parent = nullptr);
    ~WebhookDispatcher() override;

    // Opens the store and sends whatever was left undelivered, kept deliveries included.
    Result<void> start();

    // Validates and saves the session's webhook; answers it with its secret (a generated one when none was
    // given). Its queued deliveries go to the new URL; a new URL starts with a closed breaker.
    Result<Webhook> setWebhook(const Webhook &webhook);
    Result<std::optional<Webhook>> webhook(const QString &session);
    Result<bool> removeWebhook(const QString &session);
    Result<QList<Delivery>> deliveries(const QString &session, int limit);
    EndpointHealth health(const QString &session) const;

public slots:
    // Stores a delivery of `event` when its session's webhook asks for it, and sends it when its turn comes.
    // Events that come before start() wait for it (up to kMaxEarlyEvents), so the app may connect first.
    void post(const balcao::Event &event);

signals:
    // After each attempt, with what became of it (the app's delivery log refreshes on it).
    void attempted(const balcao::webhooks::Delivery &delivery);

private:
    struct Endpoint;

    Endpoint *endpoint(const QString &session) const;
    Endpoint &addEndpoint(const Webhook &webhook);
    void dropEndpoint(const QString &session);
    void pump(const QString &session);
    void send(Endpoint &endpoint, const Delivery &delivery);
    void onFinished(const QString &session, QNetworkReply *reply);
    Result<void> ensureStarted() const;

    Settings m_settings;
    StoreFactory m_storeFactory;
    std::unique_ptr<WebhookStore> m_store;
    QNetworkAccessManager *m_network = nullptr;
    std::map<QString, std::unique_ptr<Endpoint>> m_endpoints;
    int m_successesSincePrune = 0;
    QList<Event> m_early; // posted before start()
};

} // namespace balcao::webhooks
