// What an attached file becomes (issue 17): its kind from its content, never its name; photos scaled with a
// thumbnail; voice notes measured; videos probed; hostile pictures (truncated, absurd sizes) refused without
// being decoded; WhatsApp's limits; the copy kept under its hash.
#include "../../common/media_fixtures.h"

#include <QCryptographicHash>
#include <QTemporaryDir>
#include <QTest>
#include <attachment.h>
#include <image_attachment.h>
#include <media/media_folder.h>

using namespace balcao;
using namespace balcao::testing;

namespace {

QString write(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes) {
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

const MediaInfo &mediaOf(const MessageContent &content) {
    return std::get<MediaPayload>(content.payload).media;
}

QByteArray bigEndian(quint32 v) {
    QByteArray out;
    for (int shift = 24; shift >= 0; shift -= 8)
        out += char((v >> shift) & 0xff);
    return out;
}

// CRC-32 (ISO-HDLC), as PNG chunks carry it.
quint32 crc32(const QByteArray &data) {
    quint32 crc = 0xffffffffu;
    for (const char c : data) {
        crc ^= quint8(c);
        for (int k = 0; k < 8; ++k)
            crc = (crc & 1) ? (crc >> 1) ^ 0xedb88320u : crc >> 1;
    }
    return crc ^ 0xffffffffu;
}

// A well-formed PNG header claiming `width` × `height` pixels, with no pixels after it.
QByteArray pngHeaderClaiming(quint32 width, quint32 height) {
    const QByteArray ihdr = "IHDR" + bigEndian(width) + bigEndian(height) + QByteArray::fromHex("0806000000");
    const auto chunk = [](const QByteArray &typeAndData) {
        return bigEndian(quint32(typeAndData.size() - 4)) + typeAndData + bigEndian(crc32(typeAndData));
    };
    // An empty IDAT: readers learn the size from the header before they reach the (missing) pixels.
    return QByteArray::fromHex("89504e470d0a1a0a") + chunk(ihdr) + chunk("IDAT") + chunk("IEND");
}

} // namespace

class TestAttachments : public QObject {
    Q_OBJECT
private slots:
    void init() { QVERIFY(m_dir.isValid()); }

    void aPhotoIsScaledWithAThumbnail() {
        const QString path = write(m_dir, QStringLiteral("grande.png"), [] {
            QImage image(3200, 1600, QImage::Format_ARGB32);
            image.fill(QColor(10, 120, 200, 128)); // transparent: JPEG gets it on white
            QByteArray bytes;
            QBuffer buffer(&bytes);
            buffer.open(QIODevice::WriteOnly);
            image.save(&buffer, "PNG");
            return bytes;
        }());
        const MediaFolder folder(m_dir.filePath(QStringLiteral("media")));
        const auto content = prepareAttachment(path, {{}, {}, QStringLiteral("Vitrine")}, folder);
        QVERIFY2(content, qPrintable(content ? QString() : content.error().message));
        QCOMPARE(content->kind, MessageKind::Image);
        QCOMPARE(content->text, QStringLiteral("Vitrine"));
        const MediaInfo &media = mediaOf(*content);
        QCOMPARE(media.mimetype, QStringLiteral("image/jpeg"));
        QCOMPARE(QSize(int(media.width), int(media.height)), QSize(1600, 800));
        const QImage thumbnail = QImage::fromData(media.thumbnail, "JPEG");
        QCOMPARE(thumbnail.size(), QSize(100, 50));
        // The kept file is the one the message describes, under its hash.
        const auto kept = folder.find(media.fileSha256);
        QVERIFY(kept);
        QFile file(*kept);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QCOMPARE(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256), media.fileSha256);
        QCOMPARE(quint64(bytes.size()), media.fileLength);
    }

    void theContentDecidesNotTheName() {
        const MediaFolder folder(m_dir.filePath(QStringLiteral("media")));
        const QString pngNamedPdf = write(m_dir, QStringLiteral("fatura.pdf"), [] {
            QImage image(40, 30, QImage::Format_RGB32);
            image.fill(Qt::green);
            QByteArray bytes;
            QBuffer buffer(&bytes);
            buffer.open(QIODevice::WriteOnly);
            image.save(&buffer, "PNG");
            return bytes;
        }());
        QCOMPARE(prepareAttachment(pngNamedPdf, {}, folder)->kind, MessageKind::Image);
        const QString textNamedJpeg = write(m_dir, QStringLiteral("foto.jpg"), "nada de foto aqui\n");
        const auto asked = prepareAttachment(textNamedJpeg, {QStringLiteral("image"), {}, {}}, folder);
        QCOMPARE(asked->kind, MessageKind::Document);
        QCOMPARE(mediaOf(*asked).fileName, QStringLiteral("foto.jpg"));
        // A document stays a document, under the name asked for.
        const auto document = prepareAttachment(
            pngNamedPdf, {QStringLiteral("document"), QStringLiteral("Nota.png"), {}}, folder);
        QCOMPARE(document->kind, MessageKind::Document);
        QCOMPARE(mediaOf(*document).fileName, QStringLiteral("Nota.png"));
        QCOMPARE(mediaOf(*document).mimetype, QStringLiteral("image/png"));
    }

    void hostilePicturesAreNotDecoded() {
        const MediaFolder folder(m_dir.filePath(QStringLiteral("media")));
        // A header claiming 100,000 × 100,000 pixels (40 GB decoded), and one of 9,000 × 9,000 (81 million
        // pixels, more than a photo can be): both refused from their header alone.
        const QString huge = write(m_dir, QStringLiteral("huge.png"), pngHeaderClaiming(100000, 100000));
        QVERIFY(!image_attachment::read(huge));
        const auto large = image_attachment::read(
            write(m_dir, QStringLiteral("large.png"), pngHeaderClaiming(9000, 9000)));
        QVERIFY(!large);
        QVERIFY2(large.error().message.contains(QStringLiteral("9000")), qPrintable(large.error().message));
        // Sent anyway, it goes as a document, never as a broken photo.
        QCOMPARE(
            prepareAttachment(huge, {QStringLiteral("image"), {}, {}}, folder)->kind, MessageKind::Document);
        // A JPEG cut in half.
        const QByteArray jpeg = jpegPhoto();
        const QString truncated = write(m_dir, QStringLiteral("cut.jpg"), jpeg.left(jpeg.size() / 8));
        const auto cut = prepareAttachment(truncated, {}, folder);
        QVERIFY(cut);
        QVERIFY(cut->kind == MessageKind::Document || cut->kind == MessageKind::Image);
        QVERIFY(!image_attachment::read(
            write(m_dir, QStringLiteral("empty.png"), QByteArray::fromHex("89504e47"))));
    }

    void voiceNotesAndVideosAreMeasured() {
        const QList<MediaFixture> fixtures = mediaFixtures(m_dir.path());
        const MediaFolder folder(m_dir.filePath(QStringLiteral("media")));
        for (const MediaFixture &fixture : fixtures) {
            if (fixture.kind != QLatin1String("ptt") && fixture.kind != QLatin1String("video"))
                continue;
            QVERIFY2(!fixture.data.isEmpty(), "ffmpeg made the fixture");
            const QString path = write(m_dir, fixture.kind + QStringLiteral(".bin"), fixture.data);
            const auto content = prepareAttachment(path, {fixture.kind, {}, {}}, folder);
            QVERIFY2(content, qPrintable(content ? QString() : content.error().message));
            const MediaInfo &media = mediaOf(*content);
            if (fixture.kind == QLatin1String("ptt")) {
                QCOMPARE(content->kind, MessageKind::Audio);
                QVERIFY(media.voiceNote);
                QCOMPARE(media.seconds, 2u);
                QCOMPARE(media.waveform.size(), 64);
                QCOMPARE(*std::max_element(media.waveform.begin(), media.waveform.end()), char(100));
                QCOMPARE(media.mimetype, QStringLiteral("audio/ogg; codecs=opus"));
            } else {
                QCOMPARE(content->kind, MessageKind::Video);
                QCOMPARE(QSize(int(media.width), int(media.height)), QSize(320, 240));
                QCOMPARE(media.seconds, 1u);
                QVERIFY(!QImage::fromData(media.thumbnail, "JPEG").isNull());
            }
        }
        // A film in another format still goes, as a document.
        const QByteArray webm = ffmpegMake(m_dir.path(), QStringLiteral("clip.webm"),
            {QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                QStringLiteral("testsrc=size=64x48:rate=5:duration=1"), QStringLiteral("-c:v"),
                QStringLiteral("libvpx")});
        if (!webm.isEmpty()) {
            const auto other = prepareAttachment(
                write(m_dir, QStringLiteral("clip.webm"), webm), {QStringLiteral("video"), {}, {}}, folder);
            QCOMPARE(other->kind, MessageKind::Document);
        }
    }

    void refusesWhatCannotGo() {
        const MediaFolder folder(m_dir.filePath(QStringLiteral("media")));
        QCOMPARE(prepareAttachment(m_dir.filePath(QStringLiteral("missing")), {}, folder).error().code,
            QLatin1String(errc::kInvalidArgument));
        const QString empty = write(m_dir, QStringLiteral("empty"), {});
        QCOMPARE(prepareAttachment(empty, {}, folder).error().code, QLatin1String(errc::kInvalidArgument));
        const QString text = write(m_dir, QStringLiteral("a.txt"), "x");
        QCOMPARE(prepareAttachment(text, {QStringLiteral("gif"), {}, {}}, folder).error().code,
            QLatin1String(errc::kInvalidArgument));
        QCOMPARE(prepareAttachment(text, {QStringLiteral("sticker"), {}, {}}, folder)->kind,
            MessageKind::Document);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestAttachments)
#include "tst_attachments.moc"
