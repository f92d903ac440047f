#pragma once

#include <QString>
#include <errors.h>

namespace balcao::api {

// Where the API listens: "127.0.0.1:8080", "[::1]:8080", ":8080" or "8080" (host 127.0.0.1, so nothing is
// exposed by accident); port 0 = any free port.
struct ApiAddress {
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0;
};
Result<ApiAddress> parseApiAddress(const QString &text);

} // namespace balcao::api
