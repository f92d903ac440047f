#pragma once

#include "webhook_store.h"

#include <QMap>
#include <map>

namespace balcao::webhooks {

// WebhookStore in memory, for tests of the dispatcher and the routes.
class MemoryWebhookStore final : public WebhookStore {
public:
    Result<void> saveWebhook(const Webhook &webhook) override;
    Result<std::optional<Webhook>> webhook(const QString &session) override;
    Result<QList<Webhook>> webhooks() override;
    Result<bool> removeWebhook(const QString &session) override;

    Result<Delivery> enqueue(const Delivery &delivery) override;
    Result<std::optional<Delivery>> nextUndelivered(const QString &session) override;
    Result<void> recordAttempt(const Delivery &delivery) override;
    Result<void> makeAllDue(qint64 nowMs) override;
    Result<QList<Delivery>> deliveries(const QString &session, int limit) override;
    Result<int> pruneDelivered(const QString &session, int keep) override;

private:
    QMap<QString, Webhook> m_webhooks;
    std::map<qint64, Delivery> m_deliveries; // by seq
    qint64 m_nextSeq = 1;
};

} // namespace balcao::webhooks
