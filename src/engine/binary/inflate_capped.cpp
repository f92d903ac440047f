#include "binary/inflate_capped.h"

#include <algorithm>
#include <climits>
#include <zlib.h>

namespace balcao {

namespace {

Error malformed(const QString &what) {
    return makeError(errc::kMalformedNode, QStringLiteral("malformed node: ") + what);
}

} // namespace

Result<QByteArray> inflateCapped(QByteArrayView compressed, qsizetype limit) {
    if (compressed.size() > qsizetype(UINT_MAX)) {
        return malformed(QStringLiteral("compressed node of %1 bytes is too large").arg(compressed.size()));
    }
    z_stream stream {};
    if (inflateInit(&stream) != Z_OK) {
        return malformed(QStringLiteral("zlib could not start"));
    }
    QByteArray out;
    constexpr qsizetype kChunk = 64 * 1024;
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.data()));
    stream.avail_in = uInt(compressed.size());
    int status = Z_OK;
    while (status == Z_OK) {
        if (out.size() >= limit) {
            inflateEnd(&stream);
            return malformed(QStringLiteral("compressed node inflates past %1 bytes").arg(limit));
        }
        const qsizetype start = out.size();
        const qsizetype chunk = std::min(kChunk, limit - start);
        out.resize(start + chunk);
        stream.next_out = reinterpret_cast<Bytef *>(out.data() + start);
        stream.avail_out = uInt(chunk);
        status = inflate(&stream, Z_NO_FLUSH);
        out.resize(start + chunk - qsizetype(stream.avail_out));
        if (status == Z_BUF_ERROR && stream.avail_in == 0) {
            break;
        }
        if (status == Z_BUF_ERROR && stream.avail_out == 0) {
            status = Z_OK;
        }
    }
    const qsizetype leftover = qsizetype(stream.avail_in);
    const char *message = stream.msg;
    inflateEnd(&stream);
    if (status != Z_STREAM_END) {
        return malformed(
            QStringLiteral("bad zlib data after the flag byte (%1)")
                .arg(message ? QString::fromLatin1(message) : QStringLiteral("truncated stream")));
    }
    if (leftover != 0) {
        return malformed(QStringLiteral("%1 bytes after the end of the zlib stream").arg(leftover));
    }
    return out;
}

} // namespace balcao
