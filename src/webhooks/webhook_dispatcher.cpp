#include "webhook_dispatcher.h"

#include "signer.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUuid>
#include <utility>

namespace balcao::webhooks {

// A downloaded file in its delivery, when the webhook asked for files of that size ("data", base64).
void includeFile(const MediaEvent &media, qint64 upTo, QJsonObject &body) {
    if (upTo <= 0 || media.state != QLatin1String("downloaded") || media.path.isEmpty())
        return;
    QFile file(media.path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > upTo)
        return;
    body.insert(QStringLiteral("data"), QString::fromLatin1(file.readAll().toBase64()));
}

Q_LOGGING_CATEGORY(lcWebhooks, "balcao.webhooks")

namespace {

qint64 now() {
    return QDateTime::currentMSecsSinceEpoch();
}

qint64 knob(const char *name, qint64 fallback) {
    bool ok = false;
    const qint64 value = qEnvironmentVariable(name).toLongLong(&ok);
    return ok && value > 0 ? value : fallback;
}

QString sessionOf(const Event &event) {
    return std::visit([](const auto &e) { return e.session; }, event);
}

// How long a store that failed is left before the queue is looked at again.
constexpr int kStoreRetryMs = 1000;

} // namespace

WebhookDispatcher::Settings WebhookDispatcher::Settings::fromEnvironment() {
    Settings s;
    s.schedule = RetrySchedule(knob("BALCAO_WEBHOOK_BACKOFF_MS", 1000),
        knob("BALCAO_WEBHOOK_BACKOFF_MAX_MS", 30000), knob("BALCAO_WEBHOOK_KEPT_MS", 5 * 60 * 1000));
    s.breakerThreshold = int(knob("BALCAO_WEBHOOK_BREAKER_FAILURES", 5));
    s.breakerPauseMs = knob("BALCAO_WEBHOOK_BREAKER_PAUSE_MS", 60000);
    s.timeoutMs = int(knob("BALCAO_WEBHOOK_TIMEOUT_MS", 10000));
    return s;
}

// One session's webhook as the dispatcher runs it: at most one attempt in flight, a timer for the next.
struct WebhookDispatcher::Endpoint {
    Webhook webhook;
    CircuitBreaker breaker;
    QTimer *timer = nullptr;
    QNetworkReply *reply = nullptr;
    Delivery inFlight;
};

WebhookDispatcher::WebhookDispatcher(Settings settings, StoreFactory storeFactory, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_storeFactory(std::move(storeFactory)) { }

WebhookDispatcher::~WebhookDispatcher() {
    for (auto &[session, endpoint] : m_endpoints) {
        if (endpoint->reply) {
            endpoint->reply->disconnect(this);
            endpoint->reply->abort();
        }
    }
}

Result<void> WebhookDispatcher::ensureStarted() const {
    if (m_store)
        return {};
    return makeError(errc::kStorageFailed, QStringLiteral("The webhook store is not open."));
}

Result<void> WebhookDispatcher::start() {
    if (m_store)
        return {};
    auto store = m_storeFactory();
    if (!store)
        return store.error();
    m_store = std::move(*store);
    m_network = new QNetworkAccessManager(this);
    auto all = m_store->webhooks();
    if (!all)
        return all.error();
    // Kept deliveries are tried again at every start: the receiver may have come back while we were away.
    if (auto due = m_store->makeAllDue(now()); !due)
        return due.error();
    for (const Webhook &webhook : std::as_const(*all))
        addEndpoint(webhook);
    for (const Webhook &webhook : std::as_const(*all))
        pump(webhook.session);
    for (const Event &event : std::exchange(m_early, {}))
        post(event);
    return {};
}

WebhookDispatcher::Endpoint *WebhookDispatcher::endpoint(const QString &session) const {
    const auto it = m_endpoints.find(session);
    return it == m_endpoints.end() ? nullptr : it->second.get();
}

WebhookDispatcher::Endpoint &WebhookDispatcher::addEndpoint(const Webhook &webhook) {
    auto &slot = m_endpoints[webhook.session];
    if (!slot) {
        slot = std::make_unique<Endpoint>();
        slot->breaker = CircuitBreaker(m_settings.breakerThreshold, m_settings.breakerPauseMs);
        slot->timer = new QTimer(this);
        slot->timer->setSingleShot(true);
        connect(slot->timer, &QTimer::timeout, this, [this, session = webhook.session] { pump(session); });
    } else if (slot->webhook.url != webhook.url) {
        slot->breaker = CircuitBreaker(m_settings.breakerThreshold, m_settings.breakerPauseMs);
    }
    slot->webhook = webhook;
    return *slot;
}

void WebhookDispatcher::dropEndpoint(const QString &session) {
    const auto it = m_endpoints.find(session);
    if (it == m_endpoints.end())
        return;
    Endpoint &endpoint = *it->second;
    if (endpoint.reply) {
        endpoint.reply->disconnect(this);
        endpoint.reply->abort();
        endpoint.reply->deleteLater();
    }
    delete endpoint.timer;
    m_endpoints.erase(it);
}

Result<Webhook> WebhookDispatcher::setWebhook(const Webhook &requested) {
    if (auto started = ensureStarted(); !started)
        return started.error();
    auto webhook = validatedWebhook(requested);
    if (!webhook)
        return webhook.error();
    const qint64 t = now();
    auto existing = m_store->webhook(webhook->session);
    if (!existing)
        return existing.error();
    webhook->createdAtMs = *existing ? (*existing)->createdAtMs : t;
    webhook->updatedAtMs = t;
    if (auto saved = m_store->saveWebhook(*webhook); !saved)
        return saved.error();
    addEndpoint(*webhook);
    pump(webhook->session);
    return *webhook;
}

Result<std::optional<Webhook>> WebhookDispatcher::webhook(const QString &session) {
    if (auto started = ensureStarted(); !started)
        return started.error();
    return m_store->webhook(session);
}

Result<bool> WebhookDispatcher::removeWebhook(const QString &session) {
    if (auto started = ensureStarted(); !started)
        return started.error();
    auto removed = m_store->removeWebhook(session);
    if (removed)
        dropEndpoint(session);
    return removed;
}

Result<QList<Delivery>> WebhookDispatcher::deliveries(const QString &session, int limit) {
    if (auto started = ensureStarted(); !started)
        return started.error();
    return m_store->deliveries(session, limit);
}

EndpointHealth WebhookDispatcher::health(const QString &session) const {
    const Endpoint *ep = endpoint(session);
    if (!ep)
        return {};
    const qint64 t = now();
    const auto state = ep->breaker.state(t);
    return {CircuitBreaker::stateName(state), ep->breaker.consecutiveFailures(),
        state == CircuitBreaker::State::Open ? ep->breaker.allowedAtMs() : 0};
}

void WebhookDispatcher::post(const Event &event) {
    if (!m_store) {
        if (m_early.size() < kMaxEarlyEvents)
            m_early.append(event);
        return;
    }
    const QString session = sessionOf(event);
    if (const auto *s = std::get_if<SessionEvent>(&event); s && s->removed) {
        // The session's rows went with it (foreign keys); the endpoint goes too.
        if (auto removed = m_store->removeWebhook(session); !removed)
            qCWarning(lcWebhooks) << "cannot forget the webhook of" << session << removed.error().message;
        dropEndpoint(session);
        return;
    }
    Endpoint *ep = endpoint(session);
    const QString name = eventName(event);
    if (!ep || !ep->webhook.wants(name))
        return;
    const qint64 t = now();
    Delivery delivery;
    delivery.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    delivery.session = session;
    delivery.event = name;
    QJsonObject body = toJson(event, t);
    if (const auto *media = std::get_if<MediaEvent>(&event))
        includeFile(*media, ep->webhook.includeMediaBytes, body);
    delivery.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    delivery.createdAtMs = t;
    delivery.nextAttemptAtMs = t;
    if (auto stored = m_store->enqueue(delivery); !stored) {
        // Nothing was promised to anyone yet; the event is lost for this webhook, and the log says why.
        qCWarning(lcWebhooks) << "cannot store a delivery for" << session << stored.error().message;
        return;
    }
    pump(session);
}

void WebhookDispatcher::pump(const QString &session) {
    Endpoint *ep = endpoint(session);
    if (!ep || ep->reply)
        return;
    auto next = m_store->nextUndelivered(session);
    if (!next) {
        qCWarning(lcWebhooks) << "cannot read the queue of" << session << next.error().message;
        ep->timer->start(kStoreRetryMs);
        return;
    }
    if (!*next)
        return;
    const qint64 t = now();
    const qint64 due = std::max((*next)->nextAttemptAtMs, ep->breaker.allowedAtMs());
    if (due > t) {
        ep->timer->start(int(std::min<qint64>(due - t, std::numeric_limits<int>::max())));
        return;
    }
    send(*ep, **next);
}

void WebhookDispatcher::send(Endpoint &ep, const Delivery &delivery) {
    ep.timer->stop();
    ep.inFlight = delivery;
    QNetworkRequest request {QUrl(ep.webhook.url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Balcao-Webhooks/1"));
    // A redirect is a failure, not a new destination: the integrator configured this URL, nothing else.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(m_settings.timeoutMs);
    const qint64 seconds = now() / 1000;
    for (const auto &[name, value] : Signer::headers(
             ep.webhook.secret, delivery.event, delivery.id, delivery.attempts + 1, seconds, delivery.body))
        request.setRawHeader(name, value);
    QNetworkReply *reply = m_network->post(request, delivery.body);
    ep.reply = reply;
    connect(reply, &QNetworkReply::finished, this,
        [this, session = delivery.session, reply] { onFinished(session, reply); });
}

void WebhookDispatcher::onFinished(const QString &session, QNetworkReply *reply) {
    reply->deleteLater();
    Endpoint *ep = endpoint(session);
    if (!ep || ep->reply != reply)
        return;
    ep->reply = nullptr;
    const qint64 t = now();
    const int code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool ok = code >= 200 && code < 300 && reply->error() == QNetworkReply::NoError;
    Delivery d = ep->inFlight;
    d.attempts += 1;
    d.lastAttemptAtMs = t;
    d.responseCode = code;
    if (ok) {
        d.state = DeliveryState::Delivered;
        d.deliveredAtMs = t;
        d.nextAttemptAtMs = 0;
        d.lastError.clear();
        ep->breaker.recordSuccess();
    } else {
        if (code != 0) {
            const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
            d.lastError = QStringLiteral("HTTP %1 %2").arg(code).arg(reason).trimmed();
        } else {
            d.lastError = reply->errorString();
        }
        ep->breaker.recordFailure(t);
        const auto delay = m_settings.schedule.delayAfter(d.attempts);
        if (d.state == DeliveryState::Kept || !delay) {
            d.state = DeliveryState::Kept;
            d.nextAttemptAtMs = t + m_settings.schedule.keptIntervalMs();
        } else {
            d.nextAttemptAtMs = t + *delay;
        }
    }
    if (auto recorded = m_store->recordAttempt(d); !recorded) {
        qCWarning(lcWebhooks) << "cannot record delivery" << d.id << recorded.error().message;
        // Without the record the same delivery would go again at once; wait as after a failure instead.
        ep->timer->start(kStoreRetryMs);
        emit attempted(d);
        return;
    }
    if (ok && ++m_successesSincePrune >= 100) {
        m_successesSincePrune = 0;
        for (const auto &[name, other] : m_endpoints)
            (void)m_store->pruneDelivered(name, m_settings.keepDelivered);
    }
    emit attempted(d);
    pump(session);
}

} // namespace balcao::webhooks
