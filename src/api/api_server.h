#pragma once

#include "api_context.h"
#include "authenticator.h"
#include "http_server.h"
#include "rate_limiter.h"
#include "router.h"
#include "session_book.h"

#include <QObject>
#include <memory>

namespace balcao::api {

// The local HTTP API (issue 7): the Beast server on its network thread, and on this side — the thread of
// the SessionManager — the router, key checks, rate limits and the routes. Requests come over with a
// queued call; events go out to WebSocket/SSE clients through the server's hub. Lives in the thread that
// owns `manager`; `keys` must be usable from that thread.
//
// Order of checks for every request (before any handler): size limits, Host and Origin (network thread),
// then route (404/405), API key (401), rate limit (429), role and session grant (403), JSON content type.
class ApiServer : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString host = QStringLiteral("127.0.0.1");
        quint16 port = 0;
        HttpServer::Limits limits;
        RateLimiter::Settings rate;
    };

    ApiServer(SessionManager *manager, models::ApiKeyStore *keys, Options options, QObject *parent = nullptr);
    ~ApiServer() override;

    // Add routes here before listen() (webhook_routes does).
    Router &router() { return m_router; }
    const ApiContext &context() const { return m_context; }

    // Binds and serves; returns the bound port.
    Result<quint16> listen();
    QString address() const;

    // Reads BALCAO_API_RATE / BALCAO_API_BURST (requests per second and burst, for tests and busy servers).
    static RateLimiter::Settings rateFromEnvironment();

private:
    void handle(Request request, Responder respond);
    void onEvent(const Event &event);

    Options m_options;
    SessionManager *m_manager;
    Authenticator m_authenticator;
    RateLimiter m_rateLimiter;
    SessionBook m_book;
    ApiContext m_context;
    Router m_router;
    std::unique_ptr<HttpServer> m_http;
    quint16 m_port = 0;
};

} // namespace balcao::api
