#include "qr_code.h"

#include <cerrno>
#include <errors.h>
#include <memory>
#include <qrencode.h>

namespace balcao {

Result<QrCode> QrCode::encode(const QString &text) {
    const QByteArray utf8 = text.toUtf8();
    if (utf8.isEmpty())
        return makeError(errc::kInvalidArgument, QStringLiteral("Cannot make a QR code of empty text."));

    // QRcode_encodeData takes raw bytes, so NUL and non-ASCII bytes survive (QRcode_encodeString8bit
    // would stop at the first NUL). Version 0 lets libqrencode pick the smallest version that fits.
    errno = 0;
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeData(
            int(utf8.size()), reinterpret_cast<const unsigned char *>(utf8.constData()), 0, QR_ECLEVEL_M),
        &QRcode_free);
    if (!code) {
        if (errno == ERANGE)
            return makeError(errc::kQrTooLong,
                QStringLiteral("%1 bytes of text do not fit in a QR code (at most 2331 at level M).")
                    .arg(utf8.size()));
        return makeError(errc::kInvalidArgument,
            QStringLiteral("libqrencode could not encode the text (errno %1).").arg(errno));
    }

    QrCode qr;
    qr.m_text = text;
    qr.m_size = code->width;
    qr.m_version = code->version;
    qr.m_dark.resize(qsizetype(code->width) * code->width);
    // libqrencode sets bit 0 of each byte for a dark module; the other bits say what the module is for.
    for (qsizetype i = 0; i < qr.m_dark.size(); ++i)
        qr.m_dark[i] = code->data[i] & 1;
    return qr;
}

} // namespace balcao
