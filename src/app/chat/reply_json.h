#pragma once

#include <session/events.h>

#include <QJsonObject>

// Reads query replies ("chats", "messages"; docs/architecture.md "Events and commands") back into the
// event structs the chat models hold, so a reply and a live event update the models the same way.
namespace balcao::chat {

// A message as messageJson() writes it; `session` comes from the reply around it.
MessageEvent messageFromJson(const QJsonObject &object, const QString &session);
// One entry of a "chats" reply.
ChatEvent chatFromJson(const QJsonObject &object, const QString &session);

} // namespace balcao::chat
