#pragma once

// Real files of each kind a customer sends, made at test time: a JPEG photo (Qt), and with Debian's ffmpeg a
// voice note (OGG/Opus, mono, as WhatsApp records them), an MP4 (H.264/AAC) and a WebP sticker; a one-page
// PDF written by hand. Made fresh so no binary sits in the repository.
#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QProcess>
#include <QString>

namespace balcao::testing {

struct MediaFixture {
    QString kind; // as the emulator's phones take it: image, ptt, audio, video, document, sticker
    QString mimetype;
    QString fileName;
    QByteArray data;
    QByteArray sha256Hex() const {
        return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
    }
};

// ffmpeg's output file, or an empty array (with a warning) when it failed.
inline QByteArray ffmpegMake(const QString &dir, const QString &name, const QStringList &arguments) {
    const QString out = QDir(dir).filePath(name);
    QProcess ffmpeg;
    ffmpeg.start(QStringLiteral("ffmpeg"),
        QStringList {QStringLiteral("-hide_banner"), QStringLiteral("-loglevel"), QStringLiteral("error"),
            QStringLiteral("-y")}
            + arguments + QStringList {out});
    if (!ffmpeg.waitForFinished(60000) || ffmpeg.exitCode() != 0) {
        qWarning("ffmpeg could not make %s: %s", qPrintable(name), ffmpeg.readAllStandardError().constData());
        return {};
    }
    QFile file(out);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline QByteArray jpegPhoto(int width = 640, int height = 480) {
    QImage image(width, height, QImage::Format_RGB32);
    QPainter painter(&image);
    painter.fillRect(image.rect(), QColor(0x25, 0xd3, 0x66));
    painter.setPen(Qt::white);
    painter.drawText(image.rect(), Qt::AlignCenter, QStringLiteral("Produto 42 — R$ 19,90"));
    painter.end();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPEG", 85);
    return bytes;
}

inline QByteArray tinyPdf() {
    return QByteArrayLiteral("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                             "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
                             "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
                             "trailer<</Root 1 0 R>>\n%%EOF\n");
}

inline QList<MediaFixture> mediaFixtures(const QString &dir) {
    const QString lavfi = QStringLiteral("lavfi");
    return {
        {QStringLiteral("image"), QStringLiteral("image/jpeg"), {}, jpegPhoto()},
        {QStringLiteral("ptt"), QStringLiteral("audio/ogg; codecs=opus"), {},
            ffmpegMake(dir, QStringLiteral("voice.ogg"),
                {QStringLiteral("-f"), lavfi, QStringLiteral("-i"),
                    QStringLiteral("sine=frequency=440:duration=2"), QStringLiteral("-ac"),
                    QStringLiteral("1"), QStringLiteral("-c:a"), QStringLiteral("libopus"),
                    QStringLiteral("-b:a"), QStringLiteral("24k")})},
        {QStringLiteral("audio"), QStringLiteral("audio/mpeg"), {},
            ffmpegMake(dir, QStringLiteral("song.mp3"),
                {QStringLiteral("-f"), lavfi, QStringLiteral("-i"),
                    QStringLiteral("sine=frequency=330:duration=1"), QStringLiteral("-c:a"),
                    QStringLiteral("libmp3lame")})},
        {QStringLiteral("video"), QStringLiteral("video/mp4"), {},
            ffmpegMake(dir, QStringLiteral("clip.mp4"),
                {QStringLiteral("-f"), lavfi, QStringLiteral("-i"),
                    QStringLiteral("testsrc=size=320x240:rate=10:duration=1"), QStringLiteral("-f"), lavfi,
                    QStringLiteral("-i"), QStringLiteral("sine=duration=1"), QStringLiteral("-c:v"),
                    QStringLiteral("libx264"), QStringLiteral("-pix_fmt"), QStringLiteral("yuv420p"),
                    QStringLiteral("-c:a"), QStringLiteral("aac"), QStringLiteral("-shortest")})},
        {QStringLiteral("document"), QStringLiteral("application/pdf"), QStringLiteral("Boleto março.pdf"),
            tinyPdf()},
        {QStringLiteral("sticker"), QStringLiteral("image/webp"), {},
            ffmpegMake(dir, QStringLiteral("sticker.webp"),
                {QStringLiteral("-f"), lavfi, QStringLiteral("-i"),
                    QStringLiteral("color=c=orange:size=512x512:duration=1"), QStringLiteral("-frames:v"),
                    QStringLiteral("1"), QStringLiteral("-c:v"), QStringLiteral("libwebp")})},
    };
}

} // namespace balcao::testing
