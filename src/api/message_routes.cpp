#include "api_context.h"
#include "api_errors.h"
#include "json_body.h"
#include "router.h"

#include <QRegularExpression>
#include <auth/phone_number.h>
#include <messaging/message_id.h>
#include <messaging/text_limits.h>
#include <session/command_json.h>

// Messages and chats: send, list chats, page a chat's messages, mark a chat read (issue 7).
namespace balcao::api {

namespace {

Response unknownSession(const QString &id) {
    return errorResponse(
        makeError(errc::kUnknownSession, QStringLiteral("There is no session \"%1\".").arg(id.left(64))));
}

// A chat in a path: a user or group JID ("5511900000002@s.whatsapp.net", "1203…@g.us").
Result<QString> chatFromPath(const QString &text) {
    static const QRegularExpression jid(
        QStringLiteral(R"(^[0-9A-Za-z.:_-]{1,64}@(s\.whatsapp\.net|g\.us|lid|c\.us)$)"));
    if (!jid.match(text).hasMatch())
        return makeError(errc::kInvalidArgument,
            QStringLiteral("\"%1\" is not a chat JID (e.g. 5511900000002@s.whatsapp.net).")
                .arg(text.left(80)));
    if (text.endsWith(QLatin1String("@c.us")))
        return userJidFromInput(text);
    return text;
}

// The optional ?limit=, 1..max; `limit` keeps its default when it is absent.
Result<void> limitFromQuery(const Request &request, int max, int &limit) {
    if (!request.query.contains(QStringLiteral("limit")))
        return {};
    static const QRegularExpression digits(QStringLiteral("^[0-9]{1,4}$"));
    const QString text = request.query.value(QStringLiteral("limit"));
    const int value = text.toInt();
    if (!digits.match(text).hasMatch() || value < 1 || value > max)
        return makeError(errc::kInvalidArgument,
            QStringLiteral("\"limit\" must be a whole number from 1 to %1.").arg(max));
    limit = value;
    return {};
}

// Refuses query parameters other than `allowed` (a typo would otherwise be silently ignored).
Result<void> onlyQueryParameters(const Request &request, const QStringList &allowed) {
    for (auto it = request.query.cbegin(); it != request.query.cend(); ++it) {
        if (!allowed.contains(it.key()))
            return makeError(errc::kInvalidArgument,
                QStringLiteral("Unknown query parameter \"%1\"; this takes %2.")
                    .arg(it.key().left(40), allowed.join(QStringLiteral(" and "))));
    }
    return {};
}

} // namespace

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
