#include "reply_json.h"

#include "overloaded.h"

#include <QJsonArray>

namespace balcao {

namespace {

QJsonArray messagesJson(const QList<MessageEvent> &messages) {
    QJsonArray list;
    for (const MessageEvent &m : messages)
        list.append(messageJson(m));
    return list;
}

QJsonObject withName(const char *name, QJsonObject payload) {
    payload.insert(QStringLiteral("event"), QLatin1String(name));
    return payload;
}

} // namespace

QJsonObject sessionJson(const SessionRecord &record) {
    return QJsonObject {{QStringLiteral("session"), record.id}, {QStringLiteral("name"), record.name},
        {QStringLiteral("status"), sessionStatusName(record.lastStatus)},
        {QStringLiteral("jid"), record.ownJid}, {QStringLiteral("createdAt"), record.createdAtMs},
        {QStringLiteral("calls"),
            QJsonObject {{QStringLiteral("reject"), record.calls.reject},
                {QStringLiteral("reply"), record.calls.reply}}}};
}

QJsonObject toJson(const Reply &reply) {
    return std::visit(
        Overloaded {
            [](const Done &) { return withName("done", {}); },
            [](const SessionsReply &r) {
                QJsonArray list;
                for (const SessionRecord &record : r.sessions)
                    list.append(sessionJson(record));
                return withName("sessions", {{QStringLiteral("sessions"), list}});
            },
            [](const SessionCreated &r) { return withName("session", sessionJson(r.record)); },
            [](const SessionDeleted &r) {
                return withName(
                    "session", {{QStringLiteral("session"), r.session}, {QStringLiteral("deleted"), true}});
            },
            [](const MessageQueued &r) {
                QJsonObject o = messageJson(r.message);
                o.insert(QStringLiteral("session"), r.message.session);
                o.insert(QStringLiteral("status"), messageStatusName(r.message.status));
                return withName("message", o);
            },
            [](const PairingCodeReply &r) {
                return withName("pairing-code",
                    {{QStringLiteral("session"), r.session}, {QStringLiteral("code"), r.code},
                        {QStringLiteral("phone"), r.phone}});
            },
            [](const ChatsReply &r) {
                QJsonArray list;
                for (const ChatEvent &chat : r.chats) {
                    QJsonObject o = toJson(Event(chat), 0);
                    o.remove(QStringLiteral("event"));
                    o.remove(QStringLiteral("ts"));
                    o.remove(QStringLiteral("session"));
                    list.append(o);
                }
                return withName(
                    "chats", {{QStringLiteral("session"), r.session}, {QStringLiteral("chats"), list}});
            },
            [](const MessagesReply &r) {
                return withName("messages",
                    {{QStringLiteral("session"), r.session}, {QStringLiteral("chat"), r.chat},
                        {QStringLiteral("messages"), messagesJson(r.messages)}});
            },
            [](const SearchReply &r) {
                return withName("search",
                    {{QStringLiteral("session"), r.session}, {QStringLiteral("query"), r.query},
                        {QStringLiteral("messages"), messagesJson(r.messages)}});
            },
            [](const NumbersReply &r) {
                QJsonArray list;
                for (const NumberResult &n : r.results) {
                    QJsonObject o {{QStringLiteral("input"), n.input}, {QStringLiteral("exists"), n.exists},
                        {QStringLiteral("jid"), n.jid}};
                    if (!n.lid.isEmpty())
                        o.insert(QStringLiteral("lid"), n.lid);
                    if (!n.phone.isEmpty())
                        o.insert(QStringLiteral("phone"), n.phone);
                    if (!n.error.isEmpty())
                        o.insert(QStringLiteral("error"), n.error);
                    list.append(o);
                }
                return withName(
                    "numbers", {{QStringLiteral("session"), r.session}, {QStringLiteral("results"), list}});
            },
            [](const MediaReply &r) {
                QJsonObject o {{QStringLiteral("session"), r.session}, {QStringLiteral("chat"), r.chat},
                    {QStringLiteral("id"), r.id}, {QStringLiteral("type"), messageKindName(r.kind)},
                    {QStringLiteral("state"), r.state}, {QStringLiteral("media"), mediaJson(r.media)}};
                if (!r.path.isEmpty())
                    o.insert(QStringLiteral("path"), r.path);
                return withName("media", o);
            },
            [](const Error &e) {
                return withName(
                    "error", {{QStringLiteral("code"), e.code}, {QStringLiteral("message"), e.message}});
            },
        },
        reply);
}

} // namespace balcao
