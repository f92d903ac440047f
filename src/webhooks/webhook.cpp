#include "webhook.h"

#include <QUrl>
#include <crypto/crypto.h>

namespace balcao::webhooks {

const QStringList &knownEvents() {
    static const QStringList names {QStringLiteral("session"), QStringLiteral("qr"),
        QStringLiteral("qr.expired"), QStringLiteral("pairing-code"), QStringLiteral("status"),
        QStringLiteral("message"), QStringLiteral("message.status"), QStringLiteral("message.media"),
        QStringLiteral("chat"), QStringLiteral("chat.merged"), QStringLiteral("call"),
        QStringLiteral("error")};
    return names;
}

namespace {

constexpr int kMaxUrlLength = 2048;
constexpr int kMinSecret = 16;
constexpr int kMaxSecret = 256;

Error invalid(QString message) {
    return makeError(errc::kInvalidArgument, std::move(message));
}

} // namespace

QString generateSecret() {
    return QString::fromLatin1(crypto::randomBytes(32).toHex());
}

Result<Webhook> validatedWebhook(Webhook webhook) {
    if (webhook.url.size() > kMaxUrlLength)
        return invalid(QStringLiteral("The webhook URL is longer than %1 characters.").arg(kMaxUrlLength));
    const QUrl url(webhook.url, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        || url.host().isEmpty()) {
        return invalid(
            QStringLiteral("The webhook URL must be an absolute http:// or https:// URL with a host, "
                           "not \"%1\".")
                .arg(webhook.url.left(200)));
    }
    if (!url.userInfo().isEmpty())
        return invalid(QStringLiteral("The webhook URL must not carry a user name or password; sign with the "
                                      "secret instead."));
    QStringList events;
    for (const QString &name : std::as_const(webhook.events)) {
        if (!knownEvents().contains(name)) {
            return invalid(QStringLiteral("Unknown event \"%1\"; webhooks can carry %2.")
                               .arg(name.left(64), knownEvents().join(QStringLiteral(", "))));
        }
        if (!events.contains(name))
            events.append(name);
    }
    webhook.events = events;
    if (webhook.includeMediaBytes < 0 || webhook.includeMediaBytes > kMaxIncludedMedia) {
        return invalid(QStringLiteral("includeMedia is a size in bytes from 0 (never) to %1 (16 MiB).")
                           .arg(kMaxIncludedMedia));
    }
    if (webhook.secret.isEmpty()) {
        webhook.secret = generateSecret();
    } else {
        if (webhook.secret.size() < kMinSecret || webhook.secret.size() > kMaxSecret)
            return invalid(
                QStringLiteral("The secret must have %1 to %2 characters.").arg(kMinSecret).arg(kMaxSecret));
        for (const QChar c : std::as_const(webhook.secret)) {
            if (c.unicode() < 0x21 || c.unicode() > 0x7e)
                return invalid(
                    QStringLiteral("The secret may hold only printable ASCII characters without spaces."));
        }
    }
    return webhook;
}

QString deliveryStateName(DeliveryState state) {
    switch (state) {
    case DeliveryState::Pending:
        return QStringLiteral("pending");
    case DeliveryState::Kept:
        return QStringLiteral("kept");
    case DeliveryState::Delivered:
        return QStringLiteral("delivered");
    }
    return {};
}

std::optional<DeliveryState> deliveryStateFromString(QStringView text) {
    for (const auto state : {DeliveryState::Pending, DeliveryState::Kept, DeliveryState::Delivered}) {
        if (text == deliveryStateName(state))
            return state;
    }
    return std::nullopt;
}

} // namespace balcao::webhooks
