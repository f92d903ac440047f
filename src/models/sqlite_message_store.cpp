#include "sqlite_message_store.h"

#include "search_index.h"

namespace balcao::models {

namespace check = message_store_check;

namespace {

constexpr char kCountFailure[] = "UPDATE messages SET retry_count = retry_count + 1 WHERE seq = ?";
constexpr char kSelectOne[] = "SELECT " BALCAO_MESSAGE_COLUMNS " FROM messages m "
                              "WHERE m.session_id = ? AND m.chat_jid = ? AND m.message_id = ?";
constexpr char kNewest[] = "SELECT " BALCAO_MESSAGE_COLUMNS " FROM messages m WHERE m.session_id = ? AND "
                           "m.chat_jid = ? ORDER BY m.timestamp DESC, m.seq DESC LIMIT ?";
constexpr char kBefore[] = "SELECT " BALCAO_MESSAGE_COLUMNS " FROM messages m WHERE m.session_id = ? AND "
                           "m.chat_jid = ? AND (m.timestamp, m.seq) < (?, ?) ORDER BY m.timestamp DESC, "
                           "m.seq DESC LIMIT ?";
constexpr char kSearch[] = "SELECT " BALCAO_MESSAGE_COLUMNS " FROM messages_fts JOIN messages m "
                           "ON m.seq = messages_fts.rowid WHERE messages_fts MATCH ? AND m.session_id = ? "
                           "ORDER BY m.timestamp DESC, m.seq DESC LIMIT ?";

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

Result<bool> SqliteMessageStore::storeIncoming(const StoredMessage &message) {
    auto stored = storeIncomingBatch({message});
    if (!stored)
        return stored.error();
    return stored->first();
}

Result<QList<bool>> SqliteMessageStore::storeIncomingBatch(const QList<StoredMessage> &messages) {
    for (const StoredMessage &message : messages) {
        if (auto ok = check::message(message); !ok)
            return ok.error();
    }
    auto transaction = m_rows.transaction();
    if (auto ok = transaction.begin(); !ok)
        return ok.error();
    QList<bool> isNew;
    isNew.reserve(messages.size());
    for (const StoredMessage &message : messages) {
        auto stored = m_rows.storeIncoming(message);
        if (!stored)
            return stored.error();
        isNew.append(*stored);
    }
    if (auto ok = transaction.commit(); !ok)
        return ok.error();
    return isNew;
}

Result<int> SqliteMessageStore::recordUndecryptable(const StoredMessage &message) {
    const StoredMessage placeholder = undecryptablePlaceholder(message);
    if (auto ok = check::message(placeholder); !ok)
        return ok.error();
    auto transaction = m_rows.transaction();
    if (auto ok = transaction.begin(); !ok)
        return ok.error();
    auto existing = m_rows.find(message.chat, message.id);
    if (!existing)
        return existing.error();
    int failures = 1;
    if (*existing) {
        if ((*existing)->type != QLatin1String(kUndecryptableType))
            return 0; // already stored decrypted; nothing written
        auto query = m_rows.statement(kCountFailure);
        if (!query)
            return query.error();
        if (auto ok
            = sql::run(**query, {(*existing)->seq}, QStringLiteral("Cannot count a failed decryption"));
            !ok)
            return ok.error();
        failures = (*existing)->retryCount + 1;
    } else if (auto stored = m_rows.storeIncoming(placeholder); !stored) {
        return stored.error();
    }
    if (auto ok = transaction.commit(); !ok)
        return ok.error();
    return failures;
}

Result<std::optional<StoredMessage>> SqliteMessageStore::message(const QString &chat, const QString &id) {
    if (auto ok = check::chat(chat); !ok)
        return ok.error();
    if (auto ok = check::messageId(id); !ok)
        return ok.error();
    auto query = m_rows.statement(kSelectOne);
    if (!query)
        return query.error();
    if (auto ok
        = sql::run(**query, {m_rows.session(), chat, id}, QStringLiteral("Cannot read message %1").arg(id));
        !ok)
        return ok.error();
    auto found = readMessages(**query);
    if (!found)
        return found.error();
    if (found->isEmpty())
        return std::optional<StoredMessage>();
    return std::optional<StoredMessage>(found->first());
}

Result<QList<StoredMessage>> SqliteMessageStore::messages(
    const QString &chat, int limit, const QString &before) {
    if (auto ok = check::page(chat, limit, before); !ok)
        return ok.error();
    if (auto known = m_rows.requireChat(chat); !known)
        return known.error();

    Result<QSqlQuery *> query = m_rows.statement(before.isEmpty() ? kNewest : kBefore);
    if (!query)
        return query.error();
    const QString failure = QStringLiteral("Cannot read the chat %1").arg(chat);
    if (before.isEmpty()) {
        if (auto ok = sql::run(**query, {m_rows.session(), chat, limit}, failure); !ok)
            return ok.error();
    } else {
        auto anchor = m_rows.find(chat, before);
        if (!anchor)
            return anchor.error();
        if (!*anchor)
            return unknownMessage(chat, before);
        if (auto ok = sql::run(
                **query, {m_rows.session(), chat, (*anchor)->timestamp, (*anchor)->seq, limit}, failure);
            !ok)
            return ok.error();
    }
    auto page = readMessages(**query);
    if (!page)
        return page.error();
    std::reverse(page->begin(), page->end()); // read newest first, returned oldest first
    return page;
}

Result<QList<StoredMessage>> SqliteMessageStore::search(const QString &query, int limit) {
    if (auto ok = check::limit(limit); !ok)
        return ok.error();
    const QStringList words = check::searchWords(query);
    if (words.isEmpty())
        return makeError(errc::kInvalidArgument, QStringLiteral("A search needs at least one word."));
    // Rows written outside a transaction wait for the index until now. Should that fail (a read-only
    // disk), the search still answers from what is indexed.
    if (auto indexed = indexPendingMessages(m_rows.connection().claimedName()); !indexed)
        qWarning("balcao: %s", qPrintable(indexed.error().message));
    auto statement = m_rows.statement(kSearch);
    if (!statement)
        return statement.error();
    if (auto ran = sql::run(**statement, {matchExpression(words), m_rows.session(), limit},
            QStringLiteral("Cannot search messages"));
        !ran)
        return ran.error();
    return readMessages(**statement);
}

} // namespace balcao::models
