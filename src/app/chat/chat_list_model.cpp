#include "chat_list_model.h"

#include "message_format.h"

namespace balcao::chat {

int ChatListModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_chats.size());
}

QVariant ChatListModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() < 0 || index.row() >= m_chats.size())
        return {};
    const ChatEvent &c = m_chats.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return displayName(c.name, c.chat);
    case SessionRole:
        return c.session;
    case ChatRole:
        return c.chat;
    case NumberRole:
        return displayNumber(c.chat);
    case UnreadRole:
        return c.unread;
    case PreviewRole:
        return c.lastMessage ? previewText(*c.lastMessage) : QString();
    case TimestampRole:
        return c.lastMessage ? c.lastMessage->timestamp : qint64(0);
    case LastFromMeRole:
        return c.lastMessage && c.lastMessage->fromMe;
    case LastStatusRole:
        return c.lastMessage ? int(c.lastMessage->status) : int(MessageStatus::Sent);
    case SessionNameRole:
        return m_sessionNames.value(c.session, c.session);
    case Qt::ToolTipRole:
        return displayNumber(c.chat);
    default:
        return {};
    }
}

QHash<int, QByteArray> ChatListModel::roleNames() const {
    return {{NameRole, "name"}, {SessionRole, "session"}, {ChatRole, "chat"}, {NumberRole, "number"},
        {UnreadRole, "unread"}, {PreviewRole, "preview"}, {TimestampRole, "timestamp"},
        {LastFromMeRole, "lastFromMe"}, {LastStatusRole, "lastStatus"}, {SessionNameRole, "sessionName"}};
}

void ChatListModel::upsert(const ChatEvent &chat) {
    if (chat.session.isEmpty() || chat.chat.isEmpty())
        return;
    const QString k = key(chat.session, chat.chat);
    if (const auto it = m_rows.constFind(k); it != m_rows.cend()) {
        ChatEvent &existing = m_chats[*it];
        // A chat event without a name (none known yet) must not wipe a name we already show.
        const QString name = chat.name.isEmpty() ? existing.name : chat.name;
        existing = chat;
        existing.name = name;
        const QModelIndex i = index(*it);
        emit dataChanged(i, i);
        return;
    }
    const int row = int(m_chats.size());
    beginInsertRows({}, row, row);
    m_chats.append(chat);
    m_rows.insert(k, row);
    endInsertRows();
}

void ChatListModel::upsertAll(const QList<ChatEvent> &chats) {
    for (const ChatEvent &c : chats)
        upsert(c);
}

void ChatListModel::applyStatus(const MessageStatusEvent &status) {
    const auto it = m_rows.constFind(key(status.session, status.chat));
    if (it == m_rows.cend())
        return;
    ChatEvent &c = m_chats[*it];
    if (!c.lastMessage || c.lastMessage->id != status.id || c.lastMessage->status == status.status)
        return;
    c.lastMessage->status = status.status;
    const QModelIndex i = index(*it);
    emit dataChanged(i, i, {LastStatusRole});
}

void ChatListModel::setSessionName(const QString &session, const QString &name) {
    if (m_sessionNames.value(session) == name)
        return;
    m_sessionNames.insert(session, name);
    for (int row = 0; row < m_chats.size(); ++row) {
        if (m_chats.at(row).session == session)
            emit dataChanged(index(row), index(row), {SessionNameRole});
    }
}

void ChatListModel::removeSession(const QString &session) {
    m_sessionNames.remove(session);
    for (int row = int(m_chats.size()) - 1; row >= 0; --row) {
        if (m_chats.at(row).session != session)
            continue;
        beginRemoveRows({}, row, row);
        m_chats.removeAt(row);
        endRemoveRows();
    }
    m_rows.clear();
    for (int row = 0; row < m_chats.size(); ++row)
        m_rows.insert(key(m_chats.at(row).session, m_chats.at(row).chat), row);
}

void ChatListModel::removeChat(const QString &session, const QString &chat) {
    const auto it = m_rows.constFind(key(session, chat));
    if (it == m_rows.cend())
        return;
    const int row = *it;
    beginRemoveRows({}, row, row);
    m_chats.removeAt(row);
    endRemoveRows();
    m_rows.clear();
    for (int r = 0; r < m_chats.size(); ++r)
        m_rows.insert(key(m_chats.at(r).session, m_chats.at(r).chat), r);
}

QModelIndex ChatListModel::indexOf(const QString &session, const QString &chat) const {
    const auto it = m_rows.constFind(key(session, chat));
    return it == m_rows.cend() ? QModelIndex() : index(*it);
}

const ChatEvent *ChatListModel::chat(int row) const {
    return row >= 0 && row < m_chats.size() ? &m_chats.at(row) : nullptr;
}

int ChatListModel::unreadTotal(const QString &session) const {
    int total = 0;
    for (const ChatEvent &c : m_chats) {
        if (session.isEmpty() || c.session == session)
            total += c.unread;
    }
    return total;
}

} // namespace balcao::chat
