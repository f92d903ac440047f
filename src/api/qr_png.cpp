#include "qr_png.h"

#include <QBuffer>
#include <QImage>

#include <memory>
#include <qrencode.h>

namespace balcao::api {

Result<QByteArray> qrPng(const QString &text, int scale) {
    const QByteArray utf8 = text.toUtf8();
    if (utf8.isEmpty())
        return makeError(errc::kInvalidArgument, QStringLiteral("Cannot make a QR code of empty text."));
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeData(int(utf8.size()), reinterpret_cast<const unsigned char *>(utf8.constData()), 0, QR_ECLEVEL_M),
        &QRcode_free);
    if (!code)
        return makeError(errc::kQrTooLong, QStringLiteral("The text does not fit in a QR code."));
    constexpr int kQuietZone = 4;
    const int modules = code->width + 2 * kQuietZone;
    QImage image(modules * scale, modules * scale, QImage::Format_Grayscale8);
    image.fill(255);
    for (int y = 0; y < code->width; ++y) {
        for (int x = 0; x < code->width; ++x) {
            // libqrencode sets bit 0 for a dark module.
            if (!(code->data[y * code->width + x] & 1))
                continue;
            for (int dy = 0; dy < scale; ++dy) {
                uchar *line = image.scanLine((y + kQuietZone) * scale + dy);
                std::fill_n(line + (x + kQuietZone) * scale, scale, uchar(0));
            }
        }
    }
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG"))
        return makeError(errc::kUnsupported, QStringLiteral("This build of Qt cannot write PNG images."));
    return png;
}

} // namespace balcao::api
