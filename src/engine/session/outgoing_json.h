#pragma once

#include "errors.h"
#include "messaging/message_content.h"

#include <QJsonObject>
#include <QString>

// What a caller sends besides text, read from JSON the same way by the headless runner and the API: a place
// {latitude, longitude, name?, address?} and a contact card {name, vcard} or {name, phone} (the card is then
// written as WhatsApp's apps write one). Each refusal names the field.
namespace balcao::outgoing_json {

Result<MessageContent> location(const QJsonObject &o);
Result<MessageContent> contactCard(const QJsonObject &o);
// A vCard 3.0 for a name and a phone number, with the waid= WhatsApp's apps add so that "message this
// contact" opens the right chat.
QString vcardFor(const QString &name, const QString &digits);

} // namespace balcao::outgoing_json
