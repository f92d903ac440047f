#include "api_context.h"
#include "api_errors.h"
#include "json_body.h"
#include "qr_png.h"
#include "router.h"

#include <QDateTime>
#include <auth/phone_number.h>

// Sessions: create, list, get, delete, start, stop, logout, QR, pairing code, status (issue 7).
namespace balcao::api {

namespace {

Response unknownSession(const QString &id) {
    return errorResponse(
        makeError(errc::kUnknownSession, QStringLiteral("There is no session \"%1\".").arg(id.left(64))));
}

Response accepted(const QString &session, const QString &action) {
    return Response::json(
        202, QJsonObject {{QStringLiteral("session"), session}, {QStringLiteral("accepted"), action}});
}

} // namespace

std::optional<SessionRecord> ApiContext::session(const QString &id) const {
    for (const SessionRecord &record : manager->sessions()) {
        if (record.id == id)
            return record;
    }
    return std::nullopt;
}

namespace {

// A session's state as the API reports it: what the book heard live, else what the directory kept (the
// directory records every status the manager sees, so the two agree once an event came).
struct LiveState {
    SessionStatus status;
    QString jid;
};

LiveState liveState(const SessionRecord &record, const std::optional<SessionBook::Status> &status) {
    return {status ? status->status : record.lastStatus,
        status && !status->jid.isEmpty() ? status->jid : record.ownJid};
}

} // namespace

QJsonObject sessionJson(const SessionRecord &record, const SessionBook &book) {
    const LiveState state = liveState(record, book.status(record.id));
    QJsonObject o {{QStringLiteral("session"), record.id}, {QStringLiteral("name"), record.name},
        {QStringLiteral("status"), sessionStatusName(state.status)}, {QStringLiteral("jid"), state.jid},
        {QStringLiteral("createdAt"), record.createdAtMs}, {QStringLiteral("autoStart"), record.autoStart},
        {QStringLiteral("calls"),
            QJsonObject {{QStringLiteral("reject"), record.calls.reject},
                {QStringLiteral("reply"), record.calls.reply}}}};
    return o;
}

void installSessionRoutes(Router &router, const ApiContext &ctx) {
    router.add(
        HttpMethod::Post, QStringLiteral("/sessions"), Access::Admin,
        [ctx](const Request &request, Responder respond) {
            static const BodySchema schema {{QStringLiteral("name"), FieldRule::Type::String, true, 100}};
            auto body = parseJsonBody(request.body, schema);
            if (!body)
                return respond.send(errorResponse(body.error()));
            const auto task = ctx.manager->request(
                AddSessionCommand {body->value(QStringLiteral("name")).toString().trimmed()});
            respondWhenDone(respond, task, ctx.context, [ctx](const Reply &reply) {
                const auto &created = std::get<SessionCreated>(reply);
                return Response::json(201, sessionJson(created.record, *ctx.book));
            });
        },
        QStringLiteral("Create a session"));

    router.add(
        HttpMethod::Get, QStringLiteral("/sessions"), Access::AnyKey,
        [ctx](const Request &request, Responder respond) {
            QJsonArray list;
            for (const SessionRecord &record : ctx.manager->sessions()) {
                if (request.caller && request.caller->maySee(record.id))
                    list.append(sessionJson(record, *ctx.book));
            }
            respond.send(Response::json(200, QJsonObject {{QStringLiteral("sessions"), list}}));
        },
        QStringLiteral("List sessions (agent keys see their own)"));

    router.add(
        HttpMethod::Get, QStringLiteral("/sessions/{id}"), Access::Session,
        [ctx](const Request &request, Responder respond) {
            const QString id = request.param(QStringLiteral("id"));
            const auto record = ctx.session(id);
            if (!record)
                return respond.send(unknownSession(id));
            respond.send(Response::json(200, sessionJson(*record, *ctx.book)));
        },
        QStringLiteral("Get a session"));

    router.add(
        HttpMethod::Delete, QStringLiteral("/sessions/{id}"), Access::Admin,
        [ctx](const Request &request, Responder respond) {
            const QString id = request.param(QStringLiteral("id"));
            if (!ctx.session(id))
                return respond.send(unknownSession(id));
            ctx.answer(respond, DeleteCommand {id}, 200);
        },
        QStringLiteral("Delete a session and everything stored for it"));

    router.add(
        HttpMethod::Post, QStringLiteral("/sessions/{id}/start"), Access::Admin,
        [ctx](const Request &request, Responder respond) {
            const QString id = request.param(QStringLiteral("id"));
            const auto record = ctx.session(id);
            if (!record)
                return respond.send(unknownSession(id));
            // A session that was never linked (or was logged out) starts by showing a QR code.
            const LiveState state = liveState(*record, ctx.book->status(id));
            const bool linked = !state.jid.isEmpty() && state.status != SessionStatus::LoggedOut;
            if (linked) {
                ctx.manager->execute(StartCommand {id});
                return respond.send(accepted(id, QStringLiteral("start")));
            }
            ctx.manager->execute(LinkCommand {id, LinkMethod::Qr, {}});
            respond.send(accepted(id, QStringLiteral("link-qr")));
        },
        QStringLiteral("Start a session (an unlinked one starts showing QR codes)"));

    // Commands that only need an existing session and answer 202 at once.
    const auto addSessionCommand
        = [&router, ctx](const QString &action, auto makeCommand, const QString &summary) {
              router.add(
                  HttpMethod::Post, QStringLiteral("/sessions/{id}/") + action, Access::Admin,
                  [ctx, action, makeCommand](const Request &request, Responder respond) {
                      const QString id = request.param(QStringLiteral("id"));
                      if (!ctx.session(id))
                          return respond.send(unknownSession(id));
                      ctx.manager->execute(makeCommand(id));
                      respond.send(accepted(id, action));
                  },
                  summary);
          };
    addSessionCommand(
        QStringLiteral("stop"), [](const QString &id) { return Command {StopCommand {id}}; },
        QStringLiteral("Stop a session (it stays stopped after a restart)"));
    addSessionCommand(
        QStringLiteral("logout"), [](const QString &id) { return Command {LogoutCommand {id}}; },
        QStringLiteral("Log the device out and forget its keys"));

    router.add(
        HttpMethod::Put, QStringLiteral("/sessions/{id}/calls"), Access::Admin,
        [ctx](const Request &request, Responder respond) {
            const QString id = request.param(QStringLiteral("id"));
            static const BodySchema schema {{QStringLiteral("reject"), FieldRule::Type::Boolean, true},
                {QStringLiteral("reply"), FieldRule::Type::String, false, CallPolicy::kMaxReplyLength}};
            auto body = parseJsonBody(request.body, schema);
            if (!body)
                return respond.send(errorResponse(body.error()));
            if (!ctx.session(id))
                return respond.send(unknownSession(id));
            const CallPolicy policy {body->value(QStringLiteral("reject")).toBool(),
                body->value(QStringLiteral("reply")).toString()};
            ctx.answer(respond, SetCallsCommand {id, policy}, 200, 10000);
        },
        QStringLiteral(
            "What the number does with calls: let them ring, or reject them (and answer with a text)"));

    router.add(
        HttpMethod::Post, QStringLiteral("/sessions/{id}/check-numbers"), Access::Session,
        [ctx](const Request &request, Responder respond) {
            const QString id = request.param(QStringLiteral("id"));
            static const BodySchema schema {
                {QStringLiteral("numbers"), FieldRule::Type::StringArray, true, NumberCheck::kMaxNumbers}};
            auto body = parseJsonBody(request.body, schema);
            if (!body)
                return respond.send(errorResponse(body.error()));
            QStringList numbers;
            for (const QJsonValue &n : body->value(QStringLiteral("numbers")).toArray())
                numbers.append(n.toString());
            if (numbers.isEmpty())
                return respond.send(errorResponse(makeError(errc::kInvalidArgument,
                    QStringLiteral("The field \"numbers\" needs at least one number."))));
            if (!ctx.session(id))
                return respond.send(unknownSession(id));
            ctx.answer(respond, CheckNumbersCommand {id, numbers}, 200, 20000);
        },
        QStringLiteral("Whether numbers are on WhatsApp, under which form, with their LID"));

    router.add(
        HttpMethod::Get, QStringLiteral("/sessions/{id}/qr"), Access::Admin,
        [ctx](const Request &request, Responder respond) {
            const QString id = request.param(QStringLiteral("id"));
            if (!ctx.session(id))
                return respond.send(unknownSession(id));
            const QString format = request.query.value(QStringLiteral("format"), QStringLiteral("json"));
            if (format != QLatin1String("json") && format != QLatin1String("png"))
                return respond.send(errorResponse(
                    makeError(errc::kInvalidArgument, QStringLiteral("\"format\" is \"json\" or \"png\"."))));
            const auto qr = ctx.book->qr(id, QDateTime::currentMSecsSinceEpoch());
            if (!qr)
                return respond.send(errorResponse(makeError(errc::kQrNotPending,
                    QStringLiteral("Session \"%1\" shows no QR code; POST /sessions/%1/start to link it.")
                        .arg(id))));
            if (qr->expired)
                return respond.send(errorResponse(makeError(errc::kQrExpired,
                    QStringLiteral("The QR code expired; POST /sessions/%1/start for a new one.").arg(id))));
            auto png = qrPng(qr->qr);
            if (!png)
                return respond.send(errorResponse(png.error()));
            if (format == QLatin1String("png")) {
                Response response;
                response.contentType = "image/png";
                response.body = *png;
                return respond.send(response);
            }
            respond.send(Response::json(200,
                QJsonObject {{QStringLiteral("session"), id}, {QStringLiteral("qr"), qr->qr},
                    {QStringLiteral("expiresAt"), qr->expiresAtMs},
                    {QStringLiteral("png"),
                        QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png->toBase64())}}));
        },
        QStringLiteral("The QR code on show (JSON with a PNG data URL, or ?format=png)"));

    router.add(
        HttpMethod::Post, QStringLiteral("/sessions/{id}/pairing-code"), Access::Admin,
        [ctx](const Request &request, Responder respond) {
            const QString id = request.param(QStringLiteral("id"));
            static const BodySchema schema {{QStringLiteral("phone"), FieldRule::Type::String, true, 40}};
            auto body = parseJsonBody(request.body, schema);
            if (!body)
                return respond.send(errorResponse(body.error()));
            auto phone = normalizePhoneNumber(body->value(QStringLiteral("phone")).toString());
            if (!phone)
                return respond.send(errorResponse(phone.error()));
            if (!ctx.session(id))
                return respond.send(unknownSession(id));
            ctx.answer(respond, LinkCommand {id, LinkMethod::Code, *phone}, 200, 30000);
        },
        QStringLiteral("Link by pairing code: the 8-character code to type on the phone"));

    router.add(
        HttpMethod::Get, QStringLiteral("/sessions/{id}/status"), Access::Session,
        [ctx](const Request &request, Responder respond) {
            const QString id = request.param(QStringLiteral("id"));
            const auto record = ctx.session(id);
            if (!record)
                return respond.send(unknownSession(id));
            const auto status = ctx.book->status(id);
            const LiveState state = liveState(*record, status);
            QJsonObject o {{QStringLiteral("session"), id},
                {QStringLiteral("status"), sessionStatusName(state.status)},
                {QStringLiteral("jid"), state.jid},
                {QStringLiteral("reason"), status ? status->reason : QString()}};
            if (status && status->status == SessionStatus::Reconnecting) {
                o.insert(QStringLiteral("attempt"), status->attempt);
                o.insert(QStringLiteral("nextTry"), status->nextTryMs);
            }
            respond.send(Response::json(200, o));
        },
        QStringLiteral("A session's live status"));
}

} // namespace balcao::api
