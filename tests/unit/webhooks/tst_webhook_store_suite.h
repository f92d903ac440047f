#pragma once

#include <QObject>
#include <webhook_store.h>

// The behaviour every WebhookStore must show, written once and run against each implementation: a test
// derives from WebhookStoreSuite and returns an empty store from freshStore() in which the sessions
// kSessionA and kSessionB exist.
class WebhookStoreSuite : public QObject {
    Q_OBJECT
public:
    static const QString kSessionA;
    static const QString kSessionB;

    static balcao::webhooks::Webhook webhookFor(const QString &session, const QStringList &events = {});
    static balcao::webhooks::Delivery deliveryFor(
        const QString &session, const QString &id, qint64 createdAtMs);

protected:
    // An empty store, valid until the next call.
    virtual balcao::webhooks::WebhookStore &freshStore() = 0;

private slots:
    void savesReadsAndReplacesAWebhook();
    void removesAWebhookWithItsDeliveries();
    void refusesDeliveriesWithoutAWebhook();
    void queuesInOrderUntilDelivered();
    void keepsTheQueueWhenTheWebhookChanges();
    void recordsEveryFieldOfAnAttempt();
    void recordingARemovedDeliveryIsHarmless();
    void makesUndeliveredDeliveriesDue();
    void logsNewestFirstUpToTheLimit();
    void prunesOnlyTheOldestDelivered();
    void keepsSessionsApart();
};
