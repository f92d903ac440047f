#include "session_list_model.h"

#include "phone_display.h"
#include "status_badge.h"

#include <QDateTime>
#include <overloaded.h>

namespace balcao {

int SessionRow::unread() const {
    int total = 0;
    for (int n : unreadByChat)
        total += n;
    return total;
}

SessionListModel::SessionListModel(QObject *parent)
    : QAbstractListModel(parent) {
    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &SessionListModel::tick);
}

int SessionListModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size()) + 1;
}

QVariant SessionListModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() < 0 || index.row() > m_rows.size())
        return {};
    if (index.row() == kAllNumbersRow) {
        switch (role) {
        case Qt::DisplayRole:
            return tr("All numbers");
        case SessionIdRole:
            return QString();
        case UnreadRole:
            return m_total;
        case LinkedRole:
            return true;
        default:
            return {};
        }
    }
    const SessionRow &row = m_rows.at(index.row() - 1);
    switch (role) {
    case Qt::DisplayRole:
        return row.name.isEmpty() ? tr("Unnamed number") : row.name;
    case Qt::ToolTipRole:
        return row.reason.isEmpty() ? row.name : row.name + QLatin1Char('\n') + row.reason;
    case SessionIdRole:
        return row.id;
    case PhoneRole:
        return displayPhone(row.phone);
    case StatusRole:
        return int(row.status);
    case StatusTextRole:
        return StatusBadge::of(row.status, row.nextTryMs, QDateTime::currentMSecsSinceEpoch()).text;
    case StatusColorRole:
        return StatusBadge::of(row.status, row.nextTryMs, 0).color;
    case ReasonRole:
        return row.reason;
    case UnreadRole:
        return row.unread();
    case LinkedRole:
        return !row.jid.isEmpty();
    default:
        return {};
    }
}

QHash<int, QByteArray> SessionListModel::roleNames() const {
    auto names = QAbstractListModel::roleNames();
    names.insert(SessionIdRole, "session");
    names.insert(PhoneRole, "phone");
    names.insert(StatusRole, "status");
    names.insert(StatusTextRole, "statusText");
    names.insert(StatusColorRole, "statusColor");
    names.insert(ReasonRole, "reason");
    names.insert(UnreadRole, "unread");
    names.insert(LinkedRole, "linked");
    return names;
}

int SessionListModel::rowOf(const QString &session) const {
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == session)
            return i + 1;
    }
    return -1;
}

QString SessionListModel::sessionAt(int row) const {
    if (row < 1 || row > m_rows.size())
        return {};
    return m_rows.at(row - 1).id;
}

const SessionRow *SessionListModel::session(const QString &id) const {
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_rows.at(row - 1);
}

QStringList SessionListModel::sessionIds() const {
    QStringList ids;
    for (const SessionRow &row : m_rows)
        ids.append(row.id);
    return ids;
}

int SessionListModel::totalUnread() const {
    return m_total;
}

SessionRow *SessionListModel::find(const QString &id) {
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_rows[row - 1];
}

SessionRow &SessionListModel::ensure(const QString &id) {
    if (SessionRow *row = find(id))
        return *row;
    const int at = int(m_rows.size()) + 1;
    beginInsertRows({}, at, at);
    SessionRow row;
    row.id = id;
    m_rows.append(row);
    endInsertRows();
    return m_rows.last();
}

void SessionListModel::changed(const QString &id, const QList<int> &roles) {
    const int row = rowOf(id);
    if (row >= 0)
        emit dataChanged(index(row), index(row), roles);
}

void SessionListModel::setStatus(
    SessionRow &row, SessionStatus status, const QString &reason, qint64 nextTryMs) {
    const bool same = row.status == status && row.reason == reason && row.nextTryMs == nextTryMs;
    row.status = status;
    row.reason = reason;
    row.nextTryMs = status == SessionStatus::Reconnecting ? nextTryMs : 0;
    if (status == SessionStatus::Reconnecting && !m_countdown.isActive())
        m_countdown.start();
    if (!same)
        emit statusChanged(row.id, status, reason);
}

void SessionListModel::applyEvent(const Event &event) {
    std::visit(Overloaded {
                   [this](const SessionEvent &e) {
                       if (e.removed) {
                           const int row = rowOf(e.session);
                           if (row < 0)
                               return;
                           beginRemoveRows({}, row, row);
                           m_rows.removeAt(row - 1);
                           endRemoveRows();
                           updateTotal();
                           emit sessionRemoved(e.session);
                           return;
                       }
                       SessionRow &row = ensure(e.session);
                       row.name = e.name;
                       setStatus(row, e.status, row.reason, 0);
                       changed(e.session, {});
                   },
                   [this](const StatusEvent &e) {
                       SessionRow &row = ensure(e.session);
                       row.jid = e.jid;
                       if (!e.jid.isEmpty())
                           row.phone = phoneOfJid(e.jid);
                       row.code = e.code;
                       row.untilMs = e.untilMs;
                       setStatus(row, e.status, e.reason, e.nextTryMs);
                       if (e.status == SessionStatus::LoggedOut)
                           row.unreadByChat.clear();
                       changed(e.session, {});
                       updateTotal();
                   },
                   [this](const PairingCodeEvent &e) {
                       SessionRow &row = ensure(e.session);
                       row.phone = e.phone;
                       changed(e.session, {PhoneRole});
                   },
                   [this](const ChatEvent &e) {
                       SessionRow *row = find(e.session);
                       if (!row || row->unreadByChat.value(e.chat, -1) == e.unread)
                           return;
                       row->unreadByChat.insert(e.chat, e.unread);
                       changed(e.session, {UnreadRole});
                       updateTotal();
                   },
                   [](const auto &) {},
               },
        event);
}

void SessionListModel::applySessions(const QList<SessionRecord> &sessions) {
    for (const SessionRecord &record : sessions) {
        if (record.id.isEmpty())
            continue;
        SessionRow &row = ensure(record.id);
        row.name = record.name;
        row.jid = record.ownJid;
        row.calls = record.calls;
        if (!row.jid.isEmpty())
            row.phone = phoneOfJid(row.jid);
        if (record.lastStatus != row.status)
            setStatus(row, record.lastStatus, row.reason, row.nextTryMs);
        changed(record.id, {});
    }
}

void SessionListModel::applyCalls(const QString &session, const CallPolicy &calls) {
    if (SessionRow *row = find(session))
        row->calls = calls;
}

void SessionListModel::applyChats(const QString &session, const QList<ChatEvent> &chats) {
    SessionRow *row = find(session);
    if (!row)
        return;
    row->unreadByChat.clear();
    for (const ChatEvent &chat : chats) {
        if (chat.unread > 0)
            row->unreadByChat.insert(chat.chat, chat.unread);
    }
    changed(session, {UnreadRole});
    updateTotal();
}

void SessionListModel::updateTotal() {
    int total = 0;
    for (const SessionRow &row : std::as_const(m_rows))
        total += row.unread();
    if (total == m_total)
        return;
    m_total = total;
    emit dataChanged(index(kAllNumbersRow), index(kAllNumbersRow), {UnreadRole});
    emit totalUnreadChanged(total);
}

void SessionListModel::tick() {
    bool any = false;
    for (const SessionRow &row : std::as_const(m_rows)) {
        if (row.status != SessionStatus::Reconnecting)
            continue;
        any = true;
        changed(row.id, {StatusTextRole});
    }
    if (!any)
        m_countdown.stop();
}

} // namespace balcao
