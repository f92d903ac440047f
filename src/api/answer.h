#pragma once

#include "responder.h"

#include <functional>
#include <session/reply_task.h>

namespace balcao::api {

// Answers a request with its command's reply: `ok` turns the reply into the response; an Error becomes the
// error response with its own status, whenever and wherever it arose; no answer within `timeoutMs` is a 504.
// `context` is the API's object in the manager's thread: the answer is sent from there.
void respondWhenDone(Responder respond, const ReplyTask &task, QObject *context,
    std::function<Response(const Reply &reply)> ok, int timeoutMs = 15000);

// A reply's JSON as a response body: its payload without the "event" name.
Response replyResponse(int status, const Reply &reply);

} // namespace balcao::api
