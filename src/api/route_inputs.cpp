#include "route_inputs.h"

#include "api_errors.h"

#include <QRegularExpression>
#include <auth/phone_number.h>

namespace balcao::api {

Response unknownSession(const QString &id) {
    return errorResponse(
        makeError(errc::kUnknownSession, QStringLiteral("There is no session \"%1\".").arg(id.left(64))));
}

Result<QString> chatFromPath(const QString &text) {
    static const QRegularExpression jid(
        QStringLiteral(R"(^[0-9A-Za-z.:_-]{1,64}@(s\.whatsapp\.net|g\.us|lid|c\.us)$)"));
    if (!jid.match(text).hasMatch())
        return makeError(errc::kInvalidArgument,
            QStringLiteral("\"%1\" is not a chat JID (e.g. 5511900000002@s.whatsapp.net).")
                .arg(text.left(80)));
    if (text.endsWith(QLatin1String("@c.us")))
        return userJidFromInput(text);
    return text;
}

Result<void> limitFromQuery(const Request &request, int max, int &limit) {
    if (!request.query.contains(QStringLiteral("limit")))
        return {};
    static const QRegularExpression digits(QStringLiteral("^[0-9]{1,4}$"));
    const QString text = request.query.value(QStringLiteral("limit"));
    const int value = text.toInt();
    if (!digits.match(text).hasMatch() || value < 1 || value > max)
        return makeError(errc::kInvalidArgument,
            QStringLiteral("\"limit\" must be a whole number from 1 to %1.").arg(max));
    limit = value;
    return {};
}

Result<void> onlyQueryParameters(const Request &request, const QStringList &allowed) {
    for (auto it = request.query.cbegin(); it != request.query.cend(); ++it) {
        if (!allowed.contains(it.key()))
            return makeError(errc::kInvalidArgument,
                QStringLiteral("Unknown query parameter \"%1\"; this takes %2.")
                    .arg(it.key().left(40), allowed.join(QStringLiteral(" and "))));
    }
    return {};
}

} // namespace balcao::api
