#include "media_upload.h"

#include "crypto/crypto.h"
#include "transport/https_request.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace balcao {

namespace {
constexpr qint64 kPiece = 256 * 1024;
constexpr qsizetype kMaxAnswer = 64 * 1024;

QString uploadToken(const QByteArray &encSha256) {
    // whatsmeow: URL-safe base64 with its padding (Baileys drops the padding; the host takes both).
    return QString::fromLatin1(encSha256.toBase64(QByteArray::Base64UrlEncoding));
}
} // namespace

Result<std::pair<QString, QString>> parseUploadAnswer(const QByteArray &json) {
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    const QString url = o.value(QStringLiteral("url")).toString();
    const QString directPath = o.value(QStringLiteral("direct_path")).toString();
    if (!directPath.startsWith(u'/') || directPath.size() > 2048 || url.size() > 4096) {
        return makeError(errc::kMalformedFrame,
            QStringLiteral("The media host's answer to an upload names no file path."));
    }
    return std::pair {url, directPath};
}

MediaUpload::MediaUpload(MediaFolder folder, std::shared_ptr<TlsTrust> trust, QObject *parent)
    : QObject(parent)
    , m_folder(std::move(folder))
    , m_trust(std::move(trust)) { }

MediaUpload::~MediaUpload() {
    if (m_request)
        m_request->abort();
    if (m_encrypted)
        m_encrypted->remove();
}

Result<void> MediaUpload::encryptToTemporary(const QString &plainPath, MediaClass mediaClass) {
    QFile plain(plainPath);
    if (!plain.open(QIODevice::ReadOnly))
        return makeError(
            errc::kMediaNotDownloaded, QStringLiteral("The file to send is gone: %1").arg(plainPath));
    m_result.mediaKey = crypto::randomBytes(kMediaKeySize);
    auto encryptor = MediaEncryptor::create(m_result.mediaKey, mediaClass);
    if (!encryptor)
        return encryptor.error();
    auto temporary = m_folder.newTemporaryFile();
    if (!temporary)
        return temporary.error();
    m_encryptedPath = *temporary;
    m_encrypted = std::make_unique<QFile>(m_encryptedPath);
    if (!m_encrypted->open(QIODevice::ReadWrite))
        return makeError(errc::kStorageFailed, QStringLiteral("Cannot write %1.").arg(m_encryptedPath));
    const auto write = [this](const QByteArray &bytes) -> Result<void> {
        if (m_encrypted->write(bytes) != bytes.size())
            return makeError(errc::kStorageFull,
                QStringLiteral("Cannot prepare the file: %1").arg(m_encrypted->errorString()));
        return {};
    };
    while (!plain.atEnd()) {
        const QByteArray piece = plain.read(kPiece);
        if (piece.isEmpty())
            return makeError(errc::kStorageFailed, QStringLiteral("Cannot read %1.").arg(plainPath));
        auto cipher = (*encryptor)->update(piece);
        if (!cipher)
            return cipher.error();
        if (auto r = write(*cipher); !r)
            return r;
    }
    auto tail = (*encryptor)->finish();
    if (!tail)
        return tail.error();
    if (auto r = write(*tail); !r)
        return r;
    if (!m_encrypted->flush() || !m_encrypted->seek(0))
        return makeError(errc::kStorageFailed, QStringLiteral("Cannot read back %1.").arg(m_encryptedPath));
    m_result.digest = (*encryptor)->digest();
    return {};
}

void MediaUpload::start(const QString &plainPath, MediaClass mediaClass, const media_conn::MediaConn &conn,
    Done done, Progress progress) {
    m_done = std::move(done);
    if (conn.hosts.isEmpty()) {
        finish(makeError(
            errc::kMediaTransferFailed, QStringLiteral("WhatsApp named no media host to upload to.")));
        return;
    }
    if (auto encrypted = encryptToTemporary(plainPath, mediaClass); !encrypted) {
        finish(encrypted.error());
        return;
    }
    const QString token = uploadToken(m_result.digest.fileEncSha256);
    QUrl url(QStringLiteral("https://%1%2/%3").arg(conn.hosts.first(), mediaUploadPath(mediaClass), token));
    url.setQuery(QString::fromLatin1("auth=" + QUrl::toPercentEncoding(conn.auth)
                     + "&token=" + QUrl::toPercentEncoding(token)),
        QUrl::StrictMode);

    HttpsRequest::Options options;
    options.method = "POST";
    options.url = url;
    options.trust = m_trust;
    options.headers = {{"Origin", "https://web.whatsapp.com"}, {"Referer", "https://web.whatsapp.com/"},
        {"Content-Type", "application/octet-stream"}};
    options.bodyLength = m_encrypted->size();
    options.body = [this]() -> Result<QByteArray> {
        const QByteArray piece = m_encrypted->read(kPiece);
        if (piece.isEmpty() && !m_encrypted->atEnd())
            return makeError(errc::kStorageFailed, QStringLiteral("Cannot read %1.").arg(m_encryptedPath));
        return piece;
    };
    HttpsRequest::Handlers handlers;
    handlers.head = [](const HttpResponseHead &head) -> Result<void> {
        if (head.status != 200) {
            return makeError(errc::kMediaTransferFailed,
                QStringLiteral("The media host refused the upload (HTTP %1).").arg(head.status));
        }
        return {};
    };
    handlers.body = [this](QByteArrayView bytes) -> Result<void> {
        if (m_answer.size() + bytes.size() > kMaxAnswer)
            return makeError(errc::kMalformedFrame, QStringLiteral("The media host's answer is too long."));
        m_answer += bytes.toByteArray();
        return {};
    };
    handlers.uploadProgress = [progress, total = options.bodyLength](qint64 sent) {
        if (progress)
            progress(sent, total);
    };
    handlers.done = [this](Result<void> result) {
        m_request->deleteLater();
        m_request = nullptr;
        if (!result) {
            finish(result.error());
            return;
        }
        auto answer = parseUploadAnswer(m_answer);
        if (!answer) {
            finish(answer.error());
            return;
        }
        m_result.url = answer->first;
        m_result.directPath = answer->second;
        finish(m_result);
    };
    m_request = new HttpsRequest(this);
    m_request->start(std::move(options), std::move(handlers));
}

void MediaUpload::finish(Result<UploadedMedia> result) {
    if (m_encrypted) {
        m_encrypted->remove();
        m_encrypted.reset();
    }
    if (auto done = std::exchange(m_done, {}))
        done(std::move(result));
}

} // namespace balcao
