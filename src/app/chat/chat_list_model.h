#pragma once

#include <QAbstractListModel>
#include <QHash>
#include <session/events.h>

namespace balcao::chat {

// The chats of every session, one row per (session, chat), in arrival order; ChatListFilter sorts them by
// latest activity and picks a session. Fed from ChatEvents and "chats" replies (both carry the whole row),
// and from message status events for the last message's ticks. Lives in the GUI thread.
class ChatListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        SessionRole = Qt::UserRole + 1,
        ChatRole, // the chat JID
        NameRole, // the push name, or the number when none is known (also Qt::DisplayRole)
        NumberRole, // "+5511900000002"
        UnreadRole,
        PreviewRole, // the last message in one line
        TimestampRole, // the last message's, in seconds; 0 without one
        LastFromMeRole,
        LastStatusRole, // MessageStatus as int, for our own last message
        SessionNameRole, // the number's name as the sidebar shows it
    };

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Adds the chat or replaces what is known of it.
    void upsert(const ChatEvent &chat);
    // A "chats" reply: the session's whole list (chats no longer there are kept: a reply never drops any).
    void upsertAll(const QList<ChatEvent> &chats);
    void applyStatus(const MessageStatusEvent &status);
    void setSessionName(const QString &session, const QString &name);
    void removeSession(const QString &session);
    // A chat that is gone (merged into another, docs/lid.md).
    void removeChat(const QString &session, const QString &chat);

    QModelIndex indexOf(const QString &session, const QString &chat) const;
    const ChatEvent *chat(int row) const;
    // Unread messages across the session's chats (all sessions when `session` is empty).
    int unreadTotal(const QString &session = {}) const;

    // One string per (session, chat), for hashes of rows.
    static QString key(const QString &session, const QString &chat) {
        return session + QLatin1Char('\n') + chat;
    }

private:
    QList<ChatEvent> m_chats;
    QHash<QString, int> m_rows; // key → row
    QHash<QString, QString> m_sessionNames;
};

} // namespace balcao::chat
