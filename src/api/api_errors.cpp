#include "api_errors.h"

#include <QHash>

namespace balcao::api {

int httpStatusFor(const QString &code) {
    static const QHash<QString, int> statuses {
        {QLatin1String(errc::kInvalidCommand), 400},
        {QLatin1String(errc::kInvalidNumber), 400},
        {QLatin1String(errc::kInvalidArgument), 400},
        {QLatin1String(errc::kInvalidJson), 400},
        {QLatin1String(errc::kInvalidPath), 400},
        {QLatin1String(errc::kUriTooLong), 414},
        {QLatin1String(errc::kBodyTooLarge), 413},
        {QLatin1String(errc::kHeadersTooLarge), 431},
        {QLatin1String(errc::kUnsupportedMediaType), 415},
        {QLatin1String(errc::kBadHost), 421},
        {QLatin1String(errc::kUnauthorized), 401},
        {QLatin1String(errc::kForbidden), 403},
        {QLatin1String(errc::kRateLimited), 429},
        {QLatin1String(errc::kNotFound), 404},
        {QLatin1String(errc::kMethodNotAllowed), 405},
        {QLatin1String(errc::kUnknownSession), 404},
        {QLatin1String(errc::kUnknownChat), 404},
        {QLatin1String(errc::kUnknownMessage), 404},
        {QLatin1String(errc::kUnknownKey), 404},
        {QLatin1String(errc::kQrNotPending), 404},
        {QLatin1String(errc::kQrExpired), 410},
        {QLatin1String(errc::kMessageExists), 409},
        {QLatin1String(errc::kAlreadyLinked), 409},
        {QLatin1String(errc::kNotLinked), 409},
        {QLatin1String(errc::kNotConnected), 409},
        {QLatin1String(errc::kQrTooLong), 500},
        {QLatin1String(errc::kTimeout), 504},
        // WhatsApp answered our request with an error: the gateway's upstream said no.
        {QLatin1String(errc::kServerRefused), 502},
        {QLatin1String(errc::kStorageFull), 507},
        {QLatin1String(errc::kStorageReadOnly), 503},
        {QLatin1String(errc::kUnsupported), 501},
        {QLatin1String(errc::kNotMedia), 404},
        {QLatin1String(errc::kMediaNotDownloaded), 404},
        {QLatin1String(errc::kMediaExpired), 410},
        {QLatin1String(errc::kMediaTooLarge), 413},
        // The media host failed us or sent a damaged file: the gateway's upstream.
        {QLatin1String(errc::kMediaDamaged), 502},
        {QLatin1String(errc::kMediaTransferFailed), 502},
    };
    return statuses.value(code, 500);
}

Response errorResponse(const Error &error) {
    return Response::error(httpStatusFor(error.code), error.code, error.message);
}

} // namespace balcao::api
