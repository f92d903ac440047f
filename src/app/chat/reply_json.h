#pragma once

#include <session/events.h>

#include <QJsonObject>

// Reads the engine's query replies ("chats", "messages"; shared/design.md "One event model") back into the
// event structs the chat models hold, so a reply and a live event update the models the same way.
namespace balcao::chat {

// A message as messageJson() writes it; `session` comes from the reply around it.
MessageEvent messageFromJson(const QJsonObject &object, const QString &session);
// One entry of a "chats" reply.
ChatEvent chatFromJson(const QJsonObject &object, const QString &session);

} // namespace balcao::chat
