#include "sqlite_chat_store.h"

namespace balcao::models {

namespace check = message_store_check;

namespace {

// `u.unread = 1` as a literal, for the partial index messages_unread.
// clang-format off
#define BALCAO_CHAT_SELECT \
    "SELECT c.chat_jid, COALESCE(ct.push_name, ''), " \
    "(SELECT COUNT(*) FROM messages u WHERE u.session_id = c.session_id AND u.chat_jid = c.chat_jid " \
    "AND u.unread = 1), " BALCAO_MESSAGE_COLUMNS " " \
    "FROM chats c JOIN messages m ON m.seq = c.last_seq " \
    "LEFT JOIN contacts ct ON ct.session_id = c.session_id AND ct.jid = c.chat_jid "
// clang-format on
constexpr char kChats[]
    = BALCAO_CHAT_SELECT "WHERE c.session_id = ? ORDER BY c.last_timestamp DESC, c.last_seq DESC";
constexpr char kChat[] = BALCAO_CHAT_SELECT "WHERE c.session_id = ? AND c.chat_jid = ?";
#undef BALCAO_CHAT_SELECT
constexpr char kUnread[]
    = "SELECT message_id, sender_jid FROM messages WHERE session_id = ? AND chat_jid = ? AND "
      "unread = 1 ORDER BY timestamp, seq";
constexpr char kClearUnread[]
    = "UPDATE messages SET unread = 0 WHERE session_id = ? AND chat_jid = ? AND unread = 1";

} // namespace

Result<QList<ChatSummary>> SqliteChatStore::summaries(const char *sql, const QString &chat) {
    auto query = m_rows.statement(sql);
    if (!query)
        return query.error();
    QSqlQuery &q = **query;
    const auto ran = chat.isEmpty()
        ? sql::run(q, {m_rows.session()}, QStringLiteral("Cannot read the chats"))
        : sql::run(q, {m_rows.session(), chat}, QStringLiteral("Cannot read the chat %1").arg(chat));
    if (!ran)
        return ran.error();
    QList<ChatSummary> out;
    while (q.next()) {
        ChatSummary summary;
        summary.chat = q.value(0).toString();
        summary.name = q.value(1).toString();
        summary.unread = q.value(2).toInt();
        auto last = readMessage(q, 3);
        if (!last) {
            q.finish();
            return last.error();
        }
        summary.lastMessage = std::move(*last);
        out.append(std::move(summary));
    }
    q.finish();
    return out;
}

Result<QList<ChatSummary>> SqliteChatStore::chats() {
    return summaries(kChats, {});
}

Result<std::optional<ChatSummary>> SqliteChatStore::chat(const QString &chat) {
    if (auto ok = check::chat(chat); !ok)
        return ok.error();
    auto found = summaries(kChat, chat);
    if (!found)
        return found.error();
    if (found->isEmpty())
        return std::optional<ChatSummary>();
    return std::optional<ChatSummary>(found->first());
}

Result<QList<UnreadMessage>> SqliteChatStore::markRead(const QString &chat) {
    if (auto ok = check::chat(chat); !ok)
        return ok.error();
    auto transaction = m_rows.transaction();
    if (auto ok = transaction.begin(); !ok)
        return ok.error();
    if (auto known = m_rows.requireChat(chat); !known)
        return known.error();
    auto unread = m_rows.statement(kUnread);
    if (!unread)
        return unread.error();
    if (auto ok
        = sql::run(**unread, {m_rows.session(), chat}, QStringLiteral("Cannot read the unread messages"));
        !ok)
        return ok.error();
    QList<UnreadMessage> out;
    while ((*unread)->next())
        out.append({(*unread)->value(0).toString(), (*unread)->value(1).toString()});
    (*unread)->finish();
    if (!out.isEmpty()) {
        auto clear = m_rows.statement(kClearUnread);
        if (!clear)
            return clear.error();
        if (auto ok = sql::run(
                **clear, {m_rows.session(), chat}, QStringLiteral("Cannot mark the chat %1 read").arg(chat));
            !ok)
            return ok.error();
    }
    if (auto ok = transaction.commit(); !ok)
        return ok.error();
    return out;
}

} // namespace balcao::models
