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

// mergeChat, in order. Each binds the session, `from` and `into` as it names them.
constexpr char kDropTwins[]
    = "DELETE FROM messages WHERE session_id = ? AND chat_jid = ? AND message_id IN "
      "(SELECT message_id FROM messages WHERE session_id = ? AND chat_jid = ?)"; // s, from, s, into
constexpr char kMoveMessages[]
    = "UPDATE messages SET chat_jid = ?, sender_jid = CASE WHEN sender_jid = ? THEN ? ELSE sender_jid END "
      "WHERE session_id = ? AND chat_jid = ?"; // into, from, into, s, from
constexpr char kDropChat[] = "DELETE FROM chats WHERE session_id = ? AND chat_jid = ?"; // s, from
constexpr char kMoveName[]
    = "INSERT OR IGNORE INTO contacts(session_id, jid, push_name, seen_at) "
      "SELECT session_id, ?, push_name, seen_at FROM contacts WHERE session_id = ? AND jid = ?"; // into, s,
                                                                                                 // from
constexpr char kDropName[] = "DELETE FROM contacts WHERE session_id = ? AND jid = ?"; // s, from

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

Result<int> SqliteChatStore::mergeChat(const QString &from, const QString &into) {
    if (auto ok = check::chat(from); !ok)
        return ok.error();
    if (auto ok = check::chat(into); !ok)
        return ok.error();
    if (from == into)
        return 0;
    auto transaction = m_rows.transaction();
    if (auto ok = transaction.begin(); !ok)
        return ok.error();
    const QString failure = QStringLiteral("Cannot merge the chat %1 into %2").arg(from, into);
    const QString &session = m_rows.session();
    int moved = 0;
    auto run = [this, &failure](const char *sql, std::initializer_list<QVariant> values) -> Result<int> {
        auto query = m_rows.statement(sql);
        if (!query)
            return query.error();
        if (auto ok = sql::run(**query, values, failure); !ok)
            return ok.error();
        const int rows = (*query)->numRowsAffected();
        (*query)->finish();
        return rows;
    };
    if (auto ok = run(kDropTwins, {session, from, session, into}); !ok)
        return ok.error();
    if (auto ok = run(kMoveMessages, {into, from, into, session, from}); !ok)
        return ok.error();
    else
        moved = *ok;
    if (auto ok = run(kDropChat, {session, from}); !ok)
        return ok.error();
    if (auto ok = run(kMoveName, {into, session, from}); !ok)
        return ok.error();
    if (auto ok = run(kDropName, {session, from}); !ok)
        return ok.error();
    if (moved > 0) {
        if (auto ok = m_rows.refreshChat(into); !ok)
            return ok.error();
    }
    if (auto ok = transaction.commit(); !ok)
        return ok.error();
    return moved;
}

} // namespace balcao::models
