#include "sqlite_outbox_store.h"

#include <messaging/content_codec.h>

namespace balcao::models {

namespace check = message_store_check;

namespace {

constexpr char kSetStatus[] = "UPDATE messages SET status = ? WHERE seq = ?";
constexpr char kSetContent[] = "UPDATE messages SET content = ? WHERE seq = ?";
// The literal 'pending' lets SQLite use the partial index messages_outbox.
constexpr char kPending[] = "SELECT " BALCAO_MESSAGE_COLUMNS " FROM messages m "
                            "WHERE m.session_id = ? AND m.status = 'pending' ORDER BY m.seq";

} // namespace

Result<void> SqliteOutboxStore::enqueue(const StoredMessage &message) {
    const StoredMessage outgoing = asQueuedOutgoing(message);
    if (auto ok = check::message(outgoing); !ok)
        return ok;
    auto transaction = m_rows.transaction();
    if (auto ok = transaction.begin(); !ok)
        return ok;
    auto existing = m_rows.find(message.chat, message.id);
    if (!existing)
        return existing.error();
    if (*existing) {
        return makeError(errc::kMessageExists,
            QStringLiteral("The chat %1 already has a message %2.").arg(message.chat, message.id));
    }
    if (auto ok = m_rows.insert(outgoing); !ok)
        return ok;
    if (auto ok = m_rows.refreshChat(outgoing.chat); !ok)
        return ok;
    return transaction.commit();
}

Result<void> SqliteOutboxStore::updateContent(
    const QString &chat, const QString &id, const MessageContent &content) {
    if (auto ok = check::chat(chat); !ok)
        return ok;
    if (auto ok = check::messageId(id); !ok)
        return ok;
    auto transaction = m_rows.transaction();
    if (auto ok = transaction.begin(); !ok)
        return ok;
    auto existing = m_rows.find(chat, id);
    if (!existing)
        return existing.error();
    if (!*existing || !(*existing)->fromMe || (*existing)->status != QLatin1String("pending"))
        return unknownMessage(chat, id);
    if ((*existing)->type != messageKindName(content.kind)) {
        return makeError(errc::kInvalidArgument,
            QStringLiteral("Message %1 is a %2, not a %3.")
                .arg(id, (*existing)->type, messageKindName(content.kind)));
    }
    auto query = m_rows.statement(kSetContent);
    if (!query)
        return query.error();
    if (auto ok = sql::run(**query, {content_codec::encode(content), (*existing)->seq},
            QStringLiteral("Cannot update the content of %1").arg(id));
        !ok)
        return ok.error();
    return transaction.commit();
}

Result<bool> SqliteOutboxStore::setStatus(const QString &chat, const QString &id, MessageStatus status) {
    if (auto ok = check::chat(chat); !ok)
        return ok.error();
    if (auto ok = check::messageId(id); !ok)
        return ok.error();
    auto transaction = m_rows.transaction();
    if (auto ok = transaction.begin(); !ok)
        return ok.error();
    auto existing = m_rows.find(chat, id);
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
    auto query = m_rows.statement(kSetStatus);
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

Result<QList<StoredMessage>> SqliteOutboxStore::pending() {
    auto query = m_rows.statement(kPending);
    if (!query)
        return query.error();
    if (auto ok = sql::run(**query, {m_rows.session()}, QStringLiteral("Cannot read the outbox")); !ok)
        return ok.error();
    return readMessages(**query);
}

} // namespace balcao::models
