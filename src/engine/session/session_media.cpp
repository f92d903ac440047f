#include "session_media.h"

#include "media/media_download.h"
#include "media/media_upload.h"
#include "session/iq_client.h"

#include <QDateTime>

namespace balcao {

namespace {

QString stateName(MediaDownloads::State state) {
    switch (state) {
    case MediaDownloads::State::Queued:
        return QStringLiteral("queued");
    case MediaDownloads::State::Downloading:
        return QStringLiteral("downloading");
    case MediaDownloads::State::Downloaded:
        return QStringLiteral("downloaded");
    case MediaDownloads::State::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

} // namespace

SessionMedia::SessionMedia(QString sessionId, MediaFolder folder, std::shared_ptr<TlsTrust> trust,
    AutoDownload rules, IqClient *iq, MediaRetries::Sender send, std::function<std::optional<Jid>()> ownUser,
    QObject *parent)
    : QObject(parent)
    , m_sessionId(std::move(sessionId))
    , m_rules(rules)
    , m_downloads(
          std::move(folder), trust, [this](const MediaDownloads::Update &u) { onUpdate(u); }, this)
    , m_trust(std::move(trust))
    , m_iq(iq)
    , m_retries(std::move(send), std::move(ownUser), this) { }

void SessionMedia::fetch(
    const QString &chat, const QString &id, MessageKind kind, const MediaInfo &media, bool fromMe) {
    const QString key = MediaDownloads::keyOf(chat, id);
    if (!m_wanted.contains(key))
        m_wanted.insert(key, Wanted {kind, media, fromMe, false});
    m_downloads.fetch(chat, id, kind, media);
}

bool SessionMedia::onRetryNotification(const Node &notification) {
    return m_retries.handle(notification);
}

SessionMedia::~SessionMedia() = default;

void SessionMedia::withMediaConn(std::function<void(Result<media_conn::MediaConn>)> next) {
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (m_conn && m_conn->isFresh(now)) {
        next(*m_conn);
        return;
    }
    m_connWaiters.append(std::move(next));
    if (m_connWaiters.size() > 1)
        return; // a query is already out
    m_iq->query(media_conn::buildQuery(), [this](Result<Node> answer) {
        Result<media_conn::MediaConn> conn = answer
            ? media_conn::parseAnswer(*answer, QDateTime::currentSecsSinceEpoch())
            : Result<media_conn::MediaConn>(answer.error());
        if (conn)
            m_conn = *conn;
        for (const auto &waiter : std::exchange(m_connWaiters, {}))
            waiter(conn);
    });
}

void SessionMedia::upload(const StoredMessage &message, std::function<void(Result<MessageContent>)> done) {
    const MediaInfo *media = mediaInfoOf(message.content);
    const auto mediaClass = mediaClassOf(message.content.kind);
    if (!media || !mediaClass) {
        done(makeError(errc::kNotMedia, QStringLiteral("Message %1 carries no file.").arg(message.id)));
        return;
    }
    const auto path = m_downloads.folder().find(media->fileSha256);
    if (!path) {
        done(makeError(errc::kMediaNotDownloaded,
            QStringLiteral("The file to send is no longer on this computer; attach it again.")));
        return;
    }
    withMediaConn([this, message, mediaClass, path = *path, done](Result<media_conn::MediaConn> conn) {
        if (!conn) {
            done(makeError(errc::kMediaTransferFailed,
                QStringLiteral("WhatsApp did not say where to upload: %1").arg(conn.error().message)));
            return;
        }
        auto *upload = new MediaUpload(m_downloads.folder(), m_trust, this);
        const QString chat = message.chat;
        const QString id = message.id;
        upload->start(
            path, *mediaClass, *conn,
            [this, upload, message, done](Result<UploadedMedia> uploaded) {
                upload->deleteLater();
                if (!uploaded) {
                    done(uploaded.error());
                    return;
                }
                MessageContent content = message.content;
                MediaInfo &media = std::get<MediaPayload>(content.payload).media;
                if (uploaded->digest.fileSha256 != media.fileSha256) {
                    done(makeError(errc::kMediaDamaged,
                        QStringLiteral("The file changed on this computer after it was attached.")));
                    return;
                }
                media.url = uploaded->url;
                media.directPath = uploaded->directPath;
                media.mediaKey = uploaded->mediaKey;
                media.fileEncSha256 = uploaded->digest.fileEncSha256;
                media.fileLength = uploaded->digest.fileLength;
                media.mediaKeyTimestamp = QDateTime::currentSecsSinceEpoch();
                emit event(MediaEvent {m_sessionId, message.chat, message.id, QStringLiteral("uploaded")});
                done(content);
            },
            [this, chat, id, lastReported = qint64(0)](qint64 sent, qint64 total) mutable {
                constexpr qint64 kStep = 512 * 1024;
                if (sent - lastReported < kStep && sent != total)
                    return;
                lastReported = sent;
                emit event(MediaEvent {m_sessionId, chat, id, QStringLiteral("uploading"), {}, sent, total});
            });
    });
}

void SessionMedia::onEvent(const Event &event) {
    const auto *message = std::get_if<MessageEvent>(&event);
    if (!message)
        return;
    const MediaInfo *media = mediaInfoOf(message->content);
    // Our own sends carry the file we sent; only what reached us from elsewhere needs fetching.
    if (!media || media->directPath.isEmpty() || !m_rules.wants(message->content.kind, *media))
        return;
    if (m_downloads.folder().find(media->fileSha256))
        return;
    fetch(message->chat, message->id, message->content.kind, *media, message->fromMe);
}

Result<MediaReply> SessionMedia::describe(const StoredMessage &message, bool download) {
    const MediaInfo *media = mediaInfoOf(message.content);
    if (!media) {
        return makeError(errc::kNotMedia,
            QStringLiteral("Message %1 in %2 carries no file.").arg(message.id, message.chat));
    }
    MediaReply reply {m_sessionId, message.chat, message.id, message.content.kind, *media, {}, {}};
    if (const auto path = m_downloads.folder().find(media->fileSha256)) {
        reply.state = QStringLiteral("downloaded");
        reply.path = *path;
        return reply;
    }
    if (download && !media->directPath.isEmpty())
        fetch(message.chat, message.id, message.content.kind, *media, message.fromMe);
    reply.state = m_downloads.isBusy(message.chat, message.id) ? QStringLiteral("downloading")
                                                               : QStringLiteral("not-downloaded");
    return reply;
}

void SessionMedia::onUpdate(const MediaDownloads::Update &u) {
    const QString key = MediaDownloads::keyOf(u.chat, u.id);
    if (u.state == MediaDownloads::State::Failed && u.error
        && u.error->code == QLatin1String(errc::kMediaExpired) && m_wanted.contains(key)
        && !m_wanted.value(key).retried) {
        // The host has forgotten the file: our phone can upload it again (once per file).
        Wanted &wanted = m_wanted[key];
        wanted.retried = true;
        emit event(MediaEvent {m_sessionId, u.chat, u.id, QStringLiteral("retrying"), {}, 0, 0, u.error->code,
            QStringLiteral("The file has expired on WhatsApp's host; asking the phone to send it again.")});
        m_retries.ask(media_retry::Request {u.id, u.chat, wanted.fromMe, {}}, wanted.media,
            [this, chat = u.chat, id = u.id, kind = wanted.kind](Result<MediaInfo> moved) {
                if (!moved) {
                    m_wanted.remove(MediaDownloads::keyOf(chat, id));
                    emit event(MediaEvent {m_sessionId, chat, id, QStringLiteral("failed"), {}, 0, 0,
                        moved.error().code, moved.error().message});
                    return;
                }
                m_wanted[MediaDownloads::keyOf(chat, id)].media = *moved;
                m_downloads.fetch(chat, id, kind, *moved);
            });
        return;
    }
    if (u.state == MediaDownloads::State::Downloaded || u.state == MediaDownloads::State::Failed)
        m_wanted.remove(key);
    MediaEvent e {m_sessionId, u.chat, u.id, stateName(u.state), u.path, u.received, u.total};
    if (u.error) {
        e.code = u.error->code;
        e.reason = u.error->message;
    }
    emit event(e);
}

} // namespace balcao
