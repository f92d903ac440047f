#include "image_attachment.h"

#include "media_limits.h"

#include <QBuffer>
#include <QImageReader>
#include <QPainter>

namespace balcao::image_attachment {

namespace {

Error notPicture(const QString &why) {
    return makeError(
        errc::kInvalidArgument, QStringLiteral("Not a picture that can be sent as a photo: %1.").arg(why));
}

QByteArray jpeg(const QImage &image, int longSide, int quality) {
    QImage scaled = image;
    if (std::max(image.width(), image.height()) > longSide)
        scaled = image.scaled(longSide, longSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    if (scaled.hasAlphaChannel()) { // JPEG has no transparency: put it on white, as the apps do
        QImage flat(scaled.size(), QImage::Format_RGB32);
        flat.fill(Qt::white);
        QPainter(&flat).drawImage(0, 0, scaled);
        scaled = flat;
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    scaled.save(&buffer, "JPEG", quality);
    return bytes;
}

} // namespace

Result<Picture> read(const QString &path) {
    QImageReader reader(path);
    reader.setDecideFormatFromContent(true); // what the bytes are, whatever the name says
    const QByteArray format = reader.format();
    if (format.isEmpty())
        return notPicture(QStringLiteral("its content is no picture format Balcão reads"));
    const QSize size = reader.size();
    if (!size.isValid() || size.isEmpty())
        return notPicture(QStringLiteral("it does not say how large it is"));
    if (qint64(size.width()) * size.height() > media_limits::kMaxDecodedPixels) {
        return notPicture(QStringLiteral("%1 × %2 pixels is more than a photo can be")
                              .arg(size.width())
                              .arg(size.height()));
    }
    // Qt refuses to allocate more than this for one image; set it to what was just checked.
    QImageReader::setAllocationLimit(int(media_limits::kMaxDecodedPixels * 4 / (1024 * 1024)) + 1);
    Picture picture;
    picture.format = format;
    picture.animated = reader.supportsAnimation() && reader.imageCount() > 1;
    if (!reader.read(&picture.image) || picture.image.isNull())
        return notPicture(reader.errorString());
    return picture;
}

QByteArray photoJpeg(const QImage &image) {
    return jpeg(image, media_limits::kPhotoLongSide, 82);
}

QByteArray thumbnailJpeg(const QImage &image) {
    return jpeg(image, media_limits::kThumbnailLongSide, 60);
}

} // namespace balcao::image_attachment
