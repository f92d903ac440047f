#include "tst_webhook_store_suite.h"

#include <QTest>

using namespace balcao;
using namespace balcao::webhooks;

const QString WebhookStoreSuite::kSessionA = QStringLiteral("loja-centro");
const QString WebhookStoreSuite::kSessionB = QStringLiteral("loja-praia");

Webhook WebhookStoreSuite::webhookFor(const QString &session, const QStringList &events) {
    return Webhook {session, QStringLiteral("http://127.0.0.1:9/%1").arg(session), events,
        QStringLiteral("secret-of-%1-0123456789").arg(session), 1000, 1000};
}

Delivery WebhookStoreSuite::deliveryFor(const QString &session, const QString &id, qint64 createdAtMs) {
    Delivery d;
    d.id = id;
    d.session = session;
    d.event = QStringLiteral("message");
    d.body = QStringLiteral(R"({"event":"message","session":"%1","id":"%2","text":"Olá"})")
                 .arg(session, id)
                 .toUtf8();
    d.createdAtMs = createdAtMs;
    d.nextAttemptAtMs = createdAtMs;
    return d;
}

namespace {

QStringList idsOf(const QList<Delivery> &list) {
    QStringList out;
    for (const Delivery &d : list)
        out.append(d.id);
    return out;
}

} // namespace

void WebhookStoreSuite::savesReadsAndReplacesAWebhook() {
    WebhookStore &store = freshStore();
    QCOMPARE(store.webhook(kSessionA).value(), std::nullopt);
    const Webhook first
        = webhookFor(kSessionA, {QStringLiteral("message"), QStringLiteral("message.status")});
    const auto savedFirst = store.saveWebhook(first);
    QVERIFY2(savedFirst, qPrintable(savedFirst ? QString() : savedFirst.error().message));
    QCOMPARE(store.webhook(kSessionA).value(), std::optional<Webhook>(first));

    Webhook second = webhookFor(kSessionA);
    second.url = QStringLiteral("https://crm.example.com/hook");
    second.updatedAtMs = 2000;
    second.includeMediaBytes = 5 * 1024 * 1024; // files ride along up to 5 MiB
    const auto savedSecond = store.saveWebhook(second);
    QVERIFY2(savedSecond, qPrintable(savedSecond ? QString() : savedSecond.error().message));
    QCOMPARE(store.webhook(kSessionA).value(), std::optional<Webhook>(second));
    QCOMPARE(store.webhooks().value().size(), 1);
    QVERIFY(store.webhook(kSessionA).value()->events.isEmpty());
}

void WebhookStoreSuite::removesAWebhookWithItsDeliveries() {
    WebhookStore &store = freshStore();
    QVERIFY(store.saveWebhook(webhookFor(kSessionA)));
    QVERIFY(store.enqueue(deliveryFor(kSessionA, QStringLiteral("d1"), 1)));
    QCOMPARE(store.removeWebhook(kSessionA).value(), true);
    QCOMPARE(store.removeWebhook(kSessionA).value(), false);
    QCOMPARE(store.webhook(kSessionA).value(), std::nullopt);
    QVERIFY(store.deliveries(kSessionA, 10).value().isEmpty());
    QCOMPARE(store.nextUndelivered(kSessionA).value(), std::nullopt);
}

void WebhookStoreSuite::refusesDeliveriesWithoutAWebhook() {
    WebhookStore &store = freshStore();
    const auto stored = store.enqueue(deliveryFor(kSessionA, QStringLiteral("d1"), 1));
    QVERIFY(!stored);
    QCOMPARE(stored.error().code, QStringLiteral("invalid-argument"));
    QVERIFY(store.deliveries(kSessionA, 10).value().isEmpty());
}

void WebhookStoreSuite::queuesInOrderUntilDelivered() {
    WebhookStore &store = freshStore();
    QVERIFY(store.saveWebhook(webhookFor(kSessionA)));
    QList<Delivery> stored;
    for (const char *id : {"d1", "d2", "d3"}) {
        auto d = store.enqueue(deliveryFor(kSessionA, QString::fromLatin1(id), 5));
        QVERIFY(d);
        stored.append(*d);
    }
    QVERIFY(stored[0].seq < stored[1].seq && stored[1].seq < stored[2].seq);
    QCOMPARE(store.nextUndelivered(kSessionA).value()->id, QStringLiteral("d1"));

    Delivery first = stored[0];
    first.state = DeliveryState::Delivered;
    first.attempts = 1;
    QVERIFY(store.recordAttempt(first));
    QCOMPARE(store.nextUndelivered(kSessionA).value()->id, QStringLiteral("d2"));

    // A kept delivery is still undelivered and still holds the ones behind it.
    Delivery second = stored[1];
    second.state = DeliveryState::Kept;
    second.attempts = 7;
    QVERIFY(store.recordAttempt(second));
    QCOMPARE(store.nextUndelivered(kSessionA).value()->id, QStringLiteral("d2"));
    QCOMPARE(store.nextUndelivered(kSessionA).value()->state, DeliveryState::Kept);
}

void WebhookStoreSuite::keepsTheQueueWhenTheWebhookChanges() {
    WebhookStore &store = freshStore();
    QVERIFY(store.saveWebhook(webhookFor(kSessionA)));
    QVERIFY(store.enqueue(deliveryFor(kSessionA, QStringLiteral("d1"), 1)));
    Webhook moved = webhookFor(kSessionA);
    moved.url = QStringLiteral("http://127.0.0.1:10/new");
    QVERIFY(store.saveWebhook(moved));
    QCOMPARE(store.nextUndelivered(kSessionA).value()->id, QStringLiteral("d1"));
}

void WebhookStoreSuite::recordsEveryFieldOfAnAttempt() {
    WebhookStore &store = freshStore();
    QVERIFY(store.saveWebhook(webhookFor(kSessionA)));
    auto d = store.enqueue(deliveryFor(kSessionA, QStringLiteral("d1"), 100));
    QVERIFY(d);
    d->attempts = 3;
    d->state = DeliveryState::Pending;
    d->lastError = QStringLiteral("HTTP 503 Service Unavailable");
    d->responseCode = 503;
    d->lastAttemptAtMs = 4000;
    d->nextAttemptAtMs = 8000;
    QVERIFY(store.recordAttempt(*d));
    const auto log = store.deliveries(kSessionA, 1).value();
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.first(), *d);

    d->state = DeliveryState::Delivered;
    d->attempts = 4;
    d->lastError.clear();
    d->responseCode = 204;
    d->deliveredAtMs = 9000;
    d->nextAttemptAtMs = 0;
    QVERIFY(store.recordAttempt(*d));
    QCOMPARE(store.deliveries(kSessionA, 1).value().first(), *d);
    QCOMPARE(store.nextUndelivered(kSessionA).value(), std::nullopt);
}

void WebhookStoreSuite::recordingARemovedDeliveryIsHarmless() {
    WebhookStore &store = freshStore();
    QVERIFY(store.saveWebhook(webhookFor(kSessionA)));
    auto d = store.enqueue(deliveryFor(kSessionA, QStringLiteral("d1"), 1));
    QVERIFY(d);
    QVERIFY(store.removeWebhook(kSessionA).value());
    d->state = DeliveryState::Delivered;
    QVERIFY(store.recordAttempt(*d));
    QVERIFY(store.deliveries(kSessionA, 10).value().isEmpty());
}

void WebhookStoreSuite::makesUndeliveredDeliveriesDue() {
    WebhookStore &store = freshStore();
    QVERIFY(store.saveWebhook(webhookFor(kSessionA)));
    QList<Delivery> all;
    for (const char *id : {"d1", "d2", "d3"})
        all.append(store.enqueue(deliveryFor(kSessionA, QString::fromLatin1(id), 1)).value());
    all[0].state = DeliveryState::Delivered;
    all[0].nextAttemptAtMs = 0;
    all[1].state = DeliveryState::Kept;
    all[1].nextAttemptAtMs = 999999;
    all[2].nextAttemptAtMs = 555555;
    for (const Delivery &d : all)
        QVERIFY(store.recordAttempt(d));
    QVERIFY(store.makeAllDue(42));
    const auto log = store.deliveries(kSessionA, 10).value(); // newest first
    QCOMPARE(log[0].nextAttemptAtMs, qint64(42));
    QCOMPARE(log[1].nextAttemptAtMs, qint64(42));
    QCOMPARE(log[1].state, DeliveryState::Kept);
    QCOMPARE(log[2].nextAttemptAtMs, qint64(0));
}

void WebhookStoreSuite::logsNewestFirstUpToTheLimit() {
    WebhookStore &store = freshStore();
    QVERIFY(store.saveWebhook(webhookFor(kSessionA)));
    for (int i = 1; i <= 5; ++i)
        QVERIFY(store.enqueue(deliveryFor(kSessionA, QStringLiteral("d%1").arg(i), i)));
    QCOMPARE(idsOf(store.deliveries(kSessionA, 3).value()),
        (QStringList {QStringLiteral("d5"), QStringLiteral("d4"), QStringLiteral("d3")}));
    QCOMPARE(store.deliveries(kSessionA, 100).value().size(), 5);
    QVERIFY(store.deliveries(kSessionA, 0).value().isEmpty());
}

void WebhookStoreSuite::prunesOnlyTheOldestDelivered() {
    WebhookStore &store = freshStore();
    QVERIFY(store.saveWebhook(webhookFor(kSessionA)));
    QList<Delivery> all;
    for (int i = 1; i <= 6; ++i)
        all.append(store.enqueue(deliveryFor(kSessionA, QStringLiteral("d%1").arg(i), i)).value());
    // d1 pending (never prunable), d2..d5 delivered, d6 pending.
    for (int i = 1; i <= 4; ++i) {
        all[i].state = DeliveryState::Delivered;
        QVERIFY(store.recordAttempt(all[i]));
    }
    QCOMPARE(store.pruneDelivered(kSessionA, 2).value(), 2);
    QCOMPARE(idsOf(store.deliveries(kSessionA, 10).value()),
        (QStringList {
            QStringLiteral("d6"), QStringLiteral("d5"), QStringLiteral("d4"), QStringLiteral("d1")}));
    QCOMPARE(store.pruneDelivered(kSessionA, 2).value(), 0);
}

void WebhookStoreSuite::keepsSessionsApart() {
    WebhookStore &store = freshStore();
    QVERIFY(store.saveWebhook(webhookFor(kSessionA)));
    QVERIFY(store.saveWebhook(webhookFor(kSessionB)));
    QVERIFY(store.enqueue(deliveryFor(kSessionA, QStringLiteral("a1"), 1)));
    QVERIFY(store.enqueue(deliveryFor(kSessionB, QStringLiteral("b1"), 2)));
    QCOMPARE(store.nextUndelivered(kSessionA).value()->id, QStringLiteral("a1"));
    QCOMPARE(store.nextUndelivered(kSessionB).value()->id, QStringLiteral("b1"));
    QCOMPARE(idsOf(store.deliveries(kSessionB, 10).value()), QStringList {QStringLiteral("b1")});
    QVERIFY(store.removeWebhook(kSessionA).value());
    QCOMPARE(store.nextUndelivered(kSessionB).value()->id, QStringLiteral("b1"));
    QCOMPARE(store.webhooks().value().size(), 1);
}
