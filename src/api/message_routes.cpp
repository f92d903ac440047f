#include "api_context.h"
#include "api_errors.h"
#include "json_body.h"
#include "route_inputs.h"
#include "router.h"

#include <QRegularExpression>
#include <auth/phone_number.h>
#include <messaging/message_id.h>
#include <messaging/text_limits.h>
#include <session/command_json.h>

// Messages and chats: send, list chats, page a chat's messages, mark a chat read (issue 7).
namespace balcao::api {

void installMessageRoutes(Router &router, const ApiContext &ctx) {
    router.add(
        HttpMethod::Post, QStringLiteral("/sessions/{id}/messages"), Access::Session,
        [ctx](const Request &request, Responder respond) {
            const QString id = request.param(QStringLiteral("id"));
            static const BodySchema schema {
                {QStringLiteral("to"), FieldRule::Type::String, true, 64},
                {QStringLiteral("text"), FieldRule::Type::String, true, kMaxTextCharacters * 2},
                {QStringLiteral("id"), FieldRule::Type::String, false, kMaxChosenMessageIdLength},
            };
            auto body = parseJsonBody(request.body, schema);
            if (!body)
                return respond.send(errorResponse(body.error()));
            auto to = userJidFromInput(body->value(QStringLiteral("to")).toString());
            if (!to)
                return respond.send(errorResponse(to.error()));
            const QString text = body->value(QStringLiteral("text")).toString();
            if (auto checked = checkOutgoingText(text); !checked)
                return respond.send(errorResponse(checked.error()));
            QString messageId = body->value(QStringLiteral("id")).toString();
            static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9]{1,64}$"));
            if (body->contains(QStringLiteral("id")) && !idPattern.match(messageId).hasMatch())
                return respond.send(errorResponse(makeError(errc::kInvalidArgument,
                    QStringLiteral("The field \"id\" must be 1 to 64 letters and digits."))));
            if (messageId.isEmpty())
                messageId = newMessageId();
            if (!ctx.session(id))
                return respond.send(unknownSession(id));
            ctx.answer(respond, SendCommand {id, *to, textContent(text), messageId}, 201);
        },
        QStringLiteral("Send a text; 201 once it is queued (status pending)"));

    router.add(
        HttpMethod::Get, QStringLiteral("/sessions/{id}/chats"), Access::Session,
        [ctx](const Request &request, Responder respond) {
            const QString id = request.param(QStringLiteral("id"));
            if (!ctx.session(id))
                return respond.send(unknownSession(id));
            ctx.answer(respond, ChatsCommand {id}, 200);
        },
        QStringLiteral("The session's chats with unread counts, newest first"));

    router.add(
        HttpMethod::Get, QStringLiteral("/sessions/{id}/chats/{jid}/messages"), Access::Session,
        [ctx](const Request &request, Responder respond) {
            const QString id = request.param(QStringLiteral("id"));
            auto chat = chatFromPath(request.param(QStringLiteral("jid")));
            if (!chat)
                return respond.send(errorResponse(chat.error()));
            MessagesCommand command {id, *chat, MessagesCommand::kDefaultLimit, {}};
            if (auto limit = limitFromQuery(request, MessagesCommand::kMaxLimit, command.limit); !limit)
                return respond.send(errorResponse(limit.error()));
            if (request.query.contains(QStringLiteral("before"))) {
                static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9]{1,128}$"));
                command.before = request.query.value(QStringLiteral("before"));
                if (!idPattern.match(command.before).hasMatch())
                    return respond.send(errorResponse(makeError(errc::kInvalidArgument,
                        QStringLiteral("\"before\" must be a message id (letters and digits)."))));
            }
            if (auto known
                = onlyQueryParameters(request, {QStringLiteral("limit"), QStringLiteral("before")});
                !known)
                return respond.send(errorResponse(known.error()));
            if (!ctx.session(id))
                return respond.send(unknownSession(id));
            ctx.answer(respond, command, 200);
        },
        QStringLiteral("A page of a chat's messages, oldest first (limit ≤ 200, before = a message id)"));

    router.add(
        HttpMethod::Get, QStringLiteral("/sessions/{id}/search"), Access::Session,
        [ctx](const Request &request, Responder respond) {
            const QString id = request.param(QStringLiteral("id"));
            SearchCommand command {
                id, request.query.value(QStringLiteral("q")), SearchCommand::kDefaultLimit};
            if (auto known = onlyQueryParameters(request, {QStringLiteral("q"), QStringLiteral("limit")});
                !known)
                return respond.send(errorResponse(known.error()));
            if (const QString problem = searchQueryProblem(command.query, QStringLiteral("\"q\""));
                !problem.isEmpty())
                return respond.send(errorResponse(makeError(errc::kInvalidArgument, problem)));
            if (auto limit = limitFromQuery(request, SearchCommand::kMaxLimit, command.limit); !limit)
                return respond.send(errorResponse(limit.error()));
            if (!ctx.session(id))
                return respond.send(unknownSession(id));
            ctx.answer(respond, command, 200);
        },
        QStringLiteral("The session's messages containing every word of q (each as the start of a word; case "
                       "and accents aside), newest first (limit ≤ 200)"));

    router.add(
        HttpMethod::Post, QStringLiteral("/sessions/{id}/chats/{jid}/read"), Access::Session,
        [ctx](const Request &request, Responder respond) {
            const QString id = request.param(QStringLiteral("id"));
            auto chat = chatFromPath(request.param(QStringLiteral("jid")));
            if (!chat)
                return respond.send(errorResponse(chat.error()));
            if (!request.body.trimmed().isEmpty() && request.body.trimmed() != "{}")
                return respond.send(errorResponse(makeError(
                    errc::kInvalidArgument, QStringLiteral("This request takes no body (or {})."))));
            if (!ctx.session(id))
                return respond.send(unknownSession(id));
            ctx.manager->execute(MarkReadCommand {id, *chat});
            respond.send(Response::json(202,
                QJsonObject {{QStringLiteral("session"), id}, {QStringLiteral("chat"), *chat},
                    {QStringLiteral("accepted"), QStringLiteral("read")}}));
        },
        QStringLiteral("Mark a chat read (sends read receipts)"));
}

} // namespace balcao::api
