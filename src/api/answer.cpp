#include "answer.h"

#include "api_context.h"
#include "api_errors.h"

#include <QTimer>
#include <session/reply_json.h>

namespace balcao::api {

void respondWhenDone(Responder respond, const ReplyTask &task, QObject *context,
    std::function<Response(const Reply &reply)> ok, int timeoutMs) {
    task.then(context, [respond, ok = std::move(ok)](const Reply &reply) {
        if (const auto *error = std::get_if<Error>(&reply))
            respond.send(errorResponse(*error));
        else
            respond.send(ok(reply));
    });
    // The Responder keeps only the first answer: a late reply after this is dropped, and the other way round.
    QTimer::singleShot(timeoutMs, context, [respond] {
        respond.send(Response::error(504, QLatin1String(errc::kTimeout),
            QStringLiteral("The session did not answer in time; try again.")));
    });
}

void ApiContext::answer(Responder respond, const Command &command, int status, int timeoutMs) const {
    respondWhenDone(
        std::move(respond), manager->request(command), context,
        [status](const Reply &reply) { return replyResponse(status, reply); }, timeoutMs);
}

Response replyResponse(int status, const Reply &reply) {
    QJsonObject body = toJson(reply);
    body.remove(QStringLiteral("event"));
    return Response::json(status, body);
}

} // namespace balcao::api
