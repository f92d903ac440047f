#include "memory_webhook_store.h"

namespace balcao::webhooks {

Result<void> MemoryWebhookStore::saveWebhook(const Webhook &webhook) {
    m_webhooks.insert(webhook.session, webhook);
    return {};
}

Result<std::optional<Webhook>> MemoryWebhookStore::webhook(const QString &session) {
    const auto it = m_webhooks.constFind(session);
    if (it == m_webhooks.cend())
        return std::optional<Webhook>();
    return std::optional<Webhook>(*it);
}

Result<QList<Webhook>> MemoryWebhookStore::webhooks() {
    return m_webhooks.values();
}

Result<bool> MemoryWebhookStore::removeWebhook(const QString &session) {
    if (!m_webhooks.remove(session))
        return false;
    std::erase_if(m_deliveries, [&](const auto &entry) { return entry.second.session == session; });
    return true;
}

Result<Delivery> MemoryWebhookStore::enqueue(const Delivery &delivery) {
    if (!m_webhooks.contains(delivery.session))
        return makeError(
            errc::kInvalidArgument, QStringLiteral("The session %1 has no webhook.").arg(delivery.session));
    Delivery stored = delivery;
    stored.seq = m_nextSeq++;
    m_deliveries.emplace(stored.seq, stored);
    return stored;
}

Result<std::optional<Delivery>> MemoryWebhookStore::nextUndelivered(const QString &session) {
    for (const auto &[seq, d] : m_deliveries) {
        if (d.session == session && d.state != DeliveryState::Delivered)
            return std::optional<Delivery>(d);
    }
    return std::optional<Delivery>();
}

Result<void> MemoryWebhookStore::recordAttempt(const Delivery &delivery) {
    const auto it = m_deliveries.find(delivery.seq);
    // A delivery that went with its webhook has nothing left to record.
    if (it != m_deliveries.end())
        it->second = delivery;
    return {};
}

Result<void> MemoryWebhookStore::makeAllDue(qint64 nowMs) {
    for (auto &[seq, d] : m_deliveries) {
        if (d.state != DeliveryState::Delivered)
            d.nextAttemptAtMs = nowMs;
    }
    return {};
}

Result<QList<Delivery>> MemoryWebhookStore::deliveries(const QString &session, int limit) {
    QList<Delivery> out;
    for (auto it = m_deliveries.crbegin(); it != m_deliveries.crend() && out.size() < limit; ++it) {
        if (it->second.session == session)
            out.append(it->second);
    }
    return out;
}

Result<int> MemoryWebhookStore::pruneDelivered(const QString &session, int keep) {
    int seen = 0;
    QList<qint64> doomed;
    for (auto it = m_deliveries.crbegin(); it != m_deliveries.crend(); ++it) {
        if (it->second.session != session || it->second.state != DeliveryState::Delivered)
            continue;
        if (++seen > keep)
            doomed.append(it->first);
    }
    for (const qint64 seq : doomed)
        m_deliveries.erase(seq);
    return int(doomed.size());
}

} // namespace balcao::webhooks
