#pragma once

#include "errors.h"
#include "media/media_folder.h"
#include "messaging/message_content.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <functional>
#include <memory>
#include <optional>

namespace balcao {

class MediaDownload;
class TlsTrust;

// Which files come down as soon as their message arrives, by kind and size; the rest wait until someone
// asks. WhatsApp's defaults: photos, voice notes and stickers at once; videos and documents on demand.
struct AutoDownload {
    static constexpr qint64 kMiB = 1024 * 1024;
    qint64 imageMaxBytes = 16 * kMiB; // 0: never
    qint64 audioMaxBytes = 16 * kMiB; // voice notes and audio files
    qint64 stickerMaxBytes = 1 * kMiB;
    qint64 videoMaxBytes = 0;
    qint64 documentMaxBytes = 0;

    bool wants(MessageKind kind, const MediaInfo &media) const;
};

// One number's downloads: at most a few at a time, the rest queued in arrival order, one per message
// however often it is asked for. Reports each change through `onUpdate`. Lives in the session thread.
class MediaDownloads : public QObject {
    Q_OBJECT
public:
    static constexpr int kParallel = 2;
    enum class State { Queued, Downloading, Downloaded, Failed };
    struct Update {
        QString chat;
        QString id;
        State state = State::Queued;
        QString path; // Downloaded
        qint64 received = 0; // Downloading: encrypted bytes so far, of `total` (0: unknown)
        qint64 total = 0;
        std::optional<Error> error; // Failed
    };

    MediaDownloads(MediaFolder folder, std::shared_ptr<TlsTrust> trust,
        std::function<void(const Update &)> onUpdate, QObject *parent = nullptr);
    ~MediaDownloads() override;

    const MediaFolder &folder() const { return m_folder; }
    // Queues the file of message (chat, id); nothing when it is already queued or coming down.
    void fetch(const QString &chat, const QString &id, MessageKind kind, const MediaInfo &media);
    bool isBusy(const QString &chat, const QString &id) const;
    // How a message is named here (and by whoever keeps state per download).
    static QString keyOf(const QString &chat, const QString &id) { return chat + u'\n' + id; }

private:
    struct Job {
        QString chat;
        QString id;
        MessageKind kind;
        MediaInfo media;
    };
    void pump();
    void finished(const QString &key, Result<QString> path);

    MediaFolder m_folder;
    std::shared_ptr<TlsTrust> m_trust;
    std::function<void(const Update &)> m_onUpdate;
    QList<Job> m_queue;
    QHash<QString, MediaDownload *> m_running;
};

} // namespace balcao
