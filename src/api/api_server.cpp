#include "api_server.h"

#include "api_errors.h"

#include <QDateTime>
#include <QJsonDocument>
#include <media_limits.h>

namespace balcao::api {

ApiServer::ApiServer(SessionManager *manager, models::ApiKeyStore *keys, Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_manager(manager)
    , m_authenticator(keys)
    , m_rateLimiter(m_options.rate) {
    m_book.setStartedAt(QDateTime::currentMSecsSinceEpoch());
    if (!manager->mediaDir().isEmpty()) {
        // Sending files: JSON with base64 up to a photo's size in memory, multipart streamed to disk.
        m_options.limits.takesFiles = isFileUploadRoute;
        m_options.limits.maxFileJsonBytes = kMaxFileJsonBytes;
        m_options.limits.maxFileUploadBytes = media_limits::kDocumentBytes + kMultipartOverheadBytes;
        m_options.limits.uploadDir = manager->mediaDir() + QStringLiteral("/uploads");
        m_context.uploadDir = m_options.limits.uploadDir;
    }
    m_http = std::make_unique<HttpServer>(m_options.limits, [this](Request request, Responder respond) {
        // Network thread → this object's thread.
        QMetaObject::invokeMethod(
            this,
            [this, request = std::move(request), respond]() mutable { handle(std::move(request), respond); },
            Qt::QueuedConnection);
    });
    m_context.manager = manager;
    m_context.book = &m_book;
    m_context.context = this;
    m_context.streamClients = [http = m_http.get()] { return http->streamClients(); };
#ifdef BALCAO_VERSION
    m_context.version = QStringLiteral(BALCAO_VERSION);
#endif
    installCoreRoutes(m_router, m_context);
    connect(manager, &SessionManager::event, this, &ApiServer::onEvent);
}

ApiServer::~ApiServer() {
    m_http->stop();
}

Result<quint16> ApiServer::listen() {
    auto port = m_http->listen(m_options.host, m_options.port);
    if (port)
        m_port = *port;
    return port;
}

QString ApiServer::address() const {
    const bool v6 = m_options.host.contains(QLatin1Char(':'));
    return (v6 ? QLatin1Char('[') + m_options.host + QLatin1Char(']') : m_options.host) + QLatin1Char(':')
        + QString::number(m_port);
}

RateLimiter::Settings ApiServer::rateFromEnvironment() {
    RateLimiter::Settings settings;
    bool ok = false;
    if (const double rate = qEnvironmentVariable("BALCAO_API_RATE").toDouble(&ok); ok && rate > 0)
        settings.perSecond = rate;
    if (const double burst = qEnvironmentVariable("BALCAO_API_BURST").toDouble(&ok); ok && burst >= 1)
        settings.burst = burst;
    return settings;
}

void ApiServer::onEvent(const Event &event) {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_book.record(event, now);
    const QJsonObject json = toJson(event, now);
    m_http->publish(
        json.value(QStringLiteral("session")).toString(), QJsonDocument(json).toJson(QJsonDocument::Compact));
}

void ApiServer::handle(Request request, Responder respond) {
    const Router::Match match = m_router.match(request.method, request.segments);
    if (std::holds_alternative<Router::NotFound>(match)) {
        return respond.send(Response::error(404, QLatin1String(errc::kNotFound),
            QStringLiteral("There is no route %1 /%2 (see GET /openapi.json).")
                .arg(methodName(request.method), request.segments.join(QLatin1Char('/')).left(200))));
    }
    if (const auto *other = std::get_if<Router::MethodNotAllowed>(&match)) {
        QStringList allowed;
        for (HttpMethod method : other->allowed)
            allowed.append(methodName(method));
        Response response = Response::error(405, QLatin1String(errc::kMethodNotAllowed),
            QStringLiteral("%1 is not allowed here; use %2.")
                .arg(methodName(request.method), allowed.join(QStringLiteral(", "))));
        response.headers.append(
            std::make_pair(QByteArray("Allow"), QByteArray(allowed.join(QStringLiteral(", ")).toLatin1())));
        return respond.send(response);
    }
    const Router::Found &found = std::get<Router::Found>(match);
    const Router::Route &route = *found.route;
    request.params = found.params;

    if (route.access != Access::Public) {
        auto caller = m_authenticator.authenticate(request);
        if (!caller) {
            Response response = errorResponse(caller.error());
            if (response.status == 401)
                response.headers.append(
                    std::make_pair(QByteArray("WWW-Authenticate"), QByteArray("Bearer realm=\"balcao\"")));
            return respond.send(response);
        }
        if (auto wait = m_rateLimiter.take(caller->keyId, QDateTime::currentMSecsSinceEpoch())) {
            Response response = Response::error(429, QLatin1String(errc::kRateLimited),
                QStringLiteral("Too many requests with this key; try again in %1 s.").arg(*wait));
            response.headers.append(
                std::make_pair(QByteArray("Retry-After"), QByteArray(QByteArray::number(*wait))));
            return respond.send(response);
        }
        if (route.access == Access::Admin && !caller->isAdmin())
            return respond.send(Response::error(403, QLatin1String(errc::kForbidden),
                QStringLiteral(
                    "This needs an admin key; agent keys may only read and send on their sessions.")));
        if (route.access == Access::Session && !caller->maySee(request.param(QStringLiteral("id"))))
            return respond.send(Response::error(403, QLatin1String(errc::kForbidden),
                QStringLiteral("This key is not granted session \"%1\".")
                    .arg(request.param(QStringLiteral("id")).left(64))));
        request.caller = *caller;
    }

    const bool hasBody = request.method == HttpMethod::Post || request.method == HttpMethod::Put
        || request.method == HttpMethod::Patch;
    if (hasBody && !request.body.isEmpty()) {
        const QByteArray type = request.header("content-type").split(';').first().trimmed().toLower();
        if (type != "application/json")
            return respond.send(Response::error(415, QLatin1String(errc::kUnsupportedMediaType),
                QStringLiteral("Send the body as JSON with \"Content-Type: application/json\".")));
    }
    route.handler(request, respond);
}

} // namespace balcao::api
