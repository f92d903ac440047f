#pragma once

#include "errors.h"

#include <QByteArray>
#include <QImage>
#include <QString>

// Pictures as WhatsApp's apps send them: read safely (the header's size is checked before any pixel is
// decoded, so a hostile file cannot exhaust memory), scaled to the photo size, re-encoded as JPEG, and a
// small JPEG thumbnail for the bubble shown before the file arrives.
namespace balcao::image_attachment {

struct Picture {
    QImage image;
    QByteArray format; // "jpeg", "png", "webp", … as Qt's readers name it
    bool animated = false;
};

// invalid-argument for a file that is not a picture Qt can read, or one too large to decode.
Result<Picture> read(const QString &path);
// The photo to send: scaled so its long side is at most media_limits::kPhotoLongSide, as JPEG.
QByteArray photoJpeg(const QImage &image);
// The inline thumbnail (long side media_limits::kThumbnailLongSide).
QByteArray thumbnailJpeg(const QImage &image);

} // namespace balcao::image_attachment
