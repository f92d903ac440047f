#pragma once

#include "replies.h"

#include <QJsonObject>

// Replies as JSON, for the edges that speak it (the headless runner prints them; the API answers with them).
// The keys are stable: outside tools rely on them.
namespace balcao {

// {"event":"sessions"|"chats"|"messages"|"search"|…, …}: the reply's name and its payload. An Error is an
// "error" object with "code" and "message".
QJsonObject toJson(const Reply &reply);
// The JSON of one session in a "sessions" reply.
QJsonObject sessionJson(const SessionRecord &record);

} // namespace balcao
