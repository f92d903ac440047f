#include "sqlite_webhook_store.h"

#include "sealed_box.h"
#include "sealing_key.h"

#include <QSqlError>

namespace balcao::models {

using webhooks::Delivery;
using webhooks::DeliveryState;
using webhooks::Webhook;

namespace {

#define BALCAO_DELIVERY_COLUMNS                                                                              \
    "seq, id, session_id, event, body, state, attempts, last_error, response_code, created_at, "             \
    "last_attempt_at, next_attempt_at, delivered_at"

// Qt binds a null QString as SQL NULL; our text columns are NOT NULL and hold '' for "none".
QString text(const QString &value) {
    return value.isNull() ? QStringLiteral("") : value;
}

// A sealed secret in the `secret` column: this prefix, then the sealed bytes in base64. Anything else is a
// secret an earlier version stored in the clear.
constexpr QLatin1String kSealedPrefix("sealed:");

QByteArray secretContext(const QString &session) {
    return QByteArrayLiteral("webhook-secret:") + session.toUtf8();
}

Result<Delivery> readDelivery(const QSqlQuery &q) {
    Delivery d;
    d.seq = q.value(0).toLongLong();
    d.id = q.value(1).toString();
    d.session = q.value(2).toString();
    d.event = q.value(3).toString();
    d.body = q.value(4).toByteArray();
    const QString state = q.value(5).toString();
    const auto parsed = webhooks::deliveryStateFromString(state);
    if (!parsed) {
        return makeError(errc::kStorageCorrupt,
            QStringLiteral("Delivery %1 has an unknown state \"%2\".").arg(d.id, state));
    }
    d.state = *parsed;
    d.attempts = q.value(6).toInt();
    d.lastError = q.value(7).toString();
    d.responseCode = q.value(8).toInt();
    d.createdAtMs = q.value(9).toLongLong();
    d.lastAttemptAtMs = q.value(10).toLongLong();
    d.nextAttemptAtMs = q.value(11).toLongLong();
    d.deliveredAtMs = q.value(12).toLongLong();
    return d;
}

Result<QList<Delivery>> readDeliveries(QSqlQuery &q) {
    QList<Delivery> out;
    while (q.next()) {
        auto d = readDelivery(q);
        if (!d)
            return d.error();
        out.append(std::move(*d));
    }
    return out;
}

} // namespace

SqliteWebhookStore::SqliteWebhookStore(const Database &database, QByteArray sealingKey)
    : m_connectionName(database.connectionName())
    , m_key(std::move(sealingKey)) {
    Q_ASSERT(m_key.size() == SealingKey::kSize);
}

QString SqliteWebhookStore::sealSecret(const QString &session, const QString &secret) const {
    return kSealedPrefix
        + QString::fromLatin1(seal(m_key, secret.toUtf8(), secretContext(session)).toBase64());
}

Result<Webhook> SqliteWebhookStore::readWebhook(const QSqlQuery &q) const {
    Webhook w;
    w.session = q.value(0).toString();
    w.url = q.value(1).toString();
    w.events = q.value(2).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const QString stored = q.value(3).toString();
    if (stored.startsWith(kSealedPrefix)) {
        const QByteArray sealed = QByteArray::fromBase64(stored.mid(kSealedPrefix.size()).toLatin1());
        auto secret = unseal(m_key, sealed, secretContext(w.session));
        if (!secret) {
            return Error {secret.error().code,
                QStringLiteral("The webhook secret of %1 cannot be opened: %2")
                    .arg(w.session, secret.error().message)};
        }
        w.secret = QString::fromUtf8(*secret);
    } else {
        w.secret = stored;
    }
    w.createdAtMs = q.value(4).toLongLong();
    w.updatedAtMs = q.value(5).toLongLong();
    w.includeMediaBytes = q.value(6).toLongLong();
    return w;
}

Result<void> SqliteWebhookStore::sealPlainSecrets() {
    auto q = run(QStringLiteral("SELECT session_id, secret FROM webhooks"), {},
        QStringLiteral("Cannot read the webhooks"));
    if (!q)
        return q.error();
    QList<std::pair<QString, QString>> plain;
    while (q->next()) {
        if (!q->value(1).toString().startsWith(kSealedPrefix))
            plain.append({q->value(0).toString(), q->value(1).toString()});
    }
    q->finish();
    for (const auto &[session, secret] : std::as_const(plain)) {
        auto sealed = run(
            QStringLiteral("UPDATE webhooks SET secret = ? WHERE session_id = ? AND secret = ?"),
            {sealSecret(session, secret), session, secret}, QStringLiteral("Cannot seal a webhook secret"));
        if (!sealed)
            return sealed.error();
    }
    return {};
}

SqliteWebhookStore::~SqliteWebhookStore() = default;

Result<std::unique_ptr<webhooks::WebhookStore>> SqliteWebhookStore::open(
    const QString &path, const QString &connectionName, const QByteArray &sealingKey) {
    if (sealingKey.size() != SealingKey::kSize)
        return makeError(errc::kKeyUnavailable, QStringLiteral("Webhooks need the profile's sealing key."));
    auto database = Database::open(path, connectionName);
    if (!database)
        return database.error();
    auto store = std::make_unique<SqliteWebhookStore>(*database, sealingKey);
    store->m_owned.emplace(std::move(*database));
    if (auto sealed = store->sealPlainSecrets(); !sealed)
        return sealed.error();
    return std::unique_ptr<webhooks::WebhookStore>(std::move(store));
}

Result<QSqlQuery> SqliteWebhookStore::run(
    const QString &sql, std::initializer_list<QVariant> values, const QString &what) {
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.prepare(sql))
        return makeError(errc::kStorageFailed, QStringLiteral("%1: %2").arg(what, query.lastError().text()));
    int index = 0;
    for (const QVariant &value : values)
        query.bindValue(index++, value);
    if (!query.exec())
        return makeError(errc::kStorageFailed, QStringLiteral("%1: %2").arg(what, query.lastError().text()));
    return query;
}

Result<void> SqliteWebhookStore::saveWebhook(const Webhook &webhook) {
    // A webhook belongs to a session; say so plainly instead of as a foreign-key failure.
    auto exists = run(QStringLiteral("SELECT 1 FROM sessions WHERE id = ?"), {webhook.session},
        QStringLiteral("Cannot look up the session"));
    if (!exists)
        return exists.error();
    const bool known = exists->next();
    // A statement left open keeps a read transaction, and its upgrade to a write can fail at once with
    // "database is locked" when another connection wrote meanwhile; finish it first.
    exists->finish();
    if (!known)
        return makeError(
            errc::kUnknownSession, QStringLiteral("There is no session %1.").arg(webhook.session));
    // An upsert, not INSERT OR REPLACE: a replace deletes the row first, and the cascade would take the
    // queued deliveries with it.
    auto saved = run(
        QStringLiteral("INSERT INTO webhooks(session_id, url, events, secret, created_at, updated_at, "
                       "include_media) VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(session_id) DO UPDATE SET "
                       "url = excluded.url, events = excluded.events, secret = excluded.secret, "
                       "updated_at = excluded.updated_at, include_media = excluded.include_media"),
        {webhook.session, webhook.url, text(webhook.events.join(QLatin1Char(' '))),
            sealSecret(webhook.session, webhook.secret), webhook.createdAtMs, webhook.updatedAtMs,
            webhook.includeMediaBytes},
        QStringLiteral("Cannot save the webhook"));
    if (!saved)
        return saved.error();
    return {};
}

Result<std::optional<Webhook>> SqliteWebhookStore::webhook(const QString &session) {
    auto q
        = run(QStringLiteral("SELECT session_id, url, events, secret, created_at, updated_at, include_media "
                             "FROM webhooks WHERE session_id = ?"),
            {session}, QStringLiteral("Cannot read the webhook"));
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<Webhook>();
    auto w = readWebhook(*q);
    if (!w)
        return w.error();
    return std::optional<Webhook>(std::move(*w));
}

Result<QList<Webhook>> SqliteWebhookStore::webhooks() {
    auto q
        = run(QStringLiteral("SELECT session_id, url, events, secret, created_at, updated_at, include_media "
                             "FROM webhooks ORDER BY session_id"),
            {}, QStringLiteral("Cannot read the webhooks"));
    if (!q)
        return q.error();
    QList<Webhook> out;
    while (q->next()) {
        auto w = readWebhook(*q);
        if (!w)
            return w.error();
        out.append(std::move(*w));
    }
    return out;
}

Result<bool> SqliteWebhookStore::removeWebhook(const QString &session) {
    auto q = run(QStringLiteral("DELETE FROM webhooks WHERE session_id = ?"), {session},
        QStringLiteral("Cannot remove the webhook"));
    if (!q)
        return q.error();
    return q->numRowsAffected() > 0;
}

Result<Delivery> SqliteWebhookStore::enqueue(const Delivery &delivery) {
    auto has = webhook(delivery.session);
    if (!has)
        return has.error();
    if (!*has) {
        return makeError(
            errc::kInvalidArgument, QStringLiteral("The session %1 has no webhook.").arg(delivery.session));
    }
    auto q
        = run(QStringLiteral("INSERT INTO webhook_deliveries(id, session_id, event, body, state, attempts, "
                             "last_error, response_code, created_at, last_attempt_at, next_attempt_at, "
                             "delivered_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {delivery.id, delivery.session, delivery.event, delivery.body,
                webhooks::deliveryStateName(delivery.state), delivery.attempts, text(delivery.lastError),
                delivery.responseCode, delivery.createdAtMs, delivery.lastAttemptAtMs,
                delivery.nextAttemptAtMs, delivery.deliveredAtMs},
            QStringLiteral("Cannot store the delivery"));
    if (!q)
        return q.error();
    Delivery stored = delivery;
    stored.seq = q->lastInsertId().toLongLong();
    return stored;
}

Result<std::optional<Delivery>> SqliteWebhookStore::nextUndelivered(const QString &session) {
    auto q = run(QStringLiteral("SELECT " BALCAO_DELIVERY_COLUMNS " FROM webhook_deliveries "
                                "WHERE session_id = ? AND state != 'delivered' ORDER BY seq LIMIT 1"),
        {session}, QStringLiteral("Cannot read the delivery queue"));
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<Delivery>();
    auto d = readDelivery(*q);
    if (!d)
        return d.error();
    return std::optional<Delivery>(std::move(*d));
}

Result<void> SqliteWebhookStore::recordAttempt(const Delivery &d) {
    auto q
        = run(QStringLiteral("UPDATE webhook_deliveries SET state = ?, attempts = ?, last_error = ?, "
                             "response_code = ?, last_attempt_at = ?, next_attempt_at = ?, delivered_at = ? "
                             "WHERE seq = ?"),
            {webhooks::deliveryStateName(d.state), d.attempts, text(d.lastError), d.responseCode,
                d.lastAttemptAtMs, d.nextAttemptAtMs, d.deliveredAtMs, d.seq},
            QStringLiteral("Cannot record the delivery attempt"));
    if (!q)
        return q.error();
    return {};
}

Result<void> SqliteWebhookStore::makeAllDue(qint64 nowMs) {
    auto q
        = run(QStringLiteral("UPDATE webhook_deliveries SET next_attempt_at = ? WHERE state != 'delivered'"),
            {nowMs}, QStringLiteral("Cannot reschedule the deliveries"));
    if (!q)
        return q.error();
    return {};
}

Result<QList<Delivery>> SqliteWebhookStore::deliveries(const QString &session, int limit) {
    auto q = run(
        QStringLiteral("SELECT " BALCAO_DELIVERY_COLUMNS " FROM webhook_deliveries WHERE session_id = ? "
                       "ORDER BY seq DESC LIMIT ?"),
        {session, limit}, QStringLiteral("Cannot read the delivery log"));
    if (!q)
        return q.error();
    return readDeliveries(*q);
}

Result<int> SqliteWebhookStore::pruneDelivered(const QString &session, int keep) {
    auto q = run(QStringLiteral("DELETE FROM webhook_deliveries WHERE session_id = ? AND state = 'delivered' "
                                "AND seq NOT IN (SELECT seq FROM webhook_deliveries WHERE session_id = ? AND "
                                "state = 'delivered' ORDER BY seq DESC LIMIT ?)"),
        {session, session, keep}, QStringLiteral("Cannot prune the delivery log"));
    if (!q)
        return q.error();
    return q->numRowsAffected();
}

#undef BALCAO_DELIVERY_COLUMNS

} // namespace balcao::models
