#include "message_rows.h"

#include <QSqlError>
#include <messaging/content_codec.h>

namespace balcao::models {

namespace {

constexpr char kFind[] = "SELECT seq, timestamp, type, unread, from_me, status, retry_count FROM messages "
                         "WHERE session_id = ? AND chat_jid = ? AND message_id = ?";
constexpr char kInsert[]
    = "INSERT INTO messages(session_id, chat_jid, message_id, sender_jid, from_me, timestamp, "
      "type, text, push_name, status, unread, retry_count, content) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?)";
constexpr char kReplace[]
    = "UPDATE messages SET sender_jid = ?, from_me = ?, timestamp = ?, type = ?, text = ?, "
      "push_name = ?, status = ?, unread = ?, retry_count = ?, content = ? WHERE seq = ?";
// The chat's last message is recomputed from the paging index (one step from its end) rather than
// compared with the stored one, so a replaced placeholder or an out-of-order arrival cannot leave it wrong.
constexpr char kRefreshChat[]
    = "INSERT INTO chats(session_id, chat_jid, last_seq, last_timestamp) "
      "SELECT session_id, chat_jid, seq, timestamp FROM messages "
      "WHERE session_id = ? AND chat_jid = ? ORDER BY timestamp DESC, seq DESC LIMIT 1 "
      "ON CONFLICT(session_id, chat_jid) DO UPDATE SET last_seq = excluded.last_seq, "
      "last_timestamp = excluded.last_timestamp";
constexpr char kUpsertContact[]
    = "INSERT INTO contacts(session_id, jid, push_name, seen_at) VALUES(?, ?, ?, ?) "
      "ON CONFLICT(session_id, jid) DO UPDATE SET push_name = excluded.push_name, "
      "seen_at = excluded.seen_at WHERE excluded.seen_at >= contacts.seen_at";
constexpr char kChatExists[] = "SELECT 1 FROM chats WHERE session_id = ? AND chat_jid = ?";

// Qt binds a null QString as SQL NULL; our text columns are NOT NULL and hold '' for "none".
QString text(const QString &value) {
    return value.isNull() ? QStringLiteral("") : value;
}

// Most messages are plain texts whose content says nothing their type and text columns do not: those keep
// NULL (read back from the columns, exactly as they were), so the common case costs no encoding on the way
// in and no decoding on the way out.
QVariant contentColumn(const StoredMessage &m) {
    if (m.content == contentFromColumns(m.type, m.text))
        return QVariant(QMetaType::fromType<QByteArray>());
    return content_codec::encode(m.content);
}

} // namespace

Error unknownChat(const QString &chat) {
    return makeError(errc::kUnknownChat, QStringLiteral("There is no message in the chat %1.").arg(chat));
}

Error unknownMessage(const QString &chat, const QString &id) {
    return makeError(errc::kUnknownMessage, QStringLiteral("The chat %1 has no message %2.").arg(chat, id));
}

Result<StoredMessage> readMessage(const QSqlQuery &query, int first) {
    StoredMessage m;
    m.chat = query.value(first).toString();
    m.id = query.value(first + 1).toString();
    m.sender = query.value(first + 2).toString();
    m.fromMe = query.value(first + 3).toBool();
    m.timestamp = query.value(first + 4).toLongLong();
    m.type = query.value(first + 5).toString();
    m.text = query.value(first + 6).toString();
    m.pushName = query.value(first + 7).toString();
    const QString status = query.value(first + 8).toString();
    const auto parsed = messageStatusFromString(status);
    if (!parsed) {
        return makeError(errc::kStorageCorrupt,
            QStringLiteral("Message %1 has an unknown status \"%2\".").arg(m.id, status));
    }
    m.status = *parsed;
    m.retryCount = query.value(first + 9).toInt();
    m.unread = query.value(first + 10).toBool();
    // Plain texts and rows from before migration 08 have no content; a damaged one is read from its type and
    // text too.
    const QByteArray content = query.value(first + 11).toByteArray();
    auto decoded = content.isEmpty() ? Result<MessageContent>(makeError(errc::kMalformedContent, {}))
                                     : content_codec::decode(content);
    m.content = decoded ? *decoded : contentFromColumns(m.type, m.text);
    return m;
}

Result<QList<StoredMessage>> readMessages(QSqlQuery &query) {
    QList<StoredMessage> out;
    while (query.next()) {
        auto m = readMessage(query, 0);
        if (!m) {
            query.finish();
            return m.error();
        }
        out.append(std::move(*m));
    }
    query.finish();
    return out;
}

MessageRows::MessageRows(const Database &database, QString sessionId)
    : m_connection(database, std::move(sessionId)) { }

Result<QSqlQuery *> MessageRows::statement(const char *sql) {
    return m_connection.statements().get(sql, QStringLiteral("Cannot prepare a message statement"));
}

Result<std::optional<MessageRows::Existing>> MessageRows::find(const QString &chat, const QString &id) {
    auto query = statement(kFind);
    if (!query)
        return query.error();
    QSqlQuery &q = **query;
    if (auto ok = sql::run(q, {session(), chat, id}, QStringLiteral("Cannot look up a message")); !ok)
        return ok.error();
    if (!q.next()) {
        q.finish();
        return std::optional<Existing>();
    }
    Existing e {q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toString(), q.value(3).toBool(),
        q.value(4).toBool(), q.value(5).toString(), q.value(6).toInt()};
    q.finish();
    return std::optional<Existing>(std::move(e));
}

Result<void> MessageRows::insert(const StoredMessage &m) {
    auto query = statement(kInsert);
    if (!query)
        return query.error();
    return sql::run(**query,
        {session(), m.chat, m.id, m.sender, int(m.fromMe), m.timestamp, m.type, text(m.text),
            text(m.pushName), messageStatusName(m.status), int(m.unread), m.retryCount, contentColumn(m)},
        QStringLiteral("Cannot store message %1").arg(m.id));
}

Result<void> MessageRows::refreshChat(const QString &chat) {
    auto query = statement(kRefreshChat);
    if (!query)
        return query.error();
    return sql::run(**query, {session(), chat}, QStringLiteral("Cannot update the chat %1").arg(chat));
}

Result<void> MessageRows::upsertPushName(const QString &jid, const QString &pushName, qint64 timestamp) {
    auto query = statement(kUpsertContact);
    if (!query)
        return query.error();
    return sql::run(**query, {session(), jid, pushName, timestamp},
        QStringLiteral("Cannot store the push name of %1").arg(jid));
}

Result<bool> MessageRows::chatExists(const QString &chat) {
    auto query = statement(kChatExists);
    if (!query)
        return query.error();
    if (auto ok = sql::run(**query, {session(), chat}, QStringLiteral("Cannot read the chat %1").arg(chat));
        !ok)
        return ok.error();
    const bool exists = (*query)->next();
    (*query)->finish();
    return exists;
}

Result<void> MessageRows::requireChat(const QString &chat) {
    auto exists = chatExists(chat);
    if (!exists)
        return exists.error();
    if (!*exists)
        return unknownChat(chat);
    return {};
}

Result<bool> MessageRows::storeIncoming(const StoredMessage &message) {
    auto existing = find(message.chat, message.id);
    if (!existing)
        return existing.error();
    StoredMessage stored = asStoredIncoming(message);
    if (*existing) {
        const bool replacesPlaceholder = (*existing)->type == QLatin1String(kUndecryptableType)
            && message.type != QLatin1String(kUndecryptableType);
        if (!replacesPlaceholder)
            return false;
        stored.unread
            = (*existing)->unread && !stored.fromMe; // a placeholder the user already saw stays read
        auto query = statement(kReplace);
        if (!query)
            return query.error();
        if (auto ok = sql::run(**query,
                {stored.sender, int(stored.fromMe), stored.timestamp, stored.type, text(stored.text),
                    text(stored.pushName), messageStatusName(stored.status), int(stored.unread),
                    stored.retryCount, contentColumn(stored), (*existing)->seq},
                QStringLiteral("Cannot store message %1").arg(stored.id));
            !ok)
            return ok.error();
    } else if (auto ok = insert(stored); !ok) {
        return ok.error();
    }
    if (!stored.fromMe && !stored.pushName.isEmpty()) {
        if (auto ok = upsertPushName(stored.sender, stored.pushName, stored.timestamp); !ok)
            return ok.error();
    }
    if (auto ok = refreshChat(stored.chat); !ok)
        return ok.error();
    return true;
}

} // namespace balcao::models
