#pragma once

#include "database.h"

#include <QSqlQuery>
#include <webhook_store.h>

namespace balcao::models {

// WebhookStore on the profile's SQLite database (migration 06-webhooks.sql). Each write is one statement or
// one transaction, committed before the call returns, so a delivery stored is a delivery that survives.
// Signing secrets are sealed with the profile's key (sealed_box.h), like the Signal keys: a copied database
// file does not give away what receivers trust. Lives in the thread that owns its database connection (the
// webhook dispatcher's).
class SqliteWebhookStore final : public webhooks::WebhookStore {
public:
    // Uses `database`, which must outlive the store; `sealingKey` is the profile's (SealingKey::kSize bytes).
    SqliteWebhookStore(const Database &database, QByteArray sealingKey);
    // Opens its own connection to the profile file at `path` and keeps it (for the dispatcher's thread).
    // Secrets stored in the clear by an earlier version are sealed there and then.
    static Result<std::unique_ptr<webhooks::WebhookStore>> open(
        const QString &path, const QString &connectionName, const QByteArray &sealingKey);
    ~SqliteWebhookStore() override;

    Result<void> saveWebhook(const webhooks::Webhook &webhook) override;
    Result<std::optional<webhooks::Webhook>> webhook(const QString &session) override;
    Result<QList<webhooks::Webhook>> webhooks() override;
    Result<bool> removeWebhook(const QString &session) override;

    Result<webhooks::Delivery> enqueue(const webhooks::Delivery &delivery) override;
    Result<std::optional<webhooks::Delivery>> nextUndelivered(const QString &session) override;
    Result<void> recordAttempt(const webhooks::Delivery &delivery) override;
    Result<void> makeAllDue(qint64 nowMs) override;
    Result<QList<webhooks::Delivery>> deliveries(const QString &session, int limit) override;
    Result<int> pruneDelivered(const QString &session, int keep) override;

private:
    Result<QSqlQuery> run(const QString &sql, std::initializer_list<QVariant> values, const QString &what);
    Result<webhooks::Webhook> readWebhook(const QSqlQuery &query) const;
    QString sealSecret(const QString &session, const QString &secret) const;
    Result<void> sealPlainSecrets();

    std::optional<Database> m_owned;
    QString m_connectionName;
    QByteArray m_key;
};

} // namespace balcao::models
