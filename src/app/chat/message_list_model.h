#pragma once

#include "media_bubble.h"

#include <QAbstractListModel>
#include <QDate>
#include <QHash>
#include <session/events.h>

namespace balcao::chat {

// The loaded part of one chat, oldest first: the newest page when the chat opens, older pages put in
// front as the user scrolls up, new messages added at the end. Only maps rows to roles; ChatController
// decides what to load. A message that starts a new local day says so (StartsDayRole) and the delegate
// draws the day separator above it, so separators never need rows of their own. Lives in the GUI thread.
class MessageListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        FromMeRole,
        TimestampRole, // seconds
        TypeRole, // "text" or a placeholder kind
        TextRole, // the text, or the placeholder's words (also Qt::DisplayRole)
        IsPlaceholderRole,
        StatusRole, // MessageStatus as int (our own messages)
        SenderRole,
        PushNameRole,
        StartsDayRole, // the first loaded message of its local day: a separator goes above it
        DayLabelRole, // "Today", "Yesterday", or the date
        CacheKeyRole, // what a cached size hint depends on besides the width (id + day separator)
    };

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Empties the model for another chat.
    void reset(const QString &session, const QString &chat);
    QString session() const { return m_session; }
    QString chatJid() const { return m_chat; }

    // An older page (oldest first) goes in front; messages already loaded are skipped. Returns how many
    // rows were added.
    int prependOlder(const QList<MessageEvent> &page);
    // A new message at the end, or an update of one already loaded (same id).
    void append(const MessageEvent &message);
    // Moves one of our messages' ticks; false when the message is not loaded or nothing changed.
    // `reason`: why a failed message failed, shown in its tooltip.
    bool setStatus(const QString &id, MessageStatus status, const QString &reason = {});

    const MessageEvent *message(int row) const;
    // Where media files are found (the profile's media folder), and each file's state as events tell it.
    void setMediaFolder(const QString &dir) { m_mediaDir = dir; }
    MediaView mediaView(int row) const;
    // A file's progress or arrival (message.media); false when the message is not loaded.
    bool setMediaState(const QString &id, const QString &state, const QString &path, double progress);
    // A voice note playing (or stopped) at `played` (0..1).
    bool setPlaying(const QString &id, bool playing, double played);
    int rowOf(const QString &id) const;
    QString oldestId() const;
    // Whether the first loaded message is the first of the chat (no older page to ask for).
    bool reachedStart() const { return m_reachedStart; }
    void setReachedStart(bool reached) { m_reachedStart = reached; }

    // "Today" is read when data() is asked; tests pin it.
    void setToday(const QDate &today) { m_today = today; }

private:
    bool startsDay(int row) const;

    QString m_session;
    QString m_chat;
    QList<MessageEvent> m_messages;
    // Each message's local day, computed once: a time-zone conversion per data() call would make laying out
    // a long chat slow.
    QList<QDate> m_days;
    // Message id → sequence number; rows are sequence - m_firstSeq, so putting a page in front renumbers
    // nothing (prepends count down, appends count up).
    QHash<QString, qint64> m_seq;
    qint64 m_firstSeq = 0;
    bool m_reachedStart = false;
    QDate m_today;
    QHash<QString, QString> m_failureReasons; // message id → why WhatsApp refused it (this run only)
    QString m_mediaDir;
    mutable QHash<QString, MediaView> m_media; // message id → its file's state (looked up once per message)
};

} // namespace balcao::chat
