#include "attachment.h"

#include "image_attachment.h"
#include "media_limits.h"
#include "ogg_opus.h"
#include "video_attachment.h"

#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>
#include <crypto/cipher_stream.h>

namespace balcao {

namespace {

constexpr qint64 kCopyPiece = 256 * 1024;
const QStringList kKinds {QString(), QStringLiteral("image"), QStringLiteral("video"),
    QStringLiteral("audio"), QStringLiteral("ptt"), QStringLiteral("document"), QStringLiteral("sticker")};

Error tooLarge(const QString &what, qint64 limit) {
    return makeError(errc::kMediaTooLarge,
        QStringLiteral("%1 can be at most %2 MiB on WhatsApp.").arg(what).arg(limit / media_limits::kMiB));
}

// Writes `bytes` (or copies `source`) into the folder under its hash; what a message says of that file (its
// hash and length), for the caller to complete.
Result<MediaInfo> keep(const MediaFolder &folder, const QString &source, const QByteArray &bytes) {
    auto temporary = folder.newTemporaryFile();
    if (!temporary)
        return temporary.error();
    QFile out(*temporary);
    // OpenSSL's SHA-256 (CPU instructions); Qt 6.4's goes a byte at a time, a third of a large send's time.
    auto hash = crypto::Sha256Stream::create();
    if (!hash)
        return hash.error();
    const auto fail = [&](const QString &why) -> Result<MediaInfo> {
        out.remove();
        return makeError(errc::kStorageFailed, why);
    };
    if (!out.open(QIODevice::WriteOnly))
        return fail(QStringLiteral("Cannot write %1.").arg(*temporary));
    qint64 size = 0;
    if (source.isEmpty()) {
        if (auto hashed = (*hash)->update(bytes); !hashed)
            return fail(hashed.error().message);
        if (out.write(bytes) != bytes.size())
            return fail(QStringLiteral("Cannot save the file: %1").arg(out.errorString()));
        size = bytes.size();
    } else {
        QFile in(source);
        if (!in.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("Cannot read %1.").arg(source));
        while (!in.atEnd()) {
            const QByteArray piece = in.read(kCopyPiece);
            if (piece.isEmpty())
                return fail(QStringLiteral("Cannot read %1.").arg(source));
            if (auto hashed = (*hash)->update(piece); !hashed)
                return fail(hashed.error().message);
            if (out.write(piece) != piece.size())
                return fail(QStringLiteral("Cannot save the file: %1").arg(out.errorString()));
            size += piece.size();
        }
    }
    if (!out.flush())
        return fail(QStringLiteral("Cannot save the file: %1").arg(out.errorString()));
    out.close();
    const auto sha = (*hash)->finish();
    if (!sha)
        return sha.error();
    if (auto path = folder.adopt(*temporary, *sha); !path)
        return path.error();
    MediaInfo media;
    media.fileSha256 = *sha;
    media.fileLength = quint64(size);
    return media;
}

MessageContent contentOf(MessageKind kind, const QString &caption, MediaInfo media) {
    MessageContent content;
    content.kind = kind;
    content.text = caption;
    content.placeholder = QStringLiteral("[%1]").arg(messageKindName(kind));
    content.payload = MediaPayload {std::move(media)};
    return content;
}

Result<MessageContent> asDocument(const QString &source, const AttachmentRequest &request,
    const QString &mimetype, const MediaFolder &folder) {
    if (QFileInfo(source).size() > media_limits::kDocumentBytes)
        return tooLarge(QStringLiteral("A document"), media_limits::kDocumentBytes);
    auto kept = keep(folder, source, {});
    if (!kept)
        return kept.error();
    MediaInfo media = *kept;
    media.mimetype = mimetype;
    media.fileName = request.fileName.isEmpty() ? QFileInfo(source).fileName() : request.fileName;
    return contentOf(MessageKind::Document, request.caption, media);
}

Result<MessageContent> asPicture(const QString &source, const AttachmentRequest &request,
    const image_attachment::Picture &picture, const MediaFolder &folder) {
    if (request.kind == QLatin1String("sticker")) {
        // Stickers are WebP, sent as they are (animated ones too).
        if (picture.format != "webp")
            return makeError(errc::kInvalidArgument, QStringLiteral("A sticker must be a WebP picture."));
        if (QFileInfo(source).size() > media_limits::kStickerBytes)
            return tooLarge(QStringLiteral("A sticker"), media_limits::kStickerBytes);
        auto kept = keep(folder, source, {});
        if (!kept)
            return kept.error();
        MediaInfo media = *kept;
        media.mimetype = QStringLiteral("image/webp");
        media.width = quint32(picture.image.width());
        media.height = quint32(picture.image.height());
        media.animated = picture.animated;
        return contentOf(MessageKind::Sticker, {}, media);
    }
    if (QFileInfo(source).size() > media_limits::kImageBytes)
        return tooLarge(QStringLiteral("A photo"), media_limits::kImageBytes);
    const QByteArray jpeg = image_attachment::photoJpeg(picture.image);
    const QImage sent = QImage::fromData(jpeg, "JPEG");
    auto kept = keep(folder, {}, jpeg);
    if (!kept)
        return kept.error();
    MediaInfo media = *kept;
    media.thumbnail = image_attachment::thumbnailJpeg(picture.image);
    media.mimetype = QStringLiteral("image/jpeg");
    media.width = quint32(sent.width());
    media.height = quint32(sent.height());
    return contentOf(MessageKind::Image, request.caption, media);
}

Result<MessageContent> asAudio(const QString &source, const AttachmentRequest &request,
    const QString &mimetype, const MediaFolder &folder) {
    if (QFileInfo(source).size() > media_limits::kAudioBytes)
        return tooLarge(QStringLiteral("An audio file"), media_limits::kAudioBytes);
    auto kept = keep(folder, source, {});
    if (!kept)
        return kept.error();
    MediaInfo media = *kept;
    const auto opus = ogg_opus::probe(source);
    if (opus) {
        media.seconds = quint32(std::lround(std::max(1.0, opus->seconds)));
        // Only OGG/Opus plays as a voice note on the phones; anything else is an audio file.
        if (request.kind == QLatin1String("ptt")) {
            media.voiceNote = true;
            media.waveform = opus->waveform;
        }
    }
    media.mimetype = opus
        ? (media.voiceNote ? QStringLiteral("audio/ogg; codecs=opus") : QStringLiteral("audio/ogg"))
        : mimetype;
    return contentOf(MessageKind::Audio, {}, media);
}

Result<MessageContent> asVideo(const QString &source, const AttachmentRequest &request,
    const video_attachment::Video &video, const MediaFolder &folder) {
    if (QFileInfo(source).size() > media_limits::kVideoBytes)
        return tooLarge(QStringLiteral("A video"), media_limits::kVideoBytes);
    auto kept = keep(folder, source, {});
    if (!kept)
        return kept.error();
    MediaInfo media = *kept;
    media.mimetype = QStringLiteral("video/mp4");
    media.width = quint32(video.width);
    media.height = quint32(video.height);
    media.seconds = quint32(std::lround(video.seconds));
    if (!video.firstFrame.isNull())
        media.thumbnail = image_attachment::thumbnailJpeg(video.firstFrame);
    return contentOf(MessageKind::Video, request.caption, media);
}

} // namespace

Result<MessageContent> prepareAttachment(
    const QString &sourcePath, const AttachmentRequest &request, const MediaFolder &folder) {
    if (!kKinds.contains(request.kind)) {
        return makeError(errc::kInvalidArgument,
            QStringLiteral("\"%1\" is not a kind of file; use image, video, audio, ptt, document or sticker.")
                .arg(request.kind.left(40)));
    }
    const QFileInfo info(sourcePath);
    if (!info.isFile() || !info.isReadable())
        return makeError(
            errc::kInvalidArgument, QStringLiteral("There is no file %1 to send.").arg(sourcePath));
    if (info.size() == 0)
        return makeError(
            errc::kInvalidArgument, QStringLiteral("The file %1 is empty.").arg(info.fileName()));
    // What the bytes are, not what the name says.
    const QMimeType type = QMimeDatabase().mimeTypeForFile(sourcePath, QMimeDatabase::MatchContent);
    const QString mimetype
        = type.isValid() && !type.isDefault() ? type.name() : QStringLiteral("application/octet-stream");
    if (request.kind == QLatin1String("document"))
        return asDocument(sourcePath, request, mimetype, folder);
    if (mimetype.startsWith(QLatin1String("image/"))) {
        const auto picture = image_attachment::read(sourcePath);
        if (picture)
            return asPicture(sourcePath, request, *picture, folder);
        if (request.kind == QLatin1String("sticker") || request.kind == QLatin1String("image"))
            return asDocument(sourcePath, request, mimetype, folder); // never a broken photo
    }
    if (mimetype.startsWith(QLatin1String("video/"))) {
        // Only what every phone plays goes as a video; any other film is still sent, as a document.
        if (const auto video = video_attachment::probe(sourcePath))
            return asVideo(sourcePath, request, *video, folder);
        return asDocument(sourcePath, request, mimetype, folder);
    }
    if (mimetype.startsWith(QLatin1String("audio/")) || mimetype == QLatin1String("application/ogg"))
        return asAudio(sourcePath, request, mimetype, folder);
    return asDocument(sourcePath, request, mimetype, folder);
}

} // namespace balcao
