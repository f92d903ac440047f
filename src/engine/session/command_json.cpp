#include "command_json.h"

#include "auth/phone_number.h"
#include "messaging/number_check.h"
#include "messaging/stored_message.h"
#include "messaging/text_limits.h"
#include "session/outgoing_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <cmath>
#include <functional>

namespace balcao {

namespace {

Error invalid(const QString &message) {
    return makeError(errc::kInvalidCommand, message);
}

// Reads a required non-empty string field.
Result<QString> requiredString(const QJsonObject &o, const char *key) {
    const QString name = QString::fromLatin1(key);
    const auto value = o.value(name);
    if (value.isUndefined())
        return invalid(QStringLiteral("The field \"%1\" is missing.").arg(name));
    if (!value.isString())
        return invalid(QStringLiteral("The field \"%1\" must be a string.").arg(name));
    if (value.toString().trimmed().isEmpty())
        return invalid(QStringLiteral("The field \"%1\" must not be empty.").arg(name));
    return value.toString();
}

Result<QString> sessionOf(const QJsonObject &o) {
    return requiredString(o, "session");
}

template<typename T> Result<Command> sessionOnly(const QJsonObject &o) {
    auto session = sessionOf(o);
    if (!session)
        return session.error();
    return Command {T {session.value()}};
}

Result<Command> parseAddSession(const QJsonObject &o) {
    auto name = requiredString(o, "name");
    if (!name)
        return name.error();
    if (name->size() > 100)
        return invalid(QStringLiteral("A session name has at most 100 characters."));
    return Command {AddSessionCommand {name->trimmed()}};
}

Result<Command> parseLink(const QJsonObject &o) {
    auto session = sessionOf(o);
    if (!session)
        return session.error();
    auto method = requiredString(o, "method");
    if (!method)
        return method.error();
    if (*method == QLatin1String("qr"))
        return Command {LinkCommand {*session, LinkMethod::Qr, {}}};
    if (*method != QLatin1String("code"))
        return invalid(
            QStringLiteral("The link method must be \"qr\" or \"code\", not \"%1\".").arg(*method));
    auto phone = requiredString(o, "phone");
    if (!phone)
        return phone.error();
    auto digits = normalizePhoneNumber(*phone);
    if (!digits)
        return digits.error();
    return Command {LinkCommand {*session, LinkMethod::Code, *digits}};
}

// The optional caller-chosen message id ("" when absent).
Result<QString> chosenId(const QJsonObject &o) {
    const auto id = o.value(QStringLiteral("id"));
    if (id.isUndefined())
        return QString();
    static const QRegularExpression idPattern(
        QStringLiteral("^[A-Za-z0-9]{1,%1}$").arg(kMaxChosenMessageIdLength));
    if (!id.isString() || !idPattern.match(id.toString()).hasMatch())
        return invalid(QStringLiteral("The field \"id\" must be 1 to %1 letters and digits.")
                           .arg(kMaxChosenMessageIdLength));
    return id.toString();
}

// The session and recipient every send names.
Result<std::pair<QString, QString>> sessionAndRecipient(const QJsonObject &o) {
    auto session = sessionOf(o);
    if (!session)
        return session.error();
    auto to = requiredString(o, "to");
    if (!to)
        return to.error();
    auto jid = userJidFromInput(*to);
    if (!jid)
        return jid.error();
    return std::pair {*session, *jid};
}

Result<Command> parseSend(const QJsonObject &o) {
    auto target = sessionAndRecipient(o);
    if (!target)
        return target.error();
    const auto text = o.value(QStringLiteral("text"));
    if (!text.isString())
        return invalid(QStringLiteral("The field \"text\" must be a string."));
    if (auto checked = checkOutgoingText(text.toString()); !checked)
        return checked.error();
    auto id = chosenId(o);
    if (!id)
        return id.error();
    return Command {SendCommand {target->first, target->second, textContent(text.toString()), *id}};
}

// {"cmd":"send-file","session","to","path","kind"?,"fileName"?,"caption"?,"id"?}
Result<Command> parseSendFile(const QJsonObject &o) {
    auto target = sessionAndRecipient(o);
    if (!target)
        return target.error();
    auto path = requiredString(o, "path");
    if (!path)
        return path.error();
    SendFileCommand command {target->first, target->second, *path};
    for (auto [key, slot, max] : {std::tuple {"kind", &command.kind, qsizetype(16)},
             std::tuple {"fileName", &command.fileName, qsizetype(255)},
             std::tuple {"caption", &command.caption, qsizetype(kMaxTextCharacters)}}) {
        const QJsonValue value = o.value(QLatin1String(key));
        if (value.isUndefined())
            continue;
        if (!value.isString() || value.toString().size() > max)
            return invalid(QStringLiteral("The field \"%1\" must be a text of at most %2 characters.")
                               .arg(QLatin1String(key))
                               .arg(max));
        *slot = value.toString();
    }
    auto id = chosenId(o);
    if (!id)
        return id.error();
    command.id = *id;
    return Command {command};
}

// {"cmd":"send-location"|"send-contact","session","to",…,"id"?}: the content from outgoing_json.
template<Result<MessageContent> (*read)(const QJsonObject &)>
Result<Command> parseSendContent(const QJsonObject &o) {
    auto target = sessionAndRecipient(o);
    if (!target)
        return target.error();
    auto content = read(o);
    if (!content)
        return content.error();
    auto id = chosenId(o);
    if (!id)
        return id.error();
    return Command {SendCommand {target->first, target->second, *content, *id}};
}

Result<Command> parseMarkRead(const QJsonObject &o) {
    auto session = sessionOf(o);
    if (!session)
        return session.error();
    auto chat = requiredString(o, "chat");
    if (!chat)
        return chat.error();
    return Command {MarkReadCommand {*session, *chat}};
}

// {"cmd":"set-calls","session":…,"reject":true,"reply":"…"}: "reject" is required, "reply" optional.
Result<Command> parseSetCalls(const QJsonObject &o) {
    auto session = sessionOf(o);
    if (!session)
        return session.error();
    const auto reject = o.value(QStringLiteral("reject"));
    if (!reject.isBool())
        return invalid(
            QStringLiteral("The field \"reject\" must be true (reject calls) or false (let them ring)."));
    CallPolicy policy {reject.toBool(), {}};
    if (const auto reply = o.value(QStringLiteral("reply")); !reply.isUndefined() && !reply.isNull()) {
        if (!reply.isString() || reply.toString().size() > CallPolicy::kMaxReplyLength)
            return invalid(QStringLiteral("The field \"reply\" must be a text of at most %1 characters.")
                               .arg(CallPolicy::kMaxReplyLength));
        policy.reply = reply.toString();
    }
    return Command {SetCallsCommand {*session, policy}};
}

// The optional "limit" field, 1..max; `limit` keeps its default when the field is absent.
Result<void> limitOf(const QJsonObject &o, int max, int &limit) {
    const auto field = o.value(QStringLiteral("limit"));
    if (field.isUndefined())
        return {};
    const double value = field.toDouble(-1);
    // Range first: converting a double outside int's range (1e300) is undefined behaviour (found by
    // tests/fuzz/fuzz_command_json; corpus/command_json/crash-limit-huge replays it).
    if (!field.isDouble() || !(value >= 1 && value <= max) || value != std::trunc(value)) {
        return makeError(errc::kInvalidArgument,
            QStringLiteral("\"limit\" must be a whole number from 1 to %1.").arg(max));
    }
    limit = int(value);
    return {};
}

Result<Command> parseMessages(const QJsonObject &o) {
    auto session = sessionOf(o);
    if (!session)
        return session.error();
    auto chat = requiredString(o, "chat");
    if (!chat)
        return chat.error();
    MessagesCommand command {*session, *chat, MessagesCommand::kDefaultLimit, {}};
    if (auto limit = limitOf(o, MessagesCommand::kMaxLimit, command.limit); !limit)
        return limit.error();
    const auto before = o.value(QStringLiteral("before"));
    if (!before.isUndefined() && !before.isNull()) {
        if (!before.isString())
            return invalid(QStringLiteral("The field \"before\" must be a message id (a string)."));
        command.before = before.toString();
    }
    return Command {command};
}

Result<Command> parseSearch(const QJsonObject &o) {
    auto session = sessionOf(o);
    if (!session)
        return session.error();
    auto query = requiredString(o, "query");
    if (!query)
        return query.error();
    if (const QString problem = searchQueryProblem(*query, QStringLiteral("The field \"query\""));
        !problem.isEmpty())
        return invalid(problem);
    SearchCommand command {*session, *query, SearchCommand::kDefaultLimit};
    if (auto limit = limitOf(o, SearchCommand::kMaxLimit, command.limit); !limit)
        return limit.error();
    return Command {command};
}

// {"cmd":"check-numbers","session":…,"numbers":["+55 31 98765-0003", …]}
Result<Command> parseCheckNumbers(const QJsonObject &o) {
    auto session = sessionOf(o);
    if (!session)
        return session.error();
    const QJsonValue numbers = o.value(QStringLiteral("numbers"));
    if (!numbers.isArray() || numbers.toArray().isEmpty()
        || numbers.toArray().size() > NumberCheck::kMaxNumbers)
        return invalid(QStringLiteral("The field \"numbers\" must be a list of 1 to %1 numbers.")
                           .arg(NumberCheck::kMaxNumbers));
    CheckNumbersCommand command {*session, {}};
    for (const QJsonValue &n : numbers.toArray()) {
        if (!n.isString() || n.toString().isEmpty() || n.toString().size() > 64)
            return invalid(QStringLiteral("Each number must be a text of 1 to 64 characters."));
        command.numbers.append(n.toString());
    }
    return Command {command};
}

// The session, chat and message id that commands about one message name.
struct MessageRef {
    QString session;
    QString chat;
    QString id;
};
Result<MessageRef> messageRefOf(const QJsonObject &o) {
    auto session = sessionOf(o);
    if (!session)
        return session.error();
    auto chat = requiredString(o, "chat");
    if (!chat)
        return chat.error();
    auto id = requiredString(o, "id");
    if (!id)
        return id.error();
    return MessageRef {*session, *chat, *id};
}

// {"cmd":"mark-played","session":…,"chat":…,"id":…}: a voice note was listened to.
Result<Command> parseMarkPlayed(const QJsonObject &o) {
    auto ref = messageRefOf(o);
    if (!ref)
        return ref.error();
    return Command {MarkPlayedCommand {ref->session, ref->chat, ref->id}};
}

// {"cmd":"media","session":…,"chat":…,"id":…} where a message's file is; "download":true fetches it.
Result<Command> parseMedia(const QJsonObject &o) {
    auto ref = messageRefOf(o);
    if (!ref)
        return ref.error();
    const QJsonValue download = o.value(QStringLiteral("download"));
    if (!download.isUndefined() && !download.isBool())
        return invalid(QStringLiteral("The field \"download\" must be true or false."));
    return Command {MediaCommand {ref->session, ref->chat, ref->id, download.toBool(false)}};
}

} // namespace

QString searchQueryProblem(const QString &query, const QString &field) {
    if (query.size() > SearchCommand::kMaxQueryLength)
        return QStringLiteral("%1 is too long (at most %2 characters).")
            .arg(field)
            .arg(SearchCommand::kMaxQueryLength);
    if (message_store_check::searchWords(query).isEmpty())
        return QStringLiteral("%1 needs at least one word (letters or digits).").arg(field);
    return {};
}

Result<Command> parseCommandLine(QByteArrayView line) {
    auto request = parseCommandRequest(line);
    if (!request)
        return request.error();
    return request->command;
}

Result<CommandRequest> parseCommandRequest(QByteArrayView line) {
    if (line.size() > kMaxCommandLineBytes)
        return invalid(QStringLiteral("The command is longer than %1 bytes.").arg(kMaxCommandLineBytes));
    QJsonParseError parseError {};
    const QJsonDocument doc = QJsonDocument::fromJson(line.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return invalid(QStringLiteral("The line is not valid JSON (%1 at offset %2).")
                           .arg(parseError.errorString())
                           .arg(parseError.offset));
    if (!doc.isObject())
        return invalid(QStringLiteral("A command must be a JSON object such as {\"cmd\":\"list\"}."));
    const QJsonObject o = doc.object();
    QString requestId;
    if (const auto value = o.value(QStringLiteral("requestId")); !value.isUndefined()) {
        if (!value.isString() || value.toString().isEmpty() || value.toString().size() > kMaxRequestIdLength)
            return invalid(QStringLiteral("The field \"requestId\" must be a string of 1 to %1 characters.")
                               .arg(kMaxRequestIdLength));
        requestId = value.toString();
    }
    const auto cmd = o.value(QStringLiteral("cmd"));
    if (!cmd.isString())
        return invalid(QStringLiteral("The field \"cmd\" (a string naming the command) is missing."));

    using Parser = std::function<Result<Command>(const QJsonObject &)>;
    static const QHash<QString, Parser> parsers {
        {QStringLiteral("add-session"), parseAddSession},
        {QStringLiteral("link"), parseLink},
        {QStringLiteral("list"),
            [](const QJsonObject &) { return Result<Command>(Command {ListCommand {}}); }},
        {QStringLiteral("start"), sessionOnly<StartCommand>},
        {QStringLiteral("stop"), sessionOnly<StopCommand>},
        {QStringLiteral("logout"), sessionOnly<LogoutCommand>},
        {QStringLiteral("delete"), sessionOnly<DeleteCommand>},
        {QStringLiteral("send"), parseSend},
        {QStringLiteral("mark-read"), parseMarkRead},
        {QStringLiteral("chats"), sessionOnly<ChatsCommand>},
        {QStringLiteral("messages"), parseMessages},
        {QStringLiteral("search"), parseSearch},
        {QStringLiteral("set-calls"), parseSetCalls},
        {QStringLiteral("check-numbers"), parseCheckNumbers},
        {QStringLiteral("media"), parseMedia},
        {QStringLiteral("send-file"), parseSendFile},
        {QStringLiteral("mark-played"), parseMarkPlayed},
        {QStringLiteral("send-location"), parseSendContent<outgoing_json::location>},
        {QStringLiteral("send-contact"), parseSendContent<outgoing_json::contactCard>},
    };
    const auto parser = parsers.constFind(cmd.toString());
    if (parser == parsers.cend()) {
        QStringList known = parsers.keys();
        known.sort();
        return invalid(QStringLiteral("Unknown command \"%1\". Known commands: %2.")
                           .arg(cmd.toString().left(40), known.join(QStringLiteral(", "))));
    }
    auto command = (*parser)(o);
    if (!command)
        return command.error();
    return CommandRequest {*command, requestId};
}

} // namespace balcao
