#include "api_address.h"

#include <QHostAddress>

namespace balcao::api {

Result<ApiAddress> parseApiAddress(const QString &text) {
    ApiAddress address;
    QString portText = text.trimmed();
    if (portText.startsWith(QLatin1Char('['))) {
        const qsizetype close = portText.indexOf(QLatin1String("]:"));
        if (close < 0)
            return makeError(errc::kInvalidArgument, QStringLiteral("Write an IPv6 address as [::1]:8080."));
        address.host = portText.mid(1, close - 1);
        portText = portText.mid(close + 2);
    } else if (const qsizetype colon = portText.lastIndexOf(QLatin1Char(':')); colon >= 0) {
        if (colon > 0)
            address.host = portText.left(colon);
        portText = portText.mid(colon + 1);
    }
    bool ok = false;
    const uint port = portText.toUInt(&ok);
    if (!ok || port > 65535)
        return makeError(errc::kInvalidArgument,
            QStringLiteral("\"%1\" is not HOST:PORT (e.g. 127.0.0.1:8080).").arg(text.left(80)));
    if (QHostAddress(address.host).isNull())
        return makeError(errc::kInvalidArgument,
            QStringLiteral("\"%1\" is not an IP address to listen on (e.g. 127.0.0.1).")
                .arg(address.host.left(80)));
    address.port = quint16(port);
    return address;
}

} // namespace balcao::api
