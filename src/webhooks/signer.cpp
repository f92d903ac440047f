#include "signer.h"

#include <crypto/crypto.h>

namespace balcao::webhooks {

QByteArray Signer::signature(const QString &secret, qint64 timestampSeconds, const QByteArray &body) {
    const QByteArray signed_ = QByteArray::number(timestampSeconds) + '.' + body;
    return "sha256=" + crypto::hmacSha256(secret.toUtf8(), signed_).toHex();
}

bool Signer::verify(
    const QString &secret, qint64 timestampSeconds, const QByteArray &body, const QByteArray &signature) {
    const QByteArray expected = Signer::signature(secret, timestampSeconds, body);
    if (signature.size() != expected.size())
        return false;
    // Constant time: a receiver-side timing leak would let a forger learn the signature byte by byte.
    unsigned char diff = 0;
    for (qsizetype i = 0; i < expected.size(); ++i)
        diff |= static_cast<unsigned char>(expected.at(i) ^ signature.at(i));
    return diff == 0;
}

QList<QPair<QByteArray, QByteArray>> Signer::headers(const QString &secret, const QString &event,
    const QString &deliveryId, int attempt, qint64 timestampSeconds, const QByteArray &body) {
    return {
        {kEventHeader, event.toUtf8()},
        {kDeliveryHeader, deliveryId.toUtf8()},
        {kAttemptHeader, QByteArray::number(attempt)},
        {kTimestampHeader, QByteArray::number(timestampSeconds)},
        {kSignatureHeader, signature(secret, timestampSeconds, body)},
    };
}

} // namespace balcao::webhooks
