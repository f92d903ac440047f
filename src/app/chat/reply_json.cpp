#include "reply_json.h"

namespace balcao::chat {

MessageEvent messageFromJson(const QJsonObject &o, const QString &session) {
    MessageEvent m;
    m.session = session;
    m.chat = o.value(QLatin1String("chat")).toString();
    m.id = o.value(QLatin1String("id")).toString();
    m.from = o.value(QLatin1String("from")).toString();
    m.fromMe = o.value(QLatin1String("fromMe")).toBool();
    m.timestamp = o.value(QLatin1String("timestamp")).toInteger();
    m.type = o.value(QLatin1String("type")).toString();
    m.text = o.value(QLatin1String("text")).toString();
    m.pushName = o.value(QLatin1String("pushName")).toString();
    // Only our own messages carry a status; theirs have none to show.
    m.status = messageStatusFromString(o.value(QLatin1String("status")).toString()).value_or(MessageStatus::Sent);
    return m;
}

ChatEvent chatFromJson(const QJsonObject &o, const QString &session) {
    ChatEvent c;
    c.session = session;
    c.chat = o.value(QLatin1String("chat")).toString();
    c.name = o.value(QLatin1String("name")).toString();
    c.unread = o.value(QLatin1String("unread")).toInt();
    const QJsonValue last = o.value(QLatin1String("lastMessage"));
    if (last.isObject())
        c.lastMessage = messageFromJson(last.toObject(), session);
    return c;
}

} // namespace balcao::chat
