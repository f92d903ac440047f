#pragma once

#include <QHash>
#include <QSortFilterProxyModel>

namespace balcao::chat {

// What the chat list shows of ChatListModel: one session's chats (or every session's, the merged "All
// numbers" inbox, when the session is empty), matching the search box, the latest activity first.
// A search matches the name, number and last message at once, here; matches deeper in the history come
// from the engine's search (ChatController asks) and are added with addHistoryMatches: such a row then
// shows the message that matched instead of the last one.
class ChatListFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit ChatListFilter(QObject *parent = nullptr);

    void setSession(const QString &session);
    QString session() const { return m_session; }
    // Keeps the chats whose name, number or last message contains every word of `text` (ignoring case
    // and accents; digits in the query also match the number without its punctuation).
    void setSearchText(const QString &text);
    QString searchText() const { return m_searchText; }
    // Chats of `session` with a message matching `query`, each with the newest matching text. Ignored
    // unless `query` is still the search text (a late answer to an older search).
    void addHistoryMatches(
        const QString &session, const QString &query, const QHash<QString, QString> &chatTexts);
    bool matchedInHistory(const QString &session, const QString &chat) const;

    QVariant data(const QModelIndex &index, int role) const override;

    // The words a search compares: lower case, accents removed.
    static QString folded(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    bool matchesHere(const QModelIndex &sourceIndex) const;

    QString m_session;
    QString m_searchText;
    QStringList m_words; // folded
    QHash<QString, QString> m_historyMatches; // key(session, chat) → the matching message's text
};

} // namespace balcao::chat
