#include "frame_decoder.h"

namespace balcao {

Result<QList<QByteArray>> FrameDecoder::feed(QByteArrayView bytes) {
    m_pending.append(bytes.data(), bytes.size());
    QList<QByteArray> frames;
    qsizetype offset = 0;
    while (m_pending.size() - offset >= 3) {
        const auto *p = reinterpret_cast<const uchar *>(m_pending.constData() + offset);
        const qsizetype length = (qsizetype(p[0]) << 16) | (qsizetype(p[1]) << 8) | qsizetype(p[2]);
        if (length == 0) {
            m_pending.clear();
            return makeError(errc::kMalformedNode, QStringLiteral("The server sent an empty frame."));
        }
        if (m_pending.size() - offset - 3 < length)
            break;
        frames.append(m_pending.mid(offset + 3, length));
        offset += 3 + length;
    }
    m_pending.remove(0, offset);
    return frames;
}

Result<QByteArray> FrameDecoder::encode(QByteArrayView payload) {
    if (payload.isEmpty() || payload.size() > kMaxFrame) {
        return makeError(errc::kFrameTooLarge,
            QStringLiteral("A frame must hold 1 to %1 bytes, not %2.").arg(kMaxFrame).arg(payload.size()));
    }
    QByteArray out;
    out.reserve(payload.size() + 3);
    out.append(char((payload.size() >> 16) & 0xff));
    out.append(char((payload.size() >> 8) & 0xff));
    out.append(char(payload.size() & 0xff));
    out.append(payload.data(), payload.size());
    return out;
}

} // namespace balcao
