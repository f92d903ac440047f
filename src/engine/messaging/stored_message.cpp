#include "stored_message.h"

#include "messaging/content_codec.h"

namespace balcao {

namespace message_store_check {

namespace {

Error invalid(QString message) {
    return makeError(errc::kInvalidArgument, std::move(message));
}

} // namespace

Result<void> chat(const QString &chat) {
    if (!chat.contains(QLatin1Char('@')) || chat.startsWith(QLatin1Char('@')))
        return invalid(QStringLiteral("\"%1\" is not a chat JID (user@server).").arg(chat.left(80)));
    return {};
}

Result<void> messageId(const QString &id) {
    if (id.isEmpty())
        return invalid(QStringLiteral("A message needs an id."));
    if (id.size() > kMaxMessageIdLength) {
        return invalid(QStringLiteral("A message id has at most %1 characters (got %2).")
                           .arg(kMaxMessageIdLength)
                           .arg(id.size()));
    }
    return {};
}

Result<void> message(const StoredMessage &message) {
    if (auto ok = chat(message.chat); !ok)
        return ok;
    if (auto ok = messageId(message.id); !ok)
        return ok;
    if (message.sender.isEmpty())
        return invalid(QStringLiteral("Message %1 has no sender.").arg(message.id));
    if (message.type.isEmpty())
        return invalid(QStringLiteral("Message %1 has no type.").arg(message.id));
    if (message.timestamp < 0)
        return invalid(QStringLiteral("Message %1 has a negative timestamp.").arg(message.id));
    if (message.retryCount < 0)
        return invalid(QStringLiteral("Message %1 has a negative retry count.").arg(message.id));
    return {};
}

Result<void> contact(const QString &jid, const QString &pushName, qint64 timestamp) {
    if (auto ok = chat(jid); !ok)
        return ok;
    if (pushName.trimmed().isEmpty())
        return invalid(QStringLiteral("A push name cannot be empty."));
    if (timestamp < 0)
        return invalid(QStringLiteral("A push name's timestamp cannot be negative."));
    return {};
}

namespace {

// `<digits>@server` with nothing else: the user form both halves of a LID mapping take.
bool isDigitsAt(const QString &jid, QLatin1String server) {
    const qsizetype at = jid.indexOf(QLatin1Char('@'));
    if (at < 1 || at > 32 || QStringView(jid).mid(at + 1) != server)
        return false;
    for (qsizetype i = 0; i < at; ++i) {
        if (!jid.at(i).isDigit() || jid.at(i).unicode() > 127)
            return false;
    }
    return true;
}

} // namespace

Result<void> lid(const QString &lid) {
    if (!isDigitsAt(lid, QLatin1String("lid")))
        return invalid(QStringLiteral("\"%1\" is not a LID user (digits@lid).").arg(lid.left(80)));
    return {};
}

Result<void> phone(const QString &phone) {
    if (!isDigitsAt(phone, QLatin1String("s.whatsapp.net"))) {
        return invalid(
            QStringLiteral("\"%1\" is not a phone-number user (digits@s.whatsapp.net).").arg(phone.left(80)));
    }
    return {};
}

Result<void> lidMapping(const QString &lidJid, const QString &phoneJid) {
    if (auto ok = lid(lidJid); !ok)
        return ok;
    return phone(phoneJid);
}

Result<void> privacyToken(const QString &jid, const QByteArray &token, qint64 timestamp) {
    if (auto ok = chat(jid); !ok)
        return ok;
    if (token.isEmpty() || token.size() > 256)
        return invalid(QStringLiteral("A privacy token has 1 to 256 bytes (got %1).").arg(token.size()));
    if (timestamp < 0)
        return invalid(QStringLiteral("A privacy token's timestamp cannot be negative."));
    return {};
}

Result<void> limit(int limit) {
    if (limit < 1 || limit > kMaxPageSize)
        return invalid(
            QStringLiteral("The limit must be between 1 and %1 (got %2).").arg(kMaxPageSize).arg(limit));
    return {};
}

Result<void> page(const QString &chat, int limit, const QString &before) {
    if (auto ok = message_store_check::chat(chat); !ok)
        return ok;
    if (auto ok = message_store_check::limit(limit); !ok)
        return ok;
    if (before.isEmpty())
        return {};
    return messageId(before);
}

QStringList searchWords(const QString &text) {
    // As SQLite FTS5's unicode61 tokenizer with remove_diacritics 2: letters and digits make words, every
    // other character separates them, case and combining accents do not count.
    const QString folded = text.normalized(QString::NormalizationForm_D).toCaseFolded();
    QStringList words;
    QString word;
    for (const char32_t c : folded.toUcs4()) {
        if (QChar::category(c) == QChar::Mark_NonSpacing)
            continue;
        if (QChar::isLetterOrNumber(c)) {
            word += QString::fromUcs4(&c, 1);
        } else if (!word.isEmpty()) {
            words.append(word);
            word.clear();
        }
    }
    if (!word.isEmpty())
        words.append(word);
    return words;
}

} // namespace message_store_check

void setContent(StoredMessage &message, MessageContent content) {
    message.type = messageKindName(content.kind);
    message.text = content.kind == MessageKind::Text
        ? content.text
        : (content.text.isEmpty() ? content.placeholder
                                  : content.placeholder + QLatin1Char(' ') + content.text);
    message.content = std::move(content);
}

StoredMessage asQueuedOutgoing(StoredMessage message) {
    message.fromMe = true;
    message.status = MessageStatus::Pending;
    message.unread = false;
    message.retryCount = 0;
    return message;
}

StoredMessage asStoredIncoming(StoredMessage message) {
    if (message.status == MessageStatus::Pending)
        message.status = MessageStatus::Sent;
    message.unread = !message.fromMe;
    if (message.type != QLatin1String(kUndecryptableType))
        message.retryCount = 0;
    return message;
}

StoredMessage undecryptablePlaceholder(StoredMessage message) {
    message.type = QString::fromLatin1(kUndecryptableType);
    message.text.clear();
    message.retryCount = 1;
    return asStoredIncoming(std::move(message));
}

bool isStatusAdvance(MessageStatus current, MessageStatus next) {
    if (next == MessageStatus::Failed)
        return current == MessageStatus::Pending || current == MessageStatus::Sent;
    if (current == MessageStatus::Failed)
        return false;
    // The enum lists the delivery steps in order: Pending, Sent, Delivered, Read, Played.
    return static_cast<int>(next) > static_cast<int>(current);
}

MessageEvent toMessageEvent(const QString &sessionId, const StoredMessage &m) {
    MessageEvent event;
    event.session = sessionId;
    event.chat = m.chat;
    event.id = m.id;
    event.from = m.sender;
    event.fromMe = m.fromMe;
    event.timestamp = m.timestamp;
    event.type = m.type;
    event.text = m.text;
    event.pushName = m.pushName;
    event.status = m.status;
    event.content = m.content;
    return event;
}

MessageContent contentFromColumns(const QString &type, const QString &text) {
    MessageContent content;
    content.kind = content_codec::kindFromName(type);
    if (content.kind == MessageKind::Text)
        content.text = text;
    else
        content.placeholder = text;
    return content;
}

ChatEvent toChatEvent(const QString &sessionId, const ChatSummary &chat) {
    ChatEvent event;
    event.session = sessionId;
    event.chat = chat.chat;
    event.name = chat.name;
    event.unread = chat.unread;
    event.lastMessage = toMessageEvent(sessionId, chat.lastMessage);
    return event;
}

} // namespace balcao
