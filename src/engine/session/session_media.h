#pragma once

#include "media/media_conn.h"
#include "media/media_downloads.h"
#include "media/media_retries.h"
#include "messaging/stored_message.h"
#include "session/events.h"
#include "session/replies.h"

#include <QObject>
#include <memory>

namespace balcao {

class IqClient;
class MediaUpload;
class TlsTrust;

// One number's media files: fetches what arrives as the auto-download rules say, answers where a message's
// file is, and fetches one on request; each step is reported as a MediaEvent ("message.media"). Owned by
// Session; lives in the session thread.
class SessionMedia : public QObject {
    Q_OBJECT
public:
    SessionMedia(QString sessionId, MediaFolder folder, std::shared_ptr<TlsTrust> trust, AutoDownload rules,
        IqClient *iq, MediaRetries::Sender send, std::function<std::optional<Jid>()> ownUser,
        QObject *parent = nullptr);
    ~SessionMedia() override;

    // Every event the number publishes passes here: new messages with files are fetched as the rules say.
    void onEvent(const Event &event);
    // Where `message`'s file is; with `download`, fetches it when it is not here yet. not-media for a
    // message without a file.
    Result<MediaReply> describe(const StoredMessage &message, bool download);
    // Uploads the file of a queued message of ours (it is in the media folder under its hash) and answers its
    // content completed with what the host gave back; progress as "uploading" MediaEvents.
    void upload(const StoredMessage &message, std::function<void(Result<MessageContent>)> done);
    // Our phone's answer to a media retry (<notification type="mediaretry">): true when it was ours.
    bool onRetryNotification(const Node &notification);

signals:
    void event(const balcao::Event &event);

private:
    // What a fetch was asked for, so that an expired file can be asked for again, once.
    struct Wanted {
        MessageKind kind = MessageKind::Unknown;
        MediaInfo media;
        bool fromMe = false;
        bool retried = false;
    };
    void fetch(const QString &chat, const QString &id, MessageKind kind, const MediaInfo &media, bool fromMe);
    void onUpdate(const MediaDownloads::Update &update);
    // The media_conn answer, fetched again once it lapses; waiters share one query.
    void withMediaConn(std::function<void(Result<media_conn::MediaConn>)> next);

    QString m_sessionId;
    AutoDownload m_rules;
    MediaDownloads m_downloads;
    std::shared_ptr<TlsTrust> m_trust;
    IqClient *m_iq;
    std::optional<media_conn::MediaConn> m_conn;
    QList<std::function<void(Result<media_conn::MediaConn>)>> m_connWaiters;
    MediaRetries m_retries;
    QHash<QString, Wanted> m_wanted; // by chat and id, while the file is coming
};

} // namespace balcao
