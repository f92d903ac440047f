#pragma once

#include "http_types.h"
#include "responder.h"

#include <functional>
#include <variant>
#include <vector>

namespace balcao::api {

// Who may call a route.
enum class Access {
    Public, // no key needed (/health, /openapi.json)
    Admin, // admin keys only
    AnyKey, // any valid key; the handler narrows what an agent sees (GET /sessions, /events)
    Session, // admin keys, or agent keys granted the session named by the path's {id}
};

// Maps a method and a path pattern such as "/sessions/{id}/chats/{jid}/messages" to a handler. Patterns
// are literal segments and {name} placeholders, each matching exactly one non-empty path segment (already
// percent-decoded; the server refuses "." and ".." before routing). Runs in the API's Qt thread.
//
// How to add routes from another file (the webhook routes do this):
//     router.add(HttpMethod::Put, "/sessions/{id}/webhook", Access::Admin,
//         [store](const Request &request, Responder respond) {
//             auto body = parseJsonBody(request.body, schema);   // json_body.h
//             if (!body) return respond.send(errorResponse(body.error()));
//             ...
//             respond.send(Response::json(200, object));
//         }, "Set the session's webhook");
// The handler may answer at once or keep `respond` and answer later from the same thread; every route
// must also appear in openapi.json (a test compares both).
class Router {
public:
    using Handler = std::function<void(const Request &request, Responder respond)>;

    struct Route {
        HttpMethod method;
        QString pattern;
        QStringList parts; // the pattern split at '/'
        Access access;
        Handler handler;
        QString summary;
    };

    struct Found {
        const Route *route;
        QHash<QString, QString> params;
    };
    struct NotFound { };
    struct MethodNotAllowed {
        QList<HttpMethod> allowed;
    };
    using Match = std::variant<Found, NotFound, MethodNotAllowed>;

    void add(HttpMethod method, const QString &pattern, Access access, Handler handler,
        const QString &summary = {});

    Match match(HttpMethod method, const QStringList &segments) const;

    const std::vector<Route> &routes() const { return m_routes; }

private:
    std::vector<Route> m_routes;
};

} // namespace balcao::api
