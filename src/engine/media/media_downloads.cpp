#include "media_downloads.h"

#include "media/media_download.h"

namespace balcao {

namespace {
// Progress is reported at most once per this many bytes, so a large file does not flood the event streams.
constexpr qint64 kProgressStep = 512 * 1024;
} // namespace

bool AutoDownload::wants(MessageKind kind, const MediaInfo &media) const {
    const qint64 size = qint64(media.fileLength);
    const auto within = [size](qint64 limit) { return limit > 0 && size <= limit; };
    switch (kind) {
    case MessageKind::Image:
        return within(imageMaxBytes);
    case MessageKind::Audio:
        return within(audioMaxBytes);
    case MessageKind::Sticker:
        return within(stickerMaxBytes);
    case MessageKind::Video:
        return within(videoMaxBytes);
    case MessageKind::Document:
        return within(documentMaxBytes);
    default:
        return false;
    }
}

MediaDownloads::MediaDownloads(MediaFolder folder, std::shared_ptr<TlsTrust> trust,
    std::function<void(const Update &)> onUpdate, QObject *parent)
    : QObject(parent)
    , m_folder(std::move(folder))
    , m_trust(std::move(trust))
    , m_onUpdate(std::move(onUpdate)) { }

MediaDownloads::~MediaDownloads() = default; // the running downloads are children

bool MediaDownloads::isBusy(const QString &chat, const QString &id) const {
    const QString key = keyOf(chat, id);
    return m_running.contains(key) || std::any_of(m_queue.begin(), m_queue.end(), [&](const Job &j) {
        return keyOf(j.chat, j.id) == key;
    });
}

void MediaDownloads::fetch(const QString &chat, const QString &id, MessageKind kind, const MediaInfo &media) {
    if (isBusy(chat, id))
        return;
    m_queue.append(Job {chat, id, kind, media});
    m_onUpdate(Update {chat, id, State::Queued, {}, 0, qint64(media.fileLength), std::nullopt});
    pump();
}

void MediaDownloads::pump() {
    while (m_running.size() < kParallel && !m_queue.isEmpty()) {
        const Job job = m_queue.takeFirst();
        const QString key = keyOf(job.chat, job.id);
        auto *download = new MediaDownload(m_folder, m_trust, this);
        m_running.insert(key, download);
        m_onUpdate(Update {job.chat, job.id, State::Downloading, {}, 0, 0, std::nullopt});
        auto lastReported = std::make_shared<qint64>(0);
        download->start(
            job.kind, job.media, [this, key](Result<QString> path) { finished(key, std::move(path)); },
            [this, chat = job.chat, id = job.id, lastReported](qint64 received, qint64 total) {
                if (received - *lastReported < kProgressStep)
                    return;
                *lastReported = received;
                m_onUpdate(Update {chat, id, State::Downloading, {}, received, total, std::nullopt});
            });
    }
}

void MediaDownloads::finished(const QString &key, Result<QString> path) {
    MediaDownload *download = m_running.take(key);
    if (download)
        download->deleteLater();
    const qsizetype split = key.indexOf(u'\n');
    Update update {key.left(split), key.mid(split + 1), State::Downloaded, {}, 0, 0, std::nullopt};
    if (path) {
        update.path = *path;
    } else {
        update.state = State::Failed;
        update.error = path.error();
    }
    m_onUpdate(update);
    // The next one starts from the event loop: `download` may still be on the stack.
    QMetaObject::invokeMethod(this, &MediaDownloads::pump, Qt::QueuedConnection);
}

} // namespace balcao
