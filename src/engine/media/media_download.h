#pragma once

#include "errors.h"
#include "media/media_cipher.h"
#include "media/media_folder.h"
#include "messaging/message_content.h"

#include <QFile>
#include <QObject>
#include <QUrl>
#include <functional>
#include <memory>
#include <optional>

namespace balcao {

class HttpsRequest;
class TlsTrust;

// The class of file a message kind's media is (nullopt for kinds without a file).
std::optional<MediaClass> mediaClassOf(MessageKind kind);
// Where the host serves a message's file: https://<the url's host, or mmg.whatsapp.net><directPath>, as
// Baileys 7 and whatsmeow build it; the url itself when there is no direct path. Empty when neither is a
// usable https address.
QUrl mediaDownloadUrl(const MediaInfo &media);

// Fetches one message's file into a MediaFolder: the encrypted bytes go to a partial file first (so a
// download cut off resumes with a Range request where it stopped), then are checked and decrypted into the
// folder under the file's hash. The file is only ever shown once its MAC and both hashes matched; a
// mismatch is media-damaged and nothing is kept. The host's "gone" answers (403, 404, 410) are
// media-expired: only the sender's phone can bring the file back (media retry). `done` is called once.
class MediaDownload : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(Result<QString> path)>;
    using Progress = std::function<void(qint64 received, qint64 total)>;

    MediaDownload(MediaFolder folder, std::shared_ptr<TlsTrust> trust, QObject *parent = nullptr);
    ~MediaDownload() override;

    void start(MessageKind kind, const MediaInfo &media, Done done, Progress progress = {});

private:
    void fail(Error error);
    Result<QString> decryptPartial();

    MediaFolder m_folder;
    std::shared_ptr<TlsTrust> m_trust;
    MediaClass m_class = MediaClass::Document;
    MediaInfo m_media;
    QString m_partialPath;
    std::unique_ptr<QFile> m_partial;
    HttpsRequest *m_request = nullptr;
    Done m_done;
    Progress m_progress;
    qint64 m_expectedEncrypted = 0; // 0: unknown
    qint64 m_offset = 0;
};

} // namespace balcao
