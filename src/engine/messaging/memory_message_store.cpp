#include "memory_message_store.h"

#include <algorithm>

namespace balcao {

namespace check = message_store_check;

namespace {

Error unknownChat(const QString &chat) {
    return makeError(errc::kUnknownChat, QStringLiteral("There is no message in the chat %1.").arg(chat));
}

Error unknownMessage(const QString &chat, const QString &id) {
    return makeError(errc::kUnknownMessage, QStringLiteral("The chat %1 has no message %2.").arg(chat, id));
}

bool wordsMatch(const QStringList &queryWords, const QStringList &textWords) {
    return std::all_of(queryWords.begin(), queryWords.end(), [&textWords](const QString &q) {
        return std::any_of(
            textWords.begin(), textWords.end(), [&q](const QString &w) { return w.startsWith(q); });
    });
}

} // namespace

bool MemoryMessageStore::storeOne(const QString &sessionId, const StoredMessage &message) {
    const MessageKey key {sessionId, message.chat, message.id};
    const auto found = m_messages.find(key);
    if (found != m_messages.end()) {
        StoredMessage &stored = found->second.message;
        const bool replacesPlaceholder = stored.type == QLatin1String(kUndecryptableType)
            && message.type != QLatin1String(kUndecryptableType);
        if (!replacesPlaceholder)
            return false;
        const bool unread = stored.unread; // a placeholder the user already saw stays read
        stored = asStoredIncoming(message);
        stored.unread = unread && !stored.fromMe;
    } else {
        m_messages.emplace(key, Row {asStoredIncoming(message), m_nextArrival++});
    }
    if (!message.fromMe && !message.pushName.isEmpty())
        rememberPushName(sessionId, message.sender, message.pushName, message.timestamp);
    return true;
}

void MemoryMessageStore::rememberPushName(
    const QString &sessionId, const QString &jid, const QString &name, qint64 timestamp) {
    PushName &entry = m_pushNames[{sessionId, jid}];
    if (!entry.name.isEmpty() && entry.timestamp > timestamp)
        return;
    entry = PushName {name, timestamp};
}

Result<bool> MemoryMessageStore::storeIncoming(const QString &sessionId, const StoredMessage &message) {
    if (auto ok = check::message(sessionId, message); !ok)
        return ok.error();
    return storeOne(sessionId, message);
}

Result<QList<bool>> MemoryMessageStore::storeIncomingBatch(
    const QString &sessionId, const QList<StoredMessage> &messages) {
    // Checked before anything is stored: the batch is all or nothing.
    for (const StoredMessage &message : messages) {
        if (auto ok = check::message(sessionId, message); !ok)
            return ok.error();
    }
    QList<bool> isNew;
    isNew.reserve(messages.size());
    for (const StoredMessage &message : messages)
        isNew.append(storeOne(sessionId, message));
    return isNew;
}

Result<int> MemoryMessageStore::recordUndecryptable(const QString &sessionId, const StoredMessage &message) {
    const StoredMessage placeholder = undecryptablePlaceholder(message);
    if (auto ok = check::message(sessionId, placeholder); !ok)
        return ok.error();
    const auto found = m_messages.find({sessionId, message.chat, message.id});
    if (found != m_messages.end()) {
        StoredMessage &stored = found->second.message;
        if (stored.type != QLatin1String(kUndecryptableType))
            return 0;
        return ++stored.retryCount;
    }
    storeOne(sessionId, placeholder);
    return 1;
}

Result<void> MemoryMessageStore::enqueueOutgoing(const QString &sessionId, const StoredMessage &message) {
    StoredMessage outgoing = message;
    outgoing.fromMe = true;
    outgoing.status = MessageStatus::Pending;
    outgoing.unread = false;
    outgoing.retryCount = 0;
    if (auto ok = check::message(sessionId, outgoing); !ok)
        return ok;
    const MessageKey key {sessionId, message.chat, message.id};
    if (m_messages.contains(key)) {
        return makeError(errc::kMessageExists,
            QStringLiteral("The chat %1 already has a message %2.").arg(message.chat, message.id));
    }
    m_messages.emplace(key, Row {outgoing, m_nextArrival++});
    return {};
}

Result<bool> MemoryMessageStore::setStatus(
    const QString &sessionId, const QString &chat, const QString &id, MessageStatus status) {
    if (auto ok = check::chat(sessionId, chat); !ok)
        return ok.error();
    if (auto ok = check::messageId(id); !ok)
        return ok.error();
    const auto found = m_messages.find({sessionId, chat, id});
    if (found == m_messages.end() || !found->second.message.fromMe)
        return unknownMessage(chat, id);
    StoredMessage &stored = found->second.message;
    if (!isStatusAdvance(stored.status, status))
        return false;
    stored.status = status;
    return true;
}

Result<QList<StoredMessage>> MemoryMessageStore::pendingOutgoing(const QString &sessionId) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok.error();
    QList<const Row *> rows;
    for (const auto &[key, row] : m_messages) {
        if (std::get<0>(key) == sessionId && row.message.fromMe
            && row.message.status == MessageStatus::Pending)
            rows.append(&row);
    }
    std::sort(rows.begin(), rows.end(), [](const Row *a, const Row *b) { return a->arrival < b->arrival; });
    QList<StoredMessage> out;
    for (const Row *row : rows)
        out.append(row->message);
    return out;
}

Result<std::optional<StoredMessage>> MemoryMessageStore::message(
    const QString &sessionId, const QString &chat, const QString &id) {
    if (auto ok = check::chat(sessionId, chat); !ok)
        return ok.error();
    if (auto ok = check::messageId(id); !ok)
        return ok.error();
    const auto found = m_messages.find({sessionId, chat, id});
    if (found == m_messages.end())
        return std::optional<StoredMessage>();
    return std::optional<StoredMessage>(found->second.message);
}

QList<const MemoryMessageStore::Row *> MemoryMessageStore::chatRows(
    const QString &sessionId, const QString &chat) const {
    QList<const Row *> rows;
    for (auto it = m_messages.lower_bound({sessionId, chat, QString()});
         it != m_messages.end() && std::get<0>(it->first) == sessionId && std::get<1>(it->first) == chat;
         ++it)
        rows.append(&it->second);
    std::sort(rows.begin(), rows.end(), [](const Row *a, const Row *b) {
        return std::pair(a->message.timestamp, a->arrival) < std::pair(b->message.timestamp, b->arrival);
    });
    return rows;
}

Result<QList<StoredMessage>> MemoryMessageStore::messages(
    const QString &sessionId, const QString &chat, int limit, const QString &before) {
    if (auto ok = check::chat(sessionId, chat); !ok)
        return ok.error();
    if (auto ok = check::limit(limit); !ok)
        return ok.error();
    if (!before.isEmpty()) {
        if (auto ok = check::messageId(before); !ok)
            return ok.error();
    }
    const QList<const Row *> rows = chatRows(sessionId, chat);
    if (rows.isEmpty())
        return unknownChat(chat);
    qsizetype end = rows.size();
    if (!before.isEmpty()) {
        const auto anchor = std::find_if(
            rows.begin(), rows.end(), [&before](const Row *row) { return row->message.id == before; });
        if (anchor == rows.end())
            return unknownMessage(chat, before);
        end = anchor - rows.begin();
    }
    QList<StoredMessage> out;
    for (qsizetype i = std::max<qsizetype>(0, end - limit); i < end; ++i)
        out.append(rows[i]->message);
    return out;
}

ChatSummary MemoryMessageStore::summaryOf(
    const QString &sessionId, const QString &chat, const QList<const Row *> &rows) const {
    ChatSummary out;
    out.chat = chat;
    const auto name = m_pushNames.find({sessionId, chat});
    if (name != m_pushNames.end())
        out.name = name->second.name;
    out.unread
        = int(std::count_if(rows.begin(), rows.end(), [](const Row *row) { return row->message.unread; }));
    out.lastMessage = rows.last()->message;
    return out;
}

Result<QList<ChatSummary>> MemoryMessageStore::chats(const QString &sessionId) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok.error();
    // Keys sort by (session, chat, id), so a session's chats come one after the other.
    QStringList chatIds;
    for (auto it = m_messages.lower_bound({sessionId, QString(), QString()});
         it != m_messages.end() && std::get<0>(it->first) == sessionId; ++it) {
        if (chatIds.isEmpty() || chatIds.last() != std::get<1>(it->first))
            chatIds.append(std::get<1>(it->first));
    }
    // Latest activity first: the last message's (timestamp, arrival), as the SQLite store sorts.
    QList<std::pair<std::pair<qint64, qint64>, ChatSummary>> list;
    for (const QString &chat : chatIds) {
        const QList<const Row *> rows = chatRows(sessionId, chat);
        list.append(
            {{rows.last()->message.timestamp, rows.last()->arrival}, summaryOf(sessionId, chat, rows)});
    }
    std::sort(list.begin(), list.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    QList<ChatSummary> out;
    for (auto &entry : list)
        out.append(std::move(entry.second));
    return out;
}

Result<std::optional<ChatSummary>> MemoryMessageStore::chat(const QString &sessionId, const QString &chat) {
    if (auto ok = check::chat(sessionId, chat); !ok)
        return ok.error();
    const QList<const Row *> rows = chatRows(sessionId, chat);
    if (rows.isEmpty())
        return std::optional<ChatSummary>();
    return std::optional<ChatSummary>(summaryOf(sessionId, chat, rows));
}

Result<QList<UnreadMessage>> MemoryMessageStore::markRead(const QString &sessionId, const QString &chat) {
    if (auto ok = check::chat(sessionId, chat); !ok)
        return ok.error();
    const QList<const Row *> rows = chatRows(sessionId, chat);
    if (rows.isEmpty())
        return unknownChat(chat);
    QList<UnreadMessage> out;
    for (const Row *row : rows) {
        if (!row->message.unread)
            continue;
        out.append({row->message.id, row->message.sender});
        m_messages.at({sessionId, chat, row->message.id}).message.unread = false;
    }
    return out;
}

Result<void> MemoryMessageStore::savePushName(
    const QString &sessionId, const QString &jid, const QString &pushName, qint64 timestamp) {
    if (auto ok = check::contact(sessionId, jid, pushName, timestamp); !ok)
        return ok;
    rememberPushName(sessionId, jid, pushName, timestamp);
    return {};
}

Result<std::optional<Contact>> MemoryMessageStore::contact(const QString &sessionId, const QString &jid) {
    if (auto ok = check::chat(sessionId, jid); !ok)
        return ok.error();
    const auto found = m_pushNames.find({sessionId, jid});
    if (found == m_pushNames.end())
        return std::optional<Contact>();
    return std::optional<Contact>(Contact {jid, found->second.name});
}

Result<QList<Contact>> MemoryMessageStore::contacts(const QString &sessionId) {
    if (auto ok = check::sessionId(sessionId); !ok)
        return ok.error();
    QList<Contact> out;
    for (auto it = m_pushNames.lower_bound({sessionId, QString()});
         it != m_pushNames.end() && it->first.first == sessionId; ++it)
        out.append(Contact {it->first.second, it->second.name});
    return out;
}

Result<QList<FoundMessage>> MemoryMessageStore::search(
    const QString &query, int limit, const QString &sessionId) {
    if (auto ok = check::limit(limit); !ok)
        return ok.error();
    const QStringList words = check::searchWords(query);
    if (words.isEmpty())
        return makeError(errc::kInvalidArgument, QStringLiteral("A search needs at least one word."));
    QList<std::pair<const MessageKey *, const Row *>> hits;
    for (const auto &[key, row] : m_messages) {
        if (!sessionId.isEmpty() && std::get<0>(key) != sessionId)
            continue;
        if (wordsMatch(words, check::searchWords(row.message.text)))
            hits.append({&key, &row});
    }
    std::sort(hits.begin(), hits.end(), [](const auto &a, const auto &b) {
        return std::pair(a.second->message.timestamp, a.second->arrival)
            > std::pair(b.second->message.timestamp, b.second->arrival);
    });
    QList<FoundMessage> out;
    for (qsizetype i = 0; i < hits.size() && i < limit; ++i)
        out.append(FoundMessage {std::get<0>(*hits[i].first), hits[i].second->message});
    return out;
}

} // namespace balcao
