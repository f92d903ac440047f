#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace balcao::webhooks {

// Signs a delivery so its receiver can tell it came from this Balcão and was not replayed much later:
// HMAC-SHA256, keyed with the webhook's secret (its UTF-8 bytes), over "<timestamp>.<body>" where the
// timestamp is the attempt's time in whole seconds since the epoch, sent as X-Balcao-Timestamp. The same
// scheme as Stripe's and GitHub's webhooks, so receivers know how to check it: recompute, compare in
// constant time, and refuse timestamps older than a few minutes.
class Signer {
public:
    static constexpr char kTimestampHeader[] = "X-Balcao-Timestamp";
    static constexpr char kSignatureHeader[] = "X-Balcao-Signature";
    static constexpr char kDeliveryHeader[] = "X-Balcao-Delivery";
    static constexpr char kEventHeader[] = "X-Balcao-Event";
    static constexpr char kAttemptHeader[] = "X-Balcao-Attempt";

    // "sha256=<64 lowercase hex digits>".
    static QByteArray signature(const QString &secret, qint64 timestampSeconds, const QByteArray &body);
    // Whether `signature` (the header's value) is right for this body and timestamp; compares in constant
    // time.
    static bool verify(
        const QString &secret, qint64 timestampSeconds, const QByteArray &body, const QByteArray &signature);

    // Every header of one attempt, in order: event, delivery id, attempt number, timestamp, signature.
    static QList<QPair<QByteArray, QByteArray>> headers(const QString &secret, const QString &event,
        const QString &deliveryId, int attempt, qint64 timestampSeconds, const QByteArray &body);
};

} // namespace balcao::webhooks
