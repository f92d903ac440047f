#pragma once

#include <QString>
#include <QVector>
#include <result.h>

namespace balcao {

// A QR code's module matrix, encoded with libqrencode: 8-bit mode, error correction level M, the smallest
// version that holds the text. WhatsApp's pairing string (`ref,noiseKey,identityKey,advSecret`) is plain
// ASCII, but any UTF-8 text encodes. The quiet zone is not part of the matrix; whoever draws it adds it.
class QrCode {
public:
    // The quiet zone ISO/IEC 18004 asks for around the symbol, in modules.
    static constexpr int kQuietZone = 4;

    static Result<QrCode> encode(const QString &text);

    QString text() const { return m_text; }
    // Modules per side (21 for version 1, up to 177 for version 40).
    int size() const { return m_size; }
    int version() const { return m_version; }
    bool isDark(int x, int y) const { return m_dark[y * m_size + x] != 0; }

private:
    QString m_text;
    int m_size = 0;
    int m_version = 0;
    QVector<quint8> m_dark; // row-major, 1 = dark module
};

} // namespace balcao
