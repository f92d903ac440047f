#include "http_response_reader.h"

#include <QList>

namespace balcao {

namespace {

constexpr qsizetype kMaxChunkLine = 1024;

Error malformed(const QString &what) {
    return makeError(
        errc::kMalformedFrame, QStringLiteral("The server's HTTP answer is malformed: %1.").arg(what));
}

std::optional<qint64> decimal(QByteArrayView text) {
    if (text.isEmpty() || text.size() > 18)
        return std::nullopt;
    qint64 value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

std::optional<qint64> hexadecimal(QByteArrayView text) {
    if (text.isEmpty() || text.size() > 15)
        return std::nullopt;
    bool ok = false;
    const qint64 value = text.toByteArray().toLongLong(&ok, 16);
    return ok && value >= 0 ? std::optional(value) : std::nullopt;
}

} // namespace

HttpResponseReader::HttpResponseReader(Handlers handlers)
    : m_handlers(std::move(handlers)) { }

Result<void> HttpResponseReader::parseHead(QByteArrayView block) {
    const QList<QByteArray> lines = block.toByteArray().split('\n');
    const QByteArray statusLine = lines.value(0).trimmed();
    // "HTTP/1.1 200 OK": the version, a three-digit code, an optional reason.
    if (!statusLine.startsWith("HTTP/1.") || statusLine.size() < 12 || statusLine.at(8) != ' ')
        return malformed(QStringLiteral("no status line"));
    const auto status = decimal(QByteArrayView(statusLine).sliced(9, 3));
    if (!status || *status < 100 || *status > 599)
        return malformed(QStringLiteral("no status code"));
    HttpResponseHead head;
    head.status = int(*status);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return malformed(QStringLiteral("a header line without a name"));
        head.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    if (const QByteArray coding = head.headers.value("transfer-encoding").toLower(); !coding.isEmpty()) {
        if (coding != "chunked")
            return malformed(QStringLiteral("an unknown transfer coding"));
        head.chunked = true;
    } else if (head.headers.contains("content-length")) {
        const auto length = decimal(head.headers.value("content-length"));
        if (!length)
            return malformed(QStringLiteral("a bad Content-Length"));
        head.contentLength = *length;
    }
    if (m_handlers.head) {
        if (auto r = m_handlers.head(head); !r)
            return r;
    }
    const bool noBody = head.status == 204 || head.status == 304 || head.status < 200;
    if (noBody || head.contentLength == 0) {
        m_stage = Stage::Done;
    } else if (head.chunked) {
        m_stage = Stage::ChunkSize;
    } else if (head.contentLength > 0) {
        m_stage = Stage::Body;
        m_remaining = head.contentLength;
    } else {
        m_stage = Stage::UntilClose;
    }
    return {};
}

Result<void> HttpResponseReader::emitBody(QByteArrayView bytes) {
    if (bytes.isEmpty() || !m_handlers.body)
        return {};
    return m_handlers.body(bytes);
}

Result<void> HttpResponseReader::feed(QByteArrayView bytes) {
    while (!bytes.isEmpty()) {
        switch (m_stage) {
        case Stage::Head: {
            m_line.append(bytes.toByteArray());
            bytes = {};
            const qsizetype end = m_line.indexOf("\r\n\r\n");
            if (end < 0) {
                if (m_line.size() > kMaxHeaderBytes)
                    return malformed(QStringLiteral("its headers are over 64 KiB"));
                return {};
            }
            if (end > kMaxHeaderBytes)
                return malformed(QStringLiteral("its headers are over 64 KiB"));
            const QByteArray rest = m_line.mid(end + 4);
            const QByteArray block = m_line.left(end);
            m_line.clear();
            if (auto r = parseHead(block); !r)
                return r;
            if (m_stage == Stage::Done)
                return rest.isEmpty() ? Result<void>() : malformed(QStringLiteral("bytes after the end"));
            return feed(rest);
        }
        case Stage::Body: {
            const qsizetype take = qsizetype(std::min<qint64>(m_remaining, bytes.size()));
            if (auto r = emitBody(bytes.first(take)); !r)
                return r;
            m_remaining -= take;
            bytes = bytes.sliced(take);
            if (m_remaining == 0) {
                m_stage = Stage::Done;
                if (!bytes.isEmpty())
                    return malformed(QStringLiteral("bytes after the end"));
            }
            break;
        }
        case Stage::UntilClose:
            return emitBody(bytes);
        case Stage::ChunkSize:
        case Stage::ChunkEnd:
        case Stage::Trailers: {
            const qsizetype newline = bytes.indexOf('\n');
            const qsizetype take = newline < 0 ? bytes.size() : newline + 1;
            m_line.append(bytes.first(take));
            bytes = bytes.sliced(take);
            if (m_line.size() > kMaxChunkLine)
                return malformed(QStringLiteral("a chunk line is too long"));
            if (newline < 0)
                break;
            const QByteArray line = std::exchange(m_line, {}).trimmed();
            if (m_stage == Stage::ChunkEnd) {
                if (!line.isEmpty())
                    return malformed(QStringLiteral("a chunk does not end where its size says"));
                m_stage = Stage::ChunkSize;
            } else if (m_stage == Stage::Trailers) {
                if (line.isEmpty()) {
                    m_stage = Stage::Done;
                    if (!bytes.isEmpty())
                        return malformed(QStringLiteral("bytes after the end"));
                }
            } else {
                const qsizetype semicolon = line.indexOf(';'); // chunk extensions are ignored
                const auto size = hexadecimal(semicolon < 0 ? line : line.left(semicolon).trimmed());
                if (!size)
                    return malformed(QStringLiteral("a bad chunk size"));
                m_remaining = *size;
                m_stage = *size == 0 ? Stage::Trailers : Stage::ChunkData;
            }
            break;
        }
        case Stage::ChunkData: {
            const qsizetype take = qsizetype(std::min<qint64>(m_remaining, bytes.size()));
            if (auto r = emitBody(bytes.first(take)); !r)
                return r;
            m_remaining -= take;
            bytes = bytes.sliced(take);
            if (m_remaining == 0)
                m_stage = Stage::ChunkEnd;
            break;
        }
        case Stage::Done:
            return malformed(QStringLiteral("bytes after the end"));
        }
    }
    return {};
}

Result<void> HttpResponseReader::closed() {
    if (m_stage == Stage::UntilClose)
        m_stage = Stage::Done;
    if (m_stage == Stage::Done)
        return {};
    return makeError(errc::kConnectionClosed,
        m_stage == Stage::Head
            ? QStringLiteral("The server closed the connection without answering.")
            : QStringLiteral("The server closed the connection before the end of the file."));
}

} // namespace balcao
