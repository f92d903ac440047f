#pragma once

#include <QByteArray>
#include <QString>
#include <errors.h>

namespace balcao::api {

// The QR code of `text` as a PNG: the same QrCode the window draws (8-bit, level M), `scale` pixels per
// module, black on white with the 4-module quiet zone ISO/IEC 18004 asks for, so phone cameras and zbarimg
// read it. QImage only: no display is needed, so it works headless.
Result<QByteArray> qrPng(const QString &text, int scale = 8);

} // namespace balcao::api
