#include "api_context.h"
#include "api_errors.h"
#include "router.h"

// Live events: WebSocket /events (subscribe/unsubscribe per session) and SSE /events/stream?session=.
namespace balcao::api {

namespace {

// The sessions a new stream starts with: ?session=ID (checked against the key), or for an admin without
// one, every session when `allByDefault`.
Result<StreamFilter> initialFilter(const Request &request, bool allByDefault) {
    StreamFilter filter;
    filter.caller = request.caller;
    for (auto it = request.query.cbegin(); it != request.query.cend(); ++it) {
        if (it.key() != QLatin1String("session"))
            return makeError(errc::kInvalidArgument,
                QStringLiteral("Unknown query parameter \"%1\"; this takes session.").arg(it.key().left(40)));
    }
    const QString session = request.query.value(QStringLiteral("session"));
    if (!session.isEmpty()) {
        if (!request.caller->maySee(session))
            return makeError(errc::kForbidden,
                QStringLiteral("This key is not granted session \"%1\".").arg(session.left(64)));
        filter.sessions.insert(session);
    } else if (request.caller->isAdmin()) {
        filter.allSessions = allByDefault;
    } else if (allByDefault) {
        filter.sessions = request.caller->sessions;
    }
    return filter;
}

} // namespace

void installEventRoutes(Router &router, const ApiContext &ctx) {
    Q_UNUSED(ctx)
    router.add(
        HttpMethod::Get, QStringLiteral("/events"), Access::AnyKey,
        [](const Request &request, Responder respond) {
            if (!request.websocketUpgrade) {
                Response response = Response::error(426, QLatin1String(errc::kInvalidArgument),
                    QStringLiteral("/events is a WebSocket; for Server-Sent Events use /events/stream."));
                response.headers.append(std::make_pair(QByteArray("Upgrade"), QByteArray("websocket")));
                return respond.send(response);
            }
            auto filter = initialFilter(request, false);
            if (!filter)
                return respond.send(errorResponse(filter.error()));
            Response response;
            response.kind = ResponseKind::WebSocket;
            response.stream = *filter;
            respond.send(response);
        },
        QStringLiteral("WebSocket of live events; send {\"action\":\"subscribe\",\"session\":\"ID\"}"));

    router.add(
        HttpMethod::Get, QStringLiteral("/events/stream"), Access::AnyKey,
        [](const Request &request, Responder respond) {
            auto filter = initialFilter(request, true);
            if (!filter)
                return respond.send(errorResponse(filter.error()));
            Response response;
            response.kind = ResponseKind::EventStream;
            response.stream = *filter;
            respond.send(response);
        },
        QStringLiteral("Server-Sent Events of one session (?session=ID), or all the key may see"));
}

} // namespace balcao::api
