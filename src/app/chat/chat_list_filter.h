#pragma once

#include <QSortFilterProxyModel>

namespace balcao::chat {

// What the chat list shows of ChatListModel: one session's chats (or every session's, the merged "All
// numbers" inbox, when the session is empty), matching the search box, the latest activity first.
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

    // The words a search compares: lower case, accents removed.
    static QString folded(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_session;
    QString m_searchText;
    QStringList m_words; // folded
};

} // namespace balcao::chat
