#include "memory_messaging.h"

#include <algorithm>
#include <map>

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

struct MemoryMessaging::Rows {
    struct Row {
        StoredMessage message;
        qint64 arrival = 0;
    };
    struct PushName {
        QString name;
        qint64 timestamp = 0;
    };
    using Key = std::pair<QString, QString>; // chat, id

    std::map<Key, Row> messages;
    std::map<QString, PushName> pushNames; // by JID
    std::map<QString, QString> phoneByLid;
    std::map<QString, QString> lidByPhone;
    std::map<QString, PrivacyToken> tokens; // received, by JID
    std::map<QString, qint64> issued; // when ours went out, by JID
    qint64 nextArrival = 1;

    bool storeOne(const StoredMessage &message) {
        const Key key {message.chat, message.id};
        const auto found = messages.find(key);
        if (found != messages.end()) {
            StoredMessage &stored = found->second.message;
            const bool replacesPlaceholder = stored.type == QLatin1String(kUndecryptableType)
                && message.type != QLatin1String(kUndecryptableType);
            if (!replacesPlaceholder)
                return false;
            const bool unread = stored.unread; // a placeholder the user already saw stays read
            stored = asStoredIncoming(message);
            stored.unread = unread && !stored.fromMe;
        } else {
            messages.emplace(key, Row {asStoredIncoming(message), nextArrival++});
        }
        if (!message.fromMe && !message.pushName.isEmpty())
            rememberPushName(message.sender, message.pushName, message.timestamp);
        return true;
    }

    void rememberPushName(const QString &jid, const QString &name, qint64 timestamp) {
        PushName &entry = pushNames[jid];
        if (!entry.name.isEmpty() && entry.timestamp > timestamp)
            return;
        entry = PushName {name, timestamp};
    }

    // The chat's rows in display order: (timestamp, arrival) ascending.
    QList<const Row *> chatRows(const QString &chat) const {
        QList<const Row *> rows;
        for (auto it = messages.lower_bound({chat, QString()});
             it != messages.end() && it->first.first == chat; ++it)
            rows.append(&it->second);
        std::sort(rows.begin(), rows.end(), [](const Row *a, const Row *b) {
            return std::pair(a->message.timestamp, a->arrival) < std::pair(b->message.timestamp, b->arrival);
        });
        return rows;
    }

    ChatSummary summaryOf(const QString &chat, const QList<const Row *> &rows) const {
        ChatSummary out;
        out.chat = chat;
        if (const auto name = pushNames.find(chat); name != pushNames.end())
            out.name = name->second.name;
        out.unread = int(
            std::count_if(rows.begin(), rows.end(), [](const Row *row) { return row->message.unread; }));
        out.lastMessage = rows.last()->message;
        return out;
    }
};

class MemoryMessaging::Messages final : public MessageStore {
public:
    explicit Messages(Rows &rows)
        : m_rows(rows) { }

    Result<bool> storeIncoming(const StoredMessage &message) override {
        if (auto ok = check::message(message); !ok)
            return ok.error();
        return m_rows.storeOne(message);
    }

    Result<QList<bool>> storeIncomingBatch(const QList<StoredMessage> &messages) override {
        // Checked before anything is stored: the batch is all or nothing.
        for (const StoredMessage &message : messages) {
            if (auto ok = check::message(message); !ok)
                return ok.error();
        }
        QList<bool> isNew;
        isNew.reserve(messages.size());
        for (const StoredMessage &message : messages)
            isNew.append(m_rows.storeOne(message));
        return isNew;
    }

    Result<int> recordUndecryptable(const StoredMessage &message) override {
        const StoredMessage placeholder = undecryptablePlaceholder(message);
        if (auto ok = check::message(placeholder); !ok)
            return ok.error();
        const auto found = m_rows.messages.find({message.chat, message.id});
        if (found != m_rows.messages.end()) {
            StoredMessage &stored = found->second.message;
            if (stored.type != QLatin1String(kUndecryptableType))
                return 0;
            return ++stored.retryCount;
        }
        m_rows.storeOne(placeholder);
        return 1;
    }

    Result<std::optional<StoredMessage>> message(const QString &chat, const QString &id) override {
        if (auto ok = check::chat(chat); !ok)
            return ok.error();
        if (auto ok = check::messageId(id); !ok)
            return ok.error();
        const auto found = m_rows.messages.find({chat, id});
        if (found == m_rows.messages.end())
            return std::optional<StoredMessage>();
        return std::optional<StoredMessage>(found->second.message);
    }

    Result<QList<StoredMessage>> messages(const QString &chat, int limit, const QString &before) override {
        if (auto ok = check::page(chat, limit, before); !ok)
            return ok.error();
        const QList<const Rows::Row *> rows = m_rows.chatRows(chat);
        if (rows.isEmpty())
            return unknownChat(chat);
        qsizetype end = rows.size();
        if (!before.isEmpty()) {
            const auto anchor = std::find_if(rows.begin(), rows.end(),
                [&before](const Rows::Row *row) { return row->message.id == before; });
            if (anchor == rows.end())
                return unknownMessage(chat, before);
            end = anchor - rows.begin();
        }
        QList<StoredMessage> out;
        for (qsizetype i = std::max<qsizetype>(0, end - limit); i < end; ++i)
            out.append(rows[i]->message);
        return out;
    }

    Result<QList<StoredMessage>> search(const QString &query, int limit) override {
        if (auto ok = check::limit(limit); !ok)
            return ok.error();
        const QStringList words = check::searchWords(query);
        if (words.isEmpty())
            return makeError(errc::kInvalidArgument, QStringLiteral("A search needs at least one word."));
        QList<const Rows::Row *> hits;
        for (const auto &[key, row] : m_rows.messages) {
            if (wordsMatch(words, check::searchWords(row.message.text)))
                hits.append(&row);
        }
        std::sort(hits.begin(), hits.end(), [](const Rows::Row *a, const Rows::Row *b) {
            return std::pair(a->message.timestamp, a->arrival) > std::pair(b->message.timestamp, b->arrival);
        });
        QList<StoredMessage> out;
        for (qsizetype i = 0; i < hits.size() && i < limit; ++i)
            out.append(hits[i]->message);
        return out;
    }

private:
    Rows &m_rows;
};

class MemoryMessaging::Outbox final : public OutboxStore {
public:
    explicit Outbox(Rows &rows)
        : m_rows(rows) { }

    Result<void> enqueue(const StoredMessage &message) override {
        const StoredMessage outgoing = asQueuedOutgoing(message);
        if (auto ok = check::message(outgoing); !ok)
            return ok;
        const Rows::Key key {message.chat, message.id};
        if (m_rows.messages.contains(key)) {
            return makeError(errc::kMessageExists,
                QStringLiteral("The chat %1 already has a message %2.").arg(message.chat, message.id));
        }
        m_rows.messages.emplace(key, Rows::Row {outgoing, m_rows.nextArrival++});
        return {};
    }

    Result<void> updateContent(
        const QString &chat, const QString &id, const MessageContent &content) override {
        if (auto ok = check::chat(chat); !ok)
            return ok;
        if (auto ok = check::messageId(id); !ok)
            return ok;
        const auto found = m_rows.messages.find({chat, id});
        if (found == m_rows.messages.end() || !found->second.message.fromMe
            || found->second.message.status != MessageStatus::Pending)
            return unknownMessage(chat, id);
        StoredMessage &stored = found->second.message;
        if (stored.content.kind != content.kind) {
            return makeError(errc::kInvalidArgument,
                QStringLiteral("Message %1 is a %2, not a %3.")
                    .arg(id, messageKindName(stored.content.kind), messageKindName(content.kind)));
        }
        stored.content = content;
        return {};
    }

    Result<bool> setStatus(const QString &chat, const QString &id, MessageStatus status) override {
        if (auto ok = check::chat(chat); !ok)
            return ok.error();
        if (auto ok = check::messageId(id); !ok)
            return ok.error();
        const auto found = m_rows.messages.find({chat, id});
        if (found == m_rows.messages.end() || !found->second.message.fromMe)
            return unknownMessage(chat, id);
        StoredMessage &stored = found->second.message;
        if (!isStatusAdvance(stored.status, status))
            return false;
        stored.status = status;
        return true;
    }

    Result<QList<StoredMessage>> pending() override {
        QList<const Rows::Row *> rows;
        for (const auto &[key, row] : m_rows.messages) {
            if (row.message.fromMe && row.message.status == MessageStatus::Pending)
                rows.append(&row);
        }
        std::sort(rows.begin(), rows.end(),
            [](const Rows::Row *a, const Rows::Row *b) { return a->arrival < b->arrival; });
        QList<StoredMessage> out;
        for (const Rows::Row *row : rows)
            out.append(row->message);
        return out;
    }

private:
    Rows &m_rows;
};

class MemoryMessaging::Chats final : public ChatStore {
public:
    explicit Chats(Rows &rows)
        : m_rows(rows) { }

    Result<QList<ChatSummary>> chats() override {
        // Keys sort by (chat, id), so a chat's messages come one after the other.
        QStringList chatIds;
        for (const auto &[key, row] : m_rows.messages) {
            if (chatIds.isEmpty() || chatIds.last() != key.first)
                chatIds.append(key.first);
        }
        // Latest activity first: the last message's (timestamp, arrival), as the SQLite store sorts.
        QList<std::pair<std::pair<qint64, qint64>, ChatSummary>> list;
        for (const QString &chat : chatIds) {
            const QList<const Rows::Row *> rows = m_rows.chatRows(chat);
            list.append(
                {{rows.last()->message.timestamp, rows.last()->arrival}, m_rows.summaryOf(chat, rows)});
        }
        std::sort(list.begin(), list.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
        QList<ChatSummary> out;
        for (auto &entry : list)
            out.append(std::move(entry.second));
        return out;
    }

    Result<std::optional<ChatSummary>> chat(const QString &chat) override {
        if (auto ok = check::chat(chat); !ok)
            return ok.error();
        const QList<const Rows::Row *> rows = m_rows.chatRows(chat);
        if (rows.isEmpty())
            return std::optional<ChatSummary>();
        return std::optional<ChatSummary>(m_rows.summaryOf(chat, rows));
    }

    Result<QList<UnreadMessage>> markRead(const QString &chat) override {
        if (auto ok = check::chat(chat); !ok)
            return ok.error();
        const QList<const Rows::Row *> rows = m_rows.chatRows(chat);
        if (rows.isEmpty())
            return unknownChat(chat);
        QList<UnreadMessage> out;
        for (const Rows::Row *row : rows) {
            if (!row->message.unread)
                continue;
            out.append({row->message.id, row->message.sender});
            m_rows.messages.at({chat, row->message.id}).message.unread = false;
        }
        return out;
    }

    Result<int> mergeChat(const QString &from, const QString &into) override {
        if (auto ok = check::chat(from); !ok)
            return ok.error();
        if (auto ok = check::chat(into); !ok)
            return ok.error();
        if (from == into)
            return 0;
        int moved = 0;
        for (auto it = m_rows.messages.lower_bound({from, QString()});
             it != m_rows.messages.end() && it->first.first == from;) {
            Rows::Row row = it->second;
            it = m_rows.messages.erase(it);
            if (m_rows.messages.count({into, row.message.id}))
                continue; // the same message reached both addresses: keep one
            row.message.chat = into;
            if (row.message.sender == from)
                row.message.sender = into;
            m_rows.messages.emplace(Rows::Key {into, row.message.id}, std::move(row));
            ++moved;
        }
        if (const auto name = m_rows.pushNames.find(from); name != m_rows.pushNames.end()) {
            m_rows.pushNames.emplace(into, name->second); // kept when `into` has a name of its own
            m_rows.pushNames.erase(name);
        }
        return moved;
    }

private:
    Rows &m_rows;
};

class MemoryMessaging::Contacts final : public ContactStore {
public:
    explicit Contacts(Rows &rows)
        : m_rows(rows) { }

    Result<void> savePushName(const QString &jid, const QString &pushName, qint64 timestamp) override {
        if (auto ok = check::contact(jid, pushName, timestamp); !ok)
            return ok;
        m_rows.rememberPushName(jid, pushName, timestamp);
        return {};
    }

    Result<std::optional<Contact>> contact(const QString &jid) override {
        if (auto ok = check::chat(jid); !ok)
            return ok.error();
        const auto found = m_rows.pushNames.find(jid);
        if (found == m_rows.pushNames.end())
            return std::optional<Contact>();
        return std::optional<Contact>(Contact {jid, found->second.name});
    }

    Result<QList<Contact>> contacts() override {
        QList<Contact> out;
        for (const auto &[jid, name] : m_rows.pushNames)
            out.append(Contact {jid, name.name});
        return out;
    }

    Result<bool> saveLidMapping(const QString &lid, const QString &phone) override {
        if (auto ok = check::lidMapping(lid, phone); !ok)
            return ok.error();
        if (const auto known = m_rows.phoneByLid.find(lid);
            known != m_rows.phoneByLid.end() && known->second == phone)
            return false;
        if (const auto old = m_rows.phoneByLid.find(lid); old != m_rows.phoneByLid.end()) {
            m_rows.lidByPhone.erase(old->second);
            m_rows.phoneByLid.erase(old);
        }
        if (const auto old = m_rows.lidByPhone.find(phone); old != m_rows.lidByPhone.end()) {
            m_rows.phoneByLid.erase(old->second);
            m_rows.lidByPhone.erase(old);
        }
        m_rows.phoneByLid[lid] = phone;
        m_rows.lidByPhone[phone] = lid;
        return true;
    }

    Result<std::optional<QString>> phoneOfLid(const QString &lid) override {
        if (auto ok = check::lid(lid); !ok)
            return ok.error();
        return lookup(m_rows.phoneByLid, lid);
    }

    Result<std::optional<QString>> lidOfPhone(const QString &phone) override {
        if (auto ok = check::phone(phone); !ok)
            return ok.error();
        return lookup(m_rows.lidByPhone, phone);
    }

    Result<void> savePrivacyToken(const QString &jid, const PrivacyToken &token) override {
        if (auto ok = check::privacyToken(jid, token.token, token.timestamp); !ok)
            return ok;
        if (const auto held = m_rows.tokens.find(jid);
            held != m_rows.tokens.end() && held->second.timestamp > token.timestamp)
            return {};
        m_rows.tokens[jid] = token;
        return {};
    }

    Result<std::optional<PrivacyToken>> privacyToken(const QString &jid) override {
        if (auto ok = check::chat(jid); !ok)
            return ok.error();
        return lookup(m_rows.tokens, jid);
    }

    Result<void> saveTokenIssued(const QString &jid, qint64 timestamp) override {
        if (auto ok = check::chat(jid); !ok)
            return ok;
        if (timestamp < 0)
            return makeError(errc::kInvalidArgument, QStringLiteral("A timestamp cannot be negative."));
        m_rows.issued[jid] = timestamp;
        return {};
    }

    Result<std::optional<qint64>> tokenIssuedAt(const QString &jid) override {
        if (auto ok = check::chat(jid); !ok)
            return ok.error();
        return lookup(m_rows.issued, jid);
    }

private:
    template<typename T> static std::optional<T> lookup(const std::map<QString, T> &map, const QString &key) {
        const auto found = map.find(key);
        return found == map.end() ? std::nullopt : std::optional<T>(found->second);
    }

public:
private:
    Rows &m_rows;
};

MemoryMessaging::MemoryMessaging()
    : m_rows(std::make_unique<Rows>())
    , m_messages(std::make_unique<Messages>(*m_rows))
    , m_outbox(std::make_unique<Outbox>(*m_rows))
    , m_chats(std::make_unique<Chats>(*m_rows))
    , m_contacts(std::make_unique<Contacts>(*m_rows)) { }

MemoryMessaging::~MemoryMessaging() = default;

MessagingStores MemoryMessaging::stores() {
    return {m_messages.get(), m_outbox.get(), m_chats.get(), m_contacts.get()};
}

} // namespace balcao
