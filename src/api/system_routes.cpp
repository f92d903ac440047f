#include "api_context.h"
#include "api_errors.h"
#include "router.h"

#include <QDateTime>
#include <QFile>

// Health, statistics and the OpenAPI document (issue 7).
namespace balcao::api {

void installSystemRoutes(Router &router, const ApiContext &ctx) {
    router.add(
        HttpMethod::Get, QStringLiteral("/health"), Access::Public,
        [ctx](const Request &, Responder respond) {
            // No key needed, so it says nothing about the sessions: only that the process answers.
            respond.send(Response::json(200,
                QJsonObject {{QStringLiteral("status"), QStringLiteral("ok")},
                    {QStringLiteral("uptimeMs"),
                        QDateTime::currentMSecsSinceEpoch() - ctx.book->startedAtMs()}}));
        },
        QStringLiteral("Liveness: 200 while the process answers"));

    router.add(
        HttpMethod::Get, QStringLiteral("/stats"), Access::Admin,
        [ctx](const Request &, Responder respond) {
            QJsonObject byStatus;
            for (SessionStatus status : {SessionStatus::New, SessionStatus::Pairing,
                     SessionStatus::Connecting, SessionStatus::Connected, SessionStatus::Reconnecting,
                     SessionStatus::LoggedOut, SessionStatus::Stopped})
                byStatus.insert(sessionStatusName(status), 0);
            QJsonArray perSession;
            qint64 in = 0;
            qint64 out = 0;
            const auto sessions = ctx.manager->sessions();
            for (const SessionRecord &record : sessions) {
                const QJsonObject session = sessionJson(record, *ctx.book);
                const QString status = session.value(QStringLiteral("status")).toString();
                byStatus.insert(status, byStatus.value(status).toInt() + 1);
                const SessionBook::Counts counts = ctx.book->counts(record.id);
                in += counts.in;
                out += counts.out;
                perSession.append(QJsonObject {{QStringLiteral("session"), record.id},
                    {QStringLiteral("status"), status}, {QStringLiteral("messagesIn"), counts.in},
                    {QStringLiteral("messagesOut"), counts.out}});
            }
            respond.send(Response::json(200,
                QJsonObject {{QStringLiteral("sessions"),
                                 QJsonObject {{QStringLiteral("total"), int(sessions.size())},
                                     {QStringLiteral("byStatus"), byStatus}}},
                    // Counted from the events since the process started.
                    {QStringLiteral("messages"),
                        QJsonObject {{QStringLiteral("in"), in}, {QStringLiteral("out"), out}}},
                    {QStringLiteral("perSession"), perSession},
                    {QStringLiteral("streamClients"), ctx.streamClients ? ctx.streamClients() : 0},
                    {QStringLiteral("since"), ctx.book->startedAtMs()}}));
        },
        QStringLiteral("Sessions by status and messages in/out since start, in total and per session"));

    router.add(
        HttpMethod::Get, QStringLiteral("/openapi.json"), Access::Public,
        [](const Request &, Responder respond) {
            QFile file(QStringLiteral(":/balcao/api/openapi.json"));
            if (!file.open(QIODevice::ReadOnly))
                return respond.send(Response::error(500, QLatin1String(errc::kStorageFailed),
                    QStringLiteral("The OpenAPI document is missing from this build.")));
            Response response;
            response.body = file.readAll();
            respond.send(response);
        },
        QStringLiteral("This API as an OpenAPI 3 document"));
}

void installCoreRoutes(Router &router, const ApiContext &context) {
    installSessionRoutes(router, context);
    installMessageRoutes(router, context);
    installMediaRoutes(router, context);
    installSystemRoutes(router, context);
    installEventRoutes(router, context);
}

} // namespace balcao::api
