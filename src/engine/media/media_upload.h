#pragma once

#include "errors.h"
#include "media/media_cipher.h"
#include "media/media_conn.h"
#include "media/media_folder.h"

#include <QFile>
#include <QObject>
#include <functional>
#include <memory>

namespace balcao {

class HttpsRequest;
class TlsTrust;

// What the host gave back for an uploaded file, with everything the message must carry about it.
struct UploadedMedia {
    QByteArray mediaKey;
    MediaDigest digest;
    QString url;
    QString directPath;
};

// The host's answer to an upload: {"url", "direct_path", …} as whatsmeow's UploadResponse reads it.
// malformed-frame for anything else, or a direct path that is not a path.
Result<std::pair<QString, QString>> parseUploadAnswer(const QByteArray &json);

// Uploads one file as whatsmeow's rawUpload does: a fresh media key, the file encrypted into a temporary
// file beside the media folder (the upload token is the encrypted file's hash, so it must be known before the
// first byte goes out), then POST https://<host>/mms/<type>/<token>?auth=…&token=… with the body streamed
// from that file. `done` is called once; the temporary file is gone by then.
class MediaUpload : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(Result<UploadedMedia>)>;
    using Progress = std::function<void(qint64 sent, qint64 total)>;

    MediaUpload(MediaFolder folder, std::shared_ptr<TlsTrust> trust, QObject *parent = nullptr);
    ~MediaUpload() override;

    void start(const QString &plainPath, MediaClass mediaClass, const media_conn::MediaConn &conn, Done done,
        Progress progress = {});

private:
    Result<void> encryptToTemporary(const QString &plainPath, MediaClass mediaClass);
    void finish(Result<UploadedMedia> result);

    MediaFolder m_folder;
    std::shared_ptr<TlsTrust> m_trust;
    UploadedMedia m_result;
    QString m_encryptedPath;
    std::unique_ptr<QFile> m_encrypted;
    HttpsRequest *m_request = nullptr;
    QByteArray m_answer;
    Done m_done;
};

} // namespace balcao
