#pragma once

#include "webhook.h"

#include <QList>
#include <optional>

namespace balcao::webhooks {

// Where webhooks and their deliveries are kept, so a delivery survives a restart: the dispatcher stores a
// delivery before it first tries to send it. SqliteWebhookStore (src/models) keeps them in the profile,
// MemoryWebhookStore in memory for tests. Used from one thread (the dispatcher's).
class WebhookStore {
public:
    virtual ~WebhookStore() = default;

    // Creates or replaces the session's webhook; its undelivered deliveries stay queued for the new URL.
    virtual Result<void> saveWebhook(const Webhook &webhook) = 0;
    virtual Result<std::optional<Webhook>> webhook(const QString &session) = 0;
    virtual Result<QList<Webhook>> webhooks() = 0;
    // Removes the webhook and every delivery of it (queued ones are not sent). False when there was none.
    virtual Result<bool> removeWebhook(const QString &session) = 0;

    // Stores a new delivery for a session that has a webhook (invalid-argument when it has none); answers it
    // with its `seq`.
    virtual Result<Delivery> enqueue(const Delivery &delivery) = 0;
    // The session's oldest delivery not yet delivered (pending or kept), if any.
    virtual Result<std::optional<Delivery>> nextUndelivered(const QString &session) = 0;
    // Records the outcome of an attempt: state, attempts, last error, response code and times, by `seq`. A
    // delivery removed meanwhile (with its webhook) is not an error: there is nothing left to record.
    virtual Result<void> recordAttempt(const Delivery &delivery) = 0;
    // Makes every undelivered delivery due at `nowMs` (at startup, kept deliveries are tried again at once).
    virtual Result<void> makeAllDue(qint64 nowMs) = 0;
    // The delivery log: the session's newest `limit` deliveries, newest first.
    virtual Result<QList<Delivery>> deliveries(const QString &session, int limit) = 0;
    // Forgets delivered deliveries of the session beyond its newest `keep` ones; answers how many went.
    virtual Result<int> pruneDelivered(const QString &session, int keep) = 0;
};

} // namespace balcao::webhooks
