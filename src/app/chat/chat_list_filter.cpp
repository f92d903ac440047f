#include "chat_list_filter.h"

#include "chat_list_model.h"

namespace balcao::chat {

namespace {

QString digitsOf(const QString &text) {
    QString digits;
    for (const QChar c : text) {
        if (c.isDigit())
            digits.append(c);
    }
    return digits;
}

// ChatListModel::key of a row of the model.
QString rowKey(const QModelIndex &row) {
    return ChatListModel::key(
        row.data(ChatListModel::SessionRole).toString(), row.data(ChatListModel::ChatRole).toString());
}

} // namespace

ChatListFilter::ChatListFilter(QObject *parent)
    : QSortFilterProxyModel(parent) {
    setDynamicSortFilter(true);
    sort(0, Qt::DescendingOrder);
}

QString ChatListFilter::folded(const QString &text) {
    const QString decomposed = text.normalized(QString::NormalizationForm_D);
    QString out;
    out.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        if (c.category() != QChar::Mark_NonSpacing)
            out.append(c.toLower());
    }
    return out;
}

void ChatListFilter::setSession(const QString &session) {
    if (session == m_session)
        return;
    m_session = session;
    invalidateFilter();
}

void ChatListFilter::setSearchText(const QString &text) {
    if (text == m_searchText)
        return;
    m_searchText = text;
    m_words = folded(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    m_historyMatches.clear();
    invalidateFilter();
}

void ChatListFilter::addHistoryMatches(
    const QString &session, const QString &query, const QHash<QString, QString> &chatTexts) {
    if (query != m_searchText || m_words.isEmpty() || chatTexts.isEmpty())
        return;
    for (auto it = chatTexts.cbegin(); it != chatTexts.cend(); ++it)
        m_historyMatches.insert(ChatListModel::key(session, it.key()), it.value());
    invalidateFilter();
}

bool ChatListFilter::matchedInHistory(const QString &session, const QString &chat) const {
    return m_historyMatches.contains(ChatListModel::key(session, chat));
}

QVariant ChatListFilter::data(const QModelIndex &index, int role) const {
    if (role == ChatListModel::PreviewRole && !m_historyMatches.isEmpty()) {
        const QModelIndex source = mapToSource(index);
        const auto match = m_historyMatches.constFind(rowKey(source));
        // The last message says why the row is there when it matches; otherwise the older one that did.
        if (match != m_historyMatches.cend() && !matchesHere(source))
            return *match;
    }
    return QSortFilterProxyModel::data(index, role);
}

bool ChatListFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const {
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_session.isEmpty() && i.data(ChatListModel::SessionRole).toString() != m_session)
        return false;
    if (m_words.isEmpty())
        return true;
    return matchesHere(i) || m_historyMatches.contains(rowKey(i));
}

bool ChatListFilter::matchesHere(const QModelIndex &i) const {
    const QString haystack = folded(i.data(ChatListModel::NameRole).toString() + QLatin1Char(' ')
        + i.data(ChatListModel::PreviewRole).toString());
    const QString number = digitsOf(i.data(ChatListModel::NumberRole).toString());
    for (const QString &word : m_words) {
        const QString wordDigits = digitsOf(word);
        const bool numeric
            = !wordDigits.isEmpty() && wordDigits.size() == word.size() - word.count(QLatin1Char('+'));
        if (haystack.contains(word) || (numeric && number.contains(wordDigits)))
            continue;
        return false;
    }
    return true;
}

bool ChatListFilter::lessThan(const QModelIndex &left, const QModelIndex &right) const {
    const qint64 l = left.data(ChatListModel::TimestampRole).toLongLong();
    const qint64 r = right.data(ChatListModel::TimestampRole).toLongLong();
    if (l != r)
        return l < r;
    // Same second: the one that arrived later in the model counts as newer, so the order is stable.
    return left.row() < right.row();
}

} // namespace balcao::chat
