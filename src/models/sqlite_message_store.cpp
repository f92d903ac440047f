#include "sqlite_message_store.h"

#include "nested_transaction.h"
#include "search_index.h"
#include "statement.h"

#include <QSqlError>
#include <messaging/content_codec.h>

namespace balcao::models {

namespace check = message_store_check;

namespace {

// The columns readMessage expects, in this order, from `messages` aliased as m.
// clang-format off
#define BALCAO_MESSAGE_COLUMNS \
    "m.chat_jid, m.message_id, m.sender_jid, m.from_me, m.timestamp, m.type, m.text, m.push_name, m.status, " \
    "m.retry_count, m.unread, m.content"
// clang-format on

constexpr char kFind[] = "SELECT seq, timestamp, type, unread, from_me, status, retry_count FROM messages "
                         "WHERE session_id = ? AND chat_jid = ? AND message_id = ?";
constexpr char kInsert[]
    = "INSERT INTO messages(session_id, chat_jid, message_id, sender_jid, from_me, timestamp, "
      "type, text, push_name, status, unread, retry_count, content) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?)";
constexpr char kReplace[]
    = "UPDATE messages SET sender_jid = ?, from_me = ?, timestamp = ?, type = ?, text = ?, "
      "push_name = ?, status = ?, unread = ?, retry_count = ?, content = ? WHERE seq = ?";
constexpr char kCountFailure[] = "UPDATE messages SET retry_count = retry_count + 1 WHERE seq = ?";
constexpr char kSetStatus[] = "UPDATE messages SET status = ? WHERE seq = ?";
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
constexpr char kSelectOne[] = "SELECT " BALCAO_MESSAGE_COLUMNS " FROM messages m "
                              "WHERE m.session_id = ? AND m.chat_jid = ? AND m.message_id = ?";
// The literal 'pending' lets SQLite use the partial index messages_outbox.
constexpr char kPending[] = "SELECT " BALCAO_MESSAGE_COLUMNS " FROM messages m "
                            "WHERE m.session_id = ? AND m.status = 'pending' ORDER BY m.seq";
constexpr char kNewest[] = "SELECT " BALCAO_MESSAGE_COLUMNS " FROM messages m WHERE m.session_id = ? AND "
                           "m.chat_jid = ? ORDER BY m.timestamp DESC, m.seq DESC LIMIT ?";
constexpr char kBefore[] = "SELECT " BALCAO_MESSAGE_COLUMNS " FROM messages m WHERE m.session_id = ? AND "
                           "m.chat_jid = ? AND (m.timestamp, m.seq) < (?, ?) ORDER BY m.timestamp DESC, "
                           "m.seq DESC LIMIT ?";
constexpr char kChatExists[] = "SELECT 1 FROM chats WHERE session_id = ? AND chat_jid = ?";
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
constexpr char kUnread[]
    = "SELECT message_id, sender_jid FROM messages WHERE session_id = ? AND chat_jid = ? AND "
      "unread = 1 ORDER BY timestamp, seq";
constexpr char kClearUnread[]
    = "UPDATE messages SET unread = 0 WHERE session_id = ? AND chat_jid = ? AND unread = 1";
constexpr char kContact[] = "SELECT push_name FROM contacts WHERE session_id = ? AND jid = ?";
constexpr char kContacts[] = "SELECT jid, push_name FROM contacts WHERE session_id = ? ORDER BY jid";
constexpr char kSearchAll[]
    = "SELECT m.session_id, " BALCAO_MESSAGE_COLUMNS " FROM messages_fts JOIN messages m "
      "ON m.seq = messages_fts.rowid WHERE messages_fts MATCH ? "
      "ORDER BY m.timestamp DESC, m.seq DESC LIMIT ?";
constexpr char kSearchSession[] = "SELECT m.session_id, " BALCAO_MESSAGE_COLUMNS " FROM messages_fts JOIN "
                                  "messages m ON m.seq = messages_fts.rowid WHERE messages_fts MATCH ? AND "
                                  "m.session_id = ? ORDER BY m.timestamp DESC, m.seq DESC LIMIT ?";
#undef BALCAO_CHAT_SELECT
#undef BALCAO_MESSAGE_COLUMNS

Error failed(const QString &what, const QSqlQuery &query) {
    return storageError(what, query.lastError());
}

Error unknownChat(const QString &chat) {
    return makeError(errc::kUnknownChat, QStringLiteral("There is no message in the chat %1.").arg(chat));
}

Error unknownMessage(const QString &chat, const QString &id) {
    return makeError(errc::kUnknownMessage, QStringLiteral("The chat %1 has no message %2.").arg(chat, id));
}

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

// One message from the columns BALCAO_MESSAGE_COLUMNS, starting at `first`.
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

// An FTS5 query in which each word must begin a word of the text. Words hold only letters and digits, and
// each is quoted besides, so nothing a user types is read as FTS5 syntax.
QString matchExpression(const QStringList &words) {
    QStringList terms;
    for (QString word : words)
        terms.append(
            QLatin1Char('"') + word.replace(QLatin1Char('"'), QLatin1String("\"\"")) + QLatin1String("\"*"));
    return terms.join(QLatin1Char(' '));
}

} // namespace

// What find() knows of a stored message.
struct SqliteMessageStore::Existing {
    qint64 seq = 0;
    qint64 timestamp = 0;
    QString type;
    bool unread = false;
    bool fromMe = false;
    QString status;
    int retryCount = 0;
};

// BEGIN IMMEDIATE … COMMIT, rolled back when left without commit() (an error on the way out). Inside a
// transaction the caller already opened on this connection (a decryption and the message it yields, see
// StorageTransaction) it is a savepoint of that transaction instead (nested_transaction.h).
class SqliteMessageStore::Transaction {
public:
    explicit Transaction(SqliteMessageStore &store)
        : m_nested(store.m_connectionName) { }

    Result<void> begin() { return m_nested.begin(); }
    Result<void> commit() { return m_nested.commit(); }

private:
    NestedTransaction m_nested;
};

SqliteMessageStore::SqliteMessageStore(const Database &database)
    : m_connectionName(database.connectionName())
    , m_statements(m_connectionName) { }

SqliteMessageStore::~SqliteMessageStore() = default;

Result<QSqlQuery *> SqliteMessageStore::statement(const char *sql) {
    return m_statements.get(sql, QStringLiteral("Cannot prepare a message statement"));
}

Result<std::optional<SqliteMessageStore::Existing>> SqliteMessageStore::find(
    const QString &sessionId, const QString &chat, const QString &id) {
    auto query = statement(kFind);
    if (!query)
        return query.error();
    QSqlQuery &q = **query;
    if (auto ok = sql::run(q, {sessionId, chat, id}, QStringLiteral("Cannot look up a message")); !ok)
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

Result<void> SqliteMessageStore::insert(const QString &sessionId, const StoredMessage &m) {
    auto query = statement(kInsert);
    if (!query)
        return query.error();
    return sql::run(**query,
        {sessionId, m.chat, m.id, m.sender, int(m.fromMe), m.timestamp, m.type, text(m.text),
            text(m.pushName), messageStatusName(m.status), int(m.unread), m.retryCount, contentColumn(m)},
        QStringLiteral("Cannot store message %1").arg(m.id));
}

Result<void> SqliteMessageStore::refreshChat(const QString &sessionId, const QString &chat) {
    auto query = statement(kRefreshChat);
    if (!query)
        return query.error();
    return sql::run(**query, {sessionId, chat}, QStringLiteral("Cannot update the chat %1").arg(chat));
}

Result<void> SqliteMessageStore::upsertPushName(
    const QString &sessionId, const QString &jid, const QString &pushName, qint64 timestamp) {
    auto query = statement(kUpsertContact);
    if (!query)
        return query.error();
    return sql::run(**query, {sessionId, jid, pushName, timestamp},
        QStringLiteral("Cannot store the push name of %1").arg(jid));
}

Result<bool> SqliteMessageStore::storeOne(const QString &sessionId, const StoredMessage &message) {
    auto existing = find(sessionId, message.chat, message.id);
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
    } else if (auto ok = insert(sessionId, stored); !ok) {
        return ok.error();
    }
    if (!stored.fromMe && !stored.pushName.isEmpty()) {
        if (auto ok = upsertPushName(sessionId, stored.sender, stored.pushName, stored.timestamp); !ok)
            return ok.error();
    }
    if (auto ok = refreshChat(sessionId, stored.chat); !ok)
        return ok.error();
    return true;
}

Result<bool> SqliteMessageStore::storeIncoming(const QString &sessionId, const StoredMessage &message) {
    auto stored = storeIncomingBatch(sessionId, {message});
    if (!stored)
        return stored.error();
    return stored->first();
}

Result<QList<bool>> SqliteMessageStore::storeIncomingBatch(
    const QString &sessionId, const QList<StoredMessage> &messages) {
    for (const StoredMessage &message : messages) {
        if (auto ok = check::message(sessionId, message); !ok)
            return ok.error();
    }
    Transaction transaction(*this);
    if (auto ok = transaction.begin(); !ok)
        return ok.error();
    QList<bool> isNew;
    isNew.reserve(messages.size());
    for (const StoredMessage &message : messages) {
        auto stored = storeOne(sessionId, message);
        if (!stored)
            return stored.error();
        isNew.append(*stored);
    }
    if (auto ok = transaction.commit(); !ok)
        return ok.error();
    return isNew;
}

Result<int> SqliteMessageStore::recordUndecryptable(const QString &sessionId, const StoredMessage &message) {
    const StoredMessage placeholder = undecryptablePlaceholder(message);
    if (auto ok = check::message(sessionId, placeholder); !ok)
        return ok.error();
    Transaction transaction(*this);
    if (auto ok = transaction.begin(); !ok)
        return ok.error();
    auto existing = find(sessionId, message.chat, message.id);
    if (!existing)
        return existing.error();
    int failures = 1;
    if (*existing) {
        if ((*existing)->type != QLatin1String(kUndecryptableType))
            return 0; // already stored decrypted; nothing written
        auto query = statement(kCountFailure);
        if (!query)
            return query.error();
        if (auto ok
            = sql::run(**query, {(*existing)->seq}, QStringLiteral("Cannot count a failed decryption"));
            !ok)
            return ok.error();
        failures = (*existing)->retryCount + 1;
    } else if (auto stored = storeOne(sessionId, placeholder); !stored) {
        return stored.error();
    }
    if (auto ok = transaction.commit(); !ok)
        return ok.error();
    return failures;
}

Result<void> SqliteMessageStore::enqueueOutgoing(const QString &sessionId, const StoredMessage &message) {
    StoredMessage outgoing = message;
    outgoing.fromMe = true;
    outgoing.status = MessageStatus::Pending;
    outgoing.unread = false;
    outgoing.retryCount = 0;
    if (auto ok = check::message(sessionId, outgoing); !ok)
        return ok;
    Transaction transaction(*this);
    if (auto ok = transaction.begin(); !ok)
        return ok;
    auto existing = find(sessionId, message.chat, message.id);
    if (!existing)
        return existing.error();
    if (*existing) {
        return makeError(errc::kMessageExists,
            QStringLiteral("The chat %1 already has a message %2.").arg(message.chat, message.id));
    }
    if (auto ok = insert(sessionId, outgoing); !ok)
        return ok;
    if (auto ok = refreshChat(sessionId, outgoing.chat); !ok)
        return ok;
    return transaction.commit();
}

Result<bool> SqliteMessageStore::setStatus(
    const QString &sessionId, const QString &chat, const QString &id, MessageStatus status) {
    if (auto ok = check::chat(sessionId, chat); !ok)
        return ok.error();
    if (auto ok = check::messageId(id); !ok)
        return ok.error();
    Transaction transaction(*this);
    if (auto ok = transaction.begin(); !ok)
        return ok.error();
    auto existing = find(sessionId, chat, id);
    if (!existing)
        return existing.error();
    if (!*existing || !(*existing)->fromMe)
        return unknownMessage(chat, id);
    const auto current = messageStatusFromString((*existing)->status);
    if (!current) {
        return makeError(errc::kStorageCorrupt,
            QStringLiteral("Message %1 has an unknown status \"%2\".").arg(id, (*existing)->status));
    }
    if (!isStatusAdvance(*current, status))
        return false;
    auto query = statement(kSetStatus);
    if (!query)
        return query.error();
    if (auto ok = sql::run(**query, {messageStatusName(status), (*existing)->seq},
            QStringLiteral("Cannot update the status of %1").arg(id));
        !ok)
        return ok.error();
    if (auto ok = transaction.commit(); !ok)
        return ok.error();
    return true;
}

Result<QList<StoredMessage>> SqliteMessageStore::pendingOutgoing(const QString &sessionId) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok.error();
    auto query = statement(kPending);
    if (!query)
        return query.error();
    if (auto ok = sql::run(**query, {sessionId}, QStringLiteral("Cannot read the outbox")); !ok)
        return ok.error();
    return readMessages(**query);
}

Result<std::optional<StoredMessage>> SqliteMessageStore::message(
    const QString &sessionId, const QString &chat, const QString &id) {
    if (auto ok = check::chat(sessionId, chat); !ok)
        return ok.error();
    if (auto ok = check::messageId(id); !ok)
        return ok.error();
    auto query = statement(kSelectOne);
    if (!query)
        return query.error();
    if (auto ok = sql::run(**query, {sessionId, chat, id}, QStringLiteral("Cannot read message %1").arg(id));
        !ok)
        return ok.error();
    auto found = readMessages(**query);
    if (!found)
        return found.error();
    if (found->isEmpty())
        return std::optional<StoredMessage>();
    return std::optional<StoredMessage>(found->first());
}

Result<bool> SqliteMessageStore::chatExists(const QString &sessionId, const QString &chat) {
    auto query = statement(kChatExists);
    if (!query)
        return query.error();
    if (auto ok = sql::run(**query, {sessionId, chat}, QStringLiteral("Cannot read the chat %1").arg(chat));
        !ok)
        return ok.error();
    const bool exists = (*query)->next();
    (*query)->finish();
    return exists;
}

Result<QList<StoredMessage>> SqliteMessageStore::messages(
    const QString &sessionId, const QString &chat, int limit, const QString &before) {
    if (auto ok = check::chat(sessionId, chat); !ok)
        return ok.error();
    if (auto ok = check::limit(limit); !ok)
        return ok.error();
    if (!before.isEmpty()) {
        if (auto ok = check::messageId(before); !ok)
            return ok.error();
    }
    auto exists = chatExists(sessionId, chat);
    if (!exists)
        return exists.error();
    if (!*exists)
        return unknownChat(chat);

    Result<QSqlQuery *> query = statement(before.isEmpty() ? kNewest : kBefore);
    if (!query)
        return query.error();
    if (before.isEmpty()) {
        if (auto ok = sql::run(
                **query, {sessionId, chat, limit}, QStringLiteral("Cannot read the chat %1").arg(chat));
            !ok)
            return ok.error();
    } else {
        auto anchor = find(sessionId, chat, before);
        if (!anchor)
            return anchor.error();
        if (!*anchor)
            return unknownMessage(chat, before);
        if (auto ok = sql::run(**query, {sessionId, chat, (*anchor)->timestamp, (*anchor)->seq, limit},
                QStringLiteral("Cannot read the chat %1").arg(chat));
            !ok)
            return ok.error();
    }
    auto page = readMessages(**query);
    if (!page)
        return page.error();
    std::reverse(page->begin(), page->end()); // read newest first, returned oldest first
    return page;
}

Result<QList<ChatSummary>> SqliteMessageStore::summaries(
    const char *sql, const QString &sessionId, const QString &chat) {
    auto query = statement(sql);
    if (!query)
        return query.error();
    QSqlQuery &q = **query;
    const auto ran = chat.isEmpty()
        ? sql::run(q, {sessionId}, QStringLiteral("Cannot read the chats"))
        : sql::run(q, {sessionId, chat}, QStringLiteral("Cannot read the chat %1").arg(chat));
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

Result<QList<ChatSummary>> SqliteMessageStore::chats(const QString &sessionId) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok.error();
    return summaries(kChats, sessionId, {});
}

Result<std::optional<ChatSummary>> SqliteMessageStore::chat(const QString &sessionId, const QString &chat) {
    if (auto ok = check::chat(sessionId, chat); !ok)
        return ok.error();
    auto found = summaries(kChat, sessionId, chat);
    if (!found)
        return found.error();
    if (found->isEmpty())
        return std::optional<ChatSummary>();
    return std::optional<ChatSummary>(found->first());
}

Result<QList<UnreadMessage>> SqliteMessageStore::markRead(const QString &sessionId, const QString &chat) {
    if (auto ok = check::chat(sessionId, chat); !ok)
        return ok.error();
    Transaction transaction(*this);
    if (auto ok = transaction.begin(); !ok)
        return ok.error();
    auto exists = chatExists(sessionId, chat);
    if (!exists)
        return exists.error();
    if (!*exists)
        return unknownChat(chat);
    auto unread = statement(kUnread);
    if (!unread)
        return unread.error();
    if (auto ok = sql::run(**unread, {sessionId, chat}, QStringLiteral("Cannot read the unread messages"));
        !ok)
        return ok.error();
    QList<UnreadMessage> out;
    while ((*unread)->next())
        out.append({(*unread)->value(0).toString(), (*unread)->value(1).toString()});
    (*unread)->finish();
    if (!out.isEmpty()) {
        auto clear = statement(kClearUnread);
        if (!clear)
            return clear.error();
        if (auto ok
            = sql::run(**clear, {sessionId, chat}, QStringLiteral("Cannot mark the chat %1 read").arg(chat));
            !ok)
            return ok.error();
    }
    if (auto ok = transaction.commit(); !ok)
        return ok.error();
    return out;
}

Result<void> SqliteMessageStore::savePushName(
    const QString &sessionId, const QString &jid, const QString &pushName, qint64 timestamp) {
    if (auto ok = check::contact(sessionId, jid, pushName, timestamp); !ok)
        return ok;
    return upsertPushName(sessionId, jid, pushName, timestamp); // one statement: committed on its own
}

Result<std::optional<Contact>> SqliteMessageStore::contact(const QString &sessionId, const QString &jid) {
    if (auto ok = check::chat(sessionId, jid); !ok)
        return ok.error();
    auto query = statement(kContact);
    if (!query)
        return query.error();
    if (auto ok = sql::run(**query, {sessionId, jid}, QStringLiteral("Cannot read the contact %1").arg(jid));
        !ok)
        return ok.error();
    std::optional<Contact> found;
    if ((*query)->next())
        found = Contact {jid, (*query)->value(0).toString()};
    (*query)->finish();
    return found;
}

Result<QList<Contact>> SqliteMessageStore::contacts(const QString &sessionId) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok.error();
    auto query = statement(kContacts);
    if (!query)
        return query.error();
    if (auto ok = sql::run(**query, {sessionId}, QStringLiteral("Cannot read the contacts")); !ok)
        return ok.error();
    QList<Contact> out;
    while ((*query)->next())
        out.append(Contact {(*query)->value(0).toString(), (*query)->value(1).toString()});
    (*query)->finish();
    return out;
}

Result<QList<FoundMessage>> SqliteMessageStore::search(
    const QString &query, int limit, const QString &sessionId) {
    if (auto ok = check::limit(limit); !ok)
        return ok.error();
    const QStringList words = check::searchWords(query);
    if (words.isEmpty())
        return makeError(errc::kInvalidArgument, QStringLiteral("A search needs at least one word."));
    // Rows written outside a transaction wait for the index until now. Should that fail (a read-only
    // disk), the search still answers from what is indexed.
    if (auto indexed = indexPendingMessages(m_connectionName); !indexed)
        qWarning("balcao: %s", qPrintable(indexed.error().message));
    auto statementFound = statement(sessionId.isEmpty() ? kSearchAll : kSearchSession);
    if (!statementFound)
        return statementFound.error();
    QSqlQuery &q = **statementFound;
    const QString match = matchExpression(words);
    const auto ran = sessionId.isEmpty()
        ? sql::run(q, {match, limit}, QStringLiteral("Cannot search messages"))
        : sql::run(q, {match, sessionId, limit}, QStringLiteral("Cannot search messages"));
    if (!ran)
        return ran.error();
    QList<FoundMessage> out;
    while (q.next()) {
        auto m = readMessage(q, 1);
        if (!m) {
            q.finish();
            return m.error();
        }
        out.append(FoundMessage {q.value(0).toString(), std::move(*m)});
    }
    q.finish();
    return out;
}

} // namespace balcao::models
