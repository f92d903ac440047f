#include "qr_png.h"

#include "qr_code.h"

#include <QBuffer>
#include <QImage>

namespace balcao::api {

Result<QByteArray> qrPng(const QString &text, int scale) {
    auto code = QrCode::encode(text);
    if (!code)
        return code.error();
    const int modules = code->size() + 2 * QrCode::kQuietZone;
    QImage image(modules * scale, modules * scale, QImage::Format_Grayscale8);
    image.fill(255);
    for (int y = 0; y < code->size(); ++y) {
        for (int x = 0; x < code->size(); ++x) {
            if (!code->isDark(x, y))
                continue;
            for (int dy = 0; dy < scale; ++dy) {
                uchar *line = image.scanLine((y + QrCode::kQuietZone) * scale + dy);
                std::fill_n(line + (x + QrCode::kQuietZone) * scale, scale, uchar(0));
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
