#include "webhook_routes.h"

#include "api_context.h"
#include "api_errors.h"
#include "json_body.h"
#include "router.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <webhook_service.h>

namespace balcao::api {

using webhooks::Delivery;
using webhooks::Webhook;
using webhooks::WebhookDispatcher;

namespace {

constexpr int kDefaultLimit = 50;
constexpr int kMaxLimit = 200;

Response unknownSession(const QString &id) {
    return errorResponse(
        makeError(errc::kUnknownSession, QStringLiteral("There is no session \"%1\".").arg(id.left(64))));
}

Response noWebhook(const QString &id) {
    return errorResponse(
        makeError(errc::kNotFound, QStringLiteral("The session \"%1\" has no webhook.").arg(id.left(64))));
}

QJsonObject webhookJson(const Webhook &w) {
    return {{QStringLiteral("session"), w.session}, {QStringLiteral("url"), w.url},
        {QStringLiteral("events"), QJsonArray::fromStringList(w.events)},
        {QStringLiteral("includeMedia"), w.includeMediaBytes}, {QStringLiteral("createdAt"), w.createdAtMs},
        {QStringLiteral("updatedAt"), w.updatedAtMs}};
}

QJsonObject deliveryJson(const Delivery &d) {
    return {{QStringLiteral("id"), d.id}, {QStringLiteral("event"), d.event},
        {QStringLiteral("state"), webhooks::deliveryStateName(d.state)},
        {QStringLiteral("attempts"), d.attempts}, {QStringLiteral("lastError"), d.lastError},
        {QStringLiteral("responseCode"), d.responseCode}, {QStringLiteral("createdAt"), d.createdAtMs},
        {QStringLiteral("lastAttemptAt"), d.lastAttemptAtMs},
        {QStringLiteral("nextAttemptAt"), d.nextAttemptAtMs},
        {QStringLiteral("deliveredAt"), d.deliveredAtMs},
        {QStringLiteral("payload"), QJsonDocument::fromJson(d.body).object()}};
}

// The route's session, or the 404 already sent.
std::optional<QString> knownSession(const ApiContext &ctx, const Request &request, const Responder &respond) {
    const QString id = request.param(QStringLiteral("id"));
    if (!ctx.session(id)) {
        respond.send(unknownSession(id));
        return std::nullopt;
    }
    return id;
}

} // namespace

void installWebhookRoutes(Router &router, const ApiContext &ctx, webhooks::WebhookService &service) {
    webhooks::WebhookService *hooks = &service;

    router.add(
        HttpMethod::Put, QStringLiteral("/sessions/{id}/webhook"), Access::Admin,
        [ctx, hooks](const Request &request, Responder respond) {
            const auto session = knownSession(ctx, request, respond);
            if (!session)
                return;
            const auto body = parseJsonBody(request.body,
                BodySchema {{QStringLiteral("url"), FieldRule::Type::String, true, 2048},
                    {QStringLiteral("events"), FieldRule::Type::StringArray, false, 16},
                    {QStringLiteral("secret"), FieldRule::Type::String, false, 256},
                    {QStringLiteral("includeMedia"), FieldRule::Type::Integer, false, 0, 0,
                        webhooks::kMaxIncludedMedia}});
            if (!body)
                return respond.send(errorResponse(body.error()));
            Webhook wanted;
            wanted.session = *session;
            wanted.url = body->value(QStringLiteral("url")).toString();
            for (const auto &name : body->value(QStringLiteral("events")).toArray())
                wanted.events.append(name.toString());
            wanted.secret = body->value(QStringLiteral("secret")).toString();
            wanted.includeMediaBytes = body->value(QStringLiteral("includeMedia")).toInteger(0);
            hooks->post([wanted, respond](WebhookDispatcher &d) {
                const auto before = d.webhook(wanted.session);
                if (!before)
                    return respond.send(errorResponse(before.error()));
                const auto saved = d.setWebhook(wanted);
                if (!saved)
                    return respond.send(errorResponse(saved.error()));
                QJsonObject out = webhookJson(*saved);
                // Shown once: only the integrator who asked for a generated secret ever sees it.
                if (wanted.secret.isEmpty())
                    out.insert(QStringLiteral("secret"), saved->secret);
                respond.send(Response::json(*before ? 200 : 201, out));
            });
        },
        QStringLiteral("Set the session's webhook (URL, events, secret)"));

    router.add(
        HttpMethod::Get, QStringLiteral("/sessions/{id}/webhook"), Access::Admin,
        [ctx, hooks](const Request &request, Responder respond) {
            const auto session = knownSession(ctx, request, respond);
            if (!session)
                return;
            hooks->post([session = *session, respond](WebhookDispatcher &d) {
                const auto webhook = d.webhook(session);
                if (!webhook)
                    return respond.send(errorResponse(webhook.error()));
                if (!*webhook)
                    return respond.send(noWebhook(session));
                QJsonObject out = webhookJson(**webhook);
                const auto health = d.health(session);
                out.insert(QStringLiteral("breaker"),
                    QJsonObject {{QStringLiteral("state"), health.breaker},
                        {QStringLiteral("consecutiveFailures"), health.consecutiveFailures},
                        {QStringLiteral("pausedUntil"), health.pausedUntilMs}});
                respond.send(Response::json(200, out));
            });
        },
        QStringLiteral("The session's webhook and the state of its endpoint"));

    router.add(
        HttpMethod::Delete, QStringLiteral("/sessions/{id}/webhook"), Access::Admin,
        [ctx, hooks](const Request &request, Responder respond) {
            const auto session = knownSession(ctx, request, respond);
            if (!session)
                return;
            hooks->post([session = *session, respond](WebhookDispatcher &d) {
                const auto removed = d.removeWebhook(session);
                if (!removed)
                    return respond.send(errorResponse(removed.error()));
                if (!*removed)
                    return respond.send(noWebhook(session));
                respond.send(Response::json(200,
                    QJsonObject {{QStringLiteral("session"), session}, {QStringLiteral("deleted"), true}}));
            });
        },
        QStringLiteral("Remove the session's webhook and its undelivered deliveries"));

    router.add(
        HttpMethod::Get, QStringLiteral("/sessions/{id}/webhook/deliveries"), Access::Admin,
        [ctx, hooks](const Request &request, Responder respond) {
            const auto session = knownSession(ctx, request, respond);
            if (!session)
                return;
            int limit = kDefaultLimit;
            for (auto it = request.query.cbegin(); it != request.query.cend(); ++it) {
                if (it.key() != QLatin1String("limit")) {
                    return respond.send(errorResponse(makeError(errc::kInvalidArgument,
                        QStringLiteral("Unknown query parameter \"%1\"; this takes limit.")
                            .arg(it.key().left(40)))));
                }
                static const QRegularExpression digits(QStringLiteral("^[0-9]{1,4}$"));
                limit = it.value().toInt();
                if (!digits.match(it.value()).hasMatch() || limit < 1 || limit > kMaxLimit) {
                    return respond.send(errorResponse(makeError(errc::kInvalidArgument,
                        QStringLiteral("\"limit\" must be a whole number from 1 to %1.").arg(kMaxLimit))));
                }
            }
            hooks->post([session = *session, limit, respond](WebhookDispatcher &d) {
                const auto log = d.deliveries(session, limit);
                if (!log)
                    return respond.send(errorResponse(log.error()));
                QJsonArray list;
                for (const Delivery &delivery : *log)
                    list.append(deliveryJson(delivery));
                respond.send(Response::json(200,
                    QJsonObject {
                        {QStringLiteral("session"), session}, {QStringLiteral("deliveries"), list}}));
            });
        },
        QStringLiteral("The webhook's delivery log, newest first (limit ≤ 200)"));
}

} // namespace balcao::api
