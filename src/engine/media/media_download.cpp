#include "media_download.h"

#include "transport/https_request.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace balcao {

namespace {

constexpr qint64 kReadPiece = 256 * 1024;
const QString kDefaultHost = QStringLiteral("mmg.whatsapp.net");

Error expired(int status) {
    return makeError(errc::kMediaExpired,
        QStringLiteral(
            "The media host no longer has this file (HTTP %1); the sender's phone can send it again.")
            .arg(status));
}

} // namespace

std::optional<MediaClass> mediaClassOf(MessageKind kind) {
    switch (kind) {
    case MessageKind::Image:
        return MediaClass::Image;
    case MessageKind::Video:
        return MediaClass::Video;
    case MessageKind::Audio:
        return MediaClass::Audio;
    case MessageKind::Document:
        return MediaClass::Document;
    case MessageKind::Sticker:
        return MediaClass::Sticker;
    default:
        return std::nullopt;
    }
}

QUrl mediaDownloadUrl(const MediaInfo &media) {
    const QUrl given(media.url, QUrl::StrictMode);
    if (media.directPath.startsWith(u'/') && !media.directPath.startsWith(QStringLiteral("//"))) {
        const bool hostFromUrl
            = given.isValid() && given.scheme() == QLatin1String("https") && !given.host().isEmpty();
        QUrl url(QStringLiteral("https://%1%2")
                     .arg(hostFromUrl ? given.authority() : kDefaultHost, media.directPath),
            QUrl::StrictMode);
        return url.isValid() ? url : QUrl();
    }
    if (given.isValid() && given.scheme() == QLatin1String("https") && !given.host().isEmpty())
        return given;
    return {};
}

MediaDownload::MediaDownload(MediaFolder folder, std::shared_ptr<TlsTrust> trust, QObject *parent)
    : QObject(parent)
    , m_folder(std::move(folder))
    , m_trust(std::move(trust)) { }

MediaDownload::~MediaDownload() {
    if (m_request)
        m_request->abort();
}

void MediaDownload::fail(Error error) {
    if (m_partial)
        m_partial->close();
    if (!m_done)
        return;
    auto done = std::exchange(m_done, {});
    done(std::move(error));
}

void MediaDownload::start(MessageKind kind, const MediaInfo &media, Done done, Progress progress) {
    m_done = std::move(done);
    m_progress = std::move(progress);
    m_media = media;
    const auto mediaClass = mediaClassOf(kind);
    if (!mediaClass) {
        fail(makeError(errc::kNotMedia, QStringLiteral("This message carries no file.")));
        return;
    }
    m_class = *mediaClass;
    if (const auto have = m_folder.find(media.fileSha256)) {
        auto finished = std::exchange(m_done, {});
        finished(*have);
        return;
    }
    if (media.mediaKey.size() != kMediaKeySize || media.fileSha256.size() != 32) {
        fail(makeError(errc::kMediaDamaged,
            QStringLiteral("The message does not say how to decrypt or check its file.")));
        return;
    }
    const QUrl url = mediaDownloadUrl(media);
    if (url.isEmpty()) {
        fail(makeError(
            errc::kMediaTransferFailed, QStringLiteral("The message does not say where its file is.")));
        return;
    }
    if (media.fileLength > 0) // CBC pads to the next block (at least one byte), then the MAC
        m_expectedEncrypted = qint64((media.fileLength / 16 + 1) * 16) + kMediaMacSize;
    const QByteArray partialKey = media.fileEncSha256.size() == 32 ? media.fileEncSha256 : media.fileSha256;
    m_partialPath = m_folder.partialPathOf(partialKey);
    m_partial = std::make_unique<QFile>(m_partialPath);
    QDir().mkpath(QFileInfo(m_partialPath).absolutePath());
    if (!m_partial->open(QIODevice::ReadWrite | QIODevice::Append)) {
        fail(makeError(errc::kStorageFailed, QStringLiteral("Cannot write %1.").arg(m_partialPath)));
        return;
    }
    m_offset = m_partial->size();
    if (m_expectedEncrypted > 0 && m_offset >= m_expectedEncrypted) {
        m_partial->resize(0); // a partial file that cannot be this download's
        m_offset = 0;
    }

    HttpsRequest::Options options;
    options.url = url;
    options.trust = m_trust;
    options.headers = {{"Origin", "https://web.whatsapp.com"}, {"Accept", "*/*"}};
    if (m_offset > 0)
        options.headers.append({"Range", "bytes=" + QByteArray::number(m_offset) + '-'});
    HttpsRequest::Handlers handlers;
    handlers.head = [this](const HttpResponseHead &head) -> Result<void> {
        if (head.status == 403 || head.status == 404 || head.status == 410)
            return expired(head.status);
        if (head.status == 200 && m_offset > 0) { // the host ignored the range: start over
            m_partial->resize(0);
            m_offset = 0;
        } else if (head.status == 206) {
            const QByteArray range = head.headers.value("content-range");
            if (!range.startsWith("bytes " + QByteArray::number(m_offset) + '-')) {
                return makeError(errc::kMediaTransferFailed,
                    QStringLiteral("The media host resumed at the wrong place (%1).")
                        .arg(QString::fromLatin1(range)));
            }
        } else if (head.status != 200) {
            return makeError(errc::kMediaTransferFailed,
                QStringLiteral("The media host answered HTTP %1.").arg(head.status));
        }
        return {};
    };
    handlers.body = [this](QByteArrayView bytes) -> Result<void> {
        if (m_expectedEncrypted > 0 && m_partial->size() + bytes.size() > m_expectedEncrypted) {
            m_partial->resize(0);
            return makeError(errc::kMediaDamaged,
                QStringLiteral("The media host sent more than the file's size; nothing was kept."));
        }
        if (m_partial->write(bytes.data(), bytes.size()) != bytes.size())
            return makeError(
                errc::kStorageFull, QStringLiteral("Cannot save the file: %1").arg(m_partial->errorString()));
        if (m_progress)
            m_progress(m_partial->size(), m_expectedEncrypted);
        return {};
    };
    handlers.done = [this](Result<void> result) {
        m_request->deleteLater();
        m_request = nullptr;
        if (!result) {
            fail(result.error());
            return;
        }
        m_partial->flush();
        auto path = decryptPartial();
        if (!path) {
            fail(path.error());
            return;
        }
        auto finished = std::exchange(m_done, {});
        finished(*path);
    };
    m_request = new HttpsRequest(this);
    m_request->start(std::move(options), std::move(handlers));
}

Result<QString> MediaDownload::decryptPartial() {
    MediaDigest expected {m_media.fileSha256, m_media.fileEncSha256, m_media.fileLength};
    auto decryptor = MediaDecryptor::create(m_media.mediaKey, m_class, expected);
    if (!decryptor)
        return decryptor.error();
    auto temporary = m_folder.newTemporaryFile();
    if (!temporary)
        return temporary.error();
    QFile out(*temporary);
    auto discard = [&](Error error) -> Result<QString> {
        out.remove();
        m_partial->remove(); // damaged bytes are not worth resuming
        return error;
    };
    if (!out.open(QIODevice::WriteOnly))
        return discard(makeError(errc::kStorageFailed, QStringLiteral("Cannot write %1.").arg(*temporary)));
    if (!m_partial->seek(0))
        return discard(makeError(errc::kStorageFailed, QStringLiteral("Cannot read %1.").arg(m_partialPath)));
    while (!m_partial->atEnd()) {
        const QByteArray piece = m_partial->read(kReadPiece);
        if (piece.isEmpty())
            return discard(
                makeError(errc::kStorageFailed, QStringLiteral("Cannot read %1.").arg(m_partialPath)));
        auto plain = (*decryptor)->update(piece);
        if (!plain)
            return discard(plain.error());
        if (out.write(*plain) != plain->size())
            return discard(makeError(
                errc::kStorageFull, QStringLiteral("Cannot save the file: %1").arg(out.errorString())));
    }
    auto tail = (*decryptor)->finish();
    if (!tail)
        return discard(tail.error());
    if (out.write(*tail) != tail->size() || !out.flush())
        return discard(
            makeError(errc::kStorageFull, QStringLiteral("Cannot save the file: %1").arg(out.errorString())));
    out.close();
    m_partial->remove();
    return m_folder.adopt(*temporary, m_media.fileSha256);
}

} // namespace balcao
