#pragma once

#include <QByteArray>

namespace balcao {

// `value` as `bytes` big-endian bytes, as WhatsApp's stanzas carry registration ids (4) and prekey ids (3).
inline QByteArray bigEndianBytes(quint32 value, int bytes) {
    QByteArray out(bytes, '\0');
    for (int i = bytes - 1; i >= 0; --i, value >>= 8)
        out[i] = char(value & 0xff);
    return out;
}

} // namespace balcao
