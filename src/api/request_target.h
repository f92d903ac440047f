#pragma once

#include <QByteArrayView>
#include <QHash>
#include <QStringList>
#include <errors.h>

namespace balcao::api {

inline constexpr qsizetype kMaxTargetBytes = 2048;
inline constexpr qsizetype kMaxPathSegments = 16;

struct RequestTarget {
    QStringList segments; // percent-decoded path segments
    QHash<QString, QString> query; // decoded; a name given twice is refused
};

// Splits an HTTP request target ("/sessions/s1/chats/5511%40s.whatsapp.net/messages?limit=5") into
// decoded path segments and query items. Refuses what could make a path mean something else than it
// says — "." and ".." segments (raw or as %2e), encoded slashes and backslashes, control characters,
// malformed escapes, invalid UTF-8, empty segments — and over-long targets (uri-too-long). A pure
// function: the fuzz targets call it directly.
Result<RequestTarget> parseRequestTarget(QByteArrayView raw);

} // namespace balcao::api
