#pragma once

#include "http_types.h"

#include <QStringList>
#include <errors.h>

// Reading what the routes share from a request: a session that is not there, a chat in the path, ?limit=
// and unknown query parameters; each a clear error for the caller.
namespace balcao::api {

Response unknownSession(const QString &id);
// A chat in a path: a user or group JID ("5511900000002@s.whatsapp.net", "1203…@g.us").
Result<QString> chatFromPath(const QString &text);
// The optional ?limit=, 1..max; `limit` keeps its default when it is absent.
Result<void> limitFromQuery(const Request &request, int max, int &limit);
// Refuses query parameters other than `allowed` (a typo would otherwise be silently ignored).
Result<void> onlyQueryParameters(const Request &request, const QStringList &allowed);

} // namespace balcao::api
