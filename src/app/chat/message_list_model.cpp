#include "message_list_model.h"

#include "message_format.h"

#include <media/media_folder.h>
#include <messaging/stored_message.h>

namespace balcao::chat {

int MessageListModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_messages.size());
}

bool MessageListModel::startsDay(int row) const {
    if (row == 0)
        return true;
    return m_days.at(row - 1) != m_days.at(row);
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() < 0 || index.row() >= m_messages.size())
        return {};
    const int row = index.row();
    const MessageEvent &m = m_messages.at(row);
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        if (MediaBubble::draws(m))
            return MediaBubble::caption(m);
        return isTextMessage(m) ? m.text : placeholderText(m.type);
    case IdRole:
        return m.id;
    case FromMeRole:
        return m.fromMe;
    case TimestampRole:
        return m.timestamp;
    case TypeRole:
        return m.type;
    case IsPlaceholderRole:
        return !isTextMessage(m) && !MediaBubble::draws(m);
    case StatusRole:
        return int(m.status);
    case SenderRole:
        return m.from;
    case PushNameRole:
        return m.pushName;
    case StartsDayRole:
        return startsDay(row);
    case DayLabelRole:
        return dayLabel(m_days.at(row), m_today.isValid() ? m_today : QDate::currentDate());
    case CacheKeyRole:
        return startsDay(row) ? m.id + QLatin1String("\n+day") : m.id;
    case Qt::ToolTipRole:
        if (!m.fromMe)
            return {};
        if (m.status == MessageStatus::Failed && m_failureReasons.contains(m.id))
            return tr("Not sent: %1").arg(m_failureReasons.value(m.id));
        return statusText(m.status);
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const {
    return {{IdRole, "id"}, {FromMeRole, "fromMe"}, {TimestampRole, "timestamp"}, {TypeRole, "type"},
        {TextRole, "text"}, {IsPlaceholderRole, "isPlaceholder"}, {StatusRole, "status"},
        {SenderRole, "sender"}, {PushNameRole, "pushName"}, {StartsDayRole, "startsDay"},
        {DayLabelRole, "dayLabel"}};
}

MediaView MessageListModel::mediaView(int row) const {
    const MessageEvent *m = message(row);
    if (!m)
        return {};
    auto it = m_media.find(m->id);
    if (it == m_media.end()) {
        MediaView view;
        const MediaInfo *media = mediaInfoOf(m->content);
        if (media && !m_mediaDir.isEmpty()) {
            if (const auto path = MediaFolder(m_mediaDir).find(media->fileSha256))
                view.path = *path;
        }
        it = m_media.insert(m->id, view);
    }
    return *it;
}

bool MessageListModel::setMediaState(
    const QString &id, const QString &state, const QString &path, double progress) {
    const int row = rowOf(id);
    if (row < 0)
        return false;
    MediaView view = mediaView(row);
    view.state = state;
    view.progress = progress;
    if (!path.isEmpty())
        view.path = path;
    m_media.insert(id, view);
    emit dataChanged(index(row), index(row));
    return true;
}

bool MessageListModel::setPlaying(const QString &id, bool playing, double played) {
    const int row = rowOf(id);
    if (row < 0)
        return false;
    MediaView view = mediaView(row);
    view.playing = playing;
    view.played = played;
    m_media.insert(id, view);
    emit dataChanged(index(row), index(row));
    return true;
}

void MessageListModel::reset(const QString &session, const QString &chat) {
    beginResetModel();
    m_session = session;
    m_chat = chat;
    m_messages.clear();
    m_days.clear();
    m_seq.clear();
    m_media.clear();
    m_firstSeq = 0;
    m_reachedStart = false;
    endResetModel();
}

int MessageListModel::prependOlder(const QList<MessageEvent> &page) {
    QList<MessageEvent> fresh;
    fresh.reserve(page.size());
    for (const MessageEvent &m : page) {
        if (!m.id.isEmpty() && !m_seq.contains(m.id))
            fresh.append(m);
    }
    if (fresh.isEmpty())
        return 0;
    const int count = int(fresh.size());
    beginInsertRows({}, 0, count - 1);
    m_firstSeq -= count;
    for (int i = 0; i < count; ++i)
        m_seq.insert(fresh.at(i).id, m_firstSeq + i);
    QList<QDate> days;
    days.reserve(count + m_days.size());
    for (const MessageEvent &m : std::as_const(fresh))
        days.append(localDay(m.timestamp));
    m_days = days + m_days;
    m_messages = fresh + m_messages;
    endInsertRows();
    // The message that used to be first may now share its day with the page's last one.
    if (count < m_messages.size()) {
        const QModelIndex was = index(count);
        emit dataChanged(was, was, {StartsDayRole, CacheKeyRole});
    }
    return count;
}

void MessageListModel::append(const MessageEvent &message) {
    if (message.id.isEmpty())
        return;
    if (const int row = rowOf(message.id); row >= 0) {
        const MessageStatus shown = m_messages.at(row).status;
        m_messages[row] = message;
        m_days[row] = localDay(message.timestamp);
        if (!isStatusAdvance(shown, message.status))
            m_messages[row].status = shown;
        emit dataChanged(index(row), index(row));
        return;
    }
    const int row = int(m_messages.size());
    beginInsertRows({}, row, row);
    m_seq.insert(message.id, m_firstSeq + row);
    m_messages.append(message);
    m_days.append(localDay(message.timestamp));
    endInsertRows();
}

bool MessageListModel::setStatus(const QString &id, MessageStatus status, const QString &reason) {
    const int row = rowOf(id);
    if (status == MessageStatus::Failed && !reason.isEmpty())
        m_failureReasons.insert(id, reason);
    // Receipts arrive late and out of order, and a page read before a receipt may arrive after it: ticks
    // only move forward, as the store's statuses do.
    if (row < 0 || !isStatusAdvance(m_messages.at(row).status, status))
        return false;
    m_messages[row].status = status;
    emit dataChanged(index(row), index(row), {StatusRole, Qt::ToolTipRole});
    return true;
}

const MessageEvent *MessageListModel::message(int row) const {
    return row >= 0 && row < m_messages.size() ? &m_messages.at(row) : nullptr;
}

int MessageListModel::rowOf(const QString &id) const {
    const auto it = m_seq.constFind(id);
    return it == m_seq.cend() ? -1 : int(*it - m_firstSeq);
}

QString MessageListModel::oldestId() const {
    return m_messages.isEmpty() ? QString() : m_messages.first().id;
}

} // namespace balcao::chat
