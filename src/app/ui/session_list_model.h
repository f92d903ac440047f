#pragma once

#include <QAbstractListModel>
#include <QHash>
#include <QTimer>
#include <session/events.h>
#include <session/session_directory.h>

namespace balcao {

// One number as the sidebar shows it.
struct SessionRow {
    QString id;
    QString name;
    QString jid; // own device JID once linked; empty while not linked
    QString phone; // digits: from the JID, or the number a pairing code was asked for
    SessionStatus status = SessionStatus::New;
    QString reason;
    QString code; // stopped by the server: its error code ("client-outdated", "temporarily-banned", …)
    qint64 untilMs = 0; // temporarily banned: when the ban ends
    CallPolicy calls; // what the number does with calls
    qint64 nextTryMs = 0;
    QHash<QString, int> unreadByChat;

    int unread() const;
};

// The sidebar's rows: "All numbers" first, then the sessions in the order they were added. It maps rows
// to roles and keeps what the events say (statuses, unread counts); it sends no commands. Lives in the
// GUI thread; a one-second tick refreshes the countdown of reconnecting rows only.
class SessionListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        SessionIdRole = Qt::UserRole + 1, // QString; empty for "All numbers"
        PhoneRole, // QString, formatted for display
        StatusRole, // int (SessionStatus)
        StatusTextRole, // QString, with the live countdown
        StatusColorRole, // QColor
        ReasonRole, // QString
        UnreadRole, // int
        LinkedRole, // bool: the session has a linked device
    };
    static constexpr int kAllNumbersRow = 0;

    explicit SessionListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Every event may change a row: session (added/removed/renamed), status, pairing-code (the phone),
    // chat (unread counts).
    void applyEvent(const Event &event);
    // The "sessions" reply: a snapshot taken after every earlier event, so it wins over what came before.
    void applySessions(const QList<SessionRecord> &sessions);
    // The number's calls policy as just set (the command carries it; nothing else reports it back).
    void applyCalls(const QString &session, const CallPolicy &calls);
    // A "chats" reply for one session: replaces its unread counts.
    void applyChats(const QString &session, const QList<ChatEvent> &chats);

    int rowOf(const QString &session) const; // -1 when unknown
    QString sessionAt(int row) const; // empty for "All numbers" and out of range
    const SessionRow *session(const QString &id) const;
    QStringList sessionIds() const;
    int totalUnread() const;

signals:
    void totalUnreadChanged(int total);
    // A session's status changed (or was first learnt).
    void statusChanged(const QString &session, balcao::SessionStatus status, const QString &reason);
    void sessionRemoved(const QString &session);

private:
    SessionRow *find(const QString &id);
    SessionRow &ensure(const QString &id);
    void changed(const QString &id, const QList<int> &roles);
    void setStatus(SessionRow &row, SessionStatus status, const QString &reason, qint64 nextTryMs);
    void updateTotal();
    void tick();

    QList<SessionRow> m_rows; // model row = index + 1
    QTimer m_countdown;
    int m_total = 0;
};

} // namespace balcao
