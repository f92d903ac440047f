#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <errors.h>

// A session's webhook and its deliveries (issue 7 "Webhooks"; docs/architecture.md "Events and commands":
// a delivery's body is the event's JSON exactly as the headless runner and the API print it).
namespace balcao::webhooks {

// Where one session's events go, and which of them.
struct Webhook {
    QString session;
    QString url;
    QStringList events; // event names ("message", "message.status", …); empty = every event
    QString secret; // the HMAC-SHA256 key; never shown again after it is set
    qint64 createdAtMs = 0;
    qint64 updatedAtMs = 0;
    // A downloaded file rides along in its message.media delivery ("data", base64) when it is at most this
    // big; 0 = never (the receiver fetches it from GET …/media). At most kMaxIncludedMedia.
    qint64 includeMediaBytes = 0;

    bool wants(const QString &eventName) const { return events.isEmpty() || events.contains(eventName); }
    bool operator==(const Webhook &) const = default;
};

inline constexpr qint64 kMaxIncludedMedia = 16 * 1024 * 1024;

// Every event name a webhook may ask for (the event table of docs/architecture.md).
const QStringList &knownEvents();

// Checks what an integrator asked for: an absolute http(s) URL with a host, known event names (duplicates
// dropped, order kept), and a secret of 16 to 256 printable ASCII characters. An empty secret is replaced by
// a fresh random one; the caller shows it once. Errors are invalid-argument with a message saying what.
Result<Webhook> validatedWebhook(Webhook webhook);
// 32 random bytes, hex-encoded.
QString generateSecret();

// pending: being tried on the fast schedule; kept: the fast schedule ran out, tried again every few minutes
// and at startup; delivered: the receiver answered 2xx.
enum class DeliveryState { Pending, Kept, Delivered };
QString deliveryStateName(DeliveryState state);
std::optional<DeliveryState> deliveryStateFromString(QStringView text);

// One event to one webhook, and what became of it. `id` is stable across attempts (X-Balcao-Delivery) so a
// receiver can drop a delivery it already processed.
struct Delivery {
    qint64 seq = 0; // order of creation; deliveries of one session go out strictly in this order
    QString id;
    QString session;
    QString event;
    QByteArray body;
    DeliveryState state = DeliveryState::Pending;
    int attempts = 0;
    QString lastError;
    int responseCode = 0; // of the last attempt; 0 when no HTTP answer came
    qint64 createdAtMs = 0;
    qint64 lastAttemptAtMs = 0;
    qint64 nextAttemptAtMs = 0;
    qint64 deliveredAtMs = 0;

    bool operator==(const Delivery &) const = default;
};

} // namespace balcao::webhooks

Q_DECLARE_METATYPE(balcao::webhooks::Webhook)
Q_DECLARE_METATYPE(balcao::webhooks::Delivery)
